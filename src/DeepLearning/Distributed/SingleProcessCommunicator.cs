namespace DeepLearning.Distributed;

/// <summary>The group of one process: every collective leaves the buffer unchanged (the sum and the mean of one
/// buffer are the buffer).</summary>
internal sealed class SingleProcessCommunicator : Communicator
{
    public override int Rank => 0;

    public override int Size => 1;

    public override void AllReduce(Span<float> buffer, ReduceOperation operation) { }

    public override void AllReduce(Span<double> buffer, ReduceOperation operation) { }

    public override void Broadcast(Span<byte> buffer, int root = 0) => CheckRoot(root);

    public override void Barrier() { }

    public override void Dispose() { }
}
