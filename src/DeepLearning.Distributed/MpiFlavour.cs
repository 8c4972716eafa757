using System.Runtime.InteropServices;

namespace DeepLearning.Distributed;

/// <summary>
/// How an MPI implementation spells its predefined handles. OpenMPI's handles are pointers: MPI_COMM_WORLD is the
/// address of its exported global <c>ompi_mpi_comm_world</c>, MPI_FLOAT that of <c>ompi_mpi_float</c>, and so on.
/// (MPICH's are integer constants such as 0x44000000 for MPI_COMM_WORLD, passed as int; adding it means a flavour
/// with those values and int-typed handle parameters in <see cref="MpiLibrary"/>.)
/// </summary>
internal sealed record MpiFlavour(string Name, nint CommWorld, nint Float, nint Double, nint Byte)
{
    /// <summary>OpenMPI's handles from the loaded library's exports, or null when it is not OpenMPI.</summary>
    public static MpiFlavour? Detect(nint library)
    {
        if (!NativeLibrary.TryGetExport(library, "ompi_mpi_comm_world", out var comm)) return null;
        return new MpiFlavour("OpenMPI", comm, Global(library, "ompi_mpi_float"), Global(library, "ompi_mpi_double"),
            Global(library, "ompi_mpi_byte"));
    }

    private static nint Global(nint library, string name) =>
        NativeLibrary.TryGetExport(library, name, out var address) ? address
            : throw new EntryPointNotFoundException($"MpiCommunicator: OpenMPI library without the global {name}.");
}
