using DeepLearning.Activations;
using DeepLearning.Layers;
using Onnx;

namespace DeepLearning.Onnx;

internal sealed partial class OnnxImportContext
{
    private void Map(NodeProto node)
    {
        switch (node.OpType)
        {
            case "Constant": MapConstant(node); break;
            case "Identity": Set(node, 0, In(node, 0)); break;
            case "Dropout":
                if (Used(node, 1)) throw Unsupported(node, "its mask output is used.");
                Set(node, 0, In(node, 0));
                break;
            case "Transpose": MapTranspose(node); break;
            case "Conv": MapConv(node); break;
            case "ConvTranspose": MapConvTranspose(node); break;
            case "MaxPool" or "AveragePool": MapPool(node); break;
            case "GlobalAveragePool" or "GlobalMaxPool": MapGlobalPool(node, ChannelsLastIn(node, 0), keepDims: true); break;
            case "ReduceMean" or "ReduceMax": MapReduce(node); break;
            case "BatchNormalization": MapBatchNormalization(node); break;
            case "LayerNormalization": MapLayerNormalization(node); break;
            case "Gemm": MapGemm(node); break;
            case "MatMul": MapMatMul(node); break;
            case "Flatten": MapFlatten(node); break;
            case "Reshape": MapReshape(node); break;
            case "Relu" or "Sigmoid" or "Tanh" or "LeakyRelu" or "Elu" or "Selu" or "Softplus" or "Softsign" or "Exp" or "HardSigmoid" or "Clip":
                MapActivation(node);
                break;
            case "Softmax" or "LogSoftmax": MapSoftmax(node); break;
            case "PRelu": MapPRelu(node); break;
            case "Add" or "Sub" or "Mul" or "Div" or "Max" or "Min" or "Mean": MapBinary(node); break;
            case "Concat": MapConcat(node); break;
            case "Pad": MapPad(node); break;
            case "Slice": MapSlice(node); break;
            case "Resize": MapResize(node); break;
            case "Gather": MapGather(node); break;
            case "LSTM" or "GRU" or "RNN": MapRecurrent(node); break;
            case "Unsqueeze": MapUnsqueeze(node); break;
            case "Shape": MapShape(node); break;
            case "ConstantOfShape": MapConstantOfShape(node); break;
            case "Erf" or "Where" when _fused.TryGetValue(node, out var fused): MapFused(node, fused); break;
            default: throw Unsupported(node, "it appears only inside the patterns the import recognises (docs/onnx.md).");
        }
    }

    private void MapConstant(NodeProto node) => Set(node, 0, new ImportValue(ReadConstant(node)));

    private OnnxConstant ReadConstant(NodeProto node)
    {
        var a = node.Attribute.FirstOrDefault() ?? throw new InvalidDataException($"ONNX import: Constant node '{node.Name}' has no value.");
        var c = a.Name switch
        {
            "value" => OnnxConstant.Read(a.T),
            "value_float" => new OnnxConstant([], [a.F], null),
            "value_floats" => new OnnxConstant([a.Floats.Count], [.. a.Floats], null),
            "value_int" => new OnnxConstant([], null, [a.I]),
            "value_ints" => new OnnxConstant([a.Ints.Count], null, [.. a.Ints]),
            _ => throw Unsupported(node, $"a Constant given as '{a.Name}' is not read."),
        };
        return c;
    }

    /// <summary>Transpose costs nothing: the output is the same stored tensor with its permutation composed.</summary>
    private void MapTranspose(NodeProto node)
    {
        var x = In(node, 0);
        if (x.Symbol is null || x.FeatureOrder is not null || x.UnsqueezedFrom is not null) x = SymIn(node, 0);
        int r = x.Perm.Length;
        var p = Ints(node, "perm")?.Select(v => (int)v).ToArray() ?? Enumerable.Range(0, r).Reverse().ToArray();
        if (p.Length != r || p.Order().Where((v, i) => v != i).Any())
            throw new InvalidDataException($"ONNX import: Transpose '{node.Name}' has perm [{string.Join(", ", p)}] for a rank-{r} value.");
        var inverse = new int[r];
        for (int i = 0; i < r; i++) inverse[p[i]] = i;
        // Output axis i is input axis p[i]; the stored axis j (input axis Perm[j]) is output axis p⁻¹[Perm[j]].
        Set(node, 0, new ImportValue(x.Symbol!, x.Perm.Select(a => inverse[a]).ToArray())
        {
            ReversedAxis = x.ReversedAxis < 0 ? -1 : inverse[x.ReversedAxis],
        });
    }

