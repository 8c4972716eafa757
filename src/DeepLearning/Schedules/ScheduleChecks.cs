namespace DeepLearning.Schedules;

/// <summary>Argument checks shared by the schedules; messages name the schedule and the value.</summary>
internal static class ScheduleChecks
{
    /// <summary>A finite value ≥ 0 (learning rates).</summary>
    public static double NonNegative(string schedule, string name, double value)
    {
        if (!(value >= 0) || !double.IsFinite(value))
            throw new ArgumentOutOfRangeException(name, value, $"{schedule}: {name} must be finite and ≥ 0; got {value}.");
        return value;
    }

    /// <summary>A finite value &gt; 0 (step counts, rates).</summary>
    public static double Positive(string schedule, string name, double value)
    {
        if (!(value > 0) || !double.IsFinite(value))
            throw new ArgumentOutOfRangeException(name, value, $"{schedule}: {name} must be finite and > 0; got {value}.");
        return value;
    }

    /// <summary>A finite value (any sign).</summary>
    public static double Finite(string schedule, string name, double value)
    {
        if (!double.IsFinite(value))
            throw new ArgumentOutOfRangeException(name, value, $"{schedule}: {name} must be finite; got {value}.");
        return value;
    }
}
