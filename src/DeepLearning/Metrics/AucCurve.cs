namespace DeepLearning.Metrics;

/// <summary>The curve whose area <see cref="Auc"/> computes.</summary>
public enum AucCurve
{
    /// <summary>The ROC curve: true positive rate (recall) against false positive rate.</summary>
    Roc,

    /// <summary>The precision–recall curve.</summary>
    PrecisionRecall,
}
