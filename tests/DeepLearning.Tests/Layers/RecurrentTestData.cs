using DeepLearning.Layers;

namespace DeepLearning.Tests.Layers;

/// <summary>Deterministic values shared by the recurrent-layer tests and their Python reference scripts:
/// wave(n, scale, phase)[i] = scale·sin(phase + 0.7·i), in row-major order (numpy: scale*np.sin(phase + 0.7*np.arange(n))).</summary>
internal static class RecurrentTestData
{
    public static double[] Wave(int n, double scale, double phase)
    {
        var v = new double[n];
        for (int i = 0; i < n; i++) v[i] = scale * Math.Sin(phase + 0.7 * i);
        return v;
    }

    public static Tensor Wave(Shape shape, double scale, double phase, DType dtype = DType.Float64)
    {
        var t = Tensor.FromArray(Wave(shape.ElementCount, scale, phase), shape);
        return t.Cast(dtype);
    }

    /// <summary>Overwrites a weight with wave values.</summary>
    public static void Set(Tensor weight, double scale, double phase)
    {
        using var noGrad = Tensor.NoGrad();
        weight.Assign(Wave(weight.Shape, scale, phase, weight.DType));
    }

    /// <summary>Builds a layer on an input of the given shape and dtype (so its weights exist).</summary>
    public static T Built<T>(T layer, Shape input, DType dtype = DType.Float64) where T : Layer
    {
        layer.DType = dtype;
        using (Tensor.NoGrad()) layer.Call(Tensor.Zeros(input, dtype));
        return layer;
    }
}
