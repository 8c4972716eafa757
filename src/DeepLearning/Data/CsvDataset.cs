namespace DeepLearning.Data;

/// <summary>
/// A dataset read from a delimited text file of numbers: one example per line, the target columns chosen by
/// <see cref="CsvOptions"/>, every other column a feature. The file is parsed once into memory
/// (<see cref="Features"/> of shape (N, features), <see cref="Targets"/>); <see cref="Stream"/> reads it lazily instead.
/// </summary>
/// <remarks>Fields are numbers in the invariant culture (<c>1.5</c>, <c>-2e-3</c>, <c>NaN</c>), optionally surrounded by
/// spaces or double quotes; empty lines are skipped. A line with the wrong number of fields or a field that is not a
/// number raises <see cref="InvalidDataException"/> naming the source, the line number and the column.</remarks>
/// <example><code>
/// var data = new CsvDataset("housing.csv", new CsvOptions { TargetColumnNames = ["price"] });
/// var (train, test) = data.Split(0.2, seed: 42);
/// </code></example>
public sealed class CsvDataset : Dataset
{
    private readonly TensorDataset _data;

    /// <summary>Reads and parses a CSV file.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">A line is malformed (the message gives its number), or the file has no data.</exception>
    /// <exception cref="ArgumentException">The options name a missing or invalid column.</exception>
    public CsvDataset(string path, CsvOptions? options = null)
        : this(OpenText(path), options, path)
    {
    }

    /// <summary>Parses CSV text from a reader (which it disposes).</summary>
    /// <param name="reader">The text.</param>
    /// <param name="options">Parsing options (default <see cref="CsvOptions"/>).</param>
    /// <param name="sourceName">The name used in error messages.</param>
    /// <exception cref="InvalidDataException">A line is malformed (the message gives its number), or there is no data.</exception>
    /// <exception cref="ArgumentException">The options name a missing or invalid column.</exception>
    public CsvDataset(TextReader reader, CsvOptions? options = null, string sourceName = "<text>")
    {
        ArgumentNullException.ThrowIfNull(reader);
        var opts = options ?? new CsvOptions();
        using var persistent = TensorScope.Persistent();   // the dataset's tensors outlive any step scope
        List<double[]> rows = [];
        CsvLayout? layout = null;
        using (reader)
        {
            foreach (var row in CsvLayout.ReadRows(reader, opts, sourceName, l => layout = l))
                rows.Add(row.Values);
        }
        if (layout is null || rows.Count == 0)
            throw new InvalidDataException($"CsvDataset: '{sourceName}' has no data rows.");
        ColumnNames = layout.Names;
        FeatureColumns = layout.FeatureColumns;
        TargetColumns = layout.TargetColumns;
        Features = layout.MakeFeatures(rows);
        Targets = layout.MakeTargets(rows);
        _data = Targets is null ? new TensorDataset(Features) : new TensorDataset(Features, Targets);
    }

    /// <summary>The column names from the header, or "column 0", "column 1", … without one.</summary>
    public IReadOnlyList<string> ColumnNames { get; }

    /// <summary>The positions of the feature columns, in the order of <see cref="Features"/>' last axis.</summary>
    public IReadOnlyList<int> FeatureColumns { get; }

    /// <summary>The positions of the target columns, in the order of <see cref="Targets"/>' last axis.</summary>
    public IReadOnlyList<int> TargetColumns { get; }

    /// <summary>The features, shape (N, features).</summary>
    public Tensor Features { get; }

    /// <summary>The targets (see <see cref="CsvOptions.TargetDType"/> for the shape), or null without target columns.</summary>
    public Tensor? Targets { get; }

    /// <inheritdoc />
    public override int Count => _data.Count;

    /// <inheritdoc />
    protected override Batch GetBatchCore(ReadOnlySpan<int> indices) => _data.GetBatch(indices);

    /// <summary>
    /// A <see cref="StreamingDataset"/> over a CSV file that is parsed lazily, line by line (for files too large for
    /// memory). A first pass counts the data lines; batches hold the same tensors as <see cref="CsvDataset"/>'s.
    /// A malformed line raises <see cref="InvalidDataException"/> when it is read.
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file has no data lines.</exception>
    public static StreamingDataset Stream(string path, CsvOptions? options = null, int bufferSize = 1024)
    {
        var opts = options ?? new CsvOptions();
        int count = 0;
        bool headerSkipped = !opts.HasHeader;
        using (var counter = OpenText(path))
        {
            string? line;
            while ((line = counter.ReadLine()) is not null)
            {
                if (string.IsNullOrWhiteSpace(line)) continue;
                if (!headerSkipped) { headerSkipped = true; continue; }
                count++;
            }
        }
        if (count == 0) throw new InvalidDataException($"CsvDataset.Stream: '{path}' has no data rows.");
        IEnumerable<Example> Read()
        {
            using var reader = OpenText(path);
            CsvLayout? layout = null;
            foreach (var row in CsvLayout.ReadRows(reader, opts, path, l => layout = l))
                yield return layout!.MakeExample(row.Values);
        }
        return new StreamingDataset(Read, count, bufferSize);
    }

    private static StreamReader OpenText(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"CsvDataset: no file at '{path}'.", path);
        return new StreamReader(path);
    }
}
