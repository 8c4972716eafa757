using System.Globalization;
using DeepLearning.TensorBoard.Proto;
using Google.Protobuf;

namespace DeepLearning.TensorBoard;

/// <summary>
/// Writes one TensorBoard event file: scalars, histograms and images, each tagged and stamped with a step and the
/// wall time. The file is <c>events.out.tfevents.&lt;unix seconds&gt;.&lt;host&gt;</c> in the log folder, a new one
/// per writer (a ".1", ".2", … suffix if that name exists); it is a TFRecord file (tensorflow/core/lib/io/
/// record_writer.cc) whose records are <c>Event</c> messages of TensorBoard's event.proto, the first holding
/// <c>file_version = "brain.Event:2"</c>. Open it with <c>tensorboard --logdir &lt;folder&gt;</c>.
/// </summary>
/// <remarks>The file is append-only: records are buffered and reach the disk at <see cref="Flush"/> (which the
/// <see cref="TensorBoardCallback"/> calls after every epoch) and at <see cref="Dispose"/>. A crash loses only what
/// was written since the last flush; a record cut short at the end is skipped by TensorBoard's reader. Thread-safe.</remarks>
/// <example><code>
/// using var writer = new SummaryWriter("logs/custom-loop");
/// writer.AddScalar("loss", loss.Item(), step);
/// writer.AddHistogram("dense/kernel", model.Weights[0], step);
/// writer.Flush();
/// </code></example>
public sealed class SummaryWriter : IDisposable
{
    /// <summary>The <c>file_version</c> of the first event (TensorFlow's <c>kVersionPrefix</c> + 2).</summary>
    public const string FileVersion = "brain.Event:2";

    /// <summary>The default number of histogram buckets (TensorFlow 2's <c>tf.summary.histogram</c> default).</summary>
    public const int DefaultBuckets = 30;

    private readonly object _gate = new();
    private readonly FileStream _file;
    private readonly RecordWriter _records;
    private bool _disposed;

    /// <summary>Creates the folder if needed and a new event file in it, and writes the file-version event.</summary>
    /// <param name="logDirectory">The folder TensorBoard is pointed at (or one run's folder below it).</param>
    /// <exception cref="ArgumentException">The folder name is null, empty or white space.</exception>
    /// <exception cref="IOException">The folder or the file cannot be created.</exception>
    public SummaryWriter(string logDirectory)
    {
        if (string.IsNullOrWhiteSpace(logDirectory))
            throw new ArgumentException("SummaryWriter: the log folder must be a non-empty path.", nameof(logDirectory));
        Directory.CreateDirectory(logDirectory);
        string stem = string.Create(CultureInfo.InvariantCulture,
            $"events.out.tfevents.{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}.{Environment.MachineName}");
        (_file, FilePath) = CreateNew(Path.GetFullPath(logDirectory), stem);
        _records = new RecordWriter(_file);
        Write(new Event { WallTime = Now(), FileVersion = FileVersion });
        Flush();
    }

    /// <summary>The full path of the event file.</summary>
    public string FilePath { get; }

    /// <summary>Writes a scalar (TensorBoard's Scalars dashboard). Stored as float32 (<c>simple_value</c>).</summary>
    /// <param name="tag">The curve's name; "/" groups curves ("epoch_loss", "metrics/accuracy").</param>
    /// <param name="value">The value (NaN and ±∞ are kept).</param>
    /// <param name="step">The x coordinate: an epoch or a global step, ≥ 0.</param>
    /// <exception cref="ArgumentException">The tag is empty or the step negative.</exception>
    public void AddScalar(string tag, double value, long step) =>
        WriteValue(new Summary.Types.Value { Tag = CheckTag(tag), SimpleValue = (float)value }, step);

    /// <summary>Writes a histogram of a tensor's values (TensorBoard's Histograms and Distributions dashboards):
    /// min, max, count, sum, sum of squares and <paramref name="buckets"/> equal-width buckets over [min, max].
    /// NaN and ±∞ are left out.</summary>
    /// <param name="tag">The histogram's name, e.g. a weight's name "dense/kernel".</param>
    /// <param name="values">A tensor of any shape, dtype and device (its values are read to the host).</param>
    /// <param name="step">The step, ≥ 0.</param>
    /// <param name="buckets">The number of buckets, 1 to 10,000.</param>
    /// <exception cref="ArgumentException">Empty tag, negative step or a bucket count out of range.</exception>
    public void AddHistogram(string tag, Tensor values, long step, int buckets = DefaultBuckets)
    {
        ArgumentNullException.ThrowIfNull(values);
        AddHistogram(tag, values.ToArray<float>(), step, buckets);
    }