    /// <summary>ONNX Conv (W: out × in/g × k…) → Conv2D, DepthwiseConv2D (group = channels) or Conv1D; explicit pads
    /// that equal "same" become Padding.Same, other 2-D pads a ZeroPadding2D before a valid convolution.</summary>
    private void MapConv(NodeProto node)
    {
        var x = ChannelsLastIn(node, 0);
        var w = ConstIn(node, 1, "weight");
        var b = HasInput(node, 2) ? ConstIn(node, 2, "bias") : null;
        int r = x.Perm.Length;
        int spatial = r - 2;
        var inShape = x.Symbol!.Shape.ToArray();
        int channels = inShape[^1];
        var k = w.Dims[2..];
        var s = Ints(node, "strides")?.Select(v => (int)v).ToArray() ?? Enumerable.Repeat(1, spatial).ToArray();
        var d = Ints(node, "dilations")?.Select(v => (int)v).ToArray() ?? Enumerable.Repeat(1, spatial).ToArray();
        int group = (int)Int(node, "group", 1);
        var pads = ResolvePads(node, inShape[..spatial], k, s, d);
        var (padding, symbol) = PaddingFor(node, x.Symbol, inShape[..spatial], k, s, d, pads, allowCausal: spatial == 1);
        string name = LayerName(node);
        int filters = w.Dims[0];
        var wt = TensorOf(w);
        Layer layer;
        Tensor kernel;
        if (spatial == 2 && group > 1 && group == channels && w.Dims[1] == 1 && filters % channels == 0)
        {
            int m = filters / channels;
            layer = new DepthwiseConv2D((k[0], k[1]), (s[0], s[1]), padding, m, (d[0], d[1]), useBias: b is not null, name: name);
            kernel = wt.Reshape(channels, m, k[0], k[1]).Permute(2, 3, 0, 1);
        }
        else if (spatial == 2)
        {
            layer = new Conv2D(filters, (k[0], k[1]), (s[0], s[1]), padding, (d[0], d[1]), group, useBias: b is not null, name: name);
            kernel = wt.Permute(2, 3, 1, 0);
        }
        else if (spatial == 1)
        {
            layer = new Conv1D(filters, k[0], s[0], padding, d[0], group, useBias: b is not null, name: name);
            kernel = wt.Permute(2, 1, 0);
        }
        else throw Unsupported(node, $"{spatial}-D convolutions are not mapped (1-D and 2-D are).");
        var y = Call(layer, symbol)[0];
        var conv = (BaseConv)layer;
        Assign(conv.Kernel, kernel, node, "weight");
        if (b is not null) Assign(conv.Bias, TensorOf(b), node, "bias");
        Set(node, 0, new ImportValue(y, x.Perm));
    }

    /// <summary>The ONNX pads [begin…, end…], from the attribute or from auto_pad.</summary>
    private int[] ResolvePads(NodeProto node, int[] inShape, int[] k, int[] s, int[] d)
    {
        string autoPad = Str(node, "auto_pad", "NOTSET");
        int n = k.Length;
        switch (autoPad)
        {
            case "NOTSET": return Ints(node, "pads")?.Select(v => (int)v).ToArray() ?? new int[2 * n];
            case "VALID": return new int[2 * n];
            case "SAME_UPPER":
                var pads = new int[2 * n];
                for (int i = 0; i < n; i++)
                {
                    int outLength = (inShape[i] + s[i] - 1) / s[i];
                    int total = Math.Max((outLength - 1) * s[i] + (k[i] - 1) * d[i] + 1 - inShape[i], 0);
                    (pads[i], pads[n + i]) = (total / 2, total - total / 2);
                }
                return pads;
            default: throw Unsupported(node, $"auto_pad {autoPad} is not mapped (NOTSET, VALID, SAME_UPPER are).");
        }
    }

    /// <summary>Valid, Same (the pads TensorFlow's "same" gives), Causal (1-D, k' − 1 before), or explicit 2-D pads as a
    /// ZeroPadding2D layer in front (returned as the new input).</summary>
    private (Padding, SymbolicTensor) PaddingFor(NodeProto node, SymbolicTensor x, int[] inShape, int[] k, int[] s, int[] d, int[] pads, bool allowCausal)
    {
        int n = k.Length;
        if (pads.Length != 2 * n) throw new InvalidDataException($"ONNX import: node '{node.Name}' has {pads.Length} pads for {n} spatial axes.");
        if (pads.All(p => p == 0)) return (Padding.Valid, x);
        var same = new int[2 * n];
        bool isSame = true;
        for (int i = 0; i < n; i++)
        {
            int outLength = (inShape[i] + s[i] - 1) / s[i];
            int total = Math.Max((outLength - 1) * s[i] + (k[i] - 1) * d[i] + 1 - inShape[i], 0);
            isSame &= pads[i] == total / 2 && pads[n + i] == total - total / 2;
        }
        if (isSame) return (Padding.Same, x);
        if (allowCausal && n == 1 && pads[0] == (k[0] - 1) * d[0] && pads[1] == 0) return (Padding.Causal, x);
        if (n == 2 && node.OpType == "Conv")
            return (Padding.Valid, new ZeroPadding2D((pads[0], pads[2]), (pads[1], pads[3]), LayerName(node.Name + "_pad")).Call(x));
        throw Unsupported(node, $"pads [{string.Join(", ", pads)}] are neither valid nor \"same\".");
    }

