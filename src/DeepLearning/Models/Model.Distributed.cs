using System.Runtime.InteropServices;
using DeepLearning.Data;
using DeepLearning.Distributed;

namespace DeepLearning.Models;

public partial class Model
{
    /// <summary>Gradients are all-reduced in buckets of at most this many elements (PyTorch DDP's 25 MB buckets).</summary>
    private const int GradientBucketElements = 25 << 18;

    private float[]? _bucket;
    private OverlappedGradientReducer? _reducer;

    /// <summary>
    /// Whether data-parallel training all-reduces the gradients in buckets of about 1 MB as the backward pass finishes
    /// them, on a communication thread, while the rest of the pass runs (PyTorch DistributedDataParallel's overlap),
    /// instead of after the pass. Default false. It takes effect with more than one rank, a communicator whose
    /// <see cref="Communicator.SupportsCollectivesFromAnyThread"/> holds (MPI at MPI_THREAD_SERIALIZED, which
    /// <c>MpiCommunicator.Initialize</c> asks for) and no layer that calls collectives in its backward pass (a
    /// synchronised <see cref="Layers.BatchNormalization"/>); otherwise the gradients are averaged after the pass.
    /// The weights are bit-identical either way. It pays where the all-reduce waits on a network while cores are free
    /// for the backward pass; on one machine whose cores all compute, the communication thread competes with them
    /// (docs/distributed.md has the measurements).
    /// </summary>
    public bool OverlapGradientReduction { get; set; }

    /// <summary>
    /// The process group this model trains in: <see cref="Communicator.SingleProcess"/> unless a <c>Fit</c> was given
    /// <see cref="FitOptions.Communicator"/> (or it is set here). With more than one rank, <c>Fit</c> trains data-parallel
    /// and <c>Evaluate</c> shards its data and reduces the results; logs, progress and files come from rank 0.
    /// </summary>
    public Communicator Communicator
    {
        get;
        set => field = value ?? throw new ArgumentNullException(nameof(value));
    } = Communicator.SingleProcess;

    /// <summary>The loader of this rank's share: the global batch split evenly, shuffled with rank 0's seed.</summary>
    /// <exception cref="ArgumentException">The batch size is not a multiple of the number of ranks.</exception>
    private DataLoader DistributedLoader(Dataset training, int batchSize, bool shuffle, ulong? seed = null)
    {
        var comm = Communicator;
        if (batchSize % comm.Size != 0)
            throw new ArgumentException($"Fit: the batch size {batchSize} is the global batch of {comm.Size} ranks and must be a multiple of it.");
        ulong chosen = seed ?? Generator.Default.NextSeed();
        comm.Broadcast(MemoryMarshal.CreateSpan(ref chosen, 1));
        return new DataLoader(training, new DistributedSampler(training.Count, comm.Rank, comm.Size, shuffle, chosen), batchSize / comm.Size);
    }

    /// <summary>Builds the model on one example if needed and copies rank 0's weights to every rank (PyTorch DDP
    /// broadcasts the parameters at construction), so all ranks start from the same point.</summary>
    private void BroadcastWeights(Dataset training)
    {
        if (!Built)
            using (TensorScope.Begin())
            using (Tensor.NoGrad())
                CallMultiple(OnDevice(training.GetBatch([0])).Inputs, training: false);
        using var noGrad = Tensor.NoGrad();
        foreach (var w in Weights)
        {
            switch (w.DType)
            {
                case DeepLearning.DType.Float32: Broadcast<float>(w); break;
                case DeepLearning.DType.Float64: Broadcast<double>(w); break;
                default: Broadcast<int>(w); break;
            }
        }
    }

    private void Broadcast<T>(Tensor tensor) where T : unmanaged
    {
        var values = tensor.ToArray<T>();
        Communicator.Broadcast<T>(values);
        tensor.CopyFrom<T>(values);
    }

