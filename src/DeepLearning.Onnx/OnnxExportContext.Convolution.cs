using DeepLearning.Layers;

namespace DeepLearning.Onnx;

internal sealed partial class OnnxExportContext
{
    /// <summary>Conv1D, Conv2D, DepthwiseConv2D and Conv2DTranspose as ONNX Conv/ConvTranspose on channels-first
    /// values. Kernels: Conv (kh, kw, in/g, out) → (out, in/g, kh, kw); Conv1D (k, in/g, out) → (out, in/g, k);
    /// depthwise (kh, kw, C, m) → (C·m, 1, kh, kw) with group C (output channel c·m + j, as Keras); transpose
    /// (kh, kw, out, in) → (in, out, kh, kw). "same" and "causal" become explicit pads (the odd cell after).</summary>
    private void ExportConvolution(BaseConv conv, SymbolicTensor input, SymbolicTensor output)
    {
        var g = Graph;
        string name = conv.Name;
        var inShape = input.Shape.ToArray();
        var kernel = conv.Kernel!;
        int[] k, s, d;
        Padding padding;
        int group = 1;
        Tensor w;
        switch (conv)
        {
            case Conv2D c:
                (k, s, d, padding, group) = ([c.KernelSize.Height, c.KernelSize.Width], [c.Strides.Height, c.Strides.Width],
                    [c.DilationRate.Height, c.DilationRate.Width], c.Padding, c.Groups);
                w = kernel.Permute(3, 2, 0, 1);
                break;
            case Conv1D c:
                (k, s, d, padding, group) = ([c.KernelSize], [c.Strides], [c.DilationRate], c.Padding, c.Groups);
                w = kernel.Permute(2, 1, 0);
                break;
            case DepthwiseConv2D c:
                (k, s, d, padding) = ([c.KernelSize.Height, c.KernelSize.Width], [c.Strides.Height, c.Strides.Width],
                    [c.DilationRate.Height, c.DilationRate.Width], c.Padding);
                group = inShape[^1];
                w = kernel.Reshape(k[0], k[1], group * c.DepthMultiplier).Permute(2, 0, 1).Contiguous().Reshape(group * c.DepthMultiplier, 1, k[0], k[1]);
                break;
            case Conv2DTranspose c:
                ExportConvTranspose(c, input, output);
                return;
            default:
                throw new NotSupportedException($"ONNX export: layer '{name}' ({conv.GetType().Name}) has no ONNX mapping.");
        }
        var pads = Pads(inShape, k, s, d, padding, name);
        string[] inputs = conv.Bias is null ? [ChannelsFirst(input), g.Constant(name + "/kernel", w)]
            : [ChannelsFirst(input), g.Constant(name + "/kernel", w), g.Constant(name + "/bias", conv.Bias)];
        string y = g.Op("Conv", name, inputs, ("kernel_shape", k), ("strides", s), ("dilations", d), ("pads", pads), ("group", group));
        Activate(output, y, channelsFirst: true, conv.ActivationFunction, name);
    }

    private void ExportConvTranspose(Conv2DTranspose c, SymbolicTensor input, SymbolicTensor output)
    {
        int[] k = [c.KernelSize.Height, c.KernelSize.Width], s = [c.Strides.Height, c.Strides.Width], d = [c.DilationRate.Height, c.DilationRate.Width];
        var inShape = input.Shape.ToArray();
        var outShape = output.Shape.ToArray();
        var begin = new int[2];
        var end = new int[2];
        var outputPadding = new int[2];
        for (int i = 0; i < 2; i++)
        {
            // The full transposed convolution has (in − 1)·s + (k − 1)·d + 1 cells; "same" crops what the matching
            // forward convolution padded (P/2 before, the rest after), and output_padding adds cells at the end.
            int full = (inShape[i] - 1) * s[i] + (k[i] - 1) * d[i] + 1;
            int crop = c.Padding == Padding.Same ? Math.Max(full - outShape[i], 0) : 0;
            begin[i] = crop / 2;
            end[i] = crop - crop / 2;
            outputPadding[i] = outShape[i] - (full - crop);
        }
        var g = Graph;
        string w = g.Constant(c.Name + "/kernel", c.Kernel!.Permute(3, 2, 0, 1));
        string[] inputs = c.Bias is null ? [ChannelsFirst(input), w] : [ChannelsFirst(input), w, g.Constant(c.Name + "/bias", c.Bias)];
        string y = g.Op("ConvTranspose", c.Name, inputs, ("kernel_shape", k), ("strides", s), ("dilations", d),
            ("pads", new[] { begin[0], begin[1], end[0], end[1] }), ("output_padding", outputPadding));
        Activate(output, y, channelsFirst: true, c.ActivationFunction, c.Name);
    }

