using DeepLearning.Layers;

namespace DeepLearning.Onnx;

internal sealed partial class OnnxExportContext
{
    /// <summary>Writes the ONNX operators of one layer call: reads its inputs' names, records its outputs'.</summary>
    /// <exception cref="NotSupportedException">The layer (or one of its options) has no mapping; the message names it.</exception>
    public void Export(Layer layer, IReadOnlyList<SymbolicTensor> ins, IReadOnlyList<SymbolicTensor> outs)
    {
        switch (layer)
        {
            case Dense d: ExportDense(d, ins[0], outs[0]); break;
            case Conv2D or Conv1D or DepthwiseConv2D or Conv2DTranspose: ExportConvolution((BaseConv)layer, ins[0], outs[0]); break;
            case Pooling2D or Pooling1D: ExportPooling(layer, ins[0], outs[0]); break;
            case GlobalPooling g: ExportGlobalPooling(g, ins[0], outs[0]); break;
            case ZeroPadding2D p: ExportZeroPadding(p, ins[0], outs[0]); break;
            case Cropping2D c: ExportCropping(c, ins[0], outs[0]); break;
            case UpSampling2D u: ExportUpSampling(u, ins[0], outs[0]); break;
            case BatchNormalization bn: ExportBatchNormalization(bn, ins[0], outs[0]); break;
            case LayerNormalization ln: ExportLayerNormalization(ln, ins[0], outs[0]); break;
            case Rescaling r: ExportRescaling(r, ins[0], outs[0]); break;
            case Normalization n: ExportNormalization(n, ins[0], outs[0]); break;
            // Only the library's own dropout and noise classes: a subclass may stay active at inference (MC dropout).
            case Dropout or GaussianDropout or GaussianNoise or AlphaDropout or Identity when layer.GetType().Assembly == typeof(Layer).Assembly:
                Alias(outs[0], ins[0]);
                break;
            case Activation a: ExportElementwise(layer, ins[0], outs[0], a.Function); break;
            case ReLU r: ExportReLU(r, ins[0], outs[0]); break;
            case LeakyReLU l: ExportElementwise(layer, ins[0], outs[0], Activations.ActivationFunction.LeakyReLU(l.NegativeSlope)); break;
            case ELU e: ExportElementwise(layer, ins[0], outs[0], Activations.ActivationFunction.EluWith(e.Alpha)); break;
            case PReLU p: ExportPReLU(p, ins[0], outs[0]); break;
            case Softmax s: ExportSoftmax(s, ins[0], outs[0]); break;
            case Flatten: Set(outs[0], Graph.Op("Flatten", layer.Name, [Native(ins[0])], ("axis", 1))); break;
            case Reshape: Set(outs[0], Graph.Op("Reshape", layer.Name, [Native(ins[0]), Graph.Int64s(layer.Name + "/shape", [0, .. outs[0].Shape.ToArray().Select(d => (long)d)])])); break;
            case Add or Subtract or Multiply or Maximum or Minimum or Average: ExportMerge(layer, ins, outs[0]); break;
            case Concatenate c: ExportConcatenate(c, ins, outs[0]); break;
            case Embedding e: ExportEmbedding(e, ins[0], outs[0]); break;
            case RecurrentLayer r: ExportRecurrent(r, ins, outs); break;
            default:
                throw new NotSupportedException($"ONNX export: layer '{layer.Name}' ({layer.GetType().Name}) has no ONNX mapping. " +
                    "Mapped: Dense, Conv1D, Conv2D, DepthwiseConv2D, Conv2DTranspose, pooling (max, average, global), BatchNormalization, " +
                    "LayerNormalization, dropout and noise layers, activations, Add/Subtract/Multiply/Maximum/Minimum/Average/Concatenate, " +
                    "Flatten, Reshape, ZeroPadding2D, Cropping2D, UpSampling2D, Embedding, SimpleRNN, LSTM, GRU, Rescaling, Normalization.");
        }
    }

