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

    private static string Name(MethodInfo m) => m.IsGenericMethod
        ? $"{m.DeclaringType!.Name}.{m.Name}<{string.Join(", ", m.GetGenericArguments().Select(t => t.Name))}>"
        : $"{m.DeclaringType!.Name}.{m.Name}";

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

    [Theory]
    [InlineData("Sgemm.Kernel<StridedMatrix, StridedMatrix>")]
    [InlineData("Sgemm.Kernel<Im2ColOperand, StridedMatrix>")]
    [InlineData("Sgemm.Kernel<OutputGradientTaps, KernelTaps>")]
    public void TheSgemmKeepsItsBlockOfCInRegisters(string kernel)
    {
        // The 8×8 block of C and the two rows of eight it multiplies are struct fields, so no local memory is used;
        // the slices go through shared memory, and every k step is 64 float32 multiply-adds (mul + add, which ptxas
        // contracts to FFMA), written out: 8 steps per slice, 512 multiplies in the loop body.
        var (ptx, _) = Compile(kernel);
        Assert.DoesNotContain(".local", ptx);
        Assert.Contains("ld.shared.f32", ptx);
        Assert.Contains("bar.sync", ptx);
        int multiplies = ptx.Split('\n').Count(l => l.TrimStart().StartsWith("mul.f32", StringComparison.Ordinal) || l.TrimStart().StartsWith("fma.rn.f32", StringComparison.Ordinal));
        TestContext.Current.SendDiagnosticMessage($"{kernel}: {multiplies} float32 multiplies");
        Assert.True(multiplies >= 512, $"{kernel}: {multiplies} float32 multiplies, expected the 512 of the unrolled slice");
    }

    [Fact]
    public void TheTf32GemmEmitsTensorCoreMmaInstructions()
    {
        // Inline PTX through CudaAsm.EmitRef reaches the module verbatim: 8 warp-level m16n8k8 TF32 MMAs per slice (a
        // warp's 2 × 4 tiles), with the emulation of the CPU accelerator compiled away (CudaAsm.IsSupported is constant).
        var (ptx, _) = Compile("Tf32Gemm.Kernel<StridedMatrix, StridedMatrix>");
        int mmas = ptx.Split('\n').Count(l => l.Contains("mma.sync.aligned.m16n8k8.row.col.f32.tf32.tf32.f32", StringComparison.Ordinal));
        TestContext.Current.SendDiagnosticMessage($"TF32 GEMM: {mmas} mma.sync, {ptx.Split('\n').Count(l => l.Contains(".local", StringComparison.Ordinal))} lines with .local");
        Assert.Equal(8, mmas);
        Assert.Contains("bar.sync", ptx);
    }

    [Fact]
    public void EveryKernelOfTheDeviceIsInTheList()
    {
        // 17 entries of the device interface map to these 18 kernels (scatter-add checks its indices first), plus the
        // float32 SGEMM for strided matrices, convolution patches and the convolution's ∂x, the TF32 GEMM, and the five
        // fused kernels.
        Assert.Equal(27, KernelCache.EntryPoints.Count);
        Assert.Equal(5, KernelCache.EntryPoints.Count(e => !e.ImplicitlyGrouped));
    }
}
