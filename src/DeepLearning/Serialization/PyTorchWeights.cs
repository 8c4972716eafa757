using DeepLearning.Layers;
using DeepLearning.Models;

namespace DeepLearning.Serialization;

/// <summary>
/// Loads a PyTorch <c>state_dict</c> saved as safetensors (<c>safetensors.torch.save_file(net.state_dict(), …)</c>;
/// F32, F64, F16 or BF16, converted exactly to each weight's dtype) into a model built with this library's
/// (Keras's) layers and layouts, by name.
/// </summary>
/// <remarks>
/// <para>Names: a layer at path "fc1" (or "encoder/fc1" in a nested model "encoder") reads the tensors
/// "fc1.weight", "fc1.bias", … (slashes become dots). Name the layers as the PyTorch modules
/// (<c>new Dense(10, name: "fc1")</c>), or map them with <see cref="WeightImportOptions.LayerNames"/>
/// (e.g. <c>path =&gt; path == "dense" ? "classifier.0" : path</c>, or null to leave a layer alone).</para>
/// <para>Conversions (PyTorch → this library), each checked against PyTorch 1.13's outputs in the tests:</para>
/// <list type="table">
/// <item><term>Linear → Dense</term><description>kernel (in, out) = weightᵀ of (out, in); bias unchanged. The
/// first Dense after a <see cref="Flatten"/> of an image (H, W, C), reached through weightless layers that keep the
/// shape (Dropout, Activation, …): PyTorch flattens NCHW features in (C, H, W) order, j = c·H·W + h·W + w; the
/// library flattens NHWC in (H, W, C) order, k = (h·W + w)·C + c; so kernel[k, o] = weight[o, j], i.e.
/// weight.reshape(out, C, H, W).permute(0, 2, 3, 1).reshape(out, H·W·C)ᵀ.</description></item>
/// <item><term>Conv1d → Conv1D</term><description>(out, in/groups, k) → (k, in/groups, out): permute (2, 1, 0).</description></item>
/// <item><term>Conv2d → Conv2D</term><description>(out, in/groups, kh, kw) → (kh, kw, in/groups, out): permute (2, 3, 1, 0).</description></item>
/// <item><term>ConvTranspose2d → Conv2DTranspose</term><description>(in, out, kh, kw) → (kh, kw, out, in): permute (2, 3, 1, 0).</description></item>
/// <item><term>Conv2d(groups = C) → DepthwiseConv2D</term><description>(C·M, 1, kh, kw) → (kh, kw, C, M): reshape (C, M, kh, kw), permute (2, 3, 0, 1).</description></item>
/// <item><term>LSTM → LSTM</term><description>gate order i, f, g, o equals Keras's i, f, c, o (no reorder);
/// kernel = weight_ih_l0ᵀ, recurrent kernel = weight_hh_l0ᵀ, bias = bias_ih_l0 + bias_hh_l0 (PyTorch adds both to
/// every gate pre-activation; the sum is formed in the weight's dtype).</description></item>
/// <item><term>GRU → GRU(resetAfter: true)</term><description>PyTorch's row blocks [r; z; n] become Keras's
/// [z; r; h]: kernel = reorder(weight_ih_l0)ᵀ, recurrent kernel = reorder(weight_hh_l0)ᵀ, bias (2, 3·units) =
/// [reorder(bias_ih_l0); reorder(bias_hh_l0)] (row 0 input, row 1 recurrent: PyTorch's n = tanh(W_in·x + b_in +
/// r ⊙ (W_hn·h + b_hn)) is Keras's reset-after form). Both mix h = z ⊙ h_prev + (1 − z) ⊙ n, so z is not
/// inverted. A GRU built with resetAfter: false cannot hold these weights and is reported.</description></item>
/// <item><term>RNN → SimpleRNN</term><description>kernel = weight_ih_l0ᵀ, recurrent kernel = weight_hh_l0ᵀ, bias =
/// bias_ih_l0 + bias_hh_l0.</description></item>
/// <item><term>BatchNorm1d/2d → BatchNormalization</term><description>weight → gamma, bias → beta, running_mean →
/// moving_mean, running_var → moving_variance (PyTorch's unbiased running variance is what it normalises with at
/// inference, so inference outputs match); num_batches_tracked is read and not needed. Build the layer with
/// epsilon: 1e-5 (PyTorch's) to reproduce PyTorch's outputs.</description></item>
/// <item><term>LayerNorm → LayerNormalization</term><description>weight → gamma, bias → beta (epsilon: 1e-5 to match).</description></item>
/// <item><term>Embedding → Embedding</term><description>weight (num, dim) unchanged.</description></item>
/// </list>
/// <para>Only single-layer, unidirectional recurrent modules (the "_l0" tensors) map; a stacked nn.LSTM(num_layers=2)
/// is two library layers, the second reading "_l1" through a name map is not supported. Other layers with weights
/// are reported as having no PyTorch mapping.</para>
/// </remarks>
public static class PyTorchWeights
{
    /// <summary>Loads a PyTorch state_dict in safetensors into <paramref name="model"/> (see the class remarks).
    /// Every tensor is checked before any is read, and every value read before any weight changes.</summary>
    /// <param name="model">A built model (weights exist).</param>
    /// <param name="path">The safetensors file (a checksum is not required; one that is present is verified).</param>
    /// <param name="options">Strict or lenient matching and layer renaming (null: strict, default names).</param>
    /// <returns>The layers loaded and skipped, and the tensors left unused.</returns>
    /// <exception cref="InvalidDataException">The file is corrupt, or (strict) a tensor is missing, has another
    /// shape than the layer needs, or is used by no layer: one message lists every such problem, naming each layer,
    /// tensor and both shapes.</exception>
    /// <exception cref="InvalidOperationException">The model is not built.</exception>
    public static WeightImportReport Load(Model model, string path, WeightImportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var reader = SafeTensorsFile.Open(path, requireChecksum: false);
        return Load(model, reader, options);
    }

