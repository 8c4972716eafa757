namespace DeepLearning.Data;

/// <summary>
/// The base of <see cref="RandomBrightness"/> and <see cref="RandomContrast"/>: a random change of each image's pixel
/// intensities, of strength <see cref="Factor"/> in [0, 1], whose results are clipped to
/// [<see cref="MinValue"/>, <see cref="MaxValue"/>] (Keras's <c>value_range</c>). Its constructor is not accessible
/// outside the library.
/// </summary>
public abstract class IntensityAugmentation : ImageAugmentation
{
    /// <summary>Validates and stores the options (the factor first, then the value range).</summary>
    /// <exception cref="ArgumentOutOfRangeException">factor is outside [0, 1].</exception>
    /// <exception cref="ArgumentException">The value range is empty.</exception>
    private protected IntensityAugmentation(double factor, float minValue, float maxValue, Generator? generator)
    {
        CheckFinite(factor, nameof(factor), Name, 0, 1);
        CheckRange(minValue, maxValue, Name);
        Factor = factor;
        MinValue = minValue;
        MaxValue = maxValue;
        Generator = generator ?? new Generator(Generator.Default.NextSeed());
    }

    /// <summary>The strength of the change: for <see cref="RandomBrightness"/> the largest offset as a fraction of the
    /// value range, for <see cref="RandomContrast"/> how far the contrast factor may move from 1.</summary>
    public double Factor { get; }

    /// <summary>The lowest pixel value (results are clipped to it).</summary>
    public float MinValue { get; }

    /// <summary>The highest pixel value (results are clipped to it).</summary>
    public float MaxValue { get; }

    /// <summary>The random source of the per-image draws.</summary>
    private protected Generator Generator { get; }
}