    /// <summary>ONNX ConvTranspose (W: in × out × kh × kw) → Conv2DTranspose (kernel kh × kw × out × in).</summary>
    private void MapConvTranspose(NodeProto node)
    {
        var x = ChannelsLastIn(node, 0);
        if (x.Perm.Length != 4) throw Unsupported(node, "only 2-D transposed convolutions are mapped.");
        if (Int(node, "group", 1) != 1) throw Unsupported(node, "grouped transposed convolutions are not mapped.");
        if (Ints(node, "output_shape") is not null || Str(node, "auto_pad", "NOTSET") != "NOTSET")
            throw Unsupported(node, "output_shape and auto_pad are not mapped; give explicit pads.");
        var w = ConstIn(node, 1, "weight");
        var b = HasInput(node, 2) ? ConstIn(node, 2, "bias") : null;
        var inShape = x.Symbol!.Shape.ToArray();
        var k = w.Dims[2..];
        var s = Ints(node, "strides")?.Select(v => (int)v).ToArray() ?? [1, 1];
        var d = Ints(node, "dilations")?.Select(v => (int)v).ToArray() ?? [1, 1];
        var pads = Ints(node, "pads")?.Select(v => (int)v).ToArray() ?? new int[4];
        var outputPadding = Ints(node, "output_padding")?.Select(v => (int)v).ToArray() ?? [0, 0];
        Padding padding;
        Size2D? op = null;
        if (pads.All(p => p == 0))
        {
            padding = Padding.Valid;
            if (outputPadding.Any(p => p != 0)) op = (outputPadding[0], outputPadding[1]);
        }
        else
        {
            // Same: output = in·s, cropping P = full − in·s as P/2 before and the rest after (the export's mapping).
            bool same = true;
            for (int i = 0; i < 2; i++)
            {
                int full = (inShape[i] - 1) * s[i] + (k[i] - 1) * d[i] + 1;
                int crop = Math.Max(full - inShape[i] * s[i], 0);
                same &= pads[i] == crop / 2 && pads[2 + i] == crop - crop / 2 && outputPadding[i] == inShape[i] * s[i] - (full - crop);
            }
            if (!same) throw Unsupported(node, $"pads [{string.Join(", ", pads)}] with output_padding [{string.Join(", ", outputPadding)}] are neither valid nor \"same\".");
            padding = Padding.Same;
        }
        var layer = new Conv2DTranspose(w.Dims[1], (k[0], k[1]), (s[0], s[1]), padding, op, (d[0], d[1]), useBias: b is not null, name: LayerName(node));
        var y = layer.Call(x.Symbol);
        Assign(layer.Kernel, TensorOf(w).Permute(2, 3, 1, 0), node, "weight");
        if (b is not null) Assign(layer.Bias, TensorOf(b), node, "bias");
        Set(node, 0, new ImportValue(y, x.Perm));
    }

    private void MapPool(NodeProto node)
    {
        var x = ChannelsLastIn(node, 0);
        int spatial = x.Perm.Length - 2;
        if (Int(node, "ceil_mode", 0) != 0) throw Unsupported(node, "ceil_mode = 1 is not mapped.");
        if (Ints(node, "dilations") is { } dil && dil.Any(v => v != 1)) throw Unsupported(node, "dilated pooling is not mapped.");
        if (Used(node, 1)) throw Unsupported(node, "its indices output is used.");
        var inShape = x.Symbol!.Shape.ToArray();
        var k = Ints(node, "kernel_shape")!.Select(v => (int)v).ToArray();
        var s = Ints(node, "strides")?.Select(v => (int)v).ToArray() ?? Enumerable.Repeat(1, spatial).ToArray();
        var ones = Enumerable.Repeat(1, spatial).ToArray();
        var pads = ResolvePads(node, inShape[..spatial], k, s, ones);
        bool max = node.OpType == "MaxPool";
        if (!max && Int(node, "count_include_pad", 0) != 0 && pads.Any(p => p != 0))
            throw Unsupported(node, "count_include_pad = 1 with padding is not mapped (Keras averages over the input cells only).");
        if (pads.Any(p => p != 0) && !(pads.Length == 2 * spatial && SameOrValid(inShape[..spatial], k, s, pads)))
            throw Unsupported(node, $"pads [{string.Join(", ", pads)}] are neither valid nor \"same\".");
        var padding = pads.All(p => p == 0) ? Padding.Valid : Padding.Same;
        string name = LayerName(node);
        Layer layer = (spatial, max) switch
        {
            (2, true) => new MaxPooling2D((k[0], k[1]), (s[0], s[1]), padding, name),
            (2, false) => new AveragePooling2D((k[0], k[1]), (s[0], s[1]), padding, name),
            (1, true) => new MaxPooling1D(k[0], s[0], padding, name),
            (1, false) => new AveragePooling1D(k[0], s[0], padding, name),
            _ => throw Unsupported(node, $"{spatial}-D pooling is not mapped."),
        };
        Set(node, 0, new ImportValue(layer.Call(x.Symbol), x.Perm));
    }

    private static bool SameOrValid(int[] inShape, int[] k, int[] s, int[] pads)
    {
        int n = k.Length;
        for (int i = 0; i < n; i++)
        {
            int outLength = (inShape[i] + s[i] - 1) / s[i];
            int total = Math.Max((outLength - 1) * s[i] + k[i] - inShape[i], 0);
            if (pads[i] != total / 2 || pads[n + i] != total - total / 2) return false;
        }
        return true;
    }

    private void MapGlobalPool(NodeProto node, ImportValue x, bool keepDims)
    {
        bool max = node.OpType is "GlobalMaxPool" or "ReduceMax";
        string name = LayerName(node);
        Layer layer = (x.Perm.Length, max) switch
        {
            (4, false) => new GlobalAveragePooling2D(keepDims, name),
            (4, true) => new GlobalMaxPooling2D(keepDims, name),
            (3, false) => new GlobalAveragePooling1D(keepDims, name),
            (3, true) => new GlobalMaxPooling1D(keepDims, name),
            _ => throw Unsupported(node, $"global pooling of a rank-{x.Perm.Length} value is not mapped."),
        };
        Set(node, 0, new ImportValue(layer.Call(x.Symbol!), keepDims ? x.Perm : [0, 1]));
    }

