using System.Diagnostics;
using System.Reflection;
using DeepLearning.Ilgpu.Kernels;
using ILGPU;
using ILGPU.Backends;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;

namespace DeepLearning.Ilgpu.Tests;

/// <summary>
/// Every kernel compiles to PTX for an H100 (SM_90, PTX ISA 8.8 as ILGPU picks for a CUDA 13 driver), with the
/// context options the device uses, and its PTX calls nothing unresolved (an <c>.extern .func</c> would fail when
/// the driver loads the module). This is the only check of ILGPU's PTX backend that runs without a GPU.
/// </summary>
public class PtxCompileTests
{
    private static readonly Lazy<(Context Context, PTXBackend Backend)> Compiler = new(() =>
    {
        var context = Context.Create(b => b.EnableAlgorithms().Optimize(OptimizationLevel.O1));
        var backend = new PTXBackend(context, new CudaCapabilityContext(CudaArchitecture.SM_90), CudaArchitecture.SM_90,
            CudaInstructionSet.ISA_88, null!);
        return (context, backend);
    });

    public static TheoryData<string> Kernels() => [.. KernelCache.EntryPoints.Select(e => Name(e.Method))];

    private static string Name(MethodInfo m) => $"{m.DeclaringType!.Name}.{m.Name}";

    internal static (string Ptx, double Milliseconds) Compile(string kernel)
    {
        var (method, implicitlyGrouped) = KernelCache.EntryPoints.Single(e => Name(e.Method) == kernel);
        var entry = implicitlyGrouped
            ? EntryPointDescription.FromImplicitlyGroupedKernel(method)
            : EntryPointDescription.FromExplicitlyGroupedKernel(method);
        var watch = Stopwatch.StartNew();
        var compiled = (PTXCompiledKernel)Compiler.Value.Backend.Compile(entry, new KernelSpecialization(null, null));
        return (compiled.PTXAssembly, watch.Elapsed.TotalMilliseconds);
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void CompilesForSm90WithoutUnresolvedCalls(string kernel)
    {
        var (ptx, ms) = Compile(kernel);
        TestContext.Current.SendDiagnosticMessage($"{kernel}: {ms:0} ms, {ptx.Length} characters of PTX");
        Assert.Contains(".target sm_", ptx);
        Assert.Contains(".entry", ptx);
        Assert.DoesNotContain(".extern .func", ptx);
        Assert.DoesNotContain(".extern .global", ptx);
    }

    [Fact]
    public void TheGemmStagesTilesInSharedMemoryAndSynchronises()
    {
        var (ptx, _) = Compile($"{nameof(MatMulKernels)}.{nameof(MatMulKernels.Gemm)}");
        Assert.Contains(".shared", ptx);
        Assert.Contains("bar.sync", ptx);
    }

    [Fact]
    public void EveryKernelOfTheDeviceIsInTheList()
    {
        // 17 entries of the device interface map to these 18 kernels (scatter-add checks its indices first).
        Assert.Equal(18, KernelCache.EntryPoints.Count);
        Assert.Single(KernelCache.EntryPoints, e => !e.ImplicitlyGrouped);
    }
}
