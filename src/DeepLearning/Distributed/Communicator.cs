namespace DeepLearning.Distributed;

/// <summary>
/// A group of cooperating processes (ranks) for data-parallel training, as PyTorch's process group or an MPI
/// communicator: each rank knows its <see cref="Rank"/> among <see cref="Size"/>, and collectives move host
/// buffers between them. <see cref="SingleProcess"/> is the group of one that <c>Fit</c> uses by default; the
/// optional DeepLearning.Distributed package adds an MPI implementation, and a GPU implementation (NCCL) can be
/// added behind the same class.
/// </summary>
/// <remarks>
/// Every collective must be called by every rank, in the same order, with buffers of the same length, as in MPI.
/// <see cref="AllReduce(Span{float}, ReduceOperation)"/> sums in ascending rank order on every rank, so all ranks
/// get bit-identical results for any number of ranks (floating-point addition is not associative; a reduction whose
/// order varied between ranks would let their weights drift apart).
/// </remarks>
public abstract class Communicator : IDisposable
{
    /// <summary>The group of one process: rank 0 of 1; every collective leaves its buffer as it is.</summary>
    public static Communicator SingleProcess { get; } = new SingleProcessCommunicator();

    /// <summary>This process's index in the group, 0 … <see cref="Size"/> − 1.</summary>
    public abstract int Rank { get; }

    /// <summary>The number of processes in the group.</summary>
    public abstract int Size { get; }

    /// <summary>True on rank 0, the rank that writes logs, progress, checkpoints and backups.</summary>
    public bool IsPrimary => Rank == 0;

    [ThreadStatic] private static Communicator? t_training;
    [ThreadStatic] private static bool t_backwardCollective;

    /// <summary>Whether the collectives may be called from a thread other than the one that created the communicator
    /// (never two at once). Data-parallel training overlaps the gradient all-reduce with the backward pass only when
    /// this holds (see <see cref="Models.Model.OverlapGradientReduction"/>). Default false.</summary>
    public virtual bool SupportsCollectivesFromAnyThread => false;

    /// <summary>Whether an operation recorded since the current <see cref="BeginTraining"/> on this thread will call a
    /// collective in the backward pass (a synchronised batch normalisation does): the gradient all-reduce is then not
    /// overlapped with that pass, so the ranks' collectives stay in one order.</summary>
    internal static bool BackwardCollectiveRecorded => t_backwardCollective;

    /// <summary>Notes that a recorded operation calls a collective in its backward pass.</summary>
    internal static void NoteBackwardCollective() => t_backwardCollective = true;

    /// <summary>The group of the data-parallel training step running on this thread (set by <c>Fit</c> around each
    /// step when it has more than one rank), else null: what a synchronised layer such as
    /// <see cref="Layers.BatchNormalization.Synchronized"/> reduces its statistics over.</summary>
    internal static Communicator? Training => t_training;

    /// <summary>Makes <paramref name="group"/> the <see cref="Training"/> group of this thread until the returned
    /// scope is disposed (a group of one leaves it null).</summary>
    internal static TrainingScope BeginTraining(Communicator group) => new(group.Size > 1 ? group : null);

    /// <summary>Restores the previous <see cref="Training"/> group when disposed.</summary>
    internal readonly struct TrainingScope : IDisposable
    {
        private readonly Communicator? _previous;

        public TrainingScope(Communicator? group)
        {
            _previous = t_training;
            t_training = group;
            t_backwardCollective = false;
        }

        public void Dispose() => t_training = _previous;
    }

    /// <summary>Replaces <paramref name="buffer"/> on every rank with the element-wise sum (or mean) of every rank's
    /// buffer, added in ascending rank order: r = ((b₀ + b₁) + b₂) + … (mean: that sum × 1/Size).</summary>
    /// <param name="buffer">The values; the same length on every rank.</param>
    /// <param name="operation">Sum or mean.</param>
    public abstract void AllReduce(Span<float> buffer, ReduceOperation operation);

    /// <inheritdoc cref="AllReduce(Span{float}, ReduceOperation)"/>
    public abstract void AllReduce(Span<double> buffer, ReduceOperation operation);

    /// <summary>Copies rank <paramref name="root"/>'s buffer into every other rank's.</summary>
    /// <param name="buffer">The bytes; the same length on every rank.</param>
    /// <param name="root">The rank whose bytes are sent.</param>
    /// <exception cref="ArgumentOutOfRangeException">root is not a rank of the group.</exception>
    public abstract void Broadcast(Span<byte> buffer, int root = 0);

    /// <summary>Returns once every rank has called it.</summary>
    public abstract void Barrier();

    /// <summary>Broadcasts rank <paramref name="root"/>'s values of unmanaged type <typeparamref name="T"/>.</summary>
    public void Broadcast<T>(Span<T> buffer, int root = 0) where T : unmanaged =>
        Broadcast(System.Runtime.InteropServices.MemoryMarshal.AsBytes(buffer), root);

    /// <summary>Checks <paramref name="root"/> against <see cref="Size"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Outside [0, Size).</exception>
    protected void CheckRoot(int root)
    {
        if ((uint)root >= (uint)Size)
            throw new ArgumentOutOfRangeException(nameof(root), root, $"Communicator: root must be a rank in [0, {Size}).");
    }

    /// <summary>Ends this process's membership (MPI_Finalize for MPI); the single-process group ignores it.</summary>
    public virtual void Dispose() => GC.SuppressFinalize(this);
}
