using DeepLearning.Layers;
using DeepLearning.Models;

namespace DeepLearning.Applications;

/// <summary>
/// U-Net (Ronneberger, Fischer and Brox 2015, "U-Net: Convolutional Networks for Biomedical Image Segmentation",
/// Figure 1; SEEDS A19): a contracting path of levels of two 3×3 convolutions with ReLU followed by 2×2 max-pooling
/// (filters doubling per level), a bottleneck of two convolutions, and an expanding path in which each level
/// upsamples with a 2×2 stride-2 transposed convolution that halves the filters, concatenates the contracting path's
/// map of the same level (cropped to size when the convolutions are "valid"), and applies two more convolutions; a
/// 1×1 convolution gives per-pixel class scores. With the paper's settings (64 filters, 4 levels, valid convolutions,
/// 572×572×1 input, 2 classes) the output is 388×388×2 and the network has 31,030,658 parameters.
/// </summary>
public static class UNet
{
    /// <summary>U-Net.</summary>
    /// <param name="options">Input shape (default 572×572×1), classes (default 2 when <paramref name="options"/> is
    /// null), top (false: the last decoder map, before the 1×1 classifier) and the classifier activation (softmax
    /// over the classes of each pixel). Pooling does not apply.</param>
    /// <param name="filters">Filters of the first level (64 in the paper); ≥ 1.</param>
    /// <param name="depth">Number of poolings (4 in the paper); ≥ 1.</param>
    /// <param name="padding"><see cref="Padding.Valid"/> (the paper: the output is smaller than the input, the skip
    /// maps are centre-cropped) or <see cref="Padding.Same"/> (output (h, w), which needs h and w divisible by 2^depth).</param>
    /// <param name="batchNormalization">Insert BatchNormalization between each 3×3 convolution (then bias-free) and its
    /// ReLU, as most later implementations do.</param>
    /// <returns>A functional model whose output is (h', w', classes).</returns>
    /// <exception cref="ArgumentException">A filter count or depth below 1, causal padding, or an input size that the
    /// pooling does not divide evenly.</exception>
    public static Model Build(ApplicationOptions? options = null, int filters = 64, int depth = 4, Padding padding = Padding.Valid,
        bool batchNormalization = false)
    {
        options ??= new ApplicationOptions { Classes = 2 };
        if (filters < 1) throw new ArgumentOutOfRangeException(nameof(filters), filters, $"unet: filters must be ≥ 1; got {filters}.");
        if (depth < 1) throw new ArgumentOutOfRangeException(nameof(depth), depth, $"unet: depth must be ≥ 1; got {depth}.");
        if (padding == Padding.Causal) throw new ArgumentException("unet: padding must be Valid or Same.", nameof(padding));
        var input = options.CreateInput("unet", new Shape(572, 572, 1), 1 << depth);
        SymbolicTensor x = input;
        var skips = new List<SymbolicTensor>();
        for (int level = 0; level < depth; level++)
        {
            x = ConvPair(x, filters << level, padding, batchNormalization, $"enc{level + 1}");
            skips.Add(x);
            if (x.Shape[0] % 2 != 0 || x.Shape[1] % 2 != 0)
                throw new ArgumentException(
                    $"unet: level {level + 1}'s map ({x.Shape[0]}, {x.Shape[1]}) is odd, so 2×2 pooling would drop a row or column; input ({string.Join(", ", input.Shape)}) does not fit {depth} levels.");
            x = new MaxPooling2D(2, name: $"pool{level + 1}").Call(x);
        }
        x = ConvPair(x, filters << depth, padding, batchNormalization, "bottleneck");
        for (int level = depth - 1; level >= 0; level--)
        {
            x = new Conv2DTranspose(filters << level, 2, strides: 2, name: $"up{level + 1}").Call(x);
            var skip = skips[level];
            int dh = skip.Shape[0] - x.Shape[0], dw = skip.Shape[1] - x.Shape[1];
            if (dh < 0 || dw < 0)
                throw new ArgumentException($"unet: input ({string.Join(", ", input.Shape)}) is too small for {depth} levels of valid convolutions.");
            if (dh > 0 || dw > 0)
                skip = new Cropping2D((dh / 2, dh - dh / 2), (dw / 2, dw - dw / 2), name: $"crop{level + 1}").Call(skip);
            x = new Concatenate(name: $"skip{level + 1}").Call(skip, x);
            x = ConvPair(x, filters << level, padding, batchNormalization, $"dec{level + 1}");
        }
        if (options.IncludeTop)
            x = new Conv2D(options.Classes, 1, activation: options.ClassifierActivation, name: "predictions").Call(x);
        return new Model(input, x, "unet");
    }

    private static SymbolicTensor ConvPair(SymbolicTensor x, int filters, Padding padding, bool batchNormalization, string name)
    {
        for (int i = 1; i <= 2; i++)
        {
            if (padding == Padding.Valid && (x.Shape[0] < 3 || x.Shape[1] < 3))
                throw new ArgumentException($"unet: the map before {name}_conv{i} is ({x.Shape[0]}, {x.Shape[1]}), too small for a 3×3 convolution.");
            x = new Conv2D(filters, 3, padding: padding, useBias: !batchNormalization, name: $"{name}_conv{i}").Call(x);
            if (batchNormalization) x = new BatchNormalization(name: $"{name}_bn{i}").Call(x);
            x = new ReLU(name: $"{name}_relu{i}").Call(x);
        }
        return x;
    }
}
