using DeepLearning.Devices;

namespace DeepLearning.Data;

/// <summary>
/// A dataset of in-memory tensors whose first axis indexes the examples (PyTorch's <c>TensorDataset</c>, the data of
/// Keras's <c>fit(x, y)</c>). A batch gathers the rows at the requested indices with <see cref="Tensor.Gather"/>
/// (no gradient is recorded), on the tensors' own device.
/// </summary>
/// <example><code>
/// var data = new TensorDataset(images, labels);          // images (N, 28, 28, 1), labels (N)
/// var batch = data.GetBatch([3, 1, 4]);                    // Input (3, 28, 28, 1), Target (3)
/// </code></example>
public sealed class TensorDataset : Dataset
{
    private readonly Tensor[] _inputs;
    private readonly Tensor[] _targets;

    /// <summary>A dataset of one input tensor and optionally one target tensor and per-example weights.</summary>
    /// <param name="inputs">Shape (N, …).</param>
    /// <param name="targets">Shape (N, …), or null for unlabelled data.</param>
    /// <param name="sampleWeights">Shape (N), or (N, steps) for per-step (temporal) weights; floating; or null.</param>
    /// <exception cref="ArgumentException">The first dimensions differ, a tensor is a scalar, or the weights are not a
    /// floating vector.</exception>
    public TensorDataset(Tensor inputs, Tensor? targets = null, Tensor? sampleWeights = null)
        : this([inputs ?? throw new ArgumentNullException(nameof(inputs))], targets is null ? [] : [targets], sampleWeights)
    {
    }

    /// <summary>A dataset of several inputs and targets (multi-input / multi-output models).</summary>
    /// <param name="inputs">At least one tensor, each of shape (N, …).</param>
    /// <param name="targets">Tensors of shape (N, …); may be empty.</param>
    /// <param name="sampleWeights">Shape (N), or (N, steps) for per-step (temporal) weights; floating; or null.</param>
    /// <exception cref="ArgumentException">No input, first dimensions that differ, a scalar tensor, or weights that
    /// are not a floating vector.</exception>
    public TensorDataset(Tensor[] inputs, Tensor[] targets, Tensor? sampleWeights = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        if (inputs.Length == 0) throw new ArgumentException("TensorDataset: at least one input tensor is needed.", nameof(inputs));
        int n = -1;
        void Check(Tensor t, string what)
        {
            ArgumentNullException.ThrowIfNull(t, what);
            if (t.Rank == 0)
                throw new ArgumentException($"TensorDataset: {what} is a scalar; its first axis must index the examples.");
            if (n < 0) n = t.Shape[0];
            else if (t.Shape[0] != n)
                throw new ArgumentException($"TensorDataset: {what} has shape {t.Shape}, but the first input has {n} examples (shape {inputs[0].Shape}).");
        }
        for (int i = 0; i < inputs.Length; i++) Check(inputs[i], $"input {i}");
        for (int i = 0; i < targets.Length; i++) Check(targets[i], $"target {i}");
        if (sampleWeights is not null)
        {
            Check(sampleWeights, "sampleWeights");
            if (sampleWeights.Rank > 2 || !sampleWeights.DType.IsFloating())
                throw new ArgumentException($"TensorDataset: sample weights must be floating, of shape ({n}) or ({n}, steps); got {sampleWeights.DType} of shape {sampleWeights.Shape}.");
        }
        _inputs = [.. inputs];
        _targets = [.. targets];
        SampleWeights = sampleWeights;
        Count = n;
    }

    /// <summary>The input tensors, each of shape (N, …).</summary>
    public IReadOnlyList<Tensor> Inputs => _inputs;

    /// <summary>The target tensors, each of shape (N, …).</summary>
    public IReadOnlyList<Tensor> Targets => _targets;

    /// <summary>The per-example weights of shape (N), per-step weights of shape (N, steps), or null.</summary>
    public Tensor? SampleWeights { get; }

    /// <inheritdoc />
    public override int Count { get; }

    /// <inheritdoc />
    protected override Batch GetBatchCore(ReadOnlySpan<int> indices)
    {
        using var noGrad = Tensor.NoGrad();
        Device? lastDevice = null;
        Tensor? index = null;
        var data = indices.ToArray();
        Tensor Take(Tensor t)
        {
            if (!ReferenceEquals(t.Device, lastDevice))
            {
                lastDevice = t.Device;
                index = Tensor.FromArray(data, null, t.Device);
            }
            return t.Gather(index!, 0);
        }
        var inputs = new Tensor[_inputs.Length];
        for (int i = 0; i < inputs.Length; i++) inputs[i] = Take(_inputs[i]);
        var targets = new Tensor[_targets.Length];
        for (int i = 0; i < targets.Length; i++) targets[i] = Take(_targets[i]);
        return new Batch(inputs, targets, SampleWeights is null ? null : Take(SampleWeights));
    }
}
