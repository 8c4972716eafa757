using DeepLearning.Layers;
using static DeepLearning.Tests.Layers.RecurrentTestData;

namespace DeepLearning.Tests.Layers;

public class EmbeddingTests
{
    [Fact]
    public void HarnessShapesCountsAndWeightGradients()
    {
        // 5·3 = 15 parameters; GradCheck covers the table (the int32 input has no gradient).
        LayerHarness.Check(() => new Embedding(5, 3), [2, 4], [2, 4, 3], 15, inputDType: DType.Int32);
        LayerHarness.Check(() => new Embedding(4, 2, maskZero: true), [3], [3, 2], 8, inputDType: DType.Int32);
        var large = new Embedding(1000, 64);
        large.Call(Tensor.Zeros([1, 5], DType.Int32));
        Assert.Equal(64_000, large.CountParams());
        Assert.Equal(new Shape(1000, 64), large.Embeddings!.Shape);
    }

    [Fact]
    public void LooksUpRowsAndScatterAddsGradients()
    {
        var embedding = new Embedding(4, 2) { DType = DType.Float64 };
        embedding.Call(Tensor.Zeros([1, 3], DType.Int32));
        Set(embedding.Embeddings!, 1, 0);   // E = sin(0.7·i) as a (4, 2) table
        var ids = Tensor.FromArray(new[,] { { 2, 0, 2 }, { 3, 3, 1 } });
        var y = embedding.Call(ids);
        Assert.Equal(new Shape(2, 3, 2), y.Shape);
        var e = RecurrentTestData.Wave(8, 1, 0);
        TestHelpers.AssertValues([e[4], e[5], e[0], e[1], e[4], e[5], e[6], e[7], e[6], e[7], e[2], e[3]], y, 1e-15);
        // ∂L/∂E for L = Σ y ⊙ w: rows accumulate once per occurrence (tf.gather's scatter-add).
        var w = Tensor.Arange(1, 13, 1, DType.Float64).Reshape(2, 3, 2);
        (y * w).Sum().Backward();
        TestHelpers.AssertValues([3, 4, 11, 12, 1 + 5, 2 + 6, 7 + 9, 8 + 10], embedding.Embeddings!.Grad!);
    }

    [Fact]
    public void DefaultInitializerIsKerasUniform()
    {
        var embedding = new Embedding(50, 20);
        embedding.Call(Tensor.Zeros([1, 1], DType.Int32));
        var values = embedding.Embeddings!.ToArray<float>();
        Assert.True(values.All(v => v is >= -0.05f and <= 0.05f));
        Assert.True(values.Max() > 0.04f && values.Min() < -0.04f);
    }

    [Fact]
    public void MaskZeroMarksPaddingAndAcceptsAnyLength()
    {
        var embedding = new Embedding(10, 3, maskZero: true);
        var y = embedding.Call(Tensor.FromArray(new[,] { { 4, 0, 7, 0 } }));
        Assert.NotNull(y.Mask);
        Assert.Equal(DType.Float32, y.Mask!.DType);
        TestHelpers.AssertValues([1, 0, 1, 0], y.Mask);
        var shorter = embedding.Call(Tensor.FromArray(new[,] { { 1, 2 }, { 0, 3 } }));
        TestHelpers.AssertValues([1, 1, 0, 1], shorter.Mask!);
        Assert.Null(new Embedding(10, 3).Call(Tensor.FromArray(new[,] { { 4, 0 } })).Mask);
    }

    [Fact]
    public void ConfigRoundTrip()
    {
        var embedding = new Embedding(7, 3, maskZero: true, name: "words");
        var copy = (Embedding)Embedding.FromConfig(embedding.GetConfig());
        Assert.Equal((7, 3, true, "words", "random_uniform"), (copy.InputDim, copy.OutputDim, copy.MaskZero, copy.Name, copy.EmbeddingsInitializer.Name));
        var ids = Tensor.FromArray(new[,] { { 1, 6, 0 } });
        var y = embedding.Call(ids);
        copy.Call(ids);
        using (Tensor.NoGrad()) copy.Embeddings!.Assign(embedding.Embeddings!);
        TestHelpers.AssertClose(y, copy.Call(ids), 0, 0);
    }

    [Fact]
    public void BadInputRaisesClearErrors()
    {
        Assert.Contains("inputDim must be positive", Assert.Throws<ArgumentOutOfRangeException>(() => new Embedding(0, 3)).Message);
        Assert.Contains("outputDim must be positive", Assert.Throws<ArgumentOutOfRangeException>(() => new Embedding(3, -2)).Message);
        var embedding = new Embedding(5, 2, name: "emb");
        var floats = Assert.Throws<ArgumentException>(() => embedding.Call(Tensor.Ones([2, 3])));
        Assert.Contains("emb", floats.Message);
        Assert.Contains("int32", floats.Message);
        var range = Assert.Throws<ArgumentOutOfRangeException>(() => embedding.Call(Tensor.FromArray(new[,] { { 1, 5 } })));
        Assert.Contains("emb", range.Message);
        Assert.Contains("[0, 5)", range.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => embedding.Call(Tensor.FromArray(new[,] { { -1, 2 } })));
    }
}