    /// <summary>Loads a PyTorch state_dict from an open safetensors reader (see <see cref="Load(Model, string, WeightImportOptions?)"/>).</summary>
    /// <exception cref="InvalidDataException">As <see cref="Load(Model, string, WeightImportOptions?)"/>.</exception>
    /// <exception cref="InvalidOperationException">The model is not built.</exception>
    public static WeightImportReport Load(Model model, SafeTensorsReader reader, WeightImportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(reader);
        var used = new HashSet<string>(StringComparer.Ordinal);
        var (plans, skipped) = WeightImport.PlanLayers(model, options ?? new WeightImportOptions(), path => path.Replace('/', '.'),
            (plan, prefix) => new Planner(reader, plan, prefix, used).Plan());
        var unused = reader.Entries.Where(e => !used.Contains(e.Name)).Select(e => $"'{e.Name}' {e.Shape}").ToList();
        return WeightImport.Apply(reader.Source, "PyTorch weights", model, plans, skipped, unused, options?.Strict ?? true);
    }

    /// <summary>Builds one layer's plan: which tensors it reads and how they convert.</summary>
    private sealed class Planner(SafeTensorsReader reader, LayerImport plan, string prefix, HashSet<string> used)
    {
        public void Plan()
        {
            switch (plan.Layer)
            {
                case Dense d: PlanDense(d); break;
                case Conv1D c: Direct(c.Kernel!, "weight", Permuted(c.Kernel!.Shape, 2, 1, 0), w => w.Permute(2, 1, 0)); Bias(c.Bias); break;
                case Conv2D c: Direct(c.Kernel!, "weight", Permuted(c.Kernel!.Shape, 3, 2, 0, 1), w => w.Permute(2, 3, 1, 0)); Bias(c.Bias); break;
                case Conv2DTranspose c: Direct(c.Kernel!, "weight", Permuted(c.Kernel!.Shape, 3, 2, 0, 1), w => w.Permute(2, 3, 1, 0)); Bias(c.Bias); break;
                case DepthwiseConv2D c: PlanDepthwise(c); break;
                case LSTM l: PlanRecurrent(l, reorder: false); break;
                case GRU g: PlanGru(g); break;
                case SimpleRNN r: PlanRecurrent(r, reorder: false); break;
                case BatchNormalization b: PlanBatchNorm(b); break;
                case LayerNormalization n: Same(n.Gamma, "weight"); Same(n.Beta, "bias"); break;
                case Embedding e: Same(e.Embeddings, "weight"); break;
                default: plan.Problem("has no PyTorch mapping (supported: Dense, Conv1D, Conv2D, Conv2DTranspose, DepthwiseConv2D, LSTM, GRU, SimpleRNN, BatchNormalization, LayerNormalization, Embedding)"); break;
            }
        }

