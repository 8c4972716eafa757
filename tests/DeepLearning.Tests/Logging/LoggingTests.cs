using DeepLearning.Initializers;
using DeepLearning.Layers;
using DeepLearning.Losses;
using DeepLearning.Models;
using DeepLearning.Optimizers;
using Microsoft.Extensions.Logging;

namespace DeepLearning.Tests.Logging;

/// <summary>Warnings through Microsoft.Extensions.Logging: the per-Fit logger, the global one, the write-once
/// standard-error fallback. In the serialised "Diagnostics" collection, as they set the process-wide logger; each test
/// counts only the warnings of its own source.</summary>
[Collection("Diagnostics")]
public class LoggingTests
{
    [Fact]
    public void AFitLoggerReceivesTheFromLogitsWarningOnceAndTheGlobalLoggerNothing()
    {
        var perFit = new ListLogger();
        var global = new ListLogger();
        Diagnostics.Logger = global;
        try
        {
            var model = new Sequential(new Input(2), new Dense(3, Activation.Softmax, kernelInitializer: Initializer.Zeros));
            model.Compile(new SGD(0.1), new CategoricalCrossentropy(fromLogits: true, name: "cce_fit_logger"));
            // 3 epochs of 4 steps: the mismatch is seen 12 times and reported once.
            model.Fit(Tensor.Ones([8, 2]), Tensor.Ones([8, 3]) / 3, new FitOptions { Epochs = 3, BatchSize = 2, Verbose = 0, Logger = perFit });
            var entry = Assert.Single(perFit.Entries, e => e.Message.StartsWith("cce_fit_logger: ", StringComparison.Ordinal));
            Assert.Equal(LogLevel.Warning, entry.Level);
            Assert.Equal(new EventId(1, "DeepLearningWarning"), entry.Id);
            Assert.Contains("fromLogits: true", entry.Message);
            Assert.Equal(["cce_fit_logger", entry.Message["cce_fit_logger: ".Length..]],
                [entry.State["Source"], entry.State["Message"]]);
            Assert.DoesNotContain(global.Entries, e => e.Message.StartsWith("cce_fit_logger", StringComparison.Ordinal));

            // After Fit the scope is closed: the global logger receives warnings again.
            Diagnostics.Warn("after_fit", "outside the scope");
            Assert.Single(global.Entries, e => e.Message == "after_fit: outside the scope");
            Assert.DoesNotContain(perFit.Entries, e => e.Message.StartsWith("after_fit", StringComparison.Ordinal));
        }
        finally
        {
            Diagnostics.Logger = null;
        }
    }

    [Fact]
    public void UseLoggerScopesNestAndRestore()
    {
        var outer = new ListLogger();
        var inner = new ListLogger();
        using (Diagnostics.UseLogger(outer))
        {
            using (Diagnostics.UseLogger(inner)) Diagnostics.Warn("scope_test", "inner");
            using (Diagnostics.UseLogger(null)) Diagnostics.Warn("scope_test", "null keeps outer");
            Diagnostics.Warn("scope_test", "outer");
        }
        Assert.Equal(["scope_test: inner"], inner.Entries.Select(e => e.Message));
        Assert.Equal(["scope_test: null keeps outer", "scope_test: outer"], outer.Entries.Select(e => e.Message));
    }

    [Fact]
    public async Task TheScopeFollowsTheFlowIntoATaskButNotIntoOtherThreads()
    {
        var logger = new ListLogger();
        var other = new ManualResetEventSlim();
        var unrelated = new Thread(() => { other.Wait(); Diagnostics.Warn("flow_test", "unrelated thread"); });
        unrelated.Start();
        using (Diagnostics.UseLogger(logger))
        {
            await Task.Run(() => Diagnostics.Warn("flow_test", "in a task"));
            other.Set();
            unrelated.Join();
        }
        Assert.Equal(["flow_test: in a task"], logger.Entries.Select(e => e.Message));
    }

    [Fact]
    public void TheStandardErrorFallbackWritesEachWarningOnceWithinItsCapacity()
    {
        var writer = new WarnOnceWriter(capacity: 2);
        var output = new StringWriter();
        foreach (var (source, text) in new[] { ("a", "x"), ("a", "x"), ("b", "x"), ("a", "y"), ("a", "z"), ("b", "x") })
            writer.Write(new DiagnosticMessage(source, text), output);
        Assert.Equal(
            "warning: a: x\nwarning: b: x\n" +
            "warning: 2 distinct warnings were written; further ones are not shown. Set Diagnostics.Logger to receive them all.\n",
            output.ToString().ReplaceLineEndings("\n"));
    }

    /// <summary>Keeps every entry logged, with its structured state.</summary>
    private sealed class ListLogger : ILogger
    {
        public List<(LogLevel Level, EventId Id, string Message, Dictionary<string, object?> State)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state as IEnumerable<KeyValuePair<string, object?>> ?? [];
            lock (Entries) Entries.Add((logLevel, eventId, formatter(state, exception), values.ToDictionary(kv => kv.Key, kv => kv.Value)));
        }
    }
}
