using DeepLearning.Serialization;

namespace DeepLearning.Tests.Interop;

/// <summary>The PyTorch 1.13 reference files in Interop/Fixtures (see the README there for how they were made).</summary>
internal static class InteropFixtures
{
    public static string PathOf(string file) => Path.Combine(AppContext.BaseDirectory, "Interop", "Fixtures", file);

    /// <summary>Every tensor of a fixture file, read into float32.</summary>
    public static Dictionary<string, Tensor> Read(string file) =>
        SafeTensorsFile.ReadAll(PathOf(file), requireChecksum: false).ToDictionary(p => p.Key, p => p.Value);
}
