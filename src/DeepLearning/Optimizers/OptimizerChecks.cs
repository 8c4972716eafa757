namespace DeepLearning.Optimizers;

/// <summary>Hyperparameter checks particular to the optimizers (the general ranges are in <see cref="ArgumentChecks"/>);
/// messages name the optimizer, the argument and the value.</summary>
internal static class OptimizerChecks
{
    /// <summary>A learning rate: finite and ≥ 0.</summary>
    public static double LearningRate(string optimizer, double value, string name = "learningRate")
    {
        if (!(value >= 0) || !double.IsFinite(value))
            throw new ArgumentOutOfRangeException(name, value, $"{optimizer}: the learning rate must be finite and ≥ 0; got {value}.");
        return value;
    }

    /// <summary>A decay rate or momentum in [0, 1).</summary>
    public static double UnitInterval(string optimizer, string name, double value)
    {
        if (!(value >= 0 && value < 1))
            throw new ArgumentOutOfRangeException(name, value, $"{optimizer}: {name} must be in [0, 1); got {value}.");
        return value;
    }
}