    /// <summary>ReduceMean/ReduceMax over every stored axis but the batch and the last: global pooling.</summary>
    private void MapReduce(NodeProto node)
    {
        var x = SymIn(node, 0);
        int r = x.Perm.Length;
        var axes = (Ints(node, "axes") ?? (HasInput(node, 1) ? ConstIn(node, 1, "axes").AsInts("axes") : null))
            ?.Select(a => (int)(a < 0 ? a + r : a)).ToHashSet()
            ?? throw Unsupported(node, "a reduction over every axis is not mapped.");
        var stored = axes.Select(a => Stored(x, a)).Order().ToArray();
        if (r < 3 || !stored.SequenceEqual(Enumerable.Range(1, r - 2)))
            throw Unsupported(node, $"reducing ONNX axes [{string.Join(", ", axes.Order())}] is not a global pooling of the stored value.");
        MapGlobalPool(node, x, Int(node, "keepdims", 1) != 0);
    }

    /// <summary>BatchNormalization (inference) over ONNX axis 1, which must be stored last.</summary>
    private void MapBatchNormalization(NodeProto node)
    {
        if (Int(node, "training_mode", 0) != 0) throw Unsupported(node, "training_mode = 1 is not mapped.");
        var x = SymIn(node, 0);
        if (Stored(x, 1) != x.Perm.Length - 1)
            throw Unsupported(node, "its channel axis is not stored last; import the graph with ChannelsFirstInputs = true if it is NCHW.");
        var layer = new BatchNormalization(-1, Float(node, "momentum", 0.9f), Float(node, "epsilon", 1e-5f), name: LayerName(node));
        var y = layer.Call(x.Symbol!);
        Assign(layer.Gamma, TensorOf(ConstIn(node, 1, "scale")), node, "scale");
        Assign(layer.Beta, TensorOf(ConstIn(node, 2, "bias")), node, "bias");
        Assign(layer.MovingMean, TensorOf(ConstIn(node, 3, "mean")), node, "mean");
        Assign(layer.MovingVariance, TensorOf(ConstIn(node, 4, "variance")), node, "variance");
        Set(node, 0, new ImportValue(y, x.Perm));
    }

    private void MapLayerNormalization(NodeProto node)
    {
        var x = SymIn(node, 0);
        int r = x.Perm.Length;
        int axis = (int)Int(node, "axis", -1);
        if (axis < 0) axis += r;
        for (int j = axis; j < r; j++)
            if (x.Perm[j] != j) throw Unsupported(node, "its normalised axes are stored permuted.");
        if (Used(node, 1) || Used(node, 2)) throw Unsupported(node, "its mean and inverse-deviation outputs are used.");
        var b = HasInput(node, 2) ? ConstIn(node, 2, "bias") : null;
        var layer = new LayerNormalization(Enumerable.Range(axis, r - axis).ToArray(), Float(node, "epsilon", 1e-5f), center: b is not null, name: LayerName(node));
        var y = layer.Call(x.Symbol!);
        Assign(layer.Gamma, TensorOf(ConstIn(node, 1, "scale")), node, "scale");
        if (b is not null) Assign(layer.Beta, TensorOf(b), node, "bias");
        Set(node, 0, new ImportValue(y, x.Perm));
    }

    /// <summary>Gemm → Dense: kernel = α·B (Bᵀ with transB), bias = β·C; after a Flatten of a permuted value the
    /// kernel rows are reordered to the stored feature order.</summary>
    private void MapGemm(NodeProto node)
    {
        var a = In(node, 0);
        if (a.Symbol is null || a.ReversedAxis >= 0 || a.UnsqueezedFrom is not null || a.Perm.Length != 2) a = SymIn(node, 0);
        if (Int(node, "transA", 0) != 0) throw Unsupported(node, "transA = 1 is not mapped.");
        var bc = ConstIn(node, 1, "weight");
        var w = TensorOf(bc);
        if (Int(node, "transB", 0) != 0) w = w.Transpose();
        float alpha = Float(node, "alpha", 1f), beta = Float(node, "beta", 1f);
        if (alpha != 1) w = w * alpha;
        int units = w.Shape[1];
        Tensor? bias = null;
        if (HasInput(node, 2))
        {
            var c = ConstIn(node, 2, "bias");
            if (c.Count != units && c.Count != 1) throw Unsupported(node, $"a bias of dims [{string.Join(", ", c.Dims)}] is not per output unit.");
            var values = c.Count == 1 ? Enumerable.Repeat(c.AsFloats()[0], units).ToArray() : c.AsFloats();
            bias = Tensor.FromArray(values.Select(v => v * beta).ToArray(), new Shape(units));
        }
        DenseFrom(node, a, w, bias, 0);
    }

