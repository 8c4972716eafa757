namespace DeepLearning;

/// <summary>Element strides of a strided view, one per axis (0 for a broadcast axis). Inline, never allocated.</summary>
public readonly struct Strides : IEquatable<Strides>
{
    private readonly Dims _s;
    private readonly int _rank;

    /// <summary>Creates strides from values.</summary>
    /// <exception cref="ArgumentException">More than <see cref="Shape.MaxRank"/> values or a negative stride.</exception>
    public Strides(params ReadOnlySpan<int> strides)
    {
        if (strides.Length > Shape.MaxRank)
            throw new ArgumentException($"Strides: rank {strides.Length} exceeds {Shape.MaxRank}.", nameof(strides));
        for (int i = 0; i < strides.Length; i++)
        {
            if (strides[i] < 0) throw new ArgumentException($"Strides: stride {i} is negative ({strides[i]}).", nameof(strides));
            _s[i] = strides[i];
        }
        _rank = strides.Length;
    }

    /// <summary>Row-major (C order) strides of a contiguous tensor of <paramref name="shape"/>.</summary>
    public static Strides RowMajor(Shape shape)
    {
        Span<int> s = stackalloc int[Shape.MaxRank];
        int acc = 1;
        for (int i = shape.Rank - 1; i >= 0; i--)
        {
            s[i] = acc;
            acc *= Math.Max(shape[i], 1);
        }
        return new Strides(s[..shape.Rank]);
    }

    /// <summary>Number of axes.</summary>
    public int Rank => _rank;

    /// <summary>The stride of an axis (0 ≤ axis &lt; Rank).</summary>
    public int this[int axis] => _s[axis];

    /// <summary>The strides as a new array.</summary>
    public int[] ToArray()
    {
        var a = new int[_rank];
        for (int i = 0; i < _rank; i++) a[i] = _s[i];
        return a;
    }

    /// <summary>Copies the strides into <paramref name="destination"/>.</summary>
    public void CopyTo(Span<int> destination)
    {
        for (int i = 0; i < _rank; i++) destination[i] = _s[i];
    }

    /// <inheritdoc />
    public bool Equals(Strides other)
    {
        if (_rank != other._rank) return false;
        for (int i = 0; i < _rank; i++)
            if (_s[i] != other._s[i]) return false;
        return true;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Strides s && Equals(s);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var h = new HashCode();
        for (int i = 0; i < _rank; i++) h.Add(_s[i]);
        return h.ToHashCode();
    }

    /// <summary>Equality.</summary>
    public static bool operator ==(Strides a, Strides b) => a.Equals(b);

    /// <summary>Inequality.</summary>
    public static bool operator !=(Strides a, Strides b) => !a.Equals(b);

    /// <inheritdoc />
    public override string ToString() => "(" + string.Join(", ", ToArray()) + ")";
}