    /// <summary>Replaces every gradient with its mean over the ranks, reduced in rank order in a few large buckets
    /// (not one collective per tensor), so every rank applies the same update.</summary>
    private void AverageGradients(IReadOnlyList<Tensor> parameters)
    {
        var grads = new List<Tensor>(parameters.Count);
        foreach (var p in parameters)
        {
            if (p.Grad is null) continue;
            GradientChecks.Float32(p);
            grads.Add(p.Grad);
        }
        int start = 0;
        while (start < grads.Count)
        {
            int end = start, length = 0;
            while (end < grads.Count && (end == start || length + grads[end].ElementCount <= GradientBucketElements))
                length += grads[end++].ElementCount;
            if (_bucket is null || _bucket.Length < length) _bucket = new float[length];
            var bucket = _bucket.AsSpan(0, length);
            int at = 0;
            for (int i = start; i < end; i++) { grads[i].CopyTo(bucket.Slice(at, grads[i].ElementCount)); at += grads[i].ElementCount; }
            Communicator.AllReduce(bucket, ReduceOperation.Mean);
            at = 0;
            for (int i = start; i < end; i++) { grads[i].CopyFrom(bucket.Slice(at, grads[i].ElementCount)); at += grads[i].ElementCount; }
            start = end;
        }
    }

    /// <summary>The reducer that overlaps this step's gradient all-reduce with its backward pass, or null when the
    /// gradients are averaged after the pass (see <see cref="OverlapGradientReduction"/>).</summary>
    private OverlappedGradientReducer? OverlappedReducer(bool backwardCollective)
    {
        var comm = Communicator;
        if (!OverlapGradientReduction || comm.Size == 1 || !comm.SupportsCollectivesFromAnyThread || backwardCollective) return null;
        if (_reducer?.Communicator != comm)
        {
            _reducer?.Dispose();
            _reducer = new OverlappedGradientReducer(comm);
        }
        return _reducer;
    }

    /// <summary>A scope whose end stops the reducer's communication thread (used around <c>Fit</c>, so the thread does
    /// not outlive the training; a later step starts a new one).</summary>
    private ReducerLifetime ReducerScope() => new(this);

    private readonly struct ReducerLifetime(Model model) : IDisposable
    {
        public void Dispose()
        {
            model._reducer?.Dispose();
            model._reducer = null;
        }
    }

    /// <summary>Sums the loss tracker and every metric's state over the ranks, so the logs describe all the data.</summary>
    private void ReduceAcrossRanks(RunningLoss tracker)
    {
        tracker.AllReduce(Communicator);
        foreach (var list in _metrics!)
            foreach (var metric in list) metric.AllReduce(Communicator);
    }

    /// <summary>This rank's contiguous share of a dataset for sharded evaluation (see <see cref="ShardRange"/>).</summary>
    private Dataset Shard(Dataset data)
    {
        if (Communicator.Size == 1) return data;
        var (first, end) = ShardRange(data.Count, Communicator.Rank);
        return data.Subset(first..end);
    }

    /// <summary>Rank <paramref name="rank"/>'s contiguous share of n examples: ⌊n·r/R⌋ … ⌊n·(r+1)/R⌋ − 1 (all of them
    /// for one rank).</summary>
    private (int First, int End) ShardRange(long n, int rank) =>
        ((int)(n * rank / Communicator.Size), (int)(n * (rank + 1) / Communicator.Size));

    /// <summary>Every rank's rows of each output, in rank order, on every rank: rank r's share is broadcast from r
    /// (a copy, no arithmetic, so the result is bit-identical to one process's).</summary>
    private Tensor[] GatherShards(Tensor[] local, int n)
    {
        var gathered = new Tensor[local.Length];
        for (int i = 0; i < local.Length; i++)
        {
            var part = local[i];
            using (TensorScope.Persistent())
                gathered[i] = Tensor.Zeros([n, .. part.Shape.ToArray()[1..]], part.DType, part.Device);
            switch (part.DType)
            {
                case DeepLearning.DType.Float32: GatherShard<float>(part, gathered[i]); break;
                case DeepLearning.DType.Float64: GatherShard<double>(part, gathered[i]); break;
                default: GatherShard<int>(part, gathered[i]); break;
            }
        }
        return gathered;
    }

    private void GatherShard<T>(Tensor part, Tensor gathered) where T : unmanaged
    {
        int row = RowElements(part.Shape);
        var own = part.ToArray<T>();
        for (int r = 0; r < Communicator.Size; r++)
        {
            var (first, end) = ShardRange(gathered.Shape[0], r);
            var values = r == Communicator.Rank ? own : new T[(end - first) * row];
            Communicator.Broadcast<T>(values, root: r);
            if (end > first) gathered.Narrow(0, first, end - first).CopyFrom<T>(values);
        }
    }

    private static int RowElements(Shape shape)
    {
        int row = 1;
        for (int k = 1; k < shape.Rank; k++) row *= shape[k];
        return row;
    }
}
