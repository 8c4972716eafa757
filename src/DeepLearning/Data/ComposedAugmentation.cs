namespace DeepLearning.Data;

/// <summary>Several augmentations applied in order (made by <see cref="ImageAugmentation.Compose"/>).</summary>
internal sealed class ComposedAugmentation(ImageAugmentation[] steps) : ImageAugmentation
{
    internal override float[] Run(float[] src, ref ImageGeometry g)
    {
        foreach (var step in steps) src = step.Run(src, ref g);
        return src;
    }
}
