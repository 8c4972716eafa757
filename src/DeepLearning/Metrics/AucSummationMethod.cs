namespace DeepLearning.Metrics;

/// <summary>The Riemann sum <see cref="Auc"/> uses between thresholds (Keras's <c>summation_method</c>).</summary>
public enum AucSummationMethod
{
    /// <summary>Trapezoids for ROC; for PR, Davis and Goadrich's interpolation of TP and FP (not of the precision).</summary>
    Interpolation,

    /// <summary>The lower of the two heights (a lower bound).</summary>
    Minoring,

    /// <summary>The higher of the two heights (an upper bound).</summary>
    Majoring,
}
