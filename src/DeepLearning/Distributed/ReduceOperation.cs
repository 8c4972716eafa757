namespace DeepLearning.Distributed;

/// <summary>How <see cref="Communicator.AllReduce(Span{float}, ReduceOperation)"/> combines the ranks' buffers.</summary>
public enum ReduceOperation
{
    /// <summary>The element-wise sum over ranks, in ascending rank order.</summary>
    Sum,
    /// <summary>The sum multiplied by 1/Size (data-parallel gradient averaging).</summary>
    Mean,
}