    private void DenseFrom(NodeProto node, ImportValue x, Tensor kernel, Tensor? bias, int output, NodeProto? absorbed = null)
    {
        int r = x.Perm.Length;
        if (x.Perm[r - 1] != r - 1) throw Unsupported(node, "its input's last axis is stored elsewhere.");
        if (x.FeatureOrder is { } order)
        {
            var rows = kernel.Contiguous().ToArray<float>();
            int units = kernel.Shape[1];
            var reordered = new float[rows.Length];
            for (int f = 0; f < order.Length; f++) Array.Copy(rows, order[f] * units, reordered, f * units, units);
            kernel = Tensor.FromArray(reordered, kernel.Shape);
        }
        var layer = new Dense(kernel.Shape[1], useBias: bias is not null, name: LayerName(node));
        var y = layer.Call(x.Symbol!);
        Assign(layer.Kernel, kernel, node, "weight");
        if (bias is not null) Assign(layer.Bias, bias, node, "bias");
        var value = new ImportValue(y, x.Perm);
        if (absorbed is not null)
        {
            _absorbed.Add(absorbed);
            Set(absorbed, 0, value);
        }
        else Set(node, output, value);
    }

    /// <summary>MatMul by a constant (K, N) → Dense on the last axis; a following Add of a constant (N) bias, when it is
    /// the MatMul's only consumer, becomes the Dense's bias.</summary>
    private void MapMatMul(NodeProto node)
    {
        var a = In(node, 0);
        if (a.Symbol is null || a.ReversedAxis >= 0 || a.UnsqueezedFrom is not null || a.Perm.Length != 2) a = SymIn(node, 0);
        var b = In(node, 1).Constant ?? throw Unsupported(node, "a product of two computed values is not mapped (only by a constant weight).");
        if (b.Dims.Length != 2) throw Unsupported(node, $"a weight of dims [{string.Join(", ", b.Dims)}] is not a matrix.");
        var kernel = TensorOf(b);
        int units = b.Dims[1];
        if (SoleConsumer(node, 0) is { OpType: "Add" } add && add.Input.Count == 2)
        {
            string other = add.Input[0] == node.Output[0] ? add.Input[1] : add.Input[0];
            if (_values.TryGetValue(other, out var c) && c.Constant is { } bias && bias.Count == units && bias.Dims.Count(d => d != 1) <= 1)
            {
                DenseFrom(node, a, kernel, Tensor.FromArray(bias.AsFloats(), new Shape(units)), 0, add);
                return;
            }
        }
        DenseFrom(node, a, kernel, null, 0);
    }

    /// <summary>Flatten(axis 1): a Flatten layer; from a permuted value, also the order in which the stored features
    /// hold the ONNX ones (for the next Gemm/MatMul).</summary>
    private void MapFlatten(NodeProto node)
    {
        var x = In(node, 0);
        if (x.FeatureOrder is not null && x.Perm.Length == 2) { Set(node, 0, x); return; }
        x = SymIn(node, 0);
        if (Int(node, "axis", 1) != 1) throw Unsupported(node, "only axis = 1 (keep the batch) is mapped.");
        FlattenTo(node, x);
    }

    private void FlattenTo(NodeProto node, ImportValue x)
    {
        var y = x.Perm.Length == 2 ? x.Symbol! : new Flatten(LayerName(node)).Call(x.Symbol!);
        Set(node, 0, new ImportValue(y, [0, 1]) { FeatureOrder = FeatureOrder(x) });
    }

    /// <summary>For each stored (row-major) feature of a flattened permuted value, its index in the ONNX value's
    /// row-major order; null when the two agree.</summary>
    private static int[]? FeatureOrder(ImportValue x)
    {
        var stored = x.Symbol!.Shape.ToArray();
        int r = x.Perm.Length;
        var onnxDims = new int[r];
        for (int j = 1; j < r; j++) onnxDims[x.Perm[j]] = stored[j - 1];
        int count = stored.Aggregate(1, (p, q) => p * q);
        var order = new int[count];
        var index = new int[r];
        bool identity = true;
        for (int f = 0; f < count; f++)
        {
            int rest = f;
            for (int j = r - 1; j >= 1; j--)
            {
                index[x.Perm[j]] = rest % stored[j - 1];
                rest /= stored[j - 1];
            }
            int flat = 0;
            for (int a = 1; a < r; a++) flat = flat * onnxDims[a] + index[a];
            order[f] = flat;
            identity &= flat == f;
        }
        return identity ? null : order;
    }

    /// <summary>Reshape by a constant shape whose first entry keeps the batch (0 or −1): a Reshape layer, or a
    /// Flatten-like reshape to (N, K) of a permuted value.</summary>
    private void MapReshape(NodeProto node)
    {
        var x = SymIn(node, 0);
        var shape = ConstIn(node, 1, "shape").AsInts("shape");
        int r = x.Perm.Length;
        if (shape.Length == 0 || shape[0] is not (0 or -1)) throw Unsupported(node, $"shape [{string.Join(", ", shape)}] does not keep the batch axis (0 or −1 first).");
        var onnxSample = new int[r - 1];
        var stored = x.Symbol!.Shape.ToArray();
        for (int j = 1; j < r; j++) onnxSample[x.Perm[j] - 1] = stored[j - 1];
        var target = shape[1..].Select((v, i) => v == 0 ? onnxSample[i] : (int)v).ToArray();
        if (shape[0] == -1 && target.Contains(-1)) throw Unsupported(node, "two inferred (−1) entries.");
        if (target.Length == 1 && (target[0] == -1 || target[0] == onnxSample.Aggregate(1, (p, q) => p * q)))
        {
            FlattenTo(node, x);
            return;
        }
        if (!x.IsPlain) throw Unsupported(node, "reshaping a permuted value to rank > 2 is not mapped.");
        Set(node, 0, new ImportValue(new Reshape(target, LayerName(node)).Call(x.Symbol), ImportValue.Identity(target.Length + 1)));
    }

