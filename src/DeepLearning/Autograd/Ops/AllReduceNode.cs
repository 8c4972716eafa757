using DeepLearning.Distributed;

namespace DeepLearning.Autograd.Ops;

/// <summary>
/// y = Σ_r x_r over the ranks of a <see cref="Communicator"/> (every rank gets the sum, added in rank order), recorded
/// for autograd. VJP: ∂x_r = Σ_r′ ∂y_r′, the same all-reduce of the upstream gradients (each rank's output feeds
/// every rank's loss), run by every rank in its backward pass in the same order. Float32 and float64.
/// </summary>
internal sealed class AllReduceNode(Communicator communicator) : Node
{
    public override string Name => "AllReduce";

    public static Tensor Apply(Tensor x, Communicator communicator)
    {
        OpChecks.Floating("AllReduce", x);
        var y = Sum(x, communicator);
        if (!Node.ShouldRecord(x)) return y;
        Communicator.NoteBackwardCollective();
        return new AllReduceNode(communicator).Attach(y, x);
    }

    private static Tensor Sum(Tensor x, Communicator communicator)
    {
        var y = x.EmptyLike(x.Shape);
        if (x.DType == DType.Float32)
        {
            var values = x.ToArray<float>();
            communicator.AllReduce(values, ReduceOperation.Sum);
            y.CopyFrom<float>(values);
        }
        else
        {
            var values = x.ToArray<double>();
            communicator.AllReduce(values, ReduceOperation.Sum);
            y.CopyFrom<double>(values);
        }
        return y;
    }

    protected internal override void Backward(Tensor g) => PassGrad(0, Sum(g, communicator));
}
