namespace DeepLearning.Data;

/// <summary>A view on some examples of another dataset, in a given order (as PyTorch's <c>Subset</c>): example i
/// of the subset is example <c>Indices[i]</c> of <see cref="Source"/>. No data is copied.</summary>
public sealed class Subset : Dataset
{
    private readonly int[] _indices;

    /// <summary>Creates a view on the examples at <paramref name="indices"/> of <paramref name="source"/>.</summary>
    /// <exception cref="ArgumentNullException">source or indices is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside the source.</exception>
    public Subset(Dataset source, IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(indices);
        _indices = [.. indices];
        int count = source.Count;
        for (int i = 0; i < _indices.Length; i++)
        {
            if ((uint)_indices[i] >= (uint)count)
                throw new ArgumentOutOfRangeException(nameof(indices), _indices[i],
                    $"Subset: index {_indices[i]} at position {i} is outside the source dataset of {count} examples.");
        }
        Source = source;
    }

    /// <summary>The dataset this view reads from.</summary>
    public Dataset Source { get; }

    /// <summary>The source index of every example of the view.</summary>
    public IReadOnlyList<int> Indices => _indices;

    /// <inheritdoc />
    public override int Count => _indices.Length;

    /// <inheritdoc />
    protected override Batch GetBatchCore(ReadOnlySpan<int> indices)
    {
        var mapped = new int[indices.Length];
        for (int i = 0; i < mapped.Length; i++) mapped[i] = _indices[indices[i]];
        return Source.GetBatch(mapped);
    }
}