        private void PlanDense(Dense d)
        {
            var kernel = d.Kernel!;
            int inputs = kernel.Shape[0], outputs = kernel.Shape[1];
            var image = FlattenedImage(plan.Owner, d);
            if (image is { } s && s.ElementCount == inputs)
            {
                int h = s[0], w = s[1], c = s[2];
                Direct(kernel, "weight", new Shape(outputs, inputs),
                    t => t.Reshape(outputs, c, h, w).Permute(0, 2, 3, 1).Reshape(outputs, inputs).Transpose());
            }
            else Direct(kernel, "weight", new Shape(outputs, inputs), t => t.Transpose());
            Bias(d.Bias);
        }

        private void PlanDepthwise(DepthwiseConv2D c)
        {
            var k = c.Kernel!.Shape; // (kh, kw, C, M)
            Direct(c.Kernel!, "weight", new Shape(k[2] * k[3], 1, k[0], k[1]), w => w.Reshape(k[2], k[3], k[0], k[1]).Permute(2, 3, 0, 1));
            Bias(c.Bias);
        }

        private void PlanRecurrent(RecurrentLayer r, bool reorder)
        {
            int units = r.Units;
            Func<Tensor, Tensor> order = reorder ? t => ZrnFromRzn(t, units) : t => t;
            Direct(r.Kernel!, "weight_ih_l0", Permuted(r.Kernel!.Shape, 1, 0), w => order(w).Transpose());
            Direct(r.RecurrentKernel!, "weight_hh_l0", Permuted(r.RecurrentKernel!.Shape, 1, 0), w => order(w).Transpose());
            if (r.Bias is not { } bias) return;
            var bih = Find("bias_ih_l0", new Shape(bias.Shape[bias.Rank - 1]), "bias (input part)");
            var bhh = Find("bias_hh_l0", new Shape(bias.Shape[bias.Rank - 1]), "bias (recurrent part)");
            if (bih is null || bhh is null) return;
            if (bias.Rank == 2) plan.Assign(bias, () => Tensor.Stack([order(reader.ReadTensor(bih, bias.DType)), order(reader.ReadTensor(bhh, bias.DType))]));
            else plan.Assign(bias, () => reader.ReadTensor(bih, bias.DType) + reader.ReadTensor(bhh, bias.DType));
        }

        private void PlanGru(GRU g)
        {
            if (!g.ResetAfter)
            {
                plan.Problem("PyTorch's GRU applies the reset gate after the recurrent product with its own bias; build the layer with resetAfter: true");
                return;
            }
            PlanRecurrent(g, reorder: true);
        }

        private void PlanBatchNorm(BatchNormalization b)
        {
            if (b.Axis != -1 && b.Axis != b.BuiltInputShapes![0].Rank)
                plan.Problem($"axis {b.Axis} is not the channel (last) axis that PyTorch's BatchNorm maps to in NHWC");
            Same(b.Gamma, "weight");
            Same(b.Beta, "bias");
            Same(b.MovingMean, "running_mean");
            Same(b.MovingVariance, "running_var");
            if (reader.Contains(prefix + ".num_batches_tracked")) used.Add(prefix + ".num_batches_tracked");
        }

        /// <summary>Reorders PyTorch's GRU row blocks [r; z; n] (axis 0, each <paramref name="units"/> long) to Keras's [z; r; h].</summary>
        private static Tensor ZrnFromRzn(Tensor t, int units) =>
            Tensor.Concat([t.Narrow(0, units, units), t.Narrow(0, 0, units), t.Narrow(0, 2 * units, units)], 0);

