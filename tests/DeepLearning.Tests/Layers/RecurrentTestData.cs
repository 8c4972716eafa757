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

    /// <summary>The reference input x = wave((2, 5, 4), 1, 0.2) of RecurrentReference.</summary>
    public static Tensor X(DType dtype = DType.Float64) => Wave([2, 5, 4], 1.0, 0.2, dtype);

    /// <summary>The reference initial states h₀ = wave((2, 3), 0.5, 1.1), c₀ = wave((2, 3), 0.4, 2.0).</summary>
    public static Tensor[] InitialStates(int count, DType dtype = DType.Float64) =>
        count == 2 ? [Wave([2, 3], 0.5, 1.1, dtype), Wave([2, 3], 0.4, 2.0, dtype)] : [Wave([2, 3], 0.5, 1.1, dtype)];

    /// <summary>The reference mask: sample 0 right-padded after 3 steps, sample 1 left-padded by 1 step.</summary>
    public static Tensor ReferenceMask() => Tensor.FromArray(new float[,] { { 1, 1, 1, 0, 0 }, { 0, 1, 1, 1, 1 } });

    /// <summary>Runs a built recurrent layer (return_sequences and return_state) on the reference input in one of the
    /// script's variants: "plain", "init" (initial states), "masked", "masked_init".</summary>
    public static IReadOnlyList<Tensor> RunVariant(RecurrentLayer layer, string variant, DType dtype)
    {
        var x = X(dtype);
        var inputs = new List<Tensor> { x };
        if (variant.EndsWith("init")) inputs.AddRange(InitialStates(layer.StateCount, dtype));
        var masks = new Tensor?[inputs.Count];
        if (variant.StartsWith("masked")) masks[0] = ReferenceMask();
        return layer.CallMultiple(inputs, masks: masks);
    }

    /// <summary>Asserts a tensor equals reference values within |a − e| ≤ tol·(1 + |e|).</summary>
    public static void AssertMatches(double[] expected, Tensor actual, double tol, string what)
    {
        var a = actual.ToArray<double>();
        Assert.Equal(expected.Length, a.Length);
        for (int i = 0; i < a.Length; i++)
            Assert.True(Math.Abs(a[i] - expected[i]) <= tol * (1 + Math.Abs(expected[i])), $"{what}: element {i} is {a[i]:R}, expected {expected[i]:R}");
    }
}