    /// <summary>ONNX pads [begin…, end…] for a window over the spatial axes: valid 0; same ⌈n/s⌉ outputs with the odd
    /// cell after (TensorFlow); causal (k' − 1) before.</summary>
    private static int[] Pads(int[] inShape, int[] k, int[] s, int[] d, Padding padding, string layer)
    {
        int n = k.Length;
        var pads = new int[2 * n];
        for (int i = 0; i < n; i++)
        {
            int effective = (k[i] - 1) * d[i] + 1;
            switch (padding)
            {
                case Padding.Valid: break;
                case Padding.Same:
                    int outLength = (inShape[i] + s[i] - 1) / s[i];
                    int total = Math.Max((outLength - 1) * s[i] + effective - inShape[i], 0);
                    pads[i] = total / 2;
                    pads[n + i] = total - total / 2;
                    break;
                case Padding.Causal: pads[i] = effective - 1; break;
                default: throw new NotSupportedException($"ONNX export: layer '{layer}': padding {padding} has no ONNX mapping.");
            }
        }
        return pads;
    }

    private void ExportPooling(Layer layer, SymbolicTensor input, SymbolicTensor output)
    {
        var inShape = input.Shape.ToArray();
        (int[] k, int[] s, Padding padding, bool max) = layer switch
        {
            Pooling2D p => (new[] { p.PoolSize.Height, p.PoolSize.Width }, new[] { p.Strides.Height, p.Strides.Width }, p.Padding, p is MaxPooling2D),
            Pooling1D p => (new[] { p.PoolSize }, new[] { p.Strides }, p.Padding, p is MaxPooling1D),
            _ => throw new NotSupportedException($"ONNX export: layer '{layer.Name}' ({layer.GetType().Name}) has no ONNX mapping."),
        };
        var pads = Pads(inShape, k, s, k.Select(_ => 1).ToArray(), padding, layer.Name);
        // Keras averages over the cells inside the input only: count_include_pad = 0 (ONNX's default).
        string y = Graph.Op(max ? "MaxPool" : "AveragePool", layer.Name, [ChannelsFirst(input)],
            ("kernel_shape", k), ("strides", s), ("pads", pads));
        Set(output, y, channelsFirst: true);
    }

    private void ExportGlobalPooling(GlobalPooling layer, SymbolicTensor input, SymbolicTensor output)
    {
        long[] axes = Enumerable.Range(1, input.Shape.Rank - 1).Select(a => (long)a).ToArray();
        bool max = layer is GlobalMaxPooling2D or GlobalMaxPooling1D;
        Set(output, Graph.Op(max ? "ReduceMax" : "ReduceMean", layer.Name, [Native(input)], ("axes", axes), ("keepdims", layer.KeepDims ? 1 : 0)));
    }

    private void ExportZeroPadding(ZeroPadding2D p, SymbolicTensor input, SymbolicTensor output) =>
        Set(output, Graph.Op("Pad", p.Name, [Native(input), Graph.Int64s(p.Name + "/pads", 0, p.Top, p.Left, 0, 0, p.Bottom, p.Right, 0)]));

    private void ExportCropping(Cropping2D c, SymbolicTensor input, SymbolicTensor output)
    {
        var g = Graph;
        int h = input.Shape[0], w = input.Shape[1];
        Set(output, g.Op("Slice", c.Name, [Native(input), g.Int64s(c.Name + "/starts", c.Top, c.Left),
            g.Int64s(c.Name + "/ends", h - c.Bottom, w - c.Right), g.Int64s(c.Name + "/axes", 1, 2)]));
    }

    /// <summary>Nearest: Resize "nearest" with asymmetric coordinates and floor (each pixel repeated); bilinear:
    /// "linear" with half-pixel coordinates, clamped at the border (TensorFlow's resize with half_pixel_centers).</summary>
    private void ExportUpSampling(UpSampling2D u, SymbolicTensor input, SymbolicTensor output)
    {
        var g = Graph;
        string scales = g.Constant(u.Name + "/scales", [1f, 1f, u.Size.Height, u.Size.Width], 4);
        string y = u.Interpolation == Interpolation.Nearest
            ? g.Op("Resize", u.Name, [ChannelsFirst(input), "", scales], ("mode", "nearest"),
                ("coordinate_transformation_mode", "asymmetric"), ("nearest_mode", "floor"))
            : g.Op("Resize", u.Name, [ChannelsFirst(input), "", scales], ("mode", "linear"), ("coordinate_transformation_mode", "half_pixel"));
        Set(output, y, channelsFirst: true);
    }
}
