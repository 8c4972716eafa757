namespace DeepLearning.Models.Callbacks;

/// <summary>Whether a monitored quantity improves by decreasing or increasing.</summary>
public enum MonitorMode
{
    /// <summary>Max for accuracy-like names (containing "acc", "auc", "precision", "recall", "f1", "iou"), else min (Keras).</summary>
    Auto,
    /// <summary>Lower is better.</summary>
    Min,
    /// <summary>Higher is better.</summary>
    Max,
}

internal static class Monitor
{
    private static readonly string[] HigherIsBetter = ["acc", "auc", "precision", "recall", "f1", "iou"];

    public static bool Maximizes(MonitorMode mode, string monitor) => mode switch
    {
        MonitorMode.Max => true,
        MonitorMode.Min => false,
        _ => HigherIsBetter.Any(monitor.Contains) && !monitor.Contains("loss"),
    };

    public static double? Read(Logs logs, string monitor, string callback)
    {
        if (logs.TryGetValue(monitor, out var v)) return v;
        Diagnostics.Warn(callback, $"{callback} conditioned on '{monitor}', which is not available. Available: {string.Join(", ", logs.Keys)}.");
        return null;
    }
}
