using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace DeepLearning.Models;

/// <summary>
/// The training figures <c>Fit</c> publishes on the meter <see cref="Diagnostics.MeterName"/>, each measurement
/// tagged <c>model.name</c> with the model's name:
/// <list type="table">
/// <item><term><c>deeplearning.fit.step.duration</c></term><description>histogram, seconds: wall time of each training
/// step (forward, loss, backward, optimizer update, metrics), one measurement per step.</description></item>
/// <item><term><c>deeplearning.fit.loss</c></term><description>histogram: the loss each step minimised (the weighted
/// output losses plus the regularization losses, on that batch), one measurement per step.</description></item>
/// <item><term><c>deeplearning.fit.samples</c></term><description>counter, examples: the examples trained on, added
/// per step.</description></item>
/// <item><term><c>deeplearning.fit.throughput</c></term><description>histogram, examples per second: an epoch's
/// training examples divided by the sum of its step durations (validation and callbacks excluded), one
/// measurement per epoch.</description></item>
/// </list>
/// Nothing is measured while no listener has enabled an instrument.
/// </summary>
internal sealed class TrainingMeter
{
    private static readonly Meter s_meter = new(Diagnostics.MeterName);
    private static readonly Histogram<double> s_stepDuration = s_meter.CreateHistogram<double>(
        "deeplearning.fit.step.duration", "s", "Wall time of one training step.");
    private static readonly Histogram<double> s_loss = s_meter.CreateHistogram<double>(
        "deeplearning.fit.loss", null, "The loss a training step minimised, on its batch.");
    private static readonly Counter<long> s_samples = s_meter.CreateCounter<long>(
        "deeplearning.fit.samples", "{sample}", "Examples trained on.");
    private static readonly Histogram<double> s_throughput = s_meter.CreateHistogram<double>(
        "deeplearning.fit.throughput", "{sample}/s", "An epoch's training examples per second of step time.");

    private readonly KeyValuePair<string, object?> _model;
    private long _epochSamples;
    private double _epochSeconds;

    /// <summary>Figures for one Fit of the named model.</summary>
    public TrainingMeter(string modelName) => _model = new("model.name", modelName);

    /// <summary>Records one step: its start (a <see cref="Stopwatch.GetTimestamp"/> value), example count and loss.</summary>
    public void Step(long startTimestamp, int examples, double loss)
    {
        double seconds = Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds;
        _epochSamples += examples;
        _epochSeconds += seconds;
        s_stepDuration.Record(seconds, _model);
        s_loss.Record(loss, _model);
        s_samples.Add(examples, _model);
    }

    /// <summary>Records the epoch's throughput and starts the next epoch's sums.</summary>
    public void EpochEnd()
    {
        if (_epochSamples > 0 && _epochSeconds > 0) s_throughput.Record(_epochSamples / _epochSeconds, _model);
        _epochSamples = 0;
        _epochSeconds = 0;
    }
}
