using System.Text.Json;
using System.Text.Json.Nodes;

namespace DeepLearning.Data;

/// <summary>
/// Standardises features with statistics fitted on the training data only: z = (x − μ) / σ per feature, where μ and
/// σ are the mean and the population (biased) standard deviation of each feature over the training examples
/// (scikit-learn's <c>StandardScaler</c>; Keras's <c>Normalization</c> layer with its <c>axis</c>). Fit once on the
/// training split, then transform every split with the same μ and σ, so no information leaks from the test data.
/// </summary>
/// <remarks>
/// <para>Features are the positions along <see cref="Axis"/> (default −1, the last: columns of a table, channels of
/// NHWC images); the statistics are taken over every other axis. With a null axis the whole tensor shares one μ and σ.</para>
/// <para>A feature with σ below 1e-7 (constant on the training data) is divided by 1 instead, as scikit-learn does;
/// Keras divides by max(σ, 1e-7), which turns any test value that differs from the constant into a huge number.</para>
/// <para>Statistics are accumulated in float64 (two-pass per batch, merged across batches by Chan et al.'s formula),
/// so fitting a large dataset batch by batch gives the same numbers as fitting it at once.</para>
/// </remarks>
/// <example><code>
/// var scaler = new Standardizer().Fit(xTrain);
/// var zTrain = scaler.Transform(xTrain);
/// var zTest = scaler.Transform(xTest);      // training statistics
/// scaler.Save("scaler.json");
/// </code></example>
public sealed class Standardizer
{
    private const double MinStd = 1e-7;
    private double[]? _mean, _std;

    /// <summary>Creates an unfitted standardiser.</summary>
    /// <param name="axis">The feature axis (negative counts from the end; it must not be the example axis 0), or null
    /// for one mean and deviation over everything.</param>
    public Standardizer(int? axis = -1) => Axis = axis;

    /// <summary>The feature axis, or null for global statistics.</summary>
    public int? Axis { get; }

    /// <summary>Whether <see cref="Fit(Tensor)"/> (or <see cref="FromStatistics"/>) has set the statistics.</summary>
    public bool IsFitted => _mean is not null;

    /// <summary>μ of every feature.</summary>
    /// <exception cref="InvalidOperationException">Not fitted.</exception>
    public IReadOnlyList<double> Mean => _mean ?? throw NotFitted("Mean");

    /// <summary>σ of every feature as used for dividing (constant features have 1).</summary>
    /// <exception cref="InvalidOperationException">Not fitted.</exception>
    public IReadOnlyList<double> Std => _std ?? throw NotFitted("Std");

    /// <summary>The number of training examples (positions over which each statistic was taken).</summary>
    public long SampleCount { get; private set; }

