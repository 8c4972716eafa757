using System.Diagnostics.Metrics;
using DeepLearning.Initializers;
using DeepLearning.Layers;
using DeepLearning.Losses;
using DeepLearning.Models;
using DeepLearning.Optimizers;

namespace DeepLearning.Tests.Logging;

/// <summary>The training figures Fit publishes through System.Diagnostics.Metrics, read with a MeterListener.</summary>
public class TrainingMetricsTests
{
    [Fact]
    public void FitPublishesStepDurationLossSamplesAndThroughput()
    {
        const string name = "metrics_probe_model";
        var seen = new List<(string Instrument, double Value)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) => { if (instrument.Meter.Name == Diagnostics.MeterName) l.EnableMeasurementEvents(instrument); },
        };
        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            foreach (var tag in tags)
                if (tag is { Key: "model.name", Value: name }) lock (seen) seen.Add((instrument.Name, value));
        }
        listener.SetMeasurementEventCallback<double>((i, v, t, _) => Record(i, v, t));
        listener.SetMeasurementEventCallback<long>((i, v, t, _) => Record(i, v, t));
        listener.Start();

        // y = 0·x predicts 0 (learning rate 0); targets 0…5 in batches of 4 and 2: batch losses (0+1+4+9)/4 = 3.5 and
        // (16+25)/2 = 20.5, each epoch.
        var model = new Sequential([new Input(1), new Dense(1, kernelInitializer: Initializer.Zeros)], name);
        model.Compile(new SGD(0), new MeanSquaredError());
        model.Fit(Tensor.Ones([6, 1]), Tensor.Arange(6).Reshape(6, 1), new FitOptions { Epochs = 2, BatchSize = 4, Shuffle = false, Verbose = 0 });

        double[] Values(string instrument) => [.. seen.Where(s => s.Instrument == instrument).Select(s => s.Value)];
        Assert.Equal([3.5, 20.5, 3.5, 20.5], Values("deeplearning.fit.loss"));
        Assert.Equal([4.0, 2, 4, 2], Values("deeplearning.fit.samples"));
        var durations = Values("deeplearning.fit.step.duration");
        Assert.Equal(4, durations.Length);
        Assert.All(durations, d => Assert.True(d > 0 && d < 60, $"step duration {d} s"));
        var throughput = Values("deeplearning.fit.throughput");
        Assert.Equal(2, throughput.Length);
        Assert.Equal(6 / (durations[0] + durations[1]), throughput[0], 1e-9);
        Assert.Equal(6 / (durations[2] + durations[3]), throughput[1], 1e-9);
    }
}