    private void ExportDense(Dense d, SymbolicTensor input, SymbolicTensor output)
    {
        var g = Graph;
        string x = Native(input);
        string w = g.Constant(d.Name + "/kernel", d.Kernel!);
        string y = input.Shape.Rank == 1
            ? g.Op("Gemm", d.Name, d.Bias is null ? [x, w] : [x, w, g.Constant(d.Name + "/bias", d.Bias)])
            : d.Bias is null ? g.Op("MatMul", d.Name, [x, w]) : g.Op("Add", d.Name, [g.Op("MatMul", d.Name, [x, w]), g.Constant(d.Name + "/bias", d.Bias)]);
        Activate(output, y, channelsFirst: false, d.ActivationFunction, d.Name);
    }

    private void ExportElementwise(Layer layer, SymbolicTensor input, SymbolicTensor output, Activations.ActivationFunction f)
    {
        bool cf = PrefersChannelsFirst(input);
        Activate(output, cf ? ChannelsFirst(input) : Native(input), cf, f, layer.Name);
    }

    private void ExportReLU(ReLU r, SymbolicTensor input, SymbolicTensor output)
    {
        var g = Graph;
        bool cf = PrefersChannelsFirst(input);
        string x = cf ? ChannelsFirst(input) : Native(input);
        string y;
        if (r.Threshold == 0 && r.NegativeSlope == 0)
            y = r.MaxValue is double m ? g.Op("Clip", r.Name, [x, g.Constant(r.Name + "/min", [0f]), g.Constant(r.Name + "/max", [(float)m])]) : g.Op("Relu", r.Name, [x]);
        else
        {
            // Keras: f(x) = x for x > threshold, slope·(x − threshold) otherwise (0 at the threshold); then min(·, max_value).
            var above = g.Op("Greater", r.Name, [x, g.Constant(r.Name + "/threshold", [(float)r.Threshold])]);
            var below = g.Op("Mul", r.Name, [g.Op("Sub", r.Name, [x, g.Constant(r.Name + "/t", [(float)r.Threshold])]), g.Constant(r.Name + "/slope", [(float)r.NegativeSlope])]);
            y = g.Op("Where", r.Name, [above, x, below]);
            if (r.MaxValue is double m) y = g.Op("Min", r.Name, [y, g.Constant(r.Name + "/max", [(float)m])]);
        }
        Set(output, y, cf);
    }

    private void ExportPReLU(PReLU p, SymbolicTensor input, SymbolicTensor output) =>
        Set(output, Graph.Op("PRelu", p.Name, [Native(input), Graph.Constant(p.Name + "/alpha", p.Alpha!)]));

    private void ExportSoftmax(Softmax s, SymbolicTensor input, SymbolicTensor output)
    {
        if (s.Axes.Count != 1)
            throw new NotSupportedException($"ONNX export: layer '{s.Name}' (Softmax) normalises over {s.Axes.Count} axes; ONNX's Softmax takes one.");
        Activate(output, Native(input), false, Activations.ActivationFunction.SoftmaxOver(s.Axes[0]), s.Name);
    }

    private void ExportMerge(Layer layer, IReadOnlyList<SymbolicTensor> ins, SymbolicTensor output)
    {
        bool cf = ins.All(PrefersChannelsFirst);
        var names = ins.Select(i => cf ? ChannelsFirst(i) : Native(i)).ToArray();
        string y = layer switch
        {
            Maximum => Graph.Op("Max", layer.Name, names),
            Minimum => Graph.Op("Min", layer.Name, names),
            Average => Graph.Op("Mean", layer.Name, names),
            _ => names.Skip(1).Aggregate(names[0], (acc, n) => Graph.Op(layer switch { Add => "Add", Subtract => "Sub", _ => "Mul" }, layer.Name, [acc, n])),
        };
        Set(output, y, cf);
    }

    private void ExportConcatenate(Concatenate c, IReadOnlyList<SymbolicTensor> ins, SymbolicTensor output)
    {
        int rank = output.Shape.Rank + 1;
        int axis = c.Axis < 0 ? c.Axis + rank : c.Axis;
        Set(output, Graph.Op("Concat", c.Name, ins.Select(Native).ToArray(), ("axis", axis)));
    }

    private void ExportEmbedding(Embedding e, SymbolicTensor input, SymbolicTensor output)
    {
        // Embedding takes int32 indices only; ONNX's Gather reads them as they are.
        Set(output, Graph.Op("Gather", e.Name, [Graph.Constant(e.Name + "/embeddings", e.Embeddings!), Native(input)], ("axis", 0)));
    }
}
