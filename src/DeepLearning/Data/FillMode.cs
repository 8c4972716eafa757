namespace DeepLearning.Data;

/// <summary>How geometric augmentations fill pixels that come from outside the image (Keras's <c>fill_mode</c>),
/// shown for a row <c>a b c d</c>.</summary>
public enum FillMode
{
    /// <summary><c>k k k k | a b c d | k k k k</c>: a constant value (the augmentation's fill value, default 0).</summary>
    Constant,

    /// <summary><c>a a a a | a b c d | d d d d</c>: the nearest edge pixel.</summary>
    Nearest,

    /// <summary><c>d c b a | a b c d | d c b a</c>: reflection about the edge of the last pixel (Keras's default).</summary>
    Reflect,

    /// <summary><c>a b c d | a b c d | a b c d</c>: wrapping around to the opposite edge.</summary>
    Wrap,
}
