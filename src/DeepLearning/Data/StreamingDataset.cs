namespace DeepLearning.Data;

/// <summary>
/// A dataset over a sequence that is read lazily, one example at a time (e.g. rows of a file too large for memory).
/// Only a window of the most recent examples is kept in memory.
/// </summary>
/// <remarks>
/// <para>Semantics: examples are numbered in the order the sequence yields them. <see cref="Dataset.GetBatch"/>
/// serves the requested indices in ascending order: an index at or ahead of the read position advances the
/// sequence to it (examples skipped on the way go through the buffer); an index among the last
/// <see cref="BufferSize"/> examples read comes from the buffer; an index further back restarts the sequence
/// from the beginning (it calls the factory again, counted in <see cref="Restarts"/>).</para>
/// <para>So sequential access, a <see cref="DataLoader"/> without shuffling, reads every example exactly once per
/// epoch (one restart per epoch after the first). Shuffled access over a sequence larger than the buffer restarts
/// the sequence for most batches: shuffle in the source instead, use a buffer that holds the whole dataset, or
/// load it into a <see cref="TensorDataset"/>. Calls are serialised with a lock; the sequence is enumerated on
/// the thread that calls <see cref="Dataset.GetBatch"/> (the loader's prefetch thread).</para>
/// </remarks>
/// <example><code>
/// var data = new StreamingDataset(() => ReadRecords("big.bin"), count: 1_000_000);
/// foreach (var batch in new DataLoader(data, batchSize: 256)) { ... }
/// </code></example>
public sealed class StreamingDataset : Dataset
{
    private readonly Func<IEnumerable<Example>> _open;
    private readonly Example[] _ring;
    private readonly object _gate = new();
    private IEnumerator<Example>? _reader;
    private long _next;       // index of the next example the reader yields
    private int _restarts;

    /// <summary>Creates a dataset over the sequence that <paramref name="open"/> returns, called again on each restart.</summary>
    /// <param name="open">Returns a fresh enumeration of the examples, from the first (it must yield the same
    /// examples in the same order every time).</param>
    /// <param name="count">The number of examples (the sequence must yield at least this many; extra ones are ignored).</param>
    /// <param name="bufferSize">How many of the most recently read examples are kept for repeated or slightly
    /// out-of-order access.</param>
    /// <exception cref="ArgumentOutOfRangeException">count is negative or bufferSize is below 1.</exception>
    public StreamingDataset(Func<IEnumerable<Example>> open, int count, int bufferSize = 1024)
    {
        ArgumentNullException.ThrowIfNull(open);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferSize, 1);
        _open = open;
        Count = count;
        _ring = new Example[Math.Min(bufferSize, Math.Max(count, 1))];
    }

    /// <inheritdoc />
    public override int Count { get; }

    /// <summary>How many recently read examples are kept in memory.</summary>
    public int BufferSize => _ring.Length;

    /// <summary>How many times the sequence was opened again because an index lay behind the buffer.</summary>
    public int Restarts => Volatile.Read(ref _restarts);

    /// <inheritdoc />
    /// <exception cref="InvalidDataException">The sequence ended early, yielded null, or examples whose tensors do not
    /// stack (different counts, shapes or dtypes).</exception>
    protected override Batch GetBatchCore(ReadOnlySpan<int> indices)
    {
        var order = new int[indices.Length];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        var keys = indices.ToArray();
        Array.Sort(keys, order);
        var examples = new Example[indices.Length];
        lock (_gate)
        {
            // Examples kept in the buffer must outlive any step scope of the calling thread.
            using var persistent = TensorScope.Persistent();
            for (int k = 0; k < keys.Length; k++) examples[order[k]] = Fetch(keys[k]);
        }
        return Stack(examples, indices.ToArray());
    }

    private Example Fetch(int index)
    {
        long oldest = Math.Max(0, _next - _ring.Length);
        if (_reader is null || index < oldest)
        {
            if (_reader is not null) Interlocked.Increment(ref _restarts);
            _reader?.Dispose();
            _reader = (_open() ?? throw new InvalidOperationException("StreamingDataset: the factory returned null instead of a sequence.")).GetEnumerator();
            _next = 0;
        }
        while (_next <= index)
        {
            if (!_reader.MoveNext())
                throw new InvalidDataException($"StreamingDataset: the sequence ended after {_next} examples, but the dataset declares {Count}.");
            _ring[_next % _ring.Length] = _reader.Current
                ?? throw new InvalidDataException($"StreamingDataset: the sequence yielded null as example {_next}.");
            _next++;
        }
        return _ring[index % _ring.Length];
    }

    private static Batch Stack(Example[] examples, int[] indices)
    {
        using var noGrad = Tensor.NoGrad();
        var first = examples[0];
        for (int i = 1; i < examples.Length; i++)
        {
            if (examples[i].Inputs.Length != first.Inputs.Length || examples[i].Targets.Length != first.Targets.Length)
                throw new InvalidDataException($"StreamingDataset: example {indices[i]} has {examples[i].Inputs.Length} inputs and {examples[i].Targets.Length} targets; example {indices[0]} has {first.Inputs.Length} and {first.Targets.Length}.");
        }
        Tensor StackAt(Func<Example, Tensor> pick, string what)
        {
            var parts = new Tensor[examples.Length];
            for (int i = 0; i < parts.Length; i++)
            {
                parts[i] = pick(examples[i]);
                if (parts[i].Shape != parts[0].Shape || parts[i].DType != parts[0].DType)
                    throw new InvalidDataException($"StreamingDataset: {what} of example {indices[i]} is {parts[i].DType} {parts[i].Shape}, but example {indices[0]} has {parts[0].DType} {parts[0].Shape}; examples must stack.");
            }
            return Tensor.Stack(parts, 0);
        }
        var inputs = new Tensor[first.Inputs.Length];
        for (int j = 0; j < inputs.Length; j++) inputs[j] = StackAt(e => e.Inputs[j], $"input {j}");
        var targets = new Tensor[first.Targets.Length];
        for (int j = 0; j < targets.Length; j++) targets[j] = StackAt(e => e.Targets[j], $"target {j}");
        return new Batch(inputs, targets);
    }
}
