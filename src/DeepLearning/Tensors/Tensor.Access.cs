namespace DeepLearning;

public sealed partial class Tensor
{
    /// <summary>The value of a one-element tensor as float (synchronises with the device).</summary>
    /// <exception cref="InvalidOperationException">The tensor has more than one element.</exception>
    public float Item() => Item<float>();

    /// <summary>The value of a one-element tensor converted to <typeparamref name="T"/> (float, double or int).</summary>
    /// <exception cref="InvalidOperationException">The tensor has more than one element.</exception>
    public T Item<T>() where T : unmanaged
    {
        if (ElementCount != 1)
            throw new InvalidOperationException($"Item: the tensor has {ElementCount} elements (shape {_shape}); index it first.");
        Span<T> one = stackalloc T[1];
        var source = DType == DTypeExtensions.Of<T>() ? this : Cast(DTypeExtensions.Of<T>());
        source.Device.Download(source.View, one);
        return one[0];
    }

    /// <summary>The element at <paramref name="indices"/> (one per axis, negative from the end) as <typeparamref name="T"/>.</summary>
    /// <exception cref="ArgumentException">The number of indices differs from the rank.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside its axis.</exception>
    public T Item<T>(params ReadOnlySpan<int> indices) where T : unmanaged => Element(indices).Item<T>();

    /// <summary>Writes one element in place (bumps the version for autograd).</summary>
    /// <exception cref="InvalidOperationException">The tensor requires a gradient while recording.</exception>
    public void SetItem(double value, params ReadOnlySpan<int> indices)
    {
        CheckInPlace("SetItem");
        var e = Element(indices);
        Device.Fill(e.View, value);
        MarkModified();
    }

    private Tensor Element(ReadOnlySpan<int> indices)
    {
        if (indices.Length != Rank)
            throw new ArgumentException($"Item: {indices.Length} indices for shape {_shape}.");
        using var noGrad = NoGrad();
        var t = this;
        for (int i = indices.Length - 1; i >= 0; i--) t = t.Select(i, indices[i]);
        return t;
    }

    /// <summary>All elements in row-major order, converted to <typeparamref name="T"/> (float, double or int).</summary>
    public T[] ToArray<T>() where T : unmanaged
    {
        var result = new T[ElementCount];
        CopyTo<T>(result);
        return result;
    }

    /// <summary>Copies all elements in row-major order into <paramref name="destination"/>, converting to <typeparamref name="T"/>.</summary>
    /// <exception cref="ArgumentException">The destination is shorter than <see cref="ElementCount"/>.</exception>
    public void CopyTo<T>(Span<T> destination) where T : unmanaged
    {
        if (destination.Length < ElementCount)
            throw new ArgumentException($"CopyTo: destination holds {destination.Length} elements; the tensor has {ElementCount} (shape {_shape}).");
        var dtype = DTypeExtensions.Of<T>();
        using var noGrad = NoGrad();
        var source = dtype == DType ? this : Cast(dtype);
        source.Device.Download(source.View, destination[..ElementCount]);
    }

    /// <summary>Overwrites the elements with <paramref name="values"/> in row-major order (in place; bumps the version).</summary>
    /// <exception cref="ArgumentException">The value count or type does not match.</exception>
    public void CopyFrom<T>(ReadOnlySpan<T> values) where T : unmanaged
    {
        CheckInPlace("CopyFrom");
        if (values.Length != ElementCount)
            throw new ArgumentException($"CopyFrom: {values.Length} values for a tensor of {ElementCount} elements (shape {_shape}).");
        if (DTypeExtensions.Of<T>() != DType)
            throw new ArgumentException($"CopyFrom: {typeof(T).Name} values for a {DType} tensor.");
        Device.Upload(values, View);
        MarkModified();
    }
}
