using DeepLearning.Layers;

namespace DeepLearning.Tests.Layers;

/// <summary>Helpers for the layer tests: deterministic inputs and weights, weight assignment, config round trips.</summary>
internal static class LayerTestUtil
{
    /// <summary>sin(a·i + b) for i = 0, 1, … in row-major order: the same values as the numpy scripts'
    /// <c>seq(shape, a, b)</c> (cos with <paramref name="cos"/>).</summary>
    public static Tensor Seq(Shape shape, double a, double b, bool cos = false, DType dtype = DType.Float64)
    {
        var i = Tensor.Arange(shape.ElementCount, DType.Float64) * a + b;
        return (cos ? i.Cos() : i.Sin()).Reshape(shape).Cast(dtype);
    }

    /// <summary>Overwrites a weight (outside the graph).</summary>
    public static void Set(Tensor? weight, Tensor value)
    {
        Assert.NotNull(weight);
        using var noGrad = Tensor.NoGrad();
        weight!.Assign(value.Cast(weight.DType));
    }

    /// <summary>config → FromConfig → same weights → the same output, and the rebuilt layer's config equals the original's.</summary>
    public static Layer RoundTrip(Layer layer, Tensor input)
    {
        var expected = layer.Call(input);
        var config = layer.GetConfig();
        var fromConfig = layer.GetType().GetMethod("FromConfig", [typeof(LayerConfig)]);
        Assert.NotNull(fromConfig);
        var copy = (Layer)fromConfig!.Invoke(null, [config])!;
        Assert.Equal(layer.GetType(), copy.GetType());
        copy.Call(input);
        Assert.Equal(layer.Weights.Count, copy.Weights.Count);
        for (int i = 0; i < layer.Weights.Count; i++) Set(copy.Weights[i], layer.Weights[i]);
        TestHelpers.AssertClose(expected, copy.Call(input), 0, 0, $"{layer.Name} round trip");
        var a = Describe(config);
        var b = Describe(copy.GetConfig());
        Assert.Equal(a, b);
        return copy;
    }

    private static string Describe(LayerConfig c) => string.Join("; ", c.Entries.Select(e => $"{e.Key}={Value(e.Value)}"));

    private static string Value(object? v) => v switch
    {
        null => "null",
        int[] a => "[" + string.Join(",", a) + "]",
        double[] a => "[" + string.Join(",", a) + "]",
        LayerConfig c => "{" + Describe(c) + "}",
        _ => v.ToString() ?? "",
    };
}
