namespace DeepLearning;

/// <summary>
/// One entry of a tensor index: an integer (selects one element and drops the axis), a C# range such as
/// <c>1..3</c> or <c>^2..</c>, a stepped <see cref="Slice"/>, <see cref="NewAxis"/> or <see cref="Ellipsis"/>.
/// Integers and ranges convert implicitly: <c>x[0, 1..3]</c>, <c>x[TensorIndex.Ellipsis, ^1]</c>.
/// </summary>
/// <remarks>Integers and C# ranges follow C# rules: out-of-range values throw. <see cref="Slice"/> follows Python
/// rules: bounds are clamped to the axis.</remarks>
public readonly struct TensorIndex
{
    internal enum IndexKind { Single, Range, Slice, NewAxis, Ellipsis }

    internal IndexKind Kind { get; }
    internal Index Single { get; }
    internal Range Range { get; }
    internal int? Start { get; }
    internal int? Stop { get; }
    internal int Step { get; }

    private TensorIndex(IndexKind kind, Index single = default, Range range = default, int? start = null, int? stop = null, int step = 1)
    {
        Kind = kind;
        Single = single;
        Range = range;
        Start = start;
        Stop = stop;
        Step = step;
    }

    /// <summary>Selects one element of an axis (negative counts from the end) and drops the axis.</summary>
    public static implicit operator TensorIndex(int index) => new(IndexKind.Single, single: index < 0 ? Index.FromEnd(-index) : Index.FromStart(index));

    /// <summary>Selects one element of an axis and drops the axis.</summary>
    public static implicit operator TensorIndex(Index index) => new(IndexKind.Single, single: index);

    /// <summary>Keeps a contiguous range of an axis.</summary>
    public static implicit operator TensorIndex(Range range) => new(IndexKind.Range, range: range);

    /// <summary>Python's start:stop:step with clamped bounds; null means the axis end. The step must be ≥ 1.</summary>
    /// <exception cref="ArgumentOutOfRangeException">step &lt; 1.</exception>
    public static TensorIndex Slice(int? start, int? stop, int step = 1)
    {
        if (step < 1) throw new ArgumentOutOfRangeException(nameof(step), step, "TensorIndex.Slice: the step must be ≥ 1 (negative strides are not supported).");
        return new TensorIndex(IndexKind.Slice, start: start, stop: stop, step: step);
    }

    /// <summary>Inserts an axis of size 1.</summary>
    public static TensorIndex NewAxis { get; } = new(IndexKind.NewAxis);

    /// <summary>Stands for as many full axes as needed (at most one per index).</summary>
    public static TensorIndex Ellipsis { get; } = new(IndexKind.Ellipsis);

    internal bool ConsumesAxis => Kind is IndexKind.Single or IndexKind.Range or IndexKind.Slice;
}
