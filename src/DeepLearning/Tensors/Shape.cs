using System.Collections;
using System.Runtime.CompilerServices;
using System.Text;

namespace DeepLearning;

/// <summary>
/// The dimensions of a tensor: an inline value of rank 0 to <see cref="MaxRank"/>, never allocated on the heap.
/// Write it as a collection expression (<c>Shape s = [2, 3];</c>) or with the constructor. Axis arguments
/// everywhere accept negative values counted from the end (−1 is the last axis).
/// </summary>
[CollectionBuilder(typeof(Shape), nameof(Create))]
public readonly struct Shape : IEquatable<Shape>, IEnumerable<int>
{
    /// <summary>The highest rank a tensor may have.</summary>
    public const int MaxRank = 8;

    private readonly Dims _dims;
    private readonly int _rank;

    /// <summary>Creates a shape from its dimensions.</summary>
    /// <exception cref="ArgumentException">More than <see cref="MaxRank"/> dimensions, or a negative one.</exception>
    public Shape(params ReadOnlySpan<int> dims)
    {
        if (dims.Length > MaxRank)
            throw new ArgumentException($"Shape: rank {dims.Length} exceeds the maximum rank {MaxRank}.", nameof(dims));
        for (int i = 0; i < dims.Length; i++)
        {
            if (dims[i] < 0)
                throw new ArgumentException($"Shape: dimension {i} is {dims[i]}; dimensions must be ≥ 0.", nameof(dims));
            _dims[i] = dims[i];
        }
        _rank = dims.Length;
    }

    /// <summary>Collection-expression builder: <c>Shape s = [2, 3];</c>.</summary>
    public static Shape Create(ReadOnlySpan<int> dims) => new(dims);

    /// <summary>A shape from an array of dimensions.</summary>
    public static implicit operator Shape(int[] dims) => new(dims);

    /// <summary>The shape of a scalar (rank 0, one element).</summary>
    public static Shape Scalar => default;

    /// <summary>Number of dimensions.</summary>
    public int Rank => _rank;

    /// <summary>The size of an axis; negative axes count from the end.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The axis is outside [−Rank, Rank).</exception>
    public int this[int axis] => _dims[NormalizeAxis(axis, "Shape")];

    /// <summary>The size of an axis given as an <see cref="Index"/> (<c>shape[^1]</c> is the last).</summary>
    public int this[Index axis] => this[axis.IsFromEnd ? -axis.Value : axis.Value];

    /// <summary>The farthest element offset a view of this shape with <paramref name="strides"/> reaches from its
    /// first element, Σ (size − 1)·stride; −1 when the shape has no elements (nothing is reached), and
    /// <see cref="long.MaxValue"/> when the strides do not have this rank. Strides are never negative.</summary>
    internal long Reach(in Strides strides)
    {
        if (strides.Rank != _rank) return long.MaxValue;
        long last = 0;
        for (int i = 0; i < _rank; i++)
        {
            int n = _dims[i];
            if (n == 0) return -1;
            last += (long)(n - 1) * strides[i];
        }
        return last;
    }

    /// <summary>The product of the dimensions (1 for a scalar).</summary>
    /// <exception cref="OverflowException">The product exceeds <see cref="int.MaxValue"/>.</exception>
    public int ElementCount
    {
        get
        {
            long n = 1;
            for (int i = 0; i < _rank; i++)
            {
                n *= _dims[i];
                if (n > int.MaxValue) throw new OverflowException($"Shape {this} has more than {int.MaxValue} elements.");
            }
            return (int)n;
        }
    }

    /// <summary>Maps a possibly negative axis to [0, Rank).</summary>
    /// <param name="axis">The axis, negative counting from the end.</param>
    /// <param name="op">The operation named in the exception message.</param>
    /// <exception cref="ArgumentOutOfRangeException">The axis is outside [−Rank, Rank).</exception>
    public int NormalizeAxis(int axis, string op)
    {
        int a = axis < 0 ? axis + _rank : axis;
        if ((uint)a >= (uint)_rank)
            throw new ArgumentOutOfRangeException(nameof(axis), axis,
                $"{op}: axis {axis} is out of range for shape {this} (rank {_rank}).");
        return a;
    }

    /// <summary>The dimensions as a new array.</summary>
    public int[] ToArray()
    {
        var a = new int[_rank];
        for (int i = 0; i < _rank; i++) a[i] = _dims[i];
        return a;
    }

    /// <summary>Copies the dimensions into <paramref name="destination"/>.</summary>
    public void CopyTo(Span<int> destination)
    {
        for (int i = 0; i < _rank; i++) destination[i] = _dims[i];
    }

    /// <summary>This shape with one axis set to <paramref name="size"/>.</summary>
    public Shape With(int axis, int size)
    {
        Span<int> d = stackalloc int[MaxRank];
        CopyTo(d);
        d[NormalizeAxis(axis, "Shape.With")] = size;
        return new Shape(d[.._rank]);
    }

    /// <summary>The NumPy broadcast of two shapes: dimensions aligned from the right, each pair equal or one of them 1.</summary>
    /// <param name="a">First shape.</param>
    /// <param name="b">Second shape.</param>
    /// <param name="op">The operation named in the exception message.</param>
    /// <exception cref="ArgumentException">The shapes cannot be broadcast together.</exception>
    public static Shape Broadcast(Shape a, Shape b, string op)
    {
        if (TryBroadcast(a, b, out var result)) return result;
        throw new ArgumentException($"{op}: shapes {a} and {b} cannot be broadcast together.");
    }

    /// <summary>The NumPy broadcast of two shapes, or false when some aligned pair differs and neither is 1.</summary>
    public static bool TryBroadcast(Shape a, Shape b, out Shape result)
    {
        result = a;
        if (a == b) return true;
        int rank = Math.Max(a._rank, b._rank);
        Span<int> d = stackalloc int[MaxRank];
        for (int i = 0; i < rank; i++)
        {
            int da = i < a._rank ? a._dims[a._rank - 1 - i] : 1;
            int db = i < b._rank ? b._dims[b._rank - 1 - i] : 1;
            if (da != db && da != 1 && db != 1) return false;
            d[rank - 1 - i] = da == 1 ? db : da;
        }
        result = new Shape(d[..rank]);
        return true;
    }

    /// <summary>True when <paramref name="from"/> can be broadcast to this shape.</summary>
    public bool CanBroadcastFrom(Shape from)
    {
        if (from._rank > _rank) return false;
        for (int i = 0; i < from._rank; i++)
        {
            int df = from._dims[from._rank - 1 - i], dt = _dims[_rank - 1 - i];
            if (df != dt && df != 1) return false;
        }
        return true;
    }

    /// <inheritdoc />
    public bool Equals(Shape other)
    {
        if (_rank != other._rank) return false;
        for (int i = 0; i < _rank; i++)
            if (_dims[i] != other._dims[i]) return false;
        return true;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Shape s && Equals(s);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var h = new HashCode();
        h.Add(_rank);
        for (int i = 0; i < _rank; i++) h.Add(_dims[i]);
        return h.ToHashCode();
    }

    /// <summary>Shape equality.</summary>
    public static bool operator ==(Shape a, Shape b) => a.Equals(b);

    /// <summary>Shape inequality.</summary>
    public static bool operator !=(Shape a, Shape b) => !a.Equals(b);

    /// <summary>Python tuple style: <c>(2, 3)</c>, <c>(5,)</c>, <c>()</c>.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder("(");
        for (int i = 0; i < _rank; i++)
        {
            if (i > 0) sb.Append(", ");
            sb.Append(_dims[i]);
        }
        if (_rank == 1) sb.Append(',');
        return sb.Append(')').ToString();
    }

    /// <summary>Enumerates the dimensions.</summary>
    public Enumerator GetEnumerator() => new(this);

    IEnumerator<int> IEnumerable<int>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal Dims Dims => _dims;

    /// <summary>Enumerator over the dimensions.</summary>
    public struct Enumerator(Shape shape) : IEnumerator<int>
    {
        private int _i = -1;

        /// <inheritdoc />
        public readonly int Current => shape._dims[_i];

        readonly object IEnumerator.Current => Current;

        /// <inheritdoc />
        public bool MoveNext() => ++_i < shape._rank;

        /// <inheritdoc />
        public void Reset() => _i = -1;

        /// <inheritdoc />
        public readonly void Dispose() { }
    }
}
