using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DeepLearning.Tests.Devices;

/// <summary>
/// The guards of the CI legs that rerun the conformance suite with AVX-512 disabled
/// (<c>DOTNET_EnableAVX512=0 DOTNET_EnableAVX512F=0</c>) and with every hardware intrinsic disabled
/// (<c>DOTNET_EnableHWIntrinsic=0</c>): each leg also sets <c>DEEPLEARNING_EXPECT_ISA</c>, and these tests fail when
/// the runtime ignored the switch, so a leg cannot pass silently on the full instruction set. The class name holds
/// "Conformance" so the legs' filter selects it; outside the legs the tests skip.
/// </summary>
public class InstructionSetConformanceGuardTests
{
    private static readonly string? Expected = Environment.GetEnvironmentVariable("DEEPLEARNING_EXPECT_ISA");

    [SkippableFact]
    public void Avx512IsOffInTheAvx512Leg()
    {
        Skip.IfNot(Expected == "no-avx512", "runs in the CI leg that sets DEEPLEARNING_EXPECT_ISA=no-avx512");
        Assert.Equal("0", Environment.GetEnvironmentVariable("DOTNET_EnableAVX512"));
        Assert.False(Vector512.IsHardwareAccelerated, "Vector512 is still accelerated: DOTNET_EnableAVX512=0 was ignored");
        Assert.False(Avx512F.IsSupported, "AVX-512F is still supported: the switch was ignored");
    }

    [SkippableFact]
    public void HardwareIntrinsicsAreOffInTheScalarLeg()
    {
        Skip.IfNot(Expected == "scalar", "runs in the CI leg that sets DEEPLEARNING_EXPECT_ISA=scalar");
        Assert.Equal("0", Environment.GetEnvironmentVariable("DOTNET_EnableHWIntrinsic"));
        Assert.False(Avx2.IsSupported, "AVX2 is still supported: DOTNET_EnableHWIntrinsic=0 was ignored");
        Assert.False(Vector512.IsHardwareAccelerated);
        Assert.False(Vector256.IsHardwareAccelerated, "Vector256 is still accelerated: DOTNET_EnableHWIntrinsic=0 was ignored");
        Assert.False(Vector128.IsHardwareAccelerated, "Vector128 is still accelerated: DOTNET_EnableHWIntrinsic=0 was ignored");
    }
}
