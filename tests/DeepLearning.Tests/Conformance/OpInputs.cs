using DeepLearning.Devices;

namespace DeepLearning.Tests.Conformance;

internal static class OpInputs
{
    /// <summary>Deterministic inputs for an op case, drawn on <paramref name="device"/>.</summary>
    public static Tensor[] For(OpCase op, int shapeIndex, DType dtype, Device device)
    {
        var shapes = op.Shapes![shapeIndex];
        var inputs = new Tensor[shapes.Length];
        for (int k = 0; k < shapes.Length; k++) inputs[k] = Draw(shapes[k], op.Domain, dtype, device, (ulong)(17 * shapeIndex + k + 1));
        return inputs;
    }

    public static Tensor Draw(Shape shape, Domain domain, DType dtype, Device device, ulong seed)
    {
        using var noGrad = Tensor.NoGrad();
        var u = Tensor.RandomUniform(shape, -1, 1, DType.Float64, new Generator(seed), device);
        var a = u.Abs();
        var s = u.Sign();
        var x = domain switch
        {
            Domain.Positive => u + 1.5,
            Domain.AwayFromZero => s * (a * 1.8 + 0.2),
            Domain.AwayFromOne => s * Tensor.Where(a < 0.5, a * 1.4 + 0.2, (a - 0.5) * 1.6 + 1.2),
            Domain.Unit => u * 0.9,
            _ => u * 2,
        };
        return x.Cast(dtype);
    }

    /// <summary>The same values in a non-contiguous layout: every other element of a wider tensor, and for rank ≥ 2
    /// also transposed storage.</summary>
    public static Tensor Strided(Tensor t)
    {
        using var noGrad = Tensor.NoGrad();
        if (t.Rank < 2) return Tensor.Stack([t, t * 0], -1).Select(-1, 0);
        var tt = t.Transpose();
        return Tensor.Stack([tt, tt * 0], -1).Select(-1, 0).Transpose();
    }
}
