using System.Runtime.InteropServices;

namespace DeepLearning.Ilgpu;

/// <summary>
/// Finds the CUDA driver library. ILGPU imports it as "cuda", which .NET probes as <c>libcuda.so</c>; a machine with
/// only the driver (no toolkit, no development symlink) has <c>libcuda.so.1</c> alone, and ILGPU then silently
/// lists no CUDA device. This resolver loads <c>libcuda.so.1</c> (or <c>libcuda.so</c>) for ILGPU's assembly.
/// </summary>
internal static class CudaDriver
{
#if NET9_0_OR_GREATER
    private static readonly Lock Gate = new();
#else
    private static readonly object Gate = new();
#endif
    private static bool s_installed;

    /// <summary>The library names tried, in order (Linux), for error messages.</summary>
    public const string Names = "libcuda.so.1, libcuda.so";

    /// <summary>Installs the resolver once. ILGPU installs its own under WSL, so there we leave its alone.</summary>
    public static void InstallResolver()
    {
        lock (Gate)
        {
            if (s_installed) return;
            s_installed = true;
            if (!OperatingSystem.IsLinux() || IsWsl()) return;
            try
            {
                NativeLibrary.SetDllImportResolver(typeof(ILGPU.Context).Assembly, Resolve);
            }
            catch (InvalidOperationException)
            {
                // Another resolver is already installed for ILGPU's assembly: it takes precedence.
            }
        }
    }

    private static IntPtr Resolve(string name, System.Reflection.Assembly assembly, DllImportSearchPath? path)
    {
        if (name != "cuda") return IntPtr.Zero;
        return NativeLibrary.TryLoad("libcuda.so.1", out var handle) || NativeLibrary.TryLoad("libcuda.so", out handle) ? handle : IntPtr.Zero;
    }

    /// <summary>True when the driver library can be loaded at all.</summary>
    public static bool IsLoadable() =>
        OperatingSystem.IsWindows() ? NativeLibrary.TryLoad("nvcuda.dll", out _)
        : NativeLibrary.TryLoad("libcuda.so.1", out _) || NativeLibrary.TryLoad("libcuda.so", out _);

    private static bool IsWsl()
    {
        try
        {
            return File.Exists("/proc/sys/kernel/osrelease")
                && File.ReadAllText("/proc/sys/kernel/osrelease").Contains("microsoft", StringComparison.OrdinalIgnoreCase);
        }
        catch (IOException)
        {
            return false;
        }
    }
}
