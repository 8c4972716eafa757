using Microsoft.Extensions.Logging;

namespace DeepLearning;

/// <summary>
/// The library's one channel for warnings (DESIGN.md §1): a likely mistake that is not an error, such as a softmax
/// output given to a loss built with <c>fromLogits: true</c>. Warnings are logged through
/// Microsoft.Extensions.Logging: to the logger of the enclosing <see cref="UseLogger"/> scope (which
/// <c>Fit</c> opens for <c>FitOptions.Logger</c>), else to the global <see cref="Logger"/>. With neither, and no
/// <see cref="Warning"/> subscriber, each distinct warning is written once to standard error, never to standard
/// output.
/// </summary>
/// <remarks>
/// <para>A warning is logged at <see cref="LogLevel.Warning"/> with event id <see cref="WarningEventId"/> and the
/// message template <c>"{Source}: {Message}"</c>. The sources warn once per occurrence of a mistake (a loss warns
/// once per instance), so a logger is not flooded by a training loop.</para>
/// <para>The logger scope is asynchronous-local: it follows the code into awaited tasks and threads started inside it
/// (the data loader's prefetch thread), and does not leak to other threads. Handlers and loggers run synchronously
/// on the thread that raised the warning; an exception thrown by one propagates to that caller.</para>
/// <para>Training figures are published separately, through <see cref="System.Diagnostics.Metrics"/> on the meter
/// named <see cref="MeterName"/> (see <c>docs/diagnostics.md</c> for the instruments).</para>
/// </remarks>
/// <example><code>
/// using var factory = LoggerFactory.Create(b =&gt; b.AddConsole());
/// Diagnostics.Logger = factory.CreateLogger("DeepLearning");                 // every warning of the process
/// model.Fit(x, y, new FitOptions { Epochs = 5, Logger = myLogger });          // this Fit's warnings only
/// </code></example>
public static partial class Diagnostics
{
    /// <summary>The name of the <see cref="System.Diagnostics.Metrics.Meter"/> that publishes training figures;
    /// an OpenTelemetry <c>MeterProvider</c> subscribes with <c>AddMeter(Diagnostics.MeterName)</c>.</summary>
    public const string MeterName = "DeepLearning";

    /// <summary>The event id of every library warning: 1, named "DeepLearningWarning".</summary>
    public static readonly EventId WarningEventId = new(1, "DeepLearningWarning");

    private static readonly AsyncLocal<ILogger?> s_scopeLogger = new();
    private static readonly WarnOnceWriter s_standardError = new(1024);
    private static volatile ILogger? s_logger;
    [ThreadStatic] private static int t_muted;

    /// <summary>Raised for every warning while <see cref="Silenced"/> is false, in addition to any logger.</summary>
    public static event Action<DiagnosticMessage>? Warning;

    /// <summary>When true, warnings are dropped (neither raised, logged nor written). Process-wide; default false.</summary>
    public static bool Silenced { get; set; }

    /// <summary>The process-wide logger for warnings outside any <see cref="UseLogger"/> scope; null (default) writes
    /// each distinct warning once to standard error.</summary>
    public static ILogger? Logger
    {
        get => s_logger;
        set => s_logger = value;
    }

    /// <summary>Sends the warnings raised by the current asynchronous flow to <paramref name="logger"/> until the
    /// returned scope is disposed (then the previous scope's logger applies again). A null logger leaves the current
    /// one in place. <c>Fit</c> opens such a scope for <c>FitOptions.Logger</c>; a custom training loop can do the
    /// same.</summary>
    /// <param name="logger">The logger, or null.</param>
    /// <returns>The scope; dispose it on the same flow that opened it.</returns>
    public static IDisposable UseLogger(ILogger? logger)
    {
        var previous = s_scopeLogger.Value;
        if (logger is not null) s_scopeLogger.Value = logger;
        return new LoggerScope(previous);
    }

    /// <summary>Sends a warning to the scope's or the global logger and to the subscribers of <see cref="Warning"/>;
    /// with none of them, writes it to standard error unless the same warning was written before.</summary>
    /// <param name="source">What raises it (a loss, layer or model name).</param>
    /// <param name="message">What is wrong and what to do about it.</param>
    /// <exception cref="ArgumentNullException">source or message is null.</exception>
    public static void Warn(string source, string message)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(message);
        if (Silenced || t_muted > 0) return;
        var warning = new DiagnosticMessage(source, message);
        var handlers = Warning;
        handlers?.Invoke(warning);
        var logger = s_scopeLogger.Value ?? s_logger;
        if (logger is not null) LogWarning(logger, source, message);
        else if (handlers is null) s_standardError.Write(warning, Console.Error);
    }

    /// <summary>Drops the warnings raised on this thread until the returned scope is disposed: for a dry run whose
    /// warnings the real run repeats (the validation pass of <c>Model.Load</c>).</summary>
    internal static MutedScope MuteThisThread()
    {
        t_muted++;
        return default;
    }

    /// <summary>Ends <see cref="MuteThisThread"/>'s scope.</summary>
    internal readonly struct MutedScope : IDisposable
    {
        public void Dispose() => t_muted--;
    }

    [LoggerMessage(EventId = 1, EventName = "DeepLearningWarning", Level = LogLevel.Warning, Message = "{Source}: {Message}")]
    private static partial void LogWarning(ILogger logger, string source, string message);

    private sealed class LoggerScope(ILogger? previous) : IDisposable
    {
        private bool _disposed;

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            s_scopeLogger.Value = previous;
        }
    }
}
