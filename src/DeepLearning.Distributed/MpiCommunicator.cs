namespace DeepLearning.Distributed;

/// <summary>
/// A <see cref="Communicator"/> over MPI's world communicator (OpenMPI, loaded at run time). Start the program with
/// <c>mpirun -np N dotnet app.dll</c>; every rank creates one with <see cref="Initialize"/> and passes it to
/// <c>Fit</c> through <c>FitOptions.Communicator</c>.
/// </summary>
/// <remarks>
/// <para>All-reduce is an all-gather followed by a sum in ascending rank order on every rank
/// (<see cref="RankOrderReduction"/>), so every rank gets the same bits for any number of ranks; it moves
/// (ranks − 1) × the buffer into each rank, against 2 (ranks − 1)/ranks × for a ring all-reduce, a price paid for
/// determinism (docs/distributed.md works out what it means at scale).</para>
/// <para>A rank that dies must not leave the others waiting forever: every collective runs under a watchdog, and a
/// collective that has not completed after <see cref="Timeout"/> prints which collective on which rank timed out to
/// stderr and aborts the whole job (MPI_Abort). OpenMPI's mpirun usually ends the job sooner by itself when a rank
/// exits without finalising.</para>
/// <para>The MPI library is called from one thread at a time (MPI_THREAD_SINGLE use); a communicator is not
/// thread-safe.</para>
/// </remarks>
public sealed unsafe class MpiCommunicator : Communicator
{
    private readonly MpiLibrary _mpi;
    private readonly bool _ownsInit;
    private float[] _gatheredFloats = [];
    private double[] _gatheredDoubles = [];
    private bool _disposed;
    private long _allReduceTicks;

    private MpiCommunicator(MpiLibrary mpi, bool ownsInit, TimeSpan timeout, int threadLevel)
    {
        _mpi = mpi;
        _ownsInit = ownsInit;
        SupportsCollectivesFromAnyThread = threadLevel >= MpiLibrary.ThreadSerialized;
        Timeout = timeout;
        Rank = mpi.CommRank();
        Size = mpi.CommSize();
    }

    /// <summary>Initialises MPI (unless the program already did) with MPI_Init_thread at MPI_THREAD_SERIALIZED, and
    /// returns the world communicator.</summary>
    /// <param name="timeout">How long one collective may wait for the other ranks before the job is aborted; default
    /// 10 minutes.</param>
    /// <exception cref="DllNotFoundException">No MPI library was found; the message says how to install OpenMPI.</exception>
    /// <exception cref="ArgumentOutOfRangeException">timeout is not positive.</exception>
    /// <exception cref="InvalidOperationException">MPI was already finalised in this process.</exception>
    public static MpiCommunicator Initialize(TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromMinutes(10);
        if (limit <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(timeout), limit, "MpiCommunicator: the collective timeout must be positive.");
        var mpi = MpiLibrary.Load();
        if (mpi.Finalized()) throw new InvalidOperationException("MpiCommunicator: MPI was already finalised in this process.");
        bool init = !mpi.Initialized();
        int level = init ? mpi.Init() : mpi.QueryThread();
        return new MpiCommunicator(mpi, init, limit, level);
    }

    /// <summary>Whether an MPI library can be loaded here (it says nothing of mpirun).</summary>
    public static bool IsAvailable()
    {
        try { MpiLibrary.Load(); return true; }
        catch (DllNotFoundException) { return false; }
    }

    /// <inheritdoc />
    public override int Rank { get; }

    /// <inheritdoc />
    public override int Size { get; }

    /// <summary>Whether MPI runs at MPI_THREAD_SERIALIZED or above (<see cref="Initialize"/> asks for it), so that
    /// collectives may be called from a thread other than the one that initialised MPI, one at a time.</summary>
    public override bool SupportsCollectivesFromAnyThread { get; }

    /// <summary>The longest a collective waits for the other ranks before the job is aborted.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>Time spent in <see cref="AllReduce(Span{float}, ReduceOperation)"/> (both overloads), communication
    /// and the rank-order sum together, since the communicator was created.</summary>
    public TimeSpan AllReduceTime => System.Diagnostics.Stopwatch.GetElapsedTime(0, _allReduceTicks);

    /// <summary>Number of all-reduce calls since the communicator was created.</summary>
    public long AllReduceCalls { get; private set; }

    /// <summary>The MPI library in use (e.g. "libmpi.so.40 (OpenMPI)").</summary>
    public string Library => $"{_mpi.Path} ({_mpi.Flavour.Name})";

    /// <inheritdoc />
    public override void AllReduce(Span<float> buffer, ReduceOperation operation) =>
        AllReduce(buffer, operation, ref _gatheredFloats, _mpi.Flavour.Float);

    /// <inheritdoc />
    public override void AllReduce(Span<double> buffer, ReduceOperation operation) =>
        AllReduce(buffer, operation, ref _gatheredDoubles, _mpi.Flavour.Double);

    /// <summary>All-gathers every rank's buffer into <paramref name="gathered"/> (grown as needed), then sums in rank order.</summary>
    private void AllReduce<T>(Span<T> buffer, ReduceOperation operation, ref T[] gathered, nint datatype)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        CheckOpen();
        if (Size == 1) return;
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        if (gathered.Length < buffer.Length * Size) gathered = new T[buffer.Length * Size];
        var all = gathered.AsSpan(0, buffer.Length * Size);
        using (Watch("all-reduce"))
            fixed (T* send = buffer)
            fixed (T* receive = all)
                _mpi.Allgather(send, buffer.Length, datatype, receive);
        RankOrderReduction.Reduce<T>(all, buffer, Size, operation);
        _allReduceTicks += System.Diagnostics.Stopwatch.GetTimestamp() - start;
        AllReduceCalls++;
    }

    /// <inheritdoc />
    public override void Broadcast(Span<byte> buffer, int root = 0)
    {
        CheckOpen();
        CheckRoot(root);
        using (Watch("broadcast"))
            fixed (byte* data = buffer)
                _mpi.Bcast(data, buffer.Length, _mpi.Flavour.Byte, root);
    }

    /// <inheritdoc />
    public override void Barrier()
    {
        CheckOpen();
        using (Watch("barrier")) _mpi.Barrier();
    }

    /// <summary>Finalises MPI if <see cref="Initialize"/> initialised it (every rank must call it).</summary>
    public override void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (_ownsInit && !_mpi.Finalized()) _mpi.FinalizeMpi();
        base.Dispose();
    }

    private void CheckOpen() => ObjectDisposedException.ThrowIf(_disposed, this);

    /// <summary>Arms the watchdog for one collective: if it is still running after <see cref="Timeout"/>, the job is
    /// aborted with a message naming the collective and the rank.</summary>
    private Timer Watch(string collective) => new(_ =>
    {
        Console.Error.WriteLine($"MpiCommunicator: rank {Rank} of {Size}: {collective} did not complete within {Timeout.TotalSeconds:0.#} s; " +
            "another rank probably died or stopped calling collectives. Aborting the job.");
        Console.Error.Flush();
        _mpi.Abort(70);
    }, null, Timeout, System.Threading.Timeout.InfiniteTimeSpan);
}
