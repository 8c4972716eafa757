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
/// <remarks>
/// In a terminal every line fits the window (<see cref="Console.WindowWidth"/>, read at each redraw, less one column
/// so that no terminal wraps): the bar being redrawn drops metrics from the right until it fits, then narrows the
/// bar, then drops the time per step, then is cut. The epoch's final line keeps every metric: those that do not fit
/// continue on further lines, each within the width. Output that is redirected, or a writer given without a width,
/// gets each epoch's full line.
/// </remarks>
public sealed class ProgressBar : Callback
{
    private const int BarWidth = 20;
    private readonly TextWriter _out;
    private readonly bool _interactive;
    private readonly int _verbose;
    private readonly int? _width;
    private readonly Stopwatch _epochClock = new();
    private readonly Stopwatch _redrawClock = new();
    private int _epochs, _steps, _lastWidth;

    /// <summary>Creates the display.</summary>
    /// <param name="verbose">1: animated bar; 2: one line per epoch.</param>
    /// <param name="output">Where to write (default the console).</param>
    /// <param name="interactive">Redraw in place (default: when the console output is not redirected).</param>
    /// <param name="width">The width, in characters, every interactive line must fit (default: the console window's
    /// width when writing to the console, else no limit).</param>
    /// <exception cref="ArgumentOutOfRangeException">verbose is not 1 or 2, or width is less than 2.</exception>
    public ProgressBar(int verbose = 1, TextWriter? output = null, bool? interactive = null, int? width = null)
    {
        if (verbose is not (1 or 2))
            throw new ArgumentOutOfRangeException(nameof(verbose), verbose, "ProgressBar: verbose must be 1 (bar) or 2 (one line per epoch).");
        if (width < 2) throw new ArgumentOutOfRangeException(nameof(width), width, "ProgressBar: width must be ≥ 2.");
        _verbose = verbose;
        _width = width;
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
        int total = Math.Max(_steps, 1);
        double eta = done > 0 ? elapsed / done * (total - done) : 0;
        var counter = done.ToString(CultureInfo.InvariantCulture).PadLeft(total.ToString(CultureInfo.InvariantCulture).Length) + "/" +
                      total.ToString(CultureInfo.InvariantCulture);
        var time = final ? Seconds(elapsed) : Seconds(eta);
        var perStep = PerStep(elapsed, Math.Max(done, 1));
        var metrics = logs.Select(kv => $"{kv.Key}: {kv.Value.ToString("0.0000", CultureInfo.InvariantCulture)}").ToList();
        int filled = (int)Math.Round((double)BarWidth * Math.Min(done, total) / total);
        if (!_interactive)
        {
            if (final) _out.WriteLine(Line(counter, Bar(filled, BarWidth, final), time, perStep, metrics, metrics.Count));
            _out.Flush();
            return;
        }
        int limit = LineLimit();
        var lines = final ? FinalLines(counter, filled, time, perStep, metrics, limit) : [FitLine(counter, filled, time, perStep, metrics, limit)];
        _out.Write('\r' + lines[0].PadRight(Math.Min(_lastWidth, limit)));
        _lastWidth = lines[0].Length;
        for (int i = 1; i < lines.Count; i++) _out.Write(Environment.NewLine + lines[i]);
        if (final) _out.WriteLine();
        _out.Flush();
    }

    /// <summary>The most characters an interactive line may hold: the width less one column (so that no terminal
    /// wraps at the last column), or unlimited when no width is known.</summary>
    private int LineLimit()
    {
        int? width = _width;
        if (width is null && ReferenceEquals(_out, Console.Out))
        {
            try { width = Console.WindowWidth; }
            catch (IOException) { }
            catch (PlatformNotSupportedException) { }
        }
        return width is > 1 ? width.Value - 1 : int.MaxValue;
    }

    /// <summary>The bar line shortened to the limit: metrics dropped from the right, then the bar narrowed, then the
    /// time per step dropped, then cut.</summary>
    private static string FitLine(string counter, int filled, string time, string perStep, List<string> metrics, int limit)
    {
        for (int keep = metrics.Count; keep >= 0; keep--)
        {
            var line = Line(counter, Bar(filled, BarWidth, false), time, perStep, metrics, keep);
            if (line.Length <= limit) return line;
        }
        int room = limit - (counter.Length + 1 + 1 + time.Length + 1 + perStep.Length);
        if (room >= 4) return Line(counter, Bar((int)Math.Round((double)filled * room / BarWidth), room, false), time, perStep, metrics, 0);
        var shortest = $"{counter} {time}";
        return shortest.Length <= limit ? shortest : shortest[..limit];
    }

    /// <summary>The epoch's final line and, for the metrics that do not fit on it, continuation lines.</summary>
    private static List<string> FinalLines(string counter, int filled, string time, string perStep, List<string> metrics, int limit)
    {
        int keep = metrics.Count;
        while (keep > 0 && Line(counter, Bar(filled, BarWidth, true), time, perStep, metrics, keep).Length > limit) keep--;
        var lines = new List<string>
        {
            keep > 0 || metrics.Count == 0 ? Line(counter, Bar(filled, BarWidth, true), time, perStep, metrics, keep)
                : FitLine(counter, filled, time, perStep, [], limit),
        };
        var current = new StringBuilder();
        foreach (var metric in metrics.Skip(keep))
        {
            var piece = "- " + metric;
            if (current.Length > 0 && current.Length + 1 + piece.Length > limit)
            {
                lines.Add(current.ToString());
                current.Clear();
            }
            if (current.Length > 0) current.Append(' ');
            current.Append(piece.Length <= limit ? piece : piece[..limit]);
        }
        if (current.Length > 0) lines.Add(current.ToString());
        return lines;
    }

    private static string Bar(int filled, int width, bool final) =>
        new string('━', filled) + new string(final ? '━' : ' ', width - filled);

    private static string Line(string counter, string bar, string time, string perStep, List<string> metrics, int keep)
    {
        var sb = new StringBuilder(counter).Append(' ').Append(bar).Append(' ').Append(time).Append(' ').Append(perStep);
        for (int i = 0; i < keep; i++) sb.Append(" - ").Append(metrics[i]);
        return sb.ToString();
    }

    private static string Seconds(double s) => s < 1 ? $"{s * 1000:0}ms" : $"{s:0}s";

    private static string PerStep(double seconds, int steps)
    {
        double per = seconds / steps;
        return per < 1e-3 ? $"{per * 1e6:0}us/step" : per < 1 ? $"{per * 1e3:0}ms/step" : $"{per:0}s/step";
    }
}
