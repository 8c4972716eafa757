using DeepLearning.Initializers;
using DeepLearning.Regularizers;

namespace DeepLearning.Layers;

/// <summary>
/// Multi-head scaled dot-product attention (Vaswani et al. 2017), as Keras 3's MultiHeadAttention. For a query
/// (batch, T, dim_q), a value (batch, S, dim_v) and a key (batch, S, dim_k) (the value when omitted), with N heads:
/// Q = query·W_q + b_q (batch, T, N, key_dim), K = key·W_k + b_k, V = value·W_v + b_v (batch, S, N, value_dim);
/// A = softmax(Q·Kᵀ/√key_dim + (1 − M)·(−10⁹)) over S, per head (batch, N, T, S);
/// O = (A·V) merged over heads, then output = O·W_o + b_o (batch, T, dim_q) (or <see cref="OutputShape"/>).
/// </summary>
/// <remarks>
/// <para>Weights in the layout of Keras's EinsumDense sublayers, in Keras's order: query kernel (dim_q, N, key_dim)
/// and bias (N, key_dim), key kernel (dim_k, N, key_dim) and bias, value kernel (dim_v, N, value_dim) and bias
/// (N, value_dim), output kernel (N, value_dim, dim_out) and bias (dim_out); Glorot-uniform kernels (fans as Keras
/// computes them for these shapes) and zero biases. Parameters, with biases: dim_q·N·k + N·k + dim_k·N·k + N·k +
/// dim_v·N·v + N·v + N·v·dim_out + dim_out.</para>
/// <para><b>Masks</b> M (batch, T, S), 1 = may attend: the <c>attentionMask</c> argument (shape (batch, T, S),
/// or (T, S), or (batch, N, T, S); 0 = masked), AND the padding masks taken from the inputs as Keras does (the
/// query's mask (batch, T) as (batch, T, 1), the value's and the key's masks (batch, S) as (batch, 1, S)), AND the
/// causal mask j ≤ i when <c>useCausalMask</c>. The output carries the query's mask. A query row whose keys are
/// all masked gets uniform weights (float32), as Keras's additive mask gives.</para>
/// <para><b>Calling</b>: <c>mha.Call(query, value)</c>, <c>mha.Call(query, value, key)</c>, or the overload with
/// <c>attentionMask</c> and <c>useCausalMask</c>; <see cref="CallWithScores"/> also returns A (before dropout, as
/// Keras's <c>return_attention_scores</c>). In a functional graph, where only the inputs are recorded, set
/// <see cref="UseCausalMask"/> on the layer (an addition to Keras, which takes it only at call time).</para>
/// <para>Dropout (training only) drops attention weights with inverted scaling. Inputs of rank above 3
/// (batch, T₁, …, dim) attend over all their middle axes together (Keras's default attention_axes), with
/// scores (batch, N, T₁, …, S₁, …).</para>
/// </remarks>
public sealed class MultiHeadAttention : KernelLayer
{
    private Tensor? _wq, _bq, _wk, _bk, _wv, _bv, _wo, _bo;
    private Generator? _generator;
    private Tensor? _callAttentionMask;
    private bool _callCausal, _callScores;

