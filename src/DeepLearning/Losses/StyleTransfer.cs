namespace DeepLearning.Losses;

/// <summary>
/// The costs of neural style transfer (Gatys, Ecker and Bethge 2016, "Image Style Transfer Using Convolutional Neural
/// Networks"), with the normalisations of the course notes' "Neural Style Transfer" (deeplearning.ai, Course 4, week 4;
/// SEEDS A25): for activations a of shape (n_H, n_W, n_C) at one layer,
/// J_content = Σ (a⁽ᶜ⁾ − a⁽ᴳ⁾)² / (4·n_H·n_W·n_C), the Gram (style) matrix G_kk' = Σ_ij a_ijk·a_ijk', and
/// J_style = Σ (G⁽ˢ⁾ − G⁽ᴳ⁾)² / (4·n_C²·(n_H·n_W)²); plus the total-variation regulariser of tf.image.total_variation.
/// All are composed from differentiable tensor ops, so the generated image can be optimised through autograd.
/// </summary>
public static class StyleTransfer
{
    /// <summary>G_kk' = Σ_ij a_ijk·a_ijk': the channels' inner products over all positions (AᵀA with A the
    /// activations unrolled to (n_H·n_W, n_C)), unnormalised as in the course notes.</summary>
    /// <param name="features">(batch, n_H, n_W, n_C) activations, NHWC.</param>
    /// <returns>(batch, n_C, n_C), symmetric.</returns>
    /// <exception cref="ArgumentException">Features that are not rank 4.</exception>
    public static Tensor GramMatrix(Tensor features)
    {
        CheckRank4(features, nameof(GramMatrix));
        var a = features.Reshape(features.Shape[0], features.Shape[1] * features.Shape[2], features.Shape[3]);
        return a.Transpose(1, 2).MatMul(a);
    }

    /// <summary>J_content = Σ (a⁽ᶜ⁾ − a⁽ᴳ⁾)² / (4·n_H·n_W·n_C), summed over the batch.</summary>
    /// <param name="content">(batch, n_H, n_W, n_C) activations of the content image.</param>
    /// <param name="generated">Activations of the generated image, same shape.</param>
    /// <returns>A scalar.</returns>
    /// <exception cref="ArgumentException">Shapes that differ or are not rank 4.</exception>
    public static Tensor ContentCost(Tensor content, Tensor generated)
    {
        CheckPair(content, generated, nameof(ContentCost));
        double n = (double)content.Shape[1] * content.Shape[2] * content.Shape[3];
        return (content - generated).Square().Sum() * (1 / (4 * n));
    }

    /// <summary>One layer's style cost J_style = Σ_kk' (G⁽ˢ⁾ − G⁽ᴳ⁾)² / (4·n_C²·(n_H·n_W)²), with G the
    /// <see cref="GramMatrix"/>, summed over the batch. A weighted sum over layers gives the full style cost.</summary>
    /// <param name="style">(batch, n_H, n_W, n_C) activations of the style image.</param>
    /// <param name="generated">Activations of the generated image, same shape.</param>
    /// <returns>A scalar.</returns>
    /// <exception cref="ArgumentException">Shapes that differ or are not rank 4.</exception>
    public static Tensor StyleCost(Tensor style, Tensor generated)
    {
        CheckPair(style, generated, nameof(StyleCost));
        double positions = (double)style.Shape[1] * style.Shape[2], channels = style.Shape[3];
        return (GramMatrix(style) - GramMatrix(generated)).Square().Sum() * (1 / (4 * channels * channels * positions * positions));
    }

    /// <summary>The anisotropic total variation Σ |x_{i+1,j} − x_{i,j}| + Σ |x_{i,j+1} − x_{i,j}| over rows, columns,
    /// channels and the batch (tf.image.total_variation, summed over images): a penalty that favours smooth images.</summary>
    /// <param name="images">(batch, h, w, c).</param>
    /// <returns>A scalar.</returns>
    /// <exception cref="ArgumentException">Images that are not rank 4.</exception>
    public static Tensor TotalVariation(Tensor images)
    {
        CheckRank4(images, nameof(TotalVariation));
        int h = images.Shape[1], w = images.Shape[2];
        var vertical = (images.Narrow(1, 1, h - 1) - images.Narrow(1, 0, h - 1)).Abs().Sum();
        var horizontal = (images.Narrow(2, 1, w - 1) - images.Narrow(2, 0, w - 1)).Abs().Sum();
        return vertical + horizontal;
    }

    private static void CheckRank4(Tensor t, string op)
    {
        ArgumentNullException.ThrowIfNull(t);
        if (t.Rank != 4) throw new ArgumentException($"StyleTransfer.{op}: expects (batch, height, width, channels); got {t.Shape}.");
    }

    private static void CheckPair(Tensor a, Tensor b, string op)
    {
        CheckRank4(a, op);
        CheckRank4(b, op);
        if (a.Shape != b.Shape) throw new ArgumentException($"StyleTransfer.{op}: the activations differ in shape: {a.Shape} and {b.Shape}.");
    }
}
