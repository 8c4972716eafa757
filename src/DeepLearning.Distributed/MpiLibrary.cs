using System.Runtime.InteropServices;

namespace DeepLearning.Distributed;

/// <summary>
/// The dozen MPI functions the communicator needs, bound at run time from the MPI shared library through function
/// pointers (no import library, no MPI.NET: that package binds MS-MPI's integer handles and crashes in OpenMPI).
/// Handles (communicator, datatypes, operation) come from an <see cref="MpiFlavour"/>, so another implementation's
/// handle convention can be added beside OpenMPI's.
/// </summary>
internal sealed unsafe class MpiLibrary
{
    private readonly delegate* unmanaged<int*, int> _initialized, _finalized;
    private readonly delegate* unmanaged<int*, byte***, int, int*, int> _initThread;
    private readonly delegate* unmanaged<int*, int> _queryThread;
    private readonly delegate* unmanaged<int> _finalize;
    private readonly delegate* unmanaged<nint, int*, int> _commRank, _commSize;
    private readonly delegate* unmanaged<nint, int> _barrier;
    private readonly delegate* unmanaged<void*, int, nint, int, nint, int> _bcast;
    private readonly delegate* unmanaged<void*, int, nint, void*, int, nint, nint, int> _allgather;
    private readonly delegate* unmanaged<nint, int, int> _abort;

    private MpiLibrary(nint library, string path, MpiFlavour flavour)
    {
        Path = path;
        Flavour = flavour;
        _initialized = (delegate* unmanaged<int*, int>)Export(library, "MPI_Initialized");
        _finalized = (delegate* unmanaged<int*, int>)Export(library, "MPI_Finalized");
        _initThread = (delegate* unmanaged<int*, byte***, int, int*, int>)Export(library, "MPI_Init_thread");
        _queryThread = (delegate* unmanaged<int*, int>)Export(library, "MPI_Query_thread");
        _finalize = (delegate* unmanaged<int>)Export(library, "MPI_Finalize");
        _commRank = (delegate* unmanaged<nint, int*, int>)Export(library, "MPI_Comm_rank");
        _commSize = (delegate* unmanaged<nint, int*, int>)Export(library, "MPI_Comm_size");
        _barrier = (delegate* unmanaged<nint, int>)Export(library, "MPI_Barrier");
        _bcast = (delegate* unmanaged<void*, int, nint, int, nint, int>)Export(library, "MPI_Bcast");
        _allgather = (delegate* unmanaged<void*, int, nint, void*, int, nint, nint, int>)Export(library, "MPI_Allgather");
        _abort = (delegate* unmanaged<nint, int, int>)Export(library, "MPI_Abort");
    }

    /// <summary>The shared library that was loaded.</summary>
    public string Path { get; }

    /// <summary>The handle convention of that library.</summary>
    public MpiFlavour Flavour { get; }

    /// <summary>The library names tried, in order.</summary>
    public static IReadOnlyList<string> Candidates { get; } = ["libmpi.so.40", "libmpi.so"];

    /// <summary>Loads the first MPI library found and identifies its flavour.</summary>
    /// <exception cref="DllNotFoundException">No MPI library could be loaded; the message names every name tried and
    /// how to install OpenMPI.</exception>
    public static MpiLibrary Load()
    {
        foreach (var name in Candidates)
        {
            if (!NativeLibrary.TryLoad(name, out var handle)) continue;
            var flavour = MpiFlavour.Detect(handle)
                ?? throw new DllNotFoundException($"MpiCommunicator: '{name}' loaded but is not OpenMPI (no ompi_mpi_comm_world export); only OpenMPI's handle convention is implemented.");
            return new MpiLibrary(handle, name, flavour);
        }
        throw new DllNotFoundException(
            $"MpiCommunicator: no MPI library found (tried {string.Join(", ", Candidates)} on the library search path). " +
            "Install OpenMPI (Debian/Ubuntu: apt-get install openmpi-bin libopenmpi-dev) and start the program with mpirun.");
    }

    private static nint Export(nint library, string name) =>
        NativeLibrary.TryGetExport(library, name, out var address) ? address
            : throw new EntryPointNotFoundException($"MpiCommunicator: the MPI library has no function {name}.");

    public bool Initialized() { int flag; Check(_initialized(&flag), "MPI_Initialized"); return flag != 0; }

    public bool Finalized() { int flag; Check(_finalized(&flag), "MPI_Finalized"); return flag != 0; }

    /// <summary>MPI_THREAD_SERIALIZED (the same value, 2, in OpenMPI's and MPICH's mpi.h): any thread may call MPI,
    /// one at a time.</summary>
    public const int ThreadSerialized = 2;

    /// <summary>MPI_Init_thread asking for <see cref="ThreadSerialized"/>; returns the level provided.</summary>
    public int Init() { int provided; Check(_initThread(null, null, ThreadSerialized, &provided), "MPI_Init_thread"); return provided; }

    /// <summary>The thread level of an MPI that the program initialised itself.</summary>
    public int QueryThread() { int provided; Check(_queryThread(&provided), "MPI_Query_thread"); return provided; }

    public void FinalizeMpi() => Check(_finalize(), "MPI_Finalize");

    public int CommRank() { int r; Check(_commRank(Flavour.CommWorld, &r), "MPI_Comm_rank"); return r; }

    public int CommSize() { int s; Check(_commSize(Flavour.CommWorld, &s), "MPI_Comm_size"); return s; }

    public void Barrier() => Check(_barrier(Flavour.CommWorld), "MPI_Barrier");

    public void Bcast(void* buffer, int count, nint datatype, int root) =>
        Check(_bcast(buffer, count, datatype, root, Flavour.CommWorld), "MPI_Bcast");

    public void Allgather(void* send, int count, nint datatype, void* receive) =>
        Check(_allgather(send, count, datatype, receive, count, datatype, Flavour.CommWorld), "MPI_Allgather");

    public void Abort(int code) => _abort(Flavour.CommWorld, code);

    private static void Check(int code, string function)
    {
        if (code != 0) throw new InvalidOperationException($"MpiCommunicator: {function} failed with MPI error code {code}.");
    }
}
