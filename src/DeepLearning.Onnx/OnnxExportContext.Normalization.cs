using DeepLearning.Layers;

namespace DeepLearning.Onnx;

internal sealed partial class OnnxExportContext
{
    /// <summary>Inference BatchNormalization: ONNX BatchNormalization (channel axis 1) with the moving statistics,
    /// y = γ(x − μ)/√(σ² + ε) + β; the feature axis goes to position 1 through the channels-first layout.</summary>
    private void ExportBatchNormalization(BatchNormalization bn, SymbolicTensor input, SymbolicTensor output)
    {
        int rank = input.Shape.Rank + 1;
        int axis = bn.Axis < 0 ? bn.Axis + rank : bn.Axis;
        bool cf = axis == rank - 1 && rank > 2;
        if (!cf && axis != 1)
            throw new NotSupportedException($"ONNX export: layer '{bn.Name}' (BatchNormalization) normalises axis {bn.Axis} of {input.ShapeText}; only the last axis or axis 1 map to ONNX's BatchNormalization.");
        int c = input.Shape[axis - 1];
        var g = Graph;
        string scale = bn.Gamma is null ? g.Constant(bn.Name + "/gamma", Enumerable.Repeat(1f, c).ToArray(), c) : g.Constant(bn.Name + "/gamma", bn.Gamma);
        string bias = bn.Beta is null ? g.Constant(bn.Name + "/beta", new float[c], c) : g.Constant(bn.Name + "/beta", bn.Beta);
        string y = g.Op("BatchNormalization", bn.Name, [cf ? ChannelsFirst(input) : Native(input), scale, bias,
            g.Constant(bn.Name + "/moving_mean", bn.MovingMean!), g.Constant(bn.Name + "/moving_variance", bn.MovingVariance!)],
            ("epsilon", bn.Epsilon));
        Set(output, y, cf);
    }

    /// <summary>ONNX LayerNormalization (opset 17) over the trailing axes from the first normalised one:
    /// y = γ(x − μ)/√(σ² + ε) + β with biased variance, as Keras.</summary>
    private void ExportLayerNormalization(LayerNormalization ln, SymbolicTensor input, SymbolicTensor output)
    {
        int rank = input.Shape.Rank + 1;
        var axes = ln.Axes.Select(a => a < 0 ? a + rank : a).Order().ToArray();
        for (int i = 0; i < axes.Length; i++)
            if (axes[i] != rank - axes.Length + i)
                throw new NotSupportedException($"ONNX export: layer '{ln.Name}' (LayerNormalization) normalises axes [{string.Join(", ", ln.Axes)}] of {input.ShapeText}; ONNX's LayerNormalization needs trailing axes.");
        var shape = input.Shape.ToArray()[(axes[0] - 1)..];
        long[] dims = shape.Select(d => (long)d).ToArray();
        int count = shape.Aggregate(1, (a, b) => a * b);
        var g = Graph;
        string scale = ln.Gamma is null ? g.Constant(ln.Name + "/gamma", Enumerable.Repeat(1f, count).ToArray(), dims)
            : g.Constant(ln.Name + "/gamma", ln.Gamma.Cast(DType.Float32).ToArray<float>(), dims);
        string bias = ln.Beta is null ? g.Constant(ln.Name + "/beta", new float[count], dims)
            : g.Constant(ln.Name + "/beta", ln.Beta.Cast(DType.Float32).ToArray<float>(), dims);
        Set(output, g.Op("LayerNormalization", ln.Name, [Native(input), scale, bias], ("axis", axes[0]), ("epsilon", ln.Epsilon)));
    }

    /// <summary>y = x·scale + offset, per channel (last axis) or scalar.</summary>
    private void ExportRescaling(Rescaling r, SymbolicTensor input, SymbolicTensor output)
    {
        var g = Graph;
        string x = Native(input);
        if (input.DType == DType.Int32) x = g.Op("Cast", r.Name, [x], ("to", 1));
        var scale = r.Scale.Select(v => (float)v).ToArray();
        var offset = r.Offset.Select(v => (float)v).ToArray();
        string y = g.Op("Add", r.Name, [g.Op("Mul", r.Name, [x, g.Constant(r.Name + "/scale", scale, scale.Length)]), g.Constant(r.Name + "/offset", offset, offset.Length)]);
        Set(output, y);
    }

    /// <summary>Keras's Normalization: y = (x − μ)/max(√σ², 1e−7), inverted x·max(√σ², 1e−7) + μ, with the statistics
    /// broadcast over the axes they were not kept on.</summary>
    private void ExportNormalization(Normalization n, SymbolicTensor input, SymbolicTensor output)
    {
        const double kerasEpsilon = 1e-7; // keras.layers.Normalization: ops.maximum(ops.sqrt(variance), backend.epsilon())
        if (n.Mean is null || n.Variance is null)
            throw new NotSupportedException($"ONNX export: layer '{n.Name}' (Normalization) has no statistics yet; call Adapt first.");
        int r = input.Shape.Rank;
        var keep = n.Axes.Select(a => a < 0 ? a + r : a - 1).ToHashSet();
        long[] dims = Enumerable.Range(0, r).Select(i => keep.Contains(i) ? (long)input.Shape[i] : 1L).ToArray();
        var mean = n.Mean.Cast(DType.Float64).ToArray<double>();
        var denom = n.Variance.Cast(DType.Float64).ToArray<double>().Select(v => (float)Math.Max(Math.Sqrt(v), kerasEpsilon)).ToArray();
        var g = Graph;
        string x = Native(input);
        if (input.DType == DType.Int32) x = g.Op("Cast", n.Name, [x], ("to", 1));
        string m = g.Constant(n.Name + "/mean", mean.Select(v => (float)v).ToArray(), dims);
        string s = g.Constant(n.Name + "/std", denom, dims);
        Set(output, n.Invert ? g.Op("Add", n.Name, [g.Op("Mul", n.Name, [x, s]), m]) : g.Op("Div", n.Name, [g.Op("Sub", n.Name, [x, m]), s]));
    }
}
