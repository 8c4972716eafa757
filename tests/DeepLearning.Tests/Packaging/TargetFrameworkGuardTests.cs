using System.Reflection;
using System.Runtime.Versioning;

namespace DeepLearning.Tests.Packaging;

/// <summary>
/// The guard of the .NET 8 test leg (tools/test.sh builds this project for net8.0, self-contained with the .NET 8
/// runtime pack, and sets <c>DEEPLEARNING_EXPECT_RUNTIME=8</c>): the leg must run on the .NET 8 runtime and load the
/// library's net8.0 build. A roll-forward onto a newer runtime, or the net10.0 library picked by mistake, fails here
/// instead of silently testing the wrong thing. The class name holds "Conformance" so the leg's filter selects it;
/// outside the leg, on another runtime, the test skips.
/// </summary>
public class TargetFrameworkConformanceGuardTests
{
    private static readonly string? Expected = Environment.GetEnvironmentVariable("DEEPLEARNING_EXPECT_RUNTIME");

    [SkippableFact]
    public void TheDotNet8LegRunsOnTheDotNet8RuntimeWithTheNet8Library()
    {
        Skip.If(string.IsNullOrEmpty(Expected) && Environment.Version.Major != 8,
            "runs on .NET 8, and in the CI leg that sets DEEPLEARNING_EXPECT_RUNTIME=8");
        if (!string.IsNullOrEmpty(Expected))
            Assert.Equal("8", Expected);
        Assert.Equal(8, Environment.Version.Major);
        Assert.StartsWith(".NET 8.", System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription);
        Assert.Equal(".NETCoreApp,Version=v8.0", TargetFrameworkOf(typeof(Tensor).Assembly));
        Assert.Equal(".NETCoreApp,Version=v8.0", TargetFrameworkOf(typeof(TargetFrameworkConformanceGuardTests).Assembly));
    }

    private static string? TargetFrameworkOf(Assembly assembly) =>
        assembly.GetCustomAttribute<TargetFrameworkAttribute>()?.FrameworkName;
}
