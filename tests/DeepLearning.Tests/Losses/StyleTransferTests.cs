using DeepLearning.Autograd;
using DeepLearning.Losses;

namespace DeepLearning.Tests.Losses;

/// <summary>The style-transfer costs on hand-computed examples.</summary>
public class StyleTransferTests
{
    // One image, 2×1 positions, 2 channels: position (0,0) = (1, 2), position (1,0) = (3, 4).
    private static Tensor A() => TestHelpers.D([1, 2, 3, 4], new Shape(1, 2, 1, 2));

    [Fact]
    public void GramMatrix_IsTheChannelInnerProducts()
    {
        // channel 0 = (1, 3), channel 1 = (2, 4): G = [[1+9, 2+12], [2+12, 4+16]] = [[10, 14], [14, 20]].
        var g = StyleTransfer.GramMatrix(A());
        Assert.Equal(new Shape(1, 2, 2), g.Shape);
        TestHelpers.AssertValues([10, 14, 14, 20], g, 1e-12);
    }

    [Fact]
    public void ContentCost_HandComputed()
    {
        // generated = (0, 0, 0, 0): Σ (a − 0)² = 1 + 4 + 9 + 16 = 30; n_H·n_W·n_C = 2·1·2 = 4; 30 / 16 = 1.875.
        var cost = StyleTransfer.ContentCost(A(), TestHelpers.D([0, 0, 0, 0], new Shape(1, 2, 1, 2)));
        Assert.Equal(1.875, cost.Item<double>(), 12);
    }

    [Fact]
    public void StyleCost_HandComputed()
    {
        // generated: positions (1, 0) and (0, 1): channel 0 = (1, 0), channel 1 = (0, 1), G = [[1, 0], [0, 1]].
        // G_S − G_G = [[9, 14], [14, 19]]: 81 + 196 + 196 + 361 = 834; 4·n_C²·(n_H·n_W)² = 4·4·4 = 64 → 13.03125.
        var generated = TestHelpers.D([1, 0, 0, 1], new Shape(1, 2, 1, 2));
        Assert.Equal(834.0 / 64, StyleTransfer.StyleCost(A(), generated).Item<double>(), 12);
        Assert.Equal(0, StyleTransfer.StyleCost(A(), A()).Item<double>());
    }

    [Fact]
    public void TotalVariation_HandComputed()
    {
        // [[1, 2], [4, 8]] (one channel): horizontal |2 − 1| + |8 − 4| = 5, vertical |4 − 1| + |8 − 2| = 9 → 14.
        var image = TestHelpers.D([1, 2, 4, 8], new Shape(1, 2, 2, 1));
        Assert.Equal(14, StyleTransfer.TotalVariation(image).Item<double>(), 12);
    }

    [Fact]
    public void Costs_PassGradCheck()
    {
        var style = Tensor.RandomNormal([1, 3, 2, 2], dtype: DType.Float64, generator: new Generator(1));
        var generated = Tensor.RandomNormal([1, 3, 2, 2], dtype: DType.Float64, generator: new Generator(2));
        Assert.True(GradCheck.Check(x => StyleTransfer.StyleCost(style, x[0]) + StyleTransfer.ContentCost(style, x[0]), [generated]).Passed);
    }

    [Fact]
    public void BadShapes_Throw()
    {
        Assert.Throws<ArgumentException>(() => StyleTransfer.GramMatrix(Tensor.Zeros([2, 3])));
        Assert.Throws<ArgumentException>(() => StyleTransfer.StyleCost(Tensor.Zeros([1, 2, 2, 3]), Tensor.Zeros([1, 2, 2, 4])));
    }
}