    /// <summary>A standardiser with known statistics (e.g. saved elsewhere).</summary>
    /// <exception cref="ArgumentException">The arrays differ in length, are empty, or hold a non-finite value or σ ≤ 0.</exception>
    public static Standardizer FromStatistics(IReadOnlyList<double> mean, IReadOnlyList<double> std, int? axis = -1)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(std);
        if (mean.Count == 0 || mean.Count != std.Count || (axis is null && mean.Count != 1))
            throw new ArgumentException($"Standardizer: {mean.Count} means and {std.Count} deviations do not describe the features (axis {axis?.ToString() ?? "null"}).");
        for (int i = 0; i < mean.Count; i++)
        {
            if (!double.IsFinite(mean[i]) || !double.IsFinite(std[i]) || std[i] <= 0)
                throw new ArgumentException($"Standardizer: feature {i} has mean {mean[i]} and std {std[i]}; both must be finite and std positive.");
        }
        return new Standardizer(axis) { _mean = [.. mean], _std = [.. std] };
    }

    /// <summary>Fits μ and σ on training data (replacing earlier statistics).</summary>
    /// <param name="data">Shape (N, …) with the feature axis; floating.</param>
    /// <returns>This standardiser.</returns>
    /// <exception cref="ArgumentException">The data is not floating, has rank 0, is empty, or lacks the feature axis.</exception>
    public Standardizer Fit(Tensor data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var moments = new Moments(FeatureCount(data, "Fit"));
        moments.Add(data, this);
        Finish(moments);
        return this;
    }

    /// <summary>Fits μ and σ on input <paramref name="inputIndex"/> of every example of a dataset, reading it in batches
    /// (for data that is not in memory).</summary>
    /// <exception cref="ArgumentException">The dataset is empty or its inputs are unsuitable.</exception>
    public Standardizer Fit(Dataset dataset, int inputIndex = 0, int batchSize = 1024)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (dataset.Count == 0) throw new ArgumentException("Standardizer.Fit: the dataset is empty.");
        Moments? moments = null;
        var indices = new int[Math.Min(batchSize, dataset.Count)];
        for (int start = 0; start < dataset.Count; start += batchSize)
        {
            int n = Math.Min(batchSize, dataset.Count - start);
            for (int i = 0; i < n; i++) indices[i] = start + i;
            var batch = dataset.GetBatch(indices.AsSpan(0, n));
            if (inputIndex < 0 || inputIndex >= batch.Inputs.Length)
                throw new ArgumentOutOfRangeException(nameof(inputIndex), inputIndex, $"Standardizer.Fit: the dataset's batches have {batch.Inputs.Length} inputs.");
            var x = batch.Inputs[inputIndex];
            moments ??= new Moments(FeatureCount(x, "Fit"));
            if (FeatureCount(x, "Fit") != moments.Count)
                throw new ArgumentException($"Standardizer.Fit: batch at {start} has {FeatureCount(x, "Fit")} features, earlier ones {moments.Count}.");
            moments.Add(x, this);
        }
        Finish(moments!);
        return this;
    }

    /// <summary>z = (x − μ) / σ, broadcast along the feature axis; same shape, dtype and device as x (no gradient
    /// flows into μ and σ, which are constants).</summary>
    /// <exception cref="InvalidOperationException">Not fitted.</exception>
    /// <exception cref="ArgumentException">x's feature axis does not have the fitted number of features.</exception>
    public Tensor Transform(Tensor x)
    {
        var (mean, std) = Broadcastable(x, "Transform");
        return (x - mean) / std;
    }

    /// <summary>x = z·σ + μ, the inverse of <see cref="Transform"/>.</summary>
    /// <exception cref="InvalidOperationException">Not fitted.</exception>
    /// <exception cref="ArgumentException">z's feature axis does not have the fitted number of features.</exception>
    public Tensor InverseTransform(Tensor z)
    {
        var (mean, std) = Broadcastable(z, "InverseTransform");
        return z * std + mean;
    }

    /// <summary>A <see cref="DataLoader"/> transform that standardises input <paramref name="inputIndex"/> of each batch.</summary>
    /// <exception cref="InvalidOperationException">Not fitted.</exception>
    public Func<Batch, Batch> AsTransform(int inputIndex = 0)
    {
        if (!IsFitted) throw NotFitted("AsTransform");
        ArgumentOutOfRangeException.ThrowIfNegative(inputIndex);
        return batch =>
        {
            if (inputIndex >= batch.Inputs.Length)
                throw new ArgumentOutOfRangeException(nameof(inputIndex), inputIndex, $"Standardizer: the batch has {batch.Inputs.Length} inputs.");
            var inputs = (Tensor[])batch.Inputs.Clone();
            inputs[inputIndex] = Transform(inputs[inputIndex]);
            return batch with { Inputs = inputs };
        };
    }

    /// <summary>Writes the statistics as JSON (<c>{"axis": -1, "count": N, "mean": […], "std": […]}</c>), atomically:
    /// a temporary file is renamed over the target.</summary>
    /// <exception cref="InvalidOperationException">Not fitted.</exception>
    public void Save(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!IsFitted) throw NotFitted("Save");
        var json = new JsonObject
        {
            ["axis"] = Axis,
            ["count"] = SampleCount,
            ["mean"] = new JsonArray([.. _mean!.Select(v => JsonValue.Create(v))]),
            ["std"] = new JsonArray([.. _std!.Select(v => JsonValue.Create(v))]),
        };
        Serialization.AtomicFile.WriteAllText(path, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>Reads statistics written by <see cref="Save"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a valid standardiser file.</exception>
    public static Standardizer Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"Standardizer.Load: no file at '{path}'.", path);
        try
        {
            var node = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new InvalidDataException("not a JSON object");
            int? axis = node["axis"]?.GetValue<int>();
            var mean = (node["mean"] as JsonArray ?? throw new InvalidDataException("no mean array")).Select(v => v!.GetValue<double>()).ToArray();
            var std = (node["std"] as JsonArray ?? throw new InvalidDataException("no std array")).Select(v => v!.GetValue<double>()).ToArray();
            var result = FromStatistics(mean, std, axis);
            result.SampleCount = node["count"]?.GetValue<long>() ?? 0;
            return result;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or ArgumentException or InvalidDataException or NullReferenceException)
        {
            throw new InvalidDataException($"Standardizer.Load: '{path}' is not a valid standardiser file ({e.Message}).", e);
        }
    }

    private int FeatureCount(Tensor x, string op)
    {
        if (!x.DType.IsFloating())
            throw new ArgumentException($"Standardizer.{op}: data must be floating; got {x.DType} of shape {x.Shape}. Cast it first.");
        if (x.Rank == 0 || x.ElementCount == 0)
            throw new ArgumentException($"Standardizer.{op}: data of shape {x.Shape} has no examples.");
        if (Axis is null) return 1;
        int a = Axis.Value < 0 ? Axis.Value + x.Rank : Axis.Value;
        if (a <= 0 || a >= x.Rank)
            throw new ArgumentException($"Standardizer.{op}: feature axis {Axis} does not exist in data of shape {x.Shape} (axis 0 indexes the examples).");
        return x.Shape[a];
    }

    private void Finish(Moments m)
    {
        _mean = m.Mean;
        _std = [.. m.M2.Select(v => Math.Sqrt(v / m.N)).Select(s => s < MinStd ? 1.0 : s)];
        SampleCount = m.N;
    }

    private (Tensor Mean, Tensor Std) Broadcastable(Tensor x, string op)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (!IsFitted) throw NotFitted(op);
        int features = FeatureCount(x, op);
        if (features != _mean!.Length)
            throw new ArgumentException($"Standardizer.{op}: data of shape {x.Shape} has {features} features along axis {Axis}; the standardiser was fitted on {_mean.Length}.");
        Shape shape;
        if (Axis is null) shape = Shape.Scalar;
        else
        {
            var dims = new int[x.Rank];
            Array.Fill(dims, 1);
            dims[Axis.Value < 0 ? Axis.Value + x.Rank : Axis.Value] = features;
            shape = dims;
        }
        var mean = Tensor.FromArray(_mean, shape, x.Device).Cast(x.DType);
        var std = Tensor.FromArray(_std!, shape, x.Device).Cast(x.DType);
        return (mean, std);
    }

    private static InvalidOperationException NotFitted(string op) =>
        new($"Standardizer.{op}: call Fit on the training data first.");

    /// <summary>Per-feature count, mean and sum of squared deviations, merged batch by batch (Chan, Golub and
    /// LeVeque, "Algorithms for computing the sample variance", 1983).</summary>
    private sealed class Moments(int count)
    {
        public int Count { get; } = count;
        public long N;
        public double[] Mean = new double[count];
        public double[] M2 = new double[count];

        public void Add(Tensor x, Standardizer owner)
        {
            double[] values;
            using (Tensor.NoGrad()) values = x.ToArray<double>();
            int features = Count;
            // Layout: the feature index of element e is (e / inner) % features, with inner = product of the axes after it.
            int inner = 1;
            if (owner.Axis is not null)
            {
                int a = owner.Axis.Value < 0 ? owner.Axis.Value + x.Rank : owner.Axis.Value;
                for (int d = a + 1; d < x.Rank; d++) inner *= x.Shape[d];
            }
            long nb = values.Length / features;
            var mean = new double[features];
            var m2 = new double[features];
            for (int e = 0; e < values.Length; e++) mean[e / inner % features] += values[e];
            for (int f = 0; f < features; f++) mean[f] /= nb;
            for (int e = 0; e < values.Length; e++)
            {
                double d = values[e] - mean[e / inner % features];
                m2[e / inner % features] += d * d;
            }
            long n = N + nb;
            for (int f = 0; f < features; f++)
            {
                double delta = mean[f] - Mean[f];
                Mean[f] += delta * nb / n;
                M2[f] += m2[f] + delta * delta * N * nb / n;
            }
            N = n;
        }
    }
}
