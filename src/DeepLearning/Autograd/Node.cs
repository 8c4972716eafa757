namespace DeepLearning.Autograd;

/// <summary>
/// A recorded operation in the autograd graph: its inputs, the tensors it saved for the backward pass and its
/// vector-Jacobian product. Every differentiable op of the library is a small sealed subclass, written beside
/// its forward; user code defines custom differentiable ops the same way.
/// </summary>
/// <remarks>
/// <para>Pattern: compute the output with tensor operations (inside <see cref="Tensor.NoGrad"/> if they would
/// otherwise be recorded), then, when <see cref="ShouldRecord(Tensor)"/> is true, create the node, save what the
/// backward pass needs with <see cref="Save"/> and call <c>Attach</c>. <see cref="Backward"/> receives
/// ∂L/∂output and hands each input its gradient with <see cref="PassGrad"/>, which sums a gradient computed in a
/// broadcast shape back to the input's shape.</para>
/// <para>Nodes hold no delegates. Saved tensors are checked against their storage version, so an in-place write
/// after saving is detected, and they are released after the backward pass.</para>
/// </remarks>
/// <example><code>
/// sealed class CubeNode : Node
/// {
///     public override string Name =&gt; "Cube";
///     protected override void Backward(Tensor g) =&gt; PassGrad(0, g * 3 * GetSaved(0).Square());
/// }
/// static Tensor Cube(Tensor x)
/// {
///     Tensor y;
///     using (Tensor.NoGrad()) y = x * x * x;
///     if (Node.ShouldRecord(x)) { var n = new CubeNode(); n.Save(x); n.Attach(y, x); }
///     return y;
/// }
/// </code></example>
public abstract class Node
{
    private Tensor? _in0, _in1;
    private Tensor[]? _inputs;
    private int _inputCount;
    private Tensor? _s0, _s1, _s2;
    private int _v0, _v1, _v2;
    private List<(Tensor Tensor, int Version)>? _savedMore;
    private int _savedCount;
    private bool _released;

    internal Tensor? Output;
    internal int VisitMark;

    /// <summary>The op's name, used in error messages and graph dumps.</summary>
    public abstract string Name { get; }

    /// <summary>Number of inputs.</summary>
    public int InputCount => _inputCount;

    /// <summary>Input <paramref name="index"/>.</summary>
    public Tensor GetInput(int index)
    {
        if ((uint)index >= (uint)_inputCount) throw new ArgumentOutOfRangeException(nameof(index));
        return _inputs is not null ? _inputs[index] : index == 0 ? _in0! : _in1!;
    }

    /// <summary>True when recording is on and any of the inputs requires a gradient.</summary>
    public static bool ShouldRecord(Tensor a) => GradMode.IsEnabled && a.RequiresGrad;

    /// <summary>True when recording is on and any of the inputs requires a gradient.</summary>
    public static bool ShouldRecord(Tensor a, Tensor b) => GradMode.IsEnabled && (a.RequiresGrad || b.RequiresGrad);

    /// <summary>True when recording is on and any of the inputs requires a gradient.</summary>
    public static bool ShouldRecord(ReadOnlySpan<Tensor> inputs)
    {
        if (!GradMode.IsEnabled) return false;
        foreach (var t in inputs)
            if (t.RequiresGrad) return true;
        return false;
    }

    /// <summary>Saves a tensor for the backward pass (with its storage version) and returns its slot.</summary>
    public int Save(Tensor tensor)
    {
        int slot = _savedCount++;
        int version = tensor._storage.Version;
        switch (slot)
        {
            case 0: _s0 = tensor; _v0 = version; break;
            case 1: _s1 = tensor; _v1 = version; break;
            case 2: _s2 = tensor; _v2 = version; break;
            default: (_savedMore ??= []).Add((tensor, version)); break;
        }
        return slot;
    }

    /// <summary>A saved tensor.</summary>
    /// <exception cref="InvalidOperationException">The graph was freed by an earlier backward pass, or the tensor
    /// was modified in place after it was saved.</exception>
    protected Tensor GetSaved(int slot)
    {
        if (_released)
            throw new InvalidOperationException($"{Name}: the graph was already freed by a backward pass; pass retainGraph: true to differentiate it twice.");
        var (tensor, version) = slot switch
        {
            0 => (_s0!, _v0),
            1 => (_s1!, _v1),
            2 => (_s2!, _v2),
            _ => _savedMore![slot - 3],
        };
        if (tensor._storage.Version != version)
            throw new InvalidOperationException($"{Name}: a tensor of shape {tensor.Shape} saved for the backward pass was modified in place afterwards (version {version} → {tensor._storage.Version}).");
        return tensor;
    }

    /// <summary>Connects <paramref name="output"/> to one input and returns the output.</summary>
    public Tensor Attach(Tensor output, Tensor input)
    {
        _in0 = input;
        _inputCount = 1;
        return Link(output);
    }

    /// <summary>Connects <paramref name="output"/> to two inputs and returns the output.</summary>
    public Tensor Attach(Tensor output, Tensor input0, Tensor input1)
    {
        _in0 = input0;
        _in1 = input1;
        _inputCount = 2;
        return Link(output);
    }

    /// <summary>Connects <paramref name="output"/> to any number of inputs and returns the output.</summary>
    public Tensor Attach(Tensor output, Tensor[] inputs)
    {
        _inputs = inputs;
        _inputCount = inputs.Length;
        return Link(output);
    }

    private Tensor Link(Tensor output)
    {
        if (output._gradFn is not null)
            throw new InvalidOperationException($"{Name}: the output tensor is already produced by {output._gradFn.Name}.");
        Output = output;
        output._gradFn = this;
        return output;
    }

    /// <summary>True when input <paramref name="index"/> wants a gradient.</summary>
    protected bool NeedsGrad(int index) => GetInput(index).RequiresGrad;

    /// <summary>Hands ∂L/∂input to input <paramref name="index"/>; a gradient in a broadcast shape is summed back
    /// to the input's shape. Nothing happens when the input does not require a gradient.</summary>
    protected void PassGrad(int index, Tensor gradient) => BackwardEngine.Accumulate(GetInput(index), gradient, this);

    /// <summary>The vector-Jacobian product: receives ∂L/∂output and passes each input its gradient.</summary>
    protected internal abstract void Backward(Tensor outputGradient);

    internal void CheckNotReleased()
    {
        if (_released)
            throw new InvalidOperationException($"{Name}: the graph was already freed by a backward pass; pass retainGraph: true to differentiate it twice.");
    }

    /// <summary>Drops the saved tensors after a backward pass.</summary>
    internal void ReleaseSaved()
    {
        _released = true;
        _s0 = _s1 = _s2 = null;
        _savedMore = null;
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