    private void MapActivation(NodeProto node)
    {
        var x = In(node, 0);
        if (x.Symbol is null || x.ReversedAxis >= 0 || x.UnsqueezedFrom is not null) x = SymIn(node, 0);
        string name = LayerName(node);
        Layer layer = node.OpType switch
        {
            "Relu" => new Activation(ActivationFunction.ReLU, name),
            "Sigmoid" => new Activation(ActivationFunction.Sigmoid, name),
            "Tanh" => new Activation(ActivationFunction.Tanh, name),
            "LeakyRelu" => new Activation(ActivationFunction.LeakyReLU(Float(node, "alpha", 0.01f)), name),
            "Elu" => new Activation(ActivationFunction.EluWith(Float(node, "alpha", 1f)), name),
            "Selu" when Math.Abs(Float(node, "alpha", 1.6732632f) - 1.6732632f) < 1e-6 && Math.Abs(Float(node, "gamma", 1.050701f) - 1.050701f) < 1e-6
                => new Activation(ActivationFunction.Selu, name),
            "Softplus" => new Activation(ActivationFunction.Softplus, name),
            "Softsign" => new Activation(ActivationFunction.Softsign, name),
            "Exp" => new Activation(ActivationFunction.Exponential, name),
            "HardSigmoid" when Math.Abs(Float(node, "alpha", 0.2f) - 1f / 6) < 1e-6 && Math.Abs(Float(node, "beta", 0.5f) - 0.5f) < 1e-6
                => new Activation(ActivationFunction.HardSigmoid, name),
            "Clip" => ClipLayer(node, name),
            _ => throw Unsupported(node, "its attributes differ from the library's activation of that name."),
        };
        Set(node, 0, new ImportValue(layer.Call(x.Symbol!), x.Perm) { FeatureOrder = x.FeatureOrder });
    }

    private Layer ClipLayer(NodeProto node, string name)
    {
        float? min = HasInput(node, 1) ? ConstIn(node, 1, "min").AsFloats()[0] : null;
        float? max = HasInput(node, 2) ? ConstIn(node, 2, "max").AsFloats()[0] : null;
        if (min != 0) throw Unsupported(node, "only Clip with min 0 (a capped ReLU) is mapped.");
        return max is float m ? new ReLU(maxValue: m, name: name) : new Activation(ActivationFunction.ReLU, name);
    }

    private void MapSoftmax(NodeProto node)
    {
        var x = SymIn(node, 0);
        int r = x.Perm.Length;
        int axis = (int)Int(node, "axis", -1);
        if (axis < 0) axis += r;
        int j = Stored(x, axis);
        string name = LayerName(node);
        bool log = node.OpType == "LogSoftmax";
        Layer layer = j == r - 1 ? new Activation(log ? ActivationFunction.LogSoftmax : ActivationFunction.Softmax, name)
            : !log ? new Softmax(j, name) : throw Unsupported(node, "log-softmax over an axis other than the stored last one is not mapped.");
        Set(node, 0, new ImportValue(layer.Call(x.Symbol!), x.Perm));
    }

    /// <summary>PRelu with a slope per channel (stored last), one shared slope, or a full per-sample slope.</summary>
    private void MapPRelu(NodeProto node)
    {
        var x = SymIn(node, 0);
        var slope = ConstIn(node, 1, "slope");
        int r = x.Perm.Length;
        var stored = x.Symbol!.Shape.ToArray();
        var (sharedAxes, alpha) = ChannelValues(x, slope) is { } perChannel
            ? ((int[]?)Enumerable.Range(1, r - 2).ToArray(), perChannel)
            : x.IsPlain && slope.Count == stored.Aggregate(1, (p, q) => p * q) ? (null, slope.AsFloats())
            : throw Unsupported(node, $"a slope of dims [{string.Join(", ", slope.Dims)}] is neither per channel nor per element.");
        var layer = new PReLU(sharedAxes: sharedAxes, name: LayerName(node));
        var y = layer.Call(x.Symbol);
        Assign(layer.Alpha, Tensor.FromArray(alpha.Length == 1 ? Enumerable.Repeat(alpha[0], layer.Alpha!.ElementCount).ToArray() : alpha, layer.Alpha!.Shape), node, "slope");
        Set(node, 0, new ImportValue(y, x.Perm));
    }

    /// <summary>The values of a constant that broadcasts against <paramref name="x"/> along its stored last axis only
    /// (one value, or one per stored last-axis entry); null otherwise.</summary>
    private static float[]? ChannelValues(ImportValue x, OnnxConstant c)
    {
        int r = x.Perm.Length;
        if (c.Count == 1) return c.AsFloats();
        if (c.Dims.Length > r) return null;
        int lastOnnx = x.Perm[r - 1];
        int offset = r - c.Dims.Length;
        for (int i = 0; i < c.Dims.Length; i++)
            if (c.Dims[i] != 1 && i + offset != lastOnnx) return null;
        return c.Count == x.Symbol!.Shape[^1] ? c.AsFloats() : null;
    }

