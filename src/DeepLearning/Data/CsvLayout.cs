using System.Globalization;

namespace DeepLearning.Data;

/// <summary>The column layout of a CSV source and the parsing of its lines.</summary>
internal sealed class CsvLayout
{
    private readonly CsvOptions _options;

    private CsvLayout(string[] names, int[] features, int[] targets, CsvOptions options)
    {
        Names = names;
        FeatureColumns = features;
        TargetColumns = targets;
        _options = options;
    }

    public string[] Names { get; }
    public int[] FeatureColumns { get; }
    public int[] TargetColumns { get; }

    /// <summary>Yields the parsed data lines; calls <paramref name="onLayout"/> once the column layout is known.</summary>
    public static IEnumerable<(int Line, double[] Values)> ReadRows(TextReader reader, CsvOptions options, string source, Action<CsvLayout> onLayout)
    {
        if (options.TargetDType is not (DType.Float32 or DType.Int32 or DType.Float64))
            throw new ArgumentException($"CsvDataset: unsupported target dtype {options.TargetDType}.");
        if (options.FeatureDType is not (DType.Float32 or DType.Float64))
            throw new ArgumentException($"CsvDataset: features must be float32 or float64; got {options.FeatureDType}.");
        CsvLayout? layout = null;
        string? line;
        int lineNumber = 0;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            var fields = line.Split(options.Delimiter);
            if (layout is null)
            {
                string[] names;
                if (options.HasHeader)
                {
                    names = [.. fields.Select(f => Unquote(f.AsSpan()).ToString())];
                    layout = Create(names, options, source);
                    onLayout(layout);
                    continue;
                }
                names = [.. Enumerable.Range(0, fields.Length).Select(i => $"column {i}")];
                layout = Create(names, options, source);
                onLayout(layout);
            }
            if (fields.Length != layout.Names.Length)
                throw new InvalidDataException($"CsvDataset: '{source}' line {lineNumber} has {fields.Length} fields; expected {layout.Names.Length} (as {(options.HasHeader ? "the header" : "the first line")}).");
            var values = new double[fields.Length];
            for (int c = 0; c < fields.Length; c++)
            {
                var text = Unquote(fields[c].AsSpan());
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out values[c]))
                    throw new InvalidDataException($"CsvDataset: '{source}' line {lineNumber}, column {c + 1} ('{layout.Names[c]}'): '{text}' is not a number.");
            }
            if (layout._options.TargetDType == DType.Int32)
            {
                foreach (int c in layout.TargetColumns)
                {
                    double v = values[c];
                    if (v != Math.Floor(v) || v < int.MinValue || v > int.MaxValue)
                        throw new InvalidDataException($"CsvDataset: '{source}' line {lineNumber}, column {c + 1} ('{layout.Names[c]}'): int32 target '{fields[c].Trim()}' is not an integer.");
                }
            }
            yield return (lineNumber, values);
        }
    }

    private static ReadOnlySpan<char> Unquote(ReadOnlySpan<char> field)
    {
        field = field.Trim();
        if (field.Length >= 2 && field[0] == '"' && field[^1] == '"') field = field[1..^1].Trim();
        return field;
    }

    private static CsvLayout Create(string[] names, CsvOptions options, string source)
    {
        int n = names.Length;
        var targets = new List<int>();
        foreach (int c in options.TargetColumns)
        {
            int col = c < 0 ? c + n : c;
            if (col < 0 || col >= n)
                throw new ArgumentException($"CsvDataset: target column {c} is outside the {n} columns of '{source}'.");
            if (!targets.Contains(col)) targets.Add(col);
        }
        foreach (var name in options.TargetColumnNames)
        {
            if (!options.HasHeader)
                throw new ArgumentException($"CsvDataset: target column '{name}' is given by name but '{source}' is read without a header (HasHeader = false).");
            int col = Array.IndexOf(names, name);
            if (col < 0)
                throw new ArgumentException($"CsvDataset: no column named '{name}' in the header of '{source}' ({string.Join(", ", names)}).");
            if (!targets.Contains(col)) targets.Add(col);
        }
        var features = Enumerable.Range(0, n).Where(c => !targets.Contains(c)).ToArray();
        if (features.Length == 0)
            throw new ArgumentException($"CsvDataset: every column of '{source}' is a target; at least one feature column is needed.");
        return new CsvLayout(names, features, [.. targets], options);
    }

    public Tensor MakeFeatures(List<double[]> rows)
    {
        var data = new double[rows.Count * FeatureColumns.Length];
        for (int r = 0, k = 0; r < rows.Count; r++)
            foreach (int c in FeatureColumns) data[k++] = rows[r][c];
        return Make(data, [rows.Count, FeatureColumns.Length], _options.FeatureDType);
    }

    public Tensor? MakeTargets(List<double[]> rows)
    {
        if (TargetColumns.Length == 0) return null;
        var data = new double[rows.Count * TargetColumns.Length];
        for (int r = 0, k = 0; r < rows.Count; r++)
            foreach (int c in TargetColumns) data[k++] = rows[r][c];
        Shape shape = _options.TargetDType == DType.Int32 && TargetColumns.Length == 1 ? [rows.Count] : [rows.Count, TargetColumns.Length];
        return Make(data, shape, _options.TargetDType);
    }

    public Example MakeExample(double[] values)
    {
        var f = new double[FeatureColumns.Length];
        for (int i = 0; i < f.Length; i++) f[i] = values[FeatureColumns[i]];
        var inputs = new[] { Make(f, [f.Length], _options.FeatureDType) };
        if (TargetColumns.Length == 0) return new Example(inputs, []);
        var t = new double[TargetColumns.Length];
        for (int i = 0; i < t.Length; i++) t[i] = values[TargetColumns[i]];
        Shape shape = _options.TargetDType == DType.Int32 && t.Length == 1 ? Shape.Scalar : [t.Length];
        return new Example(inputs, [Make(t, shape, _options.TargetDType)]);
    }

    private static Tensor Make(double[] data, Shape shape, DType dtype) => dtype switch
    {
        DType.Float64 => Tensor.FromArray(data, shape),
        DType.Int32 => Tensor.FromArray(Array.ConvertAll(data, v => (int)v), shape),
        _ => Tensor.FromArray(Array.ConvertAll(data, v => (float)v), shape),
    };
}
