namespace DeepLearning.Autograd.Ops;

/// <summary>
/// softmax(x)ᵢ = e^(xᵢ − m) / Σⱼ e^(xⱼ − m) along an axis, with m = maxⱼ xⱼ so no exponential overflows.
/// VJP: ∂x = y ⊙ (g − Σ(g ⊙ y)).
/// </summary>
internal sealed class SoftmaxNode(int axis) : Node
{
    public override string Name => "Softmax";

    public static Tensor Apply(Tensor x, int axis)
    {
        OpChecks.Floating("Softmax", x);
        int a = x.Shape.NormalizeAxis(axis, "Softmax");
        if (x.Shape[a] == 0) return x.Clone();
        Tensor y;
        using (GradMode.Disable())
        {
            var e = (x - x.Max(a, keepDims: true)).Exp();
            y = e / e.Sum(a, keepDims: true);
        }
        if (!Node.ShouldRecord(x)) return y;
        var node = new SoftmaxNode(a);
        node.Save(y);
        return node.Attach(y, x);
    }

    protected internal override void Backward(Tensor g)
    {
        var y = GetSaved(0);
        PassGrad(0, y * (g - (g * y).Sum(axis, keepDims: true)));
    }
}

/// <summary>
/// log softmax(x)ᵢ = xᵢ − m − ln Σⱼ e^(xⱼ − m), stable for any logits. VJP: ∂x = g − e^y ⊙ Σg.
/// </summary>
internal sealed class LogSoftmaxNode(int axis) : Node
{
    public override string Name => "LogSoftmax";

    public static Tensor Apply(Tensor x, int axis)
    {
        OpChecks.Floating("LogSoftmax", x);
        int a = x.Shape.NormalizeAxis(axis, "LogSoftmax");
        if (x.Shape[a] == 0) return x.Clone();
        Tensor y;
        using (GradMode.Disable())
        {
            var shifted = x - x.Max(a, keepDims: true);
            y = shifted - shifted.Exp().Sum(a, keepDims: true).Log();
        }
        if (!Node.ShouldRecord(x)) return y;
        var node = new LogSoftmaxNode(a);
        node.Save(y);
        return node.Attach(y, x);
    }

    protected internal override void Backward(Tensor g)
    {
        var y = GetSaved(0);
        PassGrad(0, g - y.Exp() * g.Sum(axis, keepDims: true));
    }
}