    /// <summary>Element-wise operators: between two computed values a merge layer (Add, Subtract, Multiply, Maximum,
    /// Minimum, Average); with a scalar or per-channel constant a Rescaling (x·s + o).</summary>
    private void MapBinary(NodeProto node)
    {
        var values = Enumerable.Range(0, node.Input.Count).Select(i => In(node, i)).ToArray();
        string name = LayerName(node);
        var constants = values.Where(v => v.Constant is not null).ToArray();
        if (constants.Length == 0)
        {
            var xs = Enumerable.Range(0, values.Length).Select(i => SymIn(node, i)).ToArray();
            if (xs.Any(v => !v.Perm.SequenceEqual(xs[0].Perm))) throw Unsupported(node, "its inputs are stored in different layouts.");
            Layer merge = node.OpType switch
            {
                "Add" => new Add(name), "Sub" => new Subtract(name), "Mul" => new Multiply(name),
                "Max" => new Maximum(name), "Min" => new Minimum(name), "Mean" => new Average(name),
                _ => throw Unsupported(node, "a division of two computed values is not mapped."),
            };
            Set(node, 0, new ImportValue(merge.Call(xs.Select(v => v.Symbol!).ToArray()), xs[0].Perm));
            return;
        }
        if (values.Length != 2 || constants.Length != 1 || node.OpType is "Max" or "Min" or "Mean")
            throw Unsupported(node, "only Add, Sub, Mul and Div with one constant operand are mapped.");
        bool constFirst = values[0].Constant is not null;
        var x = SymIn(node, constFirst ? 1 : 0);
        var c = ChannelValues(x, constants[0].Constant!)?.Select(v => (double)v).ToArray()
            ?? throw Unsupported(node, $"a constant of dims [{string.Join(", ", constants[0].Constant!.Dims)}] is neither a scalar nor per channel.");
        double[] zeros = new double[c.Length], ones = Enumerable.Repeat(1.0, c.Length).ToArray();
        (double[] scale, double[] offset) = (node.OpType, constFirst) switch
        {
            ("Add", _) => (ones, c),
            ("Sub", false) => (ones, c.Select(v => -v).ToArray()),
            ("Sub", true) => (c.Select(_ => -1.0).ToArray(), c),
            ("Mul", _) => (c, zeros),
            ("Div", false) => (c.Select(v => 1 / v).ToArray(), zeros),
            _ => throw Unsupported(node, "dividing a constant by a computed value is not mapped."),
        };
        Set(node, 0, new ImportValue(new Rescaling(scale, offset, name).Call(x.Symbol!), x.Perm));
    }

    private void MapConcat(NodeProto node)
    {
        if (TryConcatShapes(node)) return;
        var xs = Enumerable.Range(0, node.Input.Count).Select(i => SymIn(node, i)).ToArray();
        if (xs.Any(v => !v.Perm.SequenceEqual(xs[0].Perm))) throw Unsupported(node, "its inputs are stored in different layouts.");
        int r = xs[0].Perm.Length;
        int axis = (int)Int(node, "axis", 1);
        if (axis < 0) axis += r;
        var layer = new Concatenate(Stored(xs[0], axis), LayerName(node));
        Set(node, 0, new ImportValue(layer.Call(xs.Select(v => v.Symbol!).ToArray()), xs[0].Perm));
    }

    /// <summary>Constant zero Pad of the two stored spatial axes of a rank-4 value → ZeroPadding2D.</summary>
    private void MapPad(NodeProto node)
    {
        var x = SymIn(node, 0);
        if (Str(node, "mode", "constant") != "constant") throw Unsupported(node, "only constant padding is mapped.");
        if (HasInput(node, 2) && ConstIn(node, 2, "constant_value").AsFloats()[0] != 0) throw Unsupported(node, "only zero padding is mapped.");
        if (HasInput(node, 3)) throw Unsupported(node, "the axes input is not mapped.");
        var pads = ConstIn(node, 1, "pads").AsInts("pads");
        int r = x.Perm.Length;
        if (r != 4 || pads.Length != 8) throw Unsupported(node, "only padding of images (rank 4) is mapped.");
        (long Begin, long End) At(int j) => (pads[x.Perm[j]], pads[r + x.Perm[j]]);
        if (At(0) != (0, 0) || At(3) != (0, 0) || pads.Any(p => p < 0)) throw Unsupported(node, "only non-negative padding of the two spatial axes is mapped.");
        var layer = new ZeroPadding2D(((int)At(1).Begin, (int)At(1).End), ((int)At(2).Begin, (int)At(2).End), LayerName(node));
        Set(node, 0, new ImportValue(layer.Call(x.Symbol!), x.Perm));
    }