    /// <summary>Creates the layer.</summary>
    /// <param name="numHeads">Number of heads N (&gt; 0).</param>
    /// <param name="keyDim">Size of each head for query and key (&gt; 0); scores are scaled by 1/√keyDim.</param>
    /// <param name="valueDim">Size of each head for value (default keyDim).</param>
    /// <param name="dropout">Fraction of attention weights dropped in training, in [0, 1).</param>
    /// <param name="useBias">Whether the projections add biases.</param>
    /// <param name="outputShape">Per-position output shape (default the query's last dimension).</param>
    /// <param name="kernelInitializer">Initial projection kernels (default Glorot uniform).</param>
    /// <param name="biasInitializer">Initial biases (default zeros).</param>
    /// <param name="kernelRegularizer">Penalty on every kernel.</param>
    /// <param name="biasRegularizer">Penalty on every bias.</param>
    /// <param name="activityRegularizer">Penalty on the output.</param>
    /// <param name="kernelConstraint">Projection of every kernel.</param>
    /// <param name="biasConstraint">Projection of every bias.</param>
    /// <param name="seed">Seed of the dropout masks.</param>
    /// <param name="useCausalMask">Always apply the causal mask (for functional graphs).</param>
    /// <param name="returnAttentionScores">Always return [output, scores] from <see cref="Layer.CallMultiple(IReadOnlyList{Tensor}, bool?, IReadOnlyList{Tensor?}?)"/>
    /// (for functional graphs; eager code can use <see cref="CallWithScores"/>).</param>
    /// <param name="name">Layer name.</param>
    /// <exception cref="ArgumentOutOfRangeException">numHeads, keyDim or valueDim ≤ 0, a non-positive output
    /// dimension, or dropout outside [0, 1).</exception>
    public MultiHeadAttention(int numHeads, int keyDim, int? valueDim = null, double dropout = 0, bool useBias = true, Shape? outputShape = null,
        Initializer? kernelInitializer = null, Initializer? biasInitializer = null, Regularizer? kernelRegularizer = null,
        Regularizer? biasRegularizer = null, Regularizer? activityRegularizer = null, Constraint? kernelConstraint = null,
        Constraint? biasConstraint = null, int? seed = null, bool useCausalMask = false, bool returnAttentionScores = false, string? name = null)
        : base(useBias, kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer, activityRegularizer, kernelConstraint,
            biasConstraint, name)
    {
        if (numHeads <= 0) throw new ArgumentOutOfRangeException(nameof(numHeads), numHeads, $"MultiHeadAttention: numHeads must be positive; got {numHeads}.");
        if (keyDim <= 0) throw new ArgumentOutOfRangeException(nameof(keyDim), keyDim, $"MultiHeadAttention: keyDim must be positive; got {keyDim}.");
        if (valueDim is <= 0) throw new ArgumentOutOfRangeException(nameof(valueDim), valueDim, $"MultiHeadAttention: valueDim must be positive; got {valueDim}.");
        if (!(dropout >= 0 && dropout < 1)) throw new ArgumentOutOfRangeException(nameof(dropout), dropout, $"MultiHeadAttention: dropout must be in [0, 1); got {dropout}.");
        if (outputShape is { } os && (os.Rank == 0 || os.Any(d => d <= 0)))
            throw new ArgumentOutOfRangeException(nameof(outputShape), $"MultiHeadAttention: outputShape must have positive dimensions; got {os}.");
        NumHeads = numHeads;
        KeyDim = keyDim;
        ValueDim = valueDim ?? keyDim;
        Dropout = dropout;
        OutputShape = outputShape;
        Seed = seed;
        UseCausalMask = useCausalMask;
        ReturnAttentionScores = returnAttentionScores;
    }

    /// <summary>Number of heads N.</summary>
    public int NumHeads { get; }

    /// <summary>Size of each query/key head.</summary>
    public int KeyDim { get; }

    /// <summary>Size of each value head.</summary>
    public int ValueDim { get; }

    /// <summary>Fraction of attention weights dropped in training.</summary>
    public double Dropout { get; }

    /// <summary>The per-position output shape; null projects back to the query's last dimension.</summary>
    public Shape? OutputShape { get; }

    /// <summary>Seed of the dropout masks (null: <see cref="Generator.Default"/>).</summary>
    public int? Seed { get; }

    /// <summary>Apply the causal mask (position i attends to j ≤ i) at every call.</summary>
    public bool UseCausalMask { get; }

    /// <summary>Every call returns [output, attention weights]: <c>CallMultiple([query, value])</c> gives both
    /// (Keras's <c>return_attention_scores=True</c> fixed on the layer; <c>Call</c> still returns the output).</summary>
    public bool ReturnAttentionScores { get; }

    /// <summary>Query kernel (dim_q, N, key_dim); null before the first call.</summary>
    public Tensor? QueryKernel => _wq;

    /// <summary>Key kernel (dim_k, N, key_dim).</summary>
    public Tensor? KeyKernel => _wk;

    /// <summary>Value kernel (dim_v, N, value_dim).</summary>
    public Tensor? ValueKernel => _wv;

