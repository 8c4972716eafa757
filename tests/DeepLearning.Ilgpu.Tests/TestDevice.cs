using System.Diagnostics;
using System.Reflection;
using System.Runtime.CompilerServices;
using Xunit.v3;

[assembly: DeepLearning.Ilgpu.Tests.NoKernelAssertions]

namespace DeepLearning.Ilgpu.Tests;

/// <summary>The ILGPU device every test shares, created once so each kernel compiles once per test run: ILGPU's
/// CPU accelerator (4-thread groups, the fastest to launch there), or the best CUDA GPU when the environment
/// variable DL_TEST_DEVICE is "cuda" (tools/gpu-check.sh sets it on a GPU machine; without a GPU that fails loudly).</summary>
internal static class TestDevice
{
    private static readonly Lazy<IlgpuDevice> Shared = new(CreateIsolated);

    /// <summary>A new device of the kind under test (the tests that dispose theirs use one of their own).</summary>
    public static IlgpuDevice CreateIsolated() =>
        Environment.GetEnvironmentVariable("DL_TEST_DEVICE") == "cuda" ? IlgpuDevice.Cuda() : IlgpuDevice.CpuAccelerator();

    public static IlgpuDevice Ilgpu => Shared.Value;

    /// <summary>Relative tolerance for float64 results: the CPU accelerator runs .NET's own math (exact against
    /// the reference); a GPU runs ILGPU's device implementations of exp, log and the like.</summary>
    public static double Float64Tolerance => Ilgpu.IsCpuAccelerator ? 1e-12 : 1e-9;
}

/// <summary>
/// Records failed assertions instead of ending the process. ILGPU's CPU accelerator checks every view access with
/// <c>Trace.Assert</c>; the default listener would kill the test process on an out-of-bounds access, and a
/// throwing listener too (the exception is unhandled on an accelerator thread). This one counts them, and
/// <see cref="NoKernelAssertionsAttribute"/> fails the test that caused one.
/// </summary>
internal sealed class RecordingTraceListener : TraceListener
{
    private static int s_failures;
    private static string s_last = "";

    public static int Failures => Volatile.Read(ref s_failures);

    public static string Last => Volatile.Read(ref s_last);

    [ModuleInitializer]
    internal static void Install()
    {
        Trace.Listeners.Clear();
        Trace.Listeners.Add(new RecordingTraceListener());
    }

    public override void Fail(string? message, string? detailMessage)
    {
        Volatile.Write(ref s_last, $"{message} {detailMessage}");
        Interlocked.Increment(ref s_failures);
    }

    public override void Write(string? message) { }

    public override void WriteLine(string? message) { }
}

/// <summary>Fails any test during which a kernel tripped an assertion (an out-of-bounds view access).</summary>
[AttributeUsage(AttributeTargets.Assembly)]
internal sealed class NoKernelAssertionsAttribute : BeforeAfterTestAttribute
{
    private int _before;

    public override void Before(MethodInfo methodUnderTest, IXunitTest test) => _before = RecordingTraceListener.Failures;

    public override void After(MethodInfo methodUnderTest, IXunitTest test)
    {
        if (RecordingTraceListener.Failures != _before)
            throw new InvalidOperationException($"A kernel failed an assertion during {test.TestDisplayName}: {RecordingTraceListener.Last}");
    }
}
