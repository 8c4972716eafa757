namespace DeepLearning.Data;

/// <summary>
/// A random image transform applied to NHWC float batches on the data side (no gradient is recorded): each image of
/// a batch gets its own random parameters, drawn from the augmentation's seeded <see cref="Generator"/> (counter-based,
/// so a seed gives the same augmented batches on every run and device). Augmentations compose with
/// <see cref="Compose"/> and plug into a <see cref="DataLoader"/> with <see cref="AsTransform"/>.
/// </summary>
/// <remarks>Implementations: <see cref="RandomFlip"/>, <see cref="RandomShift"/>, <see cref="RandomCrop"/>,
/// <see cref="RandomRotation"/>, <see cref="RandomBrightness"/>, <see cref="RandomContrast"/>,
/// <see cref="RandomGaussianNoise"/>. The work runs on the host (the images are read back once per call and the
/// result is created on the input's device).</remarks>
/// <example><code>
/// var augment = ImageAugmentation.Compose(
///     new RandomShift(0.1, 0.1, FillMode.Constant, generator: new Generator(1)),
///     new RandomRotation(10, FillMode.Constant, generator: new Generator(2)));
/// var loader = new DataLoader(train.ToDataset(), 64, shuffle: true, seed: 3, transform: augment.AsTransform());
/// </code></example>
public abstract class ImageAugmentation
{
    private protected ImageAugmentation()
    {
    }

    /// <summary>The name used in error messages.</summary>
    private protected string Name => GetType().Name;

    /// <summary>Augments a batch of images.</summary>
    /// <param name="images">Shape (batch, height, width, channels), float32 or float64.</param>
    /// <returns>A new tensor of the same dtype and device; the same shape except for <see cref="RandomCrop"/>,
    /// which gives its crop size.</returns>
    /// <exception cref="ArgumentException">images is not a rank-4 floating tensor, or is too small for the transform.</exception>
    public Tensor Apply(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Rank != 4 || !images.DType.IsFloating())
            throw new ArgumentException($"{Name}: images must be a floating NHWC tensor (batch, height, width, channels); got {images.DType} of shape {images.Shape}.", nameof(images));
        var g = new ImageGeometry(images.Shape[0], images.Shape[1], images.Shape[2], images.Shape[3]);
        float[] src;
        using (Tensor.NoGrad()) src = images.ToArray<float>();
        var dst = Run(src, ref g);
        var result = Tensor.FromArray(dst, [g.N, g.H, g.W, g.C], images.Device);
        return images.DType == DType.Float32 ? result : result.Cast(images.DType);
    }

    /// <summary>Transforms the host copy of a batch; may change the height and width in <paramref name="g"/>.</summary>
    internal abstract float[] Run(float[] src, ref ImageGeometry g);

    /// <summary>A batch transform for <see cref="DataLoader"/> that augments input <paramref name="inputIndex"/> and
    /// leaves the other inputs, the targets and the weights as they are.</summary>
    /// <exception cref="ArgumentOutOfRangeException">inputIndex is negative (or, when applied, past the batch's inputs).</exception>
    public Func<Batch, Batch> AsTransform(int inputIndex = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputIndex);
        return batch =>
        {
            ArgumentNullException.ThrowIfNull(batch);
            if (inputIndex >= batch.Inputs.Length)
                throw new ArgumentOutOfRangeException(nameof(inputIndex), inputIndex, $"{Name}: the batch has {batch.Inputs.Length} inputs; input {inputIndex} cannot be augmented.");
            var inputs = (Tensor[])batch.Inputs.Clone();
            inputs[inputIndex] = Apply(inputs[inputIndex]);
            return batch with { Inputs = inputs };
        };
    }

    /// <summary>Applies the augmentations one after another (each draws from its own generator).</summary>
    /// <exception cref="ArgumentException">No augmentation, or a null one, is given.</exception>
    public static ImageAugmentation Compose(params ImageAugmentation[] augmentations)
    {
        ArgumentNullException.ThrowIfNull(augmentations);
        if (augmentations.Length == 0 || augmentations.Any(a => a is null))
            throw new ArgumentException("ImageAugmentation.Compose: give at least one augmentation, and no null.", nameof(augmentations));
        return new ComposedAugmentation([.. augmentations]);
    }

    /// <summary>Reserves <paramref name="perImage"/> uniform draws for each of <paramref name="n"/> images and returns
    /// a reader of them: u(i, j) is the j-th uniform in [0, 1) of image i.</summary>
    private protected static Uniforms Draw(Generator generator, int n, int perImage) =>
        new(generator.Key, generator.Reserve((long)n * perImage), perImage);

    private protected readonly struct Uniforms(ulong key, ulong start, int perImage)
    {
        public double this[int image, int j] => Philox.Uniform64(key, start + (ulong)((long)image * perImage + j));
    }

    private protected static void CheckFinite(double value, string name, string op, double min, double max)
    {
        if (!(value >= min && value <= max))
            throw new ArgumentOutOfRangeException(name, value, $"{op}: {name} must be in [{min}, {max}].");
    }

    private protected static void CheckRange(float min, float max, string op)
    {
        if (!(min < max) || float.IsNaN(min) || float.IsNaN(max))
            throw new ArgumentException($"{op}: the value range [{min}, {max}] is empty or not a number.");
    }
}
