using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace DeepLearning.Models.Callbacks;

/// <summary>
/// Keras's training progress display. verbose 1: per epoch a bar redrawn in place with the step count, ETA (elapsed
/// time once done), time per step and the running loss and metrics — <c>938/938 ━━━━━━━━━━━━━━━━━━━━ 8s 8ms/step -
/// accuracy: 0.8152 - loss: 0.5336 - val_accuracy: 0.8548 - val_loss: 0.3970</c>; when the output is redirected to a
/// file or pipe, only the final line of each epoch is written (no carriage returns). verbose 2: one plain line per
/// epoch. This is the only place the library writes to the console.
/// </summary>
public sealed class ProgressBar : Callback
{
    private const int BarWidth = 20;
    private readonly TextWriter _out;
    private readonly bool _interactive;
    private readonly int _verbose;
    private readonly Stopwatch _epochClock = new();
    private readonly Stopwatch _redrawClock = new();
    private int _epochs, _steps, _lastWidth;

    /// <summary>Creates the display.</summary>
    /// <param name="verbose">1: animated bar; 2: one line per epoch.</param>
    /// <param name="output">Where to write (default the console).</param>
    /// <param name="interactive">Redraw in place (default: when the console output is not redirected).</param>
    public ProgressBar(int verbose = 1, TextWriter? output = null, bool? interactive = null)
    {
        _verbose = verbose;
        _out = output ?? Console.Out;
        _interactive = interactive ?? (output is null && !Console.IsOutputRedirected);
    }

    /// <summary>Epoch count and steps per epoch, set by Fit before training.</summary>
    internal void Configure(int epochs, int stepsPerEpoch)
    {
        _epochs = epochs;
        _steps = stepsPerEpoch;
    }

    /// <inheritdoc />
    public override void OnEpochBegin(int epoch, Logs logs)
    {
        _out.WriteLine($"Epoch {epoch + 1}/{_epochs}");
        _epochClock.Restart();
        _redrawClock.Restart();
        _lastWidth = 0;
    }

    /// <inheritdoc />
    public override void OnTrainBatchEnd(int batch, Logs logs)
    {
        if (_verbose != 1 || !_interactive) return;
        if (batch + 1 < _steps && _redrawClock.ElapsedMilliseconds < 100) return;
        _redrawClock.Restart();
        Draw(batch + 1, logs, final: false);
    }

    /// <inheritdoc />
    public override void OnEpochEnd(int epoch, Logs logs)
    {
        if (_verbose == 2)
        {
            double s = _epochClock.Elapsed.TotalSeconds;
            _out.WriteLine($"{_steps}/{_steps} - {Seconds(s)} - {PerStep(s, _steps)} - {logs}");
            return;
        }
        Draw(_steps, logs, final: true);
    }

    private void Draw(int done, Logs logs, bool final)
    {
        double elapsed = _epochClock.Elapsed.TotalSeconds;
        int total = Math.Max(_steps, 1), width = total.ToString(CultureInfo.InvariantCulture).Length;
        int filled = (int)Math.Round((double)BarWidth * Math.Min(done, total) / total);
        var sb = new StringBuilder();
        sb.Append(done.ToString(CultureInfo.InvariantCulture).PadLeft(width)).Append('/').Append(total).Append(' ');
        sb.Append('━', filled).Append(final ? '━' : ' ', BarWidth - filled).Append(' ');
        double eta = done > 0 ? elapsed / done * (total - done) : 0;
        sb.Append(final ? Seconds(elapsed) : Seconds(eta)).Append(' ').Append(PerStep(elapsed, Math.Max(done, 1)));
        if (logs.Count > 0) sb.Append(" - ").Append(logs);
        var line = sb.ToString();
        if (_interactive)
        {
            _out.Write('\r' + line.PadRight(_lastWidth));
            _lastWidth = line.Length;
            if (final) _out.WriteLine();
        }
        else if (final)
        {
            _out.WriteLine(line);
        }
        _out.Flush();
    }

    private static string Seconds(double s) => s < 1 ? $"{s * 1000:0}ms" : $"{s:0}s";

    private static string PerStep(double seconds, int steps)
    {
        double per = seconds / steps;
        return per < 1e-3 ? $"{per * 1e6:0}us/step" : per < 1 ? $"{per * 1e3:0}ms/step" : $"{per:0}s/step";
    }
}