    /// <summary>Output kernel (N, value_dim, dim_out…).</summary>
    public Tensor? OutputKernel => _wo;

    /// <summary>Query bias (N, key_dim); null without bias.</summary>
    public Tensor? QueryBias => _bq;

    /// <summary>Key bias (N, key_dim).</summary>
    public Tensor? KeyBias => _bk;

    /// <summary>Value bias (N, value_dim).</summary>
    public Tensor? ValueBias => _bv;

    /// <summary>Output bias (dim_out…).</summary>
    public Tensor? OutputBias => _bo;

    /// <summary>Attends from <paramref name="query"/> to <paramref name="value"/> (keyed by <paramref name="key"/>, else
    /// by value) and returns the output (batch, T, dim_out).</summary>
    /// <param name="query">(batch, T, dim_q).</param>
    /// <param name="value">(batch, S, dim_v).</param>
    /// <param name="key">(batch, S, dim_k); default value.</param>
    /// <param name="attentionMask">(batch, T, S), (T, S) or (batch, N, T, S); nonzero = may attend.</param>
    /// <param name="useCausalMask">Also apply the causal mask j ≤ i.</param>
    /// <param name="training">Training mode (dropout); null inherits.</param>
    /// <exception cref="ArgumentException">Shapes do not fit (the message names the layer and the shapes).</exception>
    public Tensor Call(Tensor query, Tensor value, Tensor? key = null, Tensor? attentionMask = null, bool useCausalMask = false, bool? training = null) =>
        Run(query, value, key, attentionMask, useCausalMask, training, scores: false)[0];

    /// <summary>As <see cref="Call(Tensor, Tensor, Tensor?, Tensor?, bool, bool?)"/>, also returning the attention
    /// weights A (batch, N, T, S) before dropout (Keras's <c>return_attention_scores=True</c>).</summary>
    public (Tensor Output, Tensor Scores) CallWithScores(Tensor query, Tensor value, Tensor? key = null, Tensor? attentionMask = null,
        bool useCausalMask = false, bool? training = null)
    {
        var r = Run(query, value, key, attentionMask, useCausalMask, training, scores: true);
        return (r[0], r[1]);
    }

    private IReadOnlyList<Tensor> Run(Tensor query, Tensor value, Tensor? key, Tensor? attentionMask, bool causal, bool? training, bool scores)
    {
        _callAttentionMask = attentionMask;
        _callCausal = causal;
        _callScores = scores;
        try
        {
            return Invoke(key is null ? [query, value] : [query, value, key], training, null);
        }
        finally
        {
            _callAttentionMask = null;
            _callCausal = false;
            _callScores = false;
        }
    }

    /// <inheritdoc />
    protected override bool SupportsMasking => true;

    /// <inheritdoc />
    protected override void Build(IReadOnlyList<Shape> inputShapes)
    {
        if (inputShapes.Count is < 2 or > 3)
            throw new ArgumentException($"{Name}: MultiHeadAttention takes query, value and optionally key; got {inputShapes.Count} inputs.");
        Shape q = inputShapes[0], v = inputShapes[1], k = inputShapes.Count > 2 ? inputShapes[2] : v;
        if (q.Rank < 2 || v.Rank < 2 || k.Rank < 2)
            throw new ArgumentException($"{Name}: query, value and key need shape (batch, positions…, features); got query {Text(q)}, value {Text(v)}, key {Text(k)}.");
        if (!v.ToArray()[..^1].SequenceEqual(k.ToArray()[..^1]))
            throw new ArgumentException($"{Name}: all dimensions of value and key except the last must be equal; got value {Text(v)} and key {Text(k)}.");
        int n = NumHeads;
        Shape outShape = OutputShape ?? new Shape(q[-1]);
        _wq = AddKernel("query/kernel", [q[-1], n, KeyDim]);
        _bq = AddBias("query/bias", [n, KeyDim]);
        _wk = AddKernel("key/kernel", [k[-1], n, KeyDim]);
        _bk = AddBias("key/bias", [n, KeyDim]);
        _wv = AddKernel("value/kernel", [v[-1], n, ValueDim]);
        _bv = AddBias("value/bias", [n, ValueDim]);
        _wo = AddKernel("attention_output/kernel", [n, ValueDim, .. outShape.ToArray()]);
        _bo = AddBias("attention_output/bias", outShape);
    }