        private static Shape Permuted(Shape s, params int[] perm)
        {
            var dims = new int[perm.Length];
            for (int i = 0; i < perm.Length; i++) dims[i] = s[perm[i]];
            return new Shape(dims);
        }

        private void Same(Tensor? target, string name)
        {
            if (target is not null) Direct(target, name, target.Shape, t => t);
        }

        private void Bias(Tensor? target) => Same(target, "bias");

        private void Direct(Tensor target, string name, Shape expected, Func<Tensor, Tensor> convert)
        {
            var entry = Find(name, expected, LocalName(target));
            if (entry is not null) plan.Assign(target, () => convert(reader.ReadTensor(entry, target.DType)));
        }

        /// <summary>The entry "prefix.name" when it exists with the expected PyTorch shape, else null and a problem.</summary>
        private SafeTensorEntry? Find(string name, Shape expected, string what)
        {
            string full = prefix + "." + name;
            if (!reader.Contains(full))
            {
                plan.Problem($"tensor '{full}' (for the {what}, PyTorch shape {expected}) is missing from the file");
                return null;
            }
            used.Add(full);
            var entry = reader[full];
            if (entry.Shape != expected)
            {
                plan.Problem($"tensor '{full}' has shape {entry.Shape} in the file, but the layer's {what} needs PyTorch shape {expected}");
                return null;
            }
            if (!entry.StoredDType.IsFloating())
            {
                plan.Problem($"tensor '{full}' is {entry.DTypeCode}, not floating point");
                return null;
            }
            return entry;
        }

        private string LocalName(Tensor t) => t.Name is { } n && n.StartsWith(plan.Layer.Name + "/", StringComparison.Ordinal)
            ? n[(plan.Layer.Name.Length + 1)..] : t.Name ?? "weight";
    }

    /// <summary>
    /// The per-sample (H, W, C) shape of the image a <see cref="Flatten"/> turned into <paramref name="dense"/>'s input,
    /// following the model's graph back through weightless layers that keep the shape; null when the Dense's input
    /// does not come from flattening a rank-3 image.
    /// </summary>
    internal static Shape? FlattenedImage(Model owner, Layer dense)
    {
        Layer? previous = null;
        if (owner.SymbolicOutputs is { } outputs)
        {
            var node = FindSymbolic(outputs, dense);
            if (node is null || node.Inputs.Count != 1) return null;
            var current = node.Inputs[0];
            while (current.Layer is not Flatten)
            {
                var l = current.Layer;
                if (l is Input || l.Weights.Count > 0 || current.Inputs.Count != 1 || current.Inputs[0].Shape != current.Shape) return null;
                current = current.Inputs[0];
            }
            previous = current.Layer;
        }
        else if (owner is Sequential seq)
        {
            int i = IndexOf(seq.StackedLayers, dense) - 1;
            while (i >= 0 && seq.StackedLayers[i] is not Flatten)
            {
                var l = seq.StackedLayers[i];
                if (l.Weights.Count > 0 || l.BuiltInputShapes is not [var input] || l.OutputShapes is not [var output] || input != output) return null;
                i--;
            }
            previous = i >= 0 ? seq.StackedLayers[i] : null;
        }
        return previous is Flatten { BuiltInputShapes: [{ Rank: 3 } image] } ? (Shape?)image : null;
    }

    private static int IndexOf(IReadOnlyList<Layer> layers, Layer layer)
    {
        for (int i = 0; i < layers.Count; i++)
            if (ReferenceEquals(layers[i], layer)) return i;
        return -1;
    }

    private static SymbolicTensor? FindSymbolic(IReadOnlyList<SymbolicTensor> outputs, Layer layer)
    {
        var stack = new Stack<SymbolicTensor>(outputs);
        var seen = new HashSet<SymbolicTensor>(ReferenceEqualityComparer.Instance);
        while (stack.Count > 0)
        {
            var t = stack.Pop();
            if (!seen.Add(t)) continue;
            if (ReferenceEquals(t.Layer, layer)) return t;
            foreach (var i in t.Inputs) stack.Push(i);
        }
        return null;
    }
}
