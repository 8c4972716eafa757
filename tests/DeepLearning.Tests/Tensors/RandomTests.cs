namespace DeepLearning.Tests.Tensors;

[Collection(GlobalGeneratorCollection.Name)]
public class RandomTests
{
    [Fact]
    public void PhiloxMatchesTheKnownAnswerTest()
    {
        // Random123's kat_vectors for philox4x32_10: counter = 0, key = 0 →
        // 6627e8d5 e169c58d bc57ac4c 9b00dbd8; counter = ffffffff×4, key = ffffffff×2 → 408f276d 41c83b0e a20bc7c6 6d5451fd.
        Philox.Block(0, 0, 0, out uint r0, out uint r1, out uint r2, out uint r3);
        Assert.Equal(new uint[] { 0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8 }, new[] { r0, r1, r2, r3 });
    }

    [Fact]
    public void DrawsHaveTheRequestedMomentsAndRanges()
    {
        var g = new Generator(123);
        var u = Tensor.RandomUniform([200_000], 2, 5, generator: g);
        Assert.InRange(u.Min().Item(), 2f, 2.001f);
        Assert.InRange(u.Max().Item(), 4.999f, 5f);
        Assert.Equal(3.5, u.Mean().Item(), 2);
        var n = Tensor.RandomNormal([200_000], 1, 2, DType.Float64, g);
        Assert.Equal(1.0, n.Mean().Item<double>(), 1);
        Assert.Equal(2.0, n.Std().Item<double>(), 1);
        var t = Tensor.TruncatedNormal([100_000], 0, 1, generator: g);
        Assert.True(t.Abs().Max().Item() <= 2f);
        Assert.Equal(0.88, t.Std().Item(), 1); // std of N(0,1) truncated at ±2 is 0.8796
        var b = Tensor.Bernoulli([100_000], 0.25, generator: g);
        Assert.Equal(0.25, b.Mean().Item(), 2);
        var i = Tensor.RandomInt([100_000], -3, 4, generator: g);
        Assert.Equal(-3, i.Min().Item<int>());
        Assert.Equal(3, i.Max().Item<int>());
    }

    [Fact]
    public void TheGlobalSeedMakesAProgramReproducible()
    {
        Generator.Seed(42);
        var a = Tensor.RandomNormal([10]).ToArray<float>();
        var a2 = Tensor.RandomNormal([10]).ToArray<float>();
        Generator.Seed(42);
        Assert.Equal(a, Tensor.RandomNormal([10]).ToArray<float>());
        Assert.Equal(a2, Tensor.RandomNormal([10]).ToArray<float>());
        Assert.NotEqual(a, a2);
    }
}

public class PhiloxSimdTests
{
    [Fact]
    public void VectorBlocksEqualTheScalarDefinition()
    {
        int width = DeepLearning.Devices.Cpu.PhiloxSimd.Width;
        var words = new uint[4 * width];
        foreach (ulong first in new ulong[] { 0, 1, 12345, 0xFFFFFFFDUL, 0xFFFFFFFFFFFFFFF0UL })
            foreach (ulong key in new ulong[] { 0, 0x5EEDUL, ulong.MaxValue })
            {
                DeepLearning.Devices.Cpu.PhiloxSimd.Blocks(key, first, 3, words);
                for (int b = 0; b < width; b++)
                {
                    Philox.Block(key, first + (ulong)b, 3, out uint r0, out uint r1, out uint r2, out uint r3);
                    Assert.Equal(new[] { r0, r1, r2, r3 }, new[] { words[b], words[width + b], words[2 * width + b], words[3 * width + b] });
                }
            }
    }
}