    /// <summary>Writes a histogram of values (see <see cref="AddHistogram(string, Tensor, long, int)"/>).</summary>
    /// <exception cref="ArgumentException">Empty tag, negative step or a bucket count out of range.</exception>
    public void AddHistogram(string tag, ReadOnlySpan<float> values, long step, int buckets = DefaultBuckets)
    {
        if (buckets is < 1 or > 10_000)
            throw new ArgumentOutOfRangeException(nameof(buckets), buckets, "SummaryWriter.AddHistogram: the bucket count must be 1 to 10,000.");
        WriteValue(new Summary.Types.Value { Tag = CheckTag(tag), Histo = HistogramSummary.Build(values, buckets) }, step);
    }

    /// <summary>Writes an image (TensorBoard's Images dashboard) as an 8-bit PNG: each value v becomes
    /// round(255·clamp(v, 0, 1)); NaN becomes 0.</summary>
    /// <param name="tag">The image's name.</param>
    /// <param name="image">Shape (height, width, channels) with 1 (gray), 2 (gray + alpha), 3 (RGB) or 4 (RGBA)
    /// channels, values in [0, 1] (as the library's image datasets give them).</param>
    /// <param name="step">The step, ≥ 0.</param>
    /// <exception cref="ArgumentException">The image is not (height, width, 1 to 4), or the tag/step is invalid.</exception>
    public void AddImage(string tag, Tensor image, long step)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Rank != 3 || image.Shape[2] is < 1 or > 4 || image.Shape[0] < 1 || image.Shape[1] < 1)
            throw new ArgumentException($"SummaryWriter.AddImage: an image is (height, width, channels) with 1 to 4 channels; got shape {image.Shape}.", nameof(image));
        int height = image.Shape[0], width = image.Shape[1], channels = image.Shape[2];
        var values = image.ToArray<float>();
        var pixels = new byte[values.Length];
        for (int i = 0; i < values.Length; i++)
            pixels[i] = float.IsNaN(values[i]) ? (byte)0 : (byte)MathF.Round(255f * Math.Clamp(values[i], 0f, 1f));
        var encoded = new Summary.Types.Image
        {
            Height = height,
            Width = width,
            Colorspace = channels,
            EncodedImageString = ByteString.CopyFrom(PngEncoder.Encode(pixels, height, width, channels)),
        };
        WriteValue(new Summary.Types.Value { Tag = CheckTag(tag), Image = encoded }, step);
    }

    /// <summary>Writes a batch of images (N, height, width, channels) as the tags "<paramref name="tag"/>/image/0",
    /// "…/image/1", … (TensorFlow 1's naming for image summaries).</summary>
    /// <exception cref="ArgumentException">The batch is not (N, height, width, 1 to 4), or the tag/step is invalid.</exception>
    public void AddImages(string tag, Tensor images, long step)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Rank != 4)
            throw new ArgumentException($"SummaryWriter.AddImages: a batch of images is (N, height, width, channels); got shape {images.Shape}.", nameof(images));
        CheckTag(tag);
        for (int i = 0; i < images.Shape[0]; i++) AddImage($"{tag}/image/{i}", images.Select(0, i), step);
    }

    /// <summary>Pushes every record written so far to the disk (through the operating system's cache).</summary>
    /// <exception cref="ObjectDisposedException">The writer is disposed.</exception>
    public void Flush()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _file.Flush(flushToDisk: true);
        }
    }

    /// <summary>Flushes and closes the file. Further writes throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            _file.Flush(flushToDisk: true);
            _file.Dispose();
        }
    }

    private static string CheckTag(string tag) => string.IsNullOrWhiteSpace(tag)
        ? throw new ArgumentException("SummaryWriter: a tag must be a non-empty name.", nameof(tag))
        : tag;

    private void WriteValue(Summary.Types.Value value, long step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        var summary = new Summary();
        summary.Value.Add(value);
        Write(new Event { WallTime = Now(), Step = step, Summary = summary });
    }

    private void Write(Event e)
    {
        var bytes = e.ToByteArray();
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _records.Write(bytes);
        }
    }

    private static double Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;

    private static (FileStream, string) CreateNew(string directory, string stem)
    {
        for (int n = 0; ; n++)
        {
            string path = Path.Combine(directory, n == 0 ? stem : string.Create(CultureInfo.InvariantCulture, $"{stem}.{n}"));
            try
            {
                return (new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, bufferSize: 1 << 16), path);
            }
            catch (IOException) when (File.Exists(path) && n < 10_000)
            {
                // Another writer took this name in the same second: try the next suffix.
            }
        }
    }
}
