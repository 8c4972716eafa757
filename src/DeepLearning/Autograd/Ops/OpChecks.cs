namespace DeepLearning.Autograd.Ops;

/// <summary>Argument checks shared by the ops; each names the op and the shapes in its message.</summary>
internal static class OpChecks
{
    public static void SameDeviceAndDType(string op, Tensor a, Tensor b)
    {
        if (a.Device != b.Device)
            throw new ArgumentException($"{op}: operands are on different devices ({a.Device} and {b.Device}); shapes {a.Shape} and {b.Shape}.");
        if (a.DType != b.DType)
            throw new ArgumentException($"{op}: operands have different dtypes ({a.DType} and {b.DType}); shapes {a.Shape} and {b.Shape}. Cast one with Cast().");
    }

    public static void Floating(string op, Tensor x)
    {
        if (!x.DType.IsFloating())
            throw new ArgumentException($"{op}: requires a floating tensor; got {x.DType} of shape {x.Shape}.");
    }

    public static void SameDevice(string op, Tensor a, Tensor b)
    {
        if (a.Device != b.Device)
            throw new ArgumentException($"{op}: operands are on different devices ({a.Device} and {b.Device}); shapes {a.Shape} and {b.Shape}.");
    }

    public static void Int32(string op, Tensor x, string what)
    {
        if (x.DType != DType.Int32)
            throw new ArgumentException($"{op}: {what} must be int32; got {x.DType} of shape {x.Shape}.");
    }

    /// <summary>Normalises a list of axes (negative allowed) into a mask; duplicates are an error.</summary>
    public static void AxesMask(string op, Shape shape, ReadOnlySpan<int> axes, Span<bool> mask)
    {
        mask.Clear();
        foreach (int axis in axes)
        {
            int a = shape.NormalizeAxis(axis, op);
            if (mask[a]) throw new ArgumentException($"{op}: axis {axis} is repeated for shape {shape}.");
            mask[a] = true;
        }
    }

    /// <summary>A scalar operand converted to the tensor's dtype (integral values only for int32).</summary>
    public static double Scalar(string op, Tensor x, double value)
    {
        if (x.DType == DType.Int32 && (value != Math.Floor(value) || value > int.MaxValue || value < int.MinValue))
            throw new ArgumentException($"{op}: scalar {value} is not an int32 value, but the tensor of shape {x.Shape} is int32. Cast the tensor first.");
        return value;
    }
}