    private static string Text(Shape s) => $"(None, {string.Join(", ", s)})";

    /// <inheritdoc />
    protected override IReadOnlyList<Tensor> Forward(IReadOnlyList<Tensor> inputs, CallContext context)
    {
        if (inputs.Count is < 2 or > 3)
            throw new ArgumentException($"{Name}: MultiHeadAttention takes query, value and optionally key; got {inputs.Count} inputs.");
        Tensor query = inputs[0], value = inputs[1], key = inputs.Count > 2 ? inputs[2] : value;
        int batch = query.Shape[0];
        if (value.Shape[0] != batch || key.Shape[0] != batch || !value.Shape.ToArray()[..^1].SequenceEqual(key.Shape.ToArray()[..^1]))
            throw new ArgumentException($"{Name}: query {query.Shape}, value {value.Shape} and key {key.Shape} must share the batch size, and value and key all but the last dimension.");
        foreach (var t in inputs)
            if (t.DType != DType)
                throw new ArgumentException($"{Name}: inputs must be {DType} like the layer's weights; got {t.DType} of shape {t.Shape}.");
        var queryPositions = query.Shape.ToArray()[1..^1];
        var valuePositions = value.Shape.ToArray()[1..^1];
        int tLen = queryPositions.Aggregate(1, (a, b) => a * b), sLen = valuePositions.Aggregate(1, (a, b) => a * b);
        int n = NumHeads;

        var mask = CombinedMask(context, batch, queryPositions, valuePositions, tLen, sLen, query.Device);
        var q = Project(query, _wq!, _bq, batch, tLen) * (1 / Math.Sqrt(KeyDim));    // (batch, N, T, key_dim)
        var k = Project(key, _wk!, _bk, batch, sLen);                                 // (batch, N, S, key_dim)
        var v = Project(value, _wv!, _bv, batch, sLen);                               // (batch, N, S, value_dim)
        var logits = q.MatMul(k.Transpose(-2, -1));                                   // (batch, N, T, S)
        if (mask is not null) logits += (1.0 - mask) * -1e9;
        var weights = logits.Softmax(-1);
        var dropped = weights;
        if (context.Training && Dropout > 0)
        {
            Tensor keep;
            using (Tensor.NoGrad())
                keep = Tensor.Bernoulli(weights.Shape, 1 - Dropout, weights.DType, Seed is int s ? _generator ??= new Generator((ulong)s) : Generator.Default,
                    weights.Device) / (1 - Dropout);
            dropped = weights * keep;
        }
        var heads = dropped.MatMul(v).Permute(0, 2, 1, 3).Reshape(batch * tLen, n * ValueDim);  // (batch·T, N·value_dim)
        var outShape = _wo!.Shape.ToArray()[2..];
        int outWidth = outShape.Aggregate(1, (a, b) => a * b);
        var y = heads.MatMul(_wo.Reshape(n * ValueDim, outWidth));
        if (_bo is not null) y += _bo.Reshape(outWidth);
        var output = y.Reshape([batch, .. queryPositions, .. outShape]);
        if (!_callScores && !ReturnAttentionScores) return [output];
        output.Mask = context.Mask;
        return [output, weights.Reshape([batch, n, .. queryPositions, .. valuePositions])];
    }

    /// <summary>x (batch, positions…, dim)·W (dim, N, h) + b (N, h) as (batch, N, positions, h).</summary>
    private static Tensor Project(Tensor x, Tensor kernel, Tensor? bias, int batch, int positions)
    {
        int dim = kernel.Shape[0], heads = kernel.Shape[1], size = kernel.Shape[2];
        var y = x.Reshape(batch * positions, dim).MatMul(kernel.Reshape(dim, heads * size));
        if (bias is not null) y += bias.Reshape(heads * size);
        return y.Reshape(batch, positions, heads, size).Permute(0, 2, 1, 3);
    }

