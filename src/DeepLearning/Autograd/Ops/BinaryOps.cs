using DeepLearning.Devices;

namespace DeepLearning.Autograd.Ops;

/// <summary>
/// Element-wise binary ops with NumPy broadcasting. The forward broadcasts both operands to the output shape
/// by strides of 0 (no copies) and runs one kernel; the VJP produces gradients in the output shape, which
/// <see cref="Node.PassGrad"/> sums back over the broadcast axes.
/// </summary>
internal sealed class BinaryNode(BinaryOp op) : Node
{
    // The op names for error messages, computed once (BinaryOp's values are 0, 1, 2, …).
    private static readonly string[] OpNames = Enum.GetValues<BinaryOp>().Select(o => o.ToString()).ToArray();

    public override string Name => OpNames[(int)op];

    /// <summary>y = a op b, recorded for autograd when op is differentiable (comparisons are not).</summary>
    public static Tensor Apply(BinaryOp op, Tensor a, Tensor b)
    {
        var y = Forward(op, a, b, OpNames[(int)op]);
        if (!Node.ShouldRecord(a, b) || op is not (BinaryOp.Add or BinaryOp.Sub or BinaryOp.Mul or BinaryOp.Div
            or BinaryOp.Pow or BinaryOp.Maximum or BinaryOp.Minimum)) return y;
        var node = new BinaryNode(op);
        if (op is not (BinaryOp.Add or BinaryOp.Sub))
        {
            node.Save(a);
            node.Save(b);
            if (op is BinaryOp.Div or BinaryOp.Pow) node.Save(y);
        }
        return node.Attach(y, a, b);
    }

    /// <summary>y = op(a, b; α, β) without recording.</summary>
    public static Tensor Forward(BinaryOp op, Tensor a, Tensor b, string name, double alpha = 0, double beta = 0)
    {
        OpChecks.SameDeviceAndDType(name, a, b);
        if (!a.DType.IsFloating() && !op.SupportsInteger())
            throw new ArgumentException($"{name}: not defined for int32 tensors (shapes {a.Shape} and {b.Shape}); Cast to float32 first.");
        var shape = Shape.Broadcast(a.Shape, b.Shape, name);
        var y = a.EmptyLike(shape);
        a.Device.Binary(op, a.BroadcastView(shape), b.BroadcastView(shape), y.View, alpha, beta);
        return y;
    }

    protected internal override void Backward(Tensor g)
    {
        switch (op)
        {
            case BinaryOp.Add:
                PassGrad(0, g);
                PassGrad(1, g);
                break;
            case BinaryOp.Sub:
                PassGrad(0, g);
                if (NeedsGrad(1)) PassGrad(1, -g);
                break;
            case BinaryOp.Mul:
                if (NeedsGrad(0)) PassGrad(0, g * GetSaved(1));
                if (NeedsGrad(1)) PassGrad(1, g * GetSaved(0));
                break;
            case BinaryOp.Div:
            {
                var ga = g / GetSaved(1);
                if (NeedsGrad(0)) PassGrad(0, ga);
                if (NeedsGrad(1)) PassGrad(1, -(ga * GetSaved(2)));   // −g·a/b² = −(g/b)·y
                break;
            }
            case BinaryOp.Pow:
            {
                Tensor a = GetSaved(0), b = GetSaved(1), y = GetSaved(2);
                if (NeedsGrad(0)) PassGrad(0, g * b * a.Pow(b - 1.0));
                if (NeedsGrad(1))
                {
                    // g·y·ln a, defined as 0 where a = 0 and b ≥ 0 (as PyTorch does), where y·ln a would be 0·(−∞).
                    var gb = g * y * a.Log();
                    var zero = (a.Eq(0.0) * (b >= 0.0)).Expand(gb.Shape);
                    PassGrad(1, Tensor.Where(zero, Tensor.ZerosLike(gb), gb));
                }
                break;
            }
            case BinaryOp.Maximum:
            case BinaryOp.Minimum:
            {
                // Ties go to a, as in TensorFlow: a gets g where a ≥ b (max) or a ≤ b (min), b gets the rest.
                Tensor a = GetSaved(0), b = GetSaved(1);
                var mask = op == BinaryOp.Maximum ? a >= b : a <= b;
                var ga = g * mask;
                if (NeedsGrad(0)) PassGrad(0, ga);
                if (NeedsGrad(1)) PassGrad(1, g - ga);
                break;
            }
            default:
                throw new NotSupportedException($"{op}: no gradient.");
        }
    }
}

/// <summary>y = condition ? a : b with broadcasting; the condition (any dtype, nonzero = true) gets no gradient.</summary>
internal sealed class WhereNode : Node
{
    public override string Name => "Where";

    public static Tensor Apply(Tensor condition, Tensor a, Tensor b)
    {
        OpChecks.SameDeviceAndDType("Where", a, b);
        OpChecks.SameDevice("Where", condition, a);
        var shape = Shape.Broadcast(Shape.Broadcast(condition.Shape, a.Shape, "Where"), b.Shape, "Where");
        var y = a.EmptyLike(shape);
        a.Device.Select(condition.BroadcastView(shape), a.BroadcastView(shape), b.BroadcastView(shape), y.View);
        if (!Node.ShouldRecord(a, b)) return y;
        var node = new WhereNode();
        node.Save(condition);
        return node.Attach(y, a, b);
    }

    protected internal override void Backward(Tensor g)
    {
        var c = GetSaved(0);
        var zero = Tensor.ZerosLike(g);
        if (NeedsGrad(0)) PassGrad(0, Tensor.Where(c, g, zero));
        if (NeedsGrad(1)) PassGrad(1, Tensor.Where(c, zero, g));
    }
}
