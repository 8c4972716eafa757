namespace DeepLearning.Layers;

/// <summary>How <see cref="UpSampling2D"/> fills the new cells.</summary>
public enum Interpolation
{
    /// <summary>Each input cell is repeated (Keras "nearest"): y[i, j] = x[⌊i/sh⌋, ⌊j/sw⌋].</summary>
    Nearest,

    /// <summary>Separable linear interpolation with half-pixel centres (Keras "bilinear", tf.image.resize without
    /// antialiasing, PyTorch align_corners = False): source row (i + ½)/sh − ½, clamped to the image.</summary>
    Bilinear,
}