    /// <summary>The merged 0/1 mask broadcastable to (batch, N, T, S), or null (Keras's _compute_attention_mask).</summary>
    private Tensor? CombinedMask(CallContext context, int batch, int[] queryPositions, int[] valuePositions, int tLen, int sLen, Devices.Device device)
    {
        using var noGrad = Tensor.NoGrad();
        var dtype = DType!.Value;
        Tensor? mask = null;
        void And(Tensor m) => mask = mask is null ? m : mask * m;
        Tensor Padding(Tensor? m, int[] positions, int length, string which)
        {
            if (m!.Shape != new Shape([batch, .. positions]))
                throw new ArgumentException($"{Name}: the {which} mask must have shape ({batch}, {string.Join(", ", positions)}); got {m.Shape}.");
            return m.Ne(0).Cast(dtype).Reshape(batch, length);
        }
        if (context.Masks.Count > 0 && context.Masks[0] is { } qm) And(Padding(qm, queryPositions, tLen, "query").Reshape(batch, 1, tLen, 1));
        if (context.Masks.Count > 1 && context.Masks[1] is { } vm) And(Padding(vm, valuePositions, sLen, "value").Reshape(batch, 1, 1, sLen));
        if (context.Masks.Count > 2 && context.Masks[2] is { } km) And(Padding(km, valuePositions, sLen, "key").Reshape(batch, 1, 1, sLen));
        if (UseCausalMask || _callCausal)
        {
            var rows = Tensor.Arange(0, tLen, 1, dtype, device).Reshape(tLen, 1);
            var cols = Tensor.Arange(0, sLen, 1, dtype, device).Reshape(1, sLen);
            And((cols <= rows).Reshape(1, 1, tLen, sLen));
        }
        if (_callAttentionMask is { } am)
        {
            var m = am.Ne(0).Cast(dtype);
            int[] full = [batch, .. queryPositions, .. valuePositions];
            if (am.Shape == new Shape(full)) m = m.Reshape(batch, 1, tLen, sLen);
            else if (am.Shape == new Shape(tLen, sLen)) m = m.Reshape(1, 1, tLen, sLen);
            else if (am.Shape == new Shape(batch, tLen, sLen)) m = m.Reshape(batch, 1, tLen, sLen);
            else if (am.Shape == new Shape(batch, NumHeads, tLen, sLen)) { }
            else
                throw new ArgumentException($"{Name}: attentionMask must have shape ({batch}, {tLen}, {sLen}), ({tLen}, {sLen}) or ({batch}, {NumHeads}, {tLen}, {sLen}); got {am.Shape}.");
            And(m);
        }
        return mask;
    }

    /// <inheritdoc />
    public override LayerConfig GetConfig() => base.GetConfig()
        .Set("num_heads", NumHeads).Set("key_dim", KeyDim).Set("value_dim", ValueDim).Set("dropout", Dropout).Set("use_bias", UseBias)
        .Set("output_shape", OutputShape is { } s ? s.ToArray() : (object?)null)
        .Set("kernel_initializer", KernelInitializer.Name).Set("bias_initializer", BiasInitializer.Name)
        .Set("seed", Seed).Set("use_causal_mask", UseCausalMask).Set("return_attention_scores", ReturnAttentionScores);

    /// <summary>Rebuilds the layer from <see cref="GetConfig"/> (initializers by name; regularizers and constraints
    /// are read back by the model loader, which sets them before the layer is built).</summary>
    public static Layer FromConfig(LayerConfig c) => new MultiHeadAttention(c.GetInt("num_heads"), c.GetInt("key_dim"),
        c.Contains("value_dim") && c["value_dim"] is not null ? c.GetInt("value_dim") : null, c.GetDouble("dropout", 0), c.GetBool("use_bias", true),
        c.Contains("output_shape") && c["output_shape"] is not null ? new Shape(c.GetInts("output_shape")) : (Shape?)null,
        KernelInitializerFrom(c), BiasInitializerFrom(c),
        seed: LayerChecks.SeedFrom(c), useCausalMask: c.GetBool("use_causal_mask", false),
        returnAttentionScores: c.GetBool("return_attention_scores", false), name: c.GetString("name")) { Trainable = c.GetBool("trainable", true) };
}
