namespace DeepLearning.Layers;

/// <summary>Argument checks and config conversions shared by the convolution, pooling and reshaping layers.</summary>
internal static class LayerArgs
{
    public static string Describe(Layer layer) => $"{layer.GetType().Name} '{layer.Name}'";

    /// <summary>A per-sample shape with Keras's "None" batch axis: (None, 28, 28, 1).</summary>
    public static string Batched(Shape sample) => "(None" + string.Concat(sample.ToArray().Select(d => ", " + d)) + ")";

    public static void Positive(string layer, string argument, int value)
    {
        if (value < 1) throw new ArgumentOutOfRangeException(argument, value, $"{layer}: {argument} must be positive; got {value}.");
    }

    public static void Positive(string layer, string argument, Size2D value)
    {
        if (value.Height < 1 || value.Width < 1)
            throw new ArgumentOutOfRangeException(argument, value, $"{layer}: {argument} must be positive; got {value}.");
    }

    public static void NonNegative(string layer, string argument, params int[] values)
    {
        if (values.Any(v => v < 0))
            throw new ArgumentOutOfRangeException(argument, $"{layer}: {argument} must be ≥ 0; got ({string.Join(", ", values)}).");
    }

    /// <summary>Keras's rule: strides above 1 cannot be combined with a dilation rate above 1.</summary>
    public static void StridesOrDilation(string layer, Size2D strides, Size2D dilation)
    {
        if (Math.Max(strides.Height, strides.Width) > 1 && Math.Max(dilation.Height, dilation.Width) > 1)
            throw new ArgumentException($"{layer}: strides > 1 cannot be combined with a dilation rate > 1 (as in Keras); got strides {strides} and dilation rate {dilation}.");
    }

    public static string PaddingName(Padding p) => p switch
    {
        Padding.Same => "same",
        Padding.Causal => "causal",
        _ => "valid",
    };

    public static Padding ParsePadding(string name) => name.ToLowerInvariant() switch
    {
        "valid" => Padding.Valid,
        "same" => Padding.Same,
        "causal" => Padding.Causal,
        _ => throw new InvalidDataException($"LayerConfig: unknown padding '{name}' (expected valid, same or causal)."),
    };

    public static int[] Pair(Size2D s) => [s.Height, s.Width];

    public static Size2D ReadPair(LayerConfig c, string key, Size2D? fallback = null)
    {
        var v = c.Contains(key) ? c.GetInts(key) : fallback is { } f ? [f.Height, f.Width] : c.GetInts(key);
        return v.Length switch
        {
            1 => new Size2D(v[0], v[0]),
            2 => new Size2D(v[0], v[1]),
            _ => throw new InvalidDataException($"LayerConfig: entry '{key}' must hold 1 or 2 integers; got {v.Length}."),
        };
    }

    /// <summary>Rejects channels_first configs: only NHWC (Keras's default channels_last) exists here.</summary>
    public static void ChannelsLast(LayerConfig c)
    {
        var format = c.GetOptionalString("data_format");
        if (format is not null && format != "channels_last")
            throw new InvalidDataException($"LayerConfig: data_format '{format}' is not supported; layers are channels_last (NHWC).");
    }
}