    /// <summary>Slice: a full reversal of one axis (step −1: a recurrent layer's go_backwards), or a crop of the two
    /// stored spatial axes of an image → Cropping2D.</summary>
    private void MapSlice(NodeProto node)
    {
        var x = SymIn(node, 0);
        int r = x.Perm.Length;
        var starts = ConstIn(node, 1, "starts").AsInts("starts");
        var ends = ConstIn(node, 2, "ends").AsInts("ends");
        var axes = HasInput(node, 3) ? ConstIn(node, 3, "axes").AsInts("axes").Select(a => (int)(a < 0 ? a + r : a)).ToArray() : Enumerable.Range(0, starts.Length).ToArray();
        var steps = HasInput(node, 4) ? ConstIn(node, 4, "steps").AsInts("steps") : Enumerable.Repeat(1L, starts.Length).ToArray();
        var stored = x.Symbol!.Shape.ToArray();
        int Dim(int onnxAxis) => Stored(x, onnxAxis) is var j and > 0 ? stored[j - 1] : throw Unsupported(node, "slicing the batch axis is not mapped.");
        if (axes.Length == 1 && steps[0] == -1)
        {
            int n = Dim(axes[0]);
            if (starts[0] < n - 1 && starts[0] != -1 || ends[0] > -n - 1)
                throw Unsupported(node, "a reversing Slice must cover the whole axis.");
            Set(node, 0, new ImportValue(x.Symbol, x.Perm) { ReversedAxis = axes[0] });
            return;
        }
        if (r != 4 || steps.Any(s => s != 1)) throw Unsupported(node, "only crops of images (rank 4, step 1) and full reversals are mapped.");
        var crop = new (int Begin, int End)[4];
        for (int i = 0; i < axes.Length; i++)
        {
            int j = Stored(x, axes[i]), n = Dim(axes[i]);
            long begin = starts[i] < 0 ? starts[i] + n : starts[i], end = ends[i] < 0 ? ends[i] + n : Math.Min(ends[i], n);
            if (j is not (1 or 2) || begin < 0 || end > n || begin >= end) throw Unsupported(node, $"slicing ONNX axis {axes[i]} from {starts[i]} to {ends[i]} is not a crop of the spatial axes.");
            crop[j] = ((int)begin, (int)(n - end));
        }
        var layer = new Cropping2D(crop[1], crop[2], LayerName(node));
        Set(node, 0, new ImportValue(layer.Call(x.Symbol), x.Perm));
    }

    /// <summary>Resize of an image by integer factors on its two spatial axes → UpSampling2D: nearest (asymmetric,
    /// floor) or linear (half-pixel).</summary>
    private void MapResize(NodeProto node)
    {
        var x = ChannelsLastIn(node, 0);
        if (x.Perm.Length != 4) throw Unsupported(node, "only images (rank 4) are resized.");
        var stored = x.Symbol!.Shape.ToArray();
        int[] onnxDims = [1, stored[2], stored[0], stored[1]];
        float[] scales = HasInput(node, 2) && ConstIn(node, 2, "scales").Count > 0 ? ConstIn(node, 2, "scales").AsFloats()
            : HasInput(node, 3) ? ConstIn(node, 3, "sizes").AsInts("sizes").Select((v, i) => i == 0 ? 1f : (float)v / onnxDims[i]).ToArray()
            : throw Unsupported(node, "it has neither scales nor sizes.");
        if (scales.Length != 4 || scales[0] != 1 || scales[1] != 1 || scales[2] % 1 != 0 || scales[3] % 1 != 0)
            throw Unsupported(node, $"scales [{string.Join(", ", scales)}] are not integer factors of the spatial axes.");
        string mode = Str(node, "mode", "nearest"), transform = Str(node, "coordinate_transformation_mode", "half_pixel");
        var interpolation = mode switch
        {
            "nearest" when transform == "asymmetric" && Str(node, "nearest_mode", "round_prefer_floor") == "floor" => Interpolation.Nearest,
            "linear" when transform is "half_pixel" or "pytorch_half_pixel" => Interpolation.Bilinear,
            _ => throw Unsupported(node, $"mode {mode} with {transform} coordinates is not mapped."),
        };
        var layer = new UpSampling2D(((int)scales[2], (int)scales[3]), interpolation, LayerName(node));
        Set(node, 0, new ImportValue(layer.Call(x.Symbol), x.Perm));
    }

    /// <summary>Gather(rows of a constant (V, D) matrix, integer indices, axis 0) → Embedding.</summary>
    private void MapGather(NodeProto node)
    {
        if (In(node, 0).ShapeOf is not null)
        {
            MapShapeGather(node);
            return;
        }
        if (In(node, 0).Symbol is not null && In(node, 1).Constant is { } index)
        {
            MapSelect(node, SymIn(node, 0), index);
            return;
        }
        var data = ConstIn(node, 0, "data");
        var indices = SymIn(node, 1);
        if (Int(node, "axis", 0) != 0 || data.Dims.Length != 2 || indices.Symbol!.DType != DType.Int32 || !indices.IsPlain)
            throw Unsupported(node, "only Gather of rows of a constant matrix by integer graph inputs (an embedding) is mapped.");
        var layer = new Embedding(data.Dims[0], data.Dims[1], name: LayerName(node));
        var y = layer.Call(indices.Symbol);
        Assign(layer.Embeddings, TensorOf(data), node, "embeddings");
        Set(node, 0, new ImportValue(y, ImportValue.Identity(indices.Perm.Length + 1)));
    }

    private void MapUnsqueeze(NodeProto node)
    {
        var axes = Ints(node, "axes") ?? (HasInput(node, 1) ? ConstIn(node, 1, "axes").AsInts("axes") : []);
        if (TryUnsqueezeShape(node, axes)) return;
        var x = SymIn(node, 0);
        if (axes is not [0]) throw Unsupported(node, "only Unsqueeze of axis 0 feeding a recurrent operator's initial state is mapped.");
        Set(node, 0, new ImportValue(x.Symbol!, x.Perm) { UnsqueezedFrom = x });
    }
}
