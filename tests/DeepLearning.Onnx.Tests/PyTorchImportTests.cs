using DeepLearning.Models;

namespace DeepLearning.Onnx.Tests;

/// <summary>Files exported by PyTorch (NCHW) imported and run on the library: the outputs must reproduce PyTorch's
/// own within 1e−5 absolute. Inputs are converted NCHW → NHWC before Predict, as docs/onnx.md says.</summary>
public class PyTorchImportTests
{
    private static string DataPath(string file) => Path.Combine(AppContext.BaseDirectory, "Data", "pytorch", file);

    internal static float[] ReadF32(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var values = new float[bytes.Length / 4];
        for (int i = 0; i < values.Length; i++) values[i] = BitConverter.ToSingle(bytes, 4 * i);
        return values;
    }

    /// <summary>An NCHW batch as the NHWC batch an imported model takes.</summary>
    internal static Tensor ToNhwc(float[] nchw, int n, int c, int h, int w) =>
        Tensor.FromArray(nchw, new Shape(n, c, h, w)).Permute(0, 2, 3, 1).Contiguous();

    private static void AssertReproduces(Model model, Tensor input, float[] expected, string what)
    {
        var actual = model.Predict(input, batchSize: 3).ToArray<float>(); // batches of 3: not the exported batch of 1
        OrtHarness.AssertClose(expected, actual, what, abs: 1e-5, rel: 0);
    }

    [Fact]
    public void InferenceAnchorMlpReproducesPyTorch()
    {
        var model = OnnxImporter.Load(DataPath("infer-mlp.onnx"));
        AssertReproduces(model, ToNhwc(ReadF32(DataPath("input.f32")), 8, 1, 28, 28), ReadF32(DataPath("infer-mlp.out.f32")), "infer-mlp");
        Assert.Equal(784 * 300 + 300 + 300 * 100 + 100 + 100 * 10 + 10, model.CountParams());
        Assert.Equal(3, model.Layers.Count(l => l is Layers.Dense));
    }

    [SkippableFact]
    public void InferenceAnchorCnnReproducesPyTorch()
    {
        // The 6.5 MB model is the ONNX Runtime anchor's (benchmarks/anchors/onnxruntime, exported by PyTorch with the
        // same seed as the reference outputs here); it is read from the repository above the test's folder.
        string? dir = null;
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null && dir is null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "benchmarks", "anchors", "onnxruntime", "infer-cnn.onnx")))
                dir = Path.Combine(d.FullName, "benchmarks", "anchors", "onnxruntime");
        Skip.If(dir is null, "benchmarks/anchors/onnxruntime/infer-cnn.onnx is not above the test's folder (cnn-small covers the same architecture).");
        var model = OnnxImporter.Load(Path.Combine(dir!, "infer-cnn.onnx"));
        AssertReproduces(model, ToNhwc(ReadF32(DataPath("input.f32")), 8, 1, 28, 28), ReadF32(DataPath("infer-cnn.out.f32")), "infer-cnn");
    }

    [Fact]
    public void SmallCnnReproducesPyTorch()
    {
        var model = OnnxImporter.Load(DataPath("cnn-small.onnx"));
        AssertReproduces(model, ToNhwc(ReadF32(DataPath("cnn-small.in.f32")), 4, 1, 28, 28), ReadF32(DataPath("cnn-small.out.f32")), "cnn-small");
        // Flatten over (C, H, W) → the Linear's 3136 rows reordered to the NHWC flattening; the input is NHWC.
        Assert.Equal(new Shape(28, 28, 1), model.SymbolicInputs![0].Shape);
    }

    [Fact]
    public void MixedConvolutionsReproducePyTorch()
    {
        var model = OnnxImporter.Load(DataPath("mixed.onnx"));
        AssertReproduces(model, ToNhwc(ReadF32(DataPath("mixed.in.f32")), 4, 3, 16, 16), ReadF32(DataPath("mixed.out.f32")), "mixed");
    }

    [Fact]
    public void GruWithDynamicZeroStateReproducesPyTorch()
    {
        // PyTorch builds h₀ from the batch size at run time (Shape → Gather → Unsqueeze → Concat → ConstantOfShape):
        // folded at import into the layer's zero initial state; y[:, -1] (Gather on the time axis) selects the last step.
        var model = OnnxImporter.Load(DataPath("gru.onnx"));
        var input = ReadF32(DataPath("gru.in.f32"));
        var expected = ReadF32(DataPath("gru.out.f32"));
        int n = expected.Length / 2;
        AssertReproduces(model, Tensor.FromArray(input, new Shape(n, 7, 3)), expected, "gru");
        Assert.Single(model.Layers.OfType<Layers.GRU>());
        Assert.Equal(3 * (3 * 6 + 6 * 6 + 2 * 6) + 6 * 2 + 2, model.CountParams());
    }

    [Fact]
    public void ShapeArithmeticThatCannotBeFoldedIsRefusedNamingTheNode()
    {
        // The shape itself used as data (x + Shape(x)) has no layer to become.
        var e = Assert.Throws<NotSupportedException>(() => OnnxImporter.FromBytes(ImportComposedActivationTests.GraphBytes(
            [ImportComposedActivationTests.Node("Shape", ["x"], "s"), ImportComposedActivationTests.Node("Add", ["x", "s"], "y")])));
        Assert.Contains("'y_node' (Add)", e.Message);
    }
}
