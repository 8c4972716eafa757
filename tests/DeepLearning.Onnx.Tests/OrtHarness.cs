using DeepLearning.Layers;
using DeepLearning.Models;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace DeepLearning.Onnx.Tests;

/// <summary>Runs ONNX files in ONNX Runtime (the independent implementation) and compares with the library.</summary>
internal static class OrtHarness
{
    /// <summary>The tolerance of every comparison: |a − e| ≤ 1e−5 + 1e−4·|e|.</summary>
    public const double Abs = 1e-5, Rel = 1e-4;

    /// <summary>Runs the file on the inputs (in graph input order) and returns every output's values and shape.</summary>
    public static List<(float[] Values, int[] Shape)> Run(byte[] onnx, params Tensor[] inputs)
    {
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL };
        using var session = new InferenceSession(onnx, options);
        var names = session.InputNames;
        Assert.Equal(names.Count, inputs.Length);
        var feeds = new List<NamedOnnxValue>();
        for (int i = 0; i < inputs.Length; i++)
        {
            var dims = inputs[i].Shape.ToArray();
            feeds.Add(inputs[i].DType == DType.Int32
                ? NamedOnnxValue.CreateFromTensor(names[i], new DenseTensor<int>(inputs[i].ToArray<int>(), dims))
                : NamedOnnxValue.CreateFromTensor(names[i], new DenseTensor<float>(inputs[i].ToArray<float>(), dims)));
        }
        using var results = session.Run(feeds);
        return results.Select(r =>
        {
            var t = r.AsTensor<float>();
            return (t.ToArray(), t.Dimensions.ToArray());
        }).ToList();
    }

    /// <summary>Asserts ‖actual − expected‖ within <see cref="Abs"/> + <see cref="Rel"/>·|expected| element-wise.</summary>
    public static void AssertClose(float[] expected, float[] actual, string what, double abs = Abs, double rel = Rel)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double tol = abs + rel * Math.Abs(expected[i]);
            if (!(Math.Abs(expected[i] - actual[i]) <= tol))
                Assert.Fail($"{what}: element {i} is {actual[i]}, expected {expected[i]} (tolerance {tol:g3}).");
        }
    }

    /// <summary>Gives every weight reproducible random values (variances positive) so layouts are really tested.</summary>
    public static void RandomizeWeights(Model model, ulong seed)
    {
        var gen = new Generator(seed);
        var values = model.Weights.Select(w => (w.Name ?? "").Contains("variance", StringComparison.Ordinal)
            ? Tensor.RandomUniform(w.Shape, 0.5, 1.5, generator: gen)
            : Tensor.RandomUniform(w.Shape, -0.5, 0.5, generator: gen)).ToArray();
        model.SetWeights(values);
    }

    /// <summary><see cref="RandomizeWeights"/>, then <see cref="ExportAndCompare"/>.</summary>
    public static byte[] CheckWithRandomWeights(Model model, ulong weightSeed, int batch)
    {
        RandomizeWeights(model, weightSeed);
        return ExportAndCompare(model, batch);
    }

    /// <summary>Exports the model, runs the file at batch size <paramref name="batch"/> (the model was built for 1) on
    /// random inputs, and compares every output with the library's own inference.</summary>
    public static byte[] ExportAndCompare(Model model, int batch = 3, ulong seed = 7, int intHigh = 10)
    {
        var onnx = OnnxExporter.ToBytes(model);
        var gen = new Generator(seed);
        var inputs = model.SymbolicInputs!.Select(s => s.DType == DType.Int32
            ? Tensor.RandomInt([batch, .. s.Shape.ToArray()], 0, intHigh, generator: gen)
            : Tensor.RandomUniform([batch, .. s.Shape.ToArray()], -1, 1, generator: gen)).ToArray();
        IReadOnlyList<Tensor> expected;
        using (Tensor.NoGrad())
            expected = model.CallMultiple(inputs, training: false);
        var actual = Run(onnx, inputs);
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Shape.ToArray(), actual[i].Shape);
            AssertClose(expected[i].ToArray<float>(), actual[i].Values, $"{model.Name} output {i}");
        }
        return onnx;
    }
}
