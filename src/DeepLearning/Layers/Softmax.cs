namespace DeepLearning.Layers;

/// <summary>
/// Softmax as a layer (Keras's Softmax): y = exp(x − m)/Σ exp(x − m) over <see cref="Axes"/> (default −1), with
/// m the maximum (stable). Several axes are normalised jointly. No weights.
/// </summary>
/// <remarks>
/// Masks (Keras 3): where the mask is 0 the input is replaced by −10⁹ before the softmax and the output is set to 0
/// after it (so a fully masked row gives zeros, not a uniform distribution). The mask broadcasts against the input
/// right-aligned, as in Keras (an attention mask (batch, q, k) or (batch, 1, k) over scores (batch, q, k)); a
/// propagated time mask (batch, time) over (batch, time, features), which does not broadcast that way, is aligned
/// on the leading axes instead (masked steps give zero rows); when both alignments fit, the right-aligned (Keras) one
/// is used. The mask passes on to the next layer.
/// </remarks>
public sealed class Softmax : Layer
{
    private const double LargeNegative = -1e9;
    private readonly int[] _axes;

    /// <summary>Softmax over one axis.</summary>
    /// <param name="axis">The axis (batch axis counted; −1: the last).</param>
    /// <param name="name">Layer name.</param>
    public Softmax(int axis = -1, string? name = null) : this([axis], name) { }

    /// <summary>Softmax over several axes jointly.</summary>
    /// <param name="axes">The axes (batch axis counted), at least one.</param>
    /// <param name="name">Layer name.</param>
    /// <exception cref="ArgumentException">No axes.</exception>
    public Softmax(int[] axes, string? name = null) : base(name)
    {
        ArgumentNullException.ThrowIfNull(axes);
        if (axes.Length == 0) throw new ArgumentException("Softmax: needs at least one axis.", nameof(axes));
        _axes = axes.ToArray();
    }

    /// <summary>The normalised axes (batch axis counted).</summary>
    public IReadOnlyList<int> Axes => _axes;

    /// <inheritdoc />
    protected override bool SupportsMasking => true;

    /// <inheritdoc />
    protected override Tensor Forward(Tensor input, CallContext context)
    {
        LayerChecks.RequireFloating(Name, input);
        foreach (int a in _axes)
            if (a >= input.Rank || a < -input.Rank)
                throw new ArgumentException($"{Name}: axis {a} is out of range for inputs of shape {input.Shape}.");
        var x = input;
        Tensor? mask = context.Mask is { } m ? AlignMask(m, input) : null;
        if (mask is not null) x = Tensor.Where(mask, x, Tensor.Scalar(LargeNegative, x.DType, x.Device));
        Tensor y;
        if (_axes.Length == 1) y = x.Softmax(_axes[0]);
        else
        {
            var e = (x - x.Max(_axes, keepDims: true).Detach()).Exp();
            y = e / e.Sum(_axes, keepDims: true);
        }
        if (mask is not null) y = Tensor.Where(mask, y, Tensor.Scalar(0, y.DType, y.Device));
        return y;
    }

    private Tensor AlignMask(Tensor mask, Tensor x)
    {
        var m = mask.Detach();
        if (m.Rank <= x.Rank)
        {
            bool right = true;
            for (int i = 1; i <= m.Rank && right; i++) right = m.Shape[^i] == 1 || m.Shape[^i] == x.Shape[^i];
            if (right) return m;
            return LayerChecks.ExpandMask(Name, m, x);
        }
        throw new ArgumentException($"{Name}: the mask {mask.Shape} must broadcast to the input {x.Shape} and not have more axes.");
    }

    /// <inheritdoc />
    public override LayerConfig GetConfig() => base.GetConfig().Set("axis", _axes.Length == 1 ? _axes[0] : _axes.ToArray());

    /// <summary>Rebuilds the layer from <see cref="GetConfig"/>.</summary>
    public static Layer FromConfig(LayerConfig c)
    {
        int[] axes = c.Contains("axis") && c["axis"] is int[] or double[] ? c.GetInts("axis") : [c.GetInt("axis", -1)];
        return new Softmax(axes, c.GetString("name")) { Trainable = c.GetBool("trainable", true) };
    }
}
