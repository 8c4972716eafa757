namespace DeepLearning.Layers;

/// <summary>Shared validation and small helpers of the layers (messages name the layer and the shapes).</summary>
internal static class LayerChecks
{
    /// <summary>A per-sample shape as Keras prints it, with the batch axis as None: "(None, 28, 28, 1)".</summary>
    public static string NoneShape(Shape perSample) =>
        perSample.Rank == 0 ? "(None,)" : $"(None, {string.Join(", ", perSample)})";

    /// <summary>Converts a Keras axis of the full input (batch axis 0, negative from the end) to an index into the
    /// per-sample shape; the batch axis itself is rejected.</summary>
    /// <exception cref="ArgumentException">The axis is the batch axis or out of range.</exception>
    public static int SampleAxis(string layer, string what, int axis, Shape perSample)
    {
        int fullRank = perSample.Rank + 1;
        int a = axis < 0 ? axis + fullRank : axis;
        if (a < 0 || a >= fullRank)
            throw new ArgumentException($"{layer}: {what} {axis} is out of range for inputs of shape {NoneShape(perSample)}.");
        if (a == 0)
            throw new ArgumentException($"{layer}: {what} {axis} is the batch axis of inputs of shape {NoneShape(perSample)}; choose a feature axis.");
        return a - 1;
    }

    /// <summary>Requires a floating input (random and normalising layers).</summary>
    /// <exception cref="ArgumentException">The input is int32.</exception>
    public static void RequireFloating(string layer, Tensor x)
    {
        if (!x.DType.IsFloating())
            throw new ArgumentException($"{layer}: needs a floating input; got {x.DType} of shape {x.Shape}.");
    }

    /// <summary>A 1/0 mask in the dtype of <paramref name="x"/>, with trailing axes of size 1 added until it has
    /// x's rank (a (batch, time) mask against (batch, time, features) values, as Keras's expand_dims(mask, −1)).</summary>
    /// <exception cref="ArgumentException">The mask does not match the leading axes of x.</exception>
    public static Tensor ExpandMask(string layer, Tensor mask, Tensor x)
    {
        if (mask.Rank > x.Rank)
            throw new ArgumentException($"{layer}: a mask of shape {mask.Shape} has more axes than its input {x.Shape}.");
        for (int i = 0; i < mask.Rank; i++)
            if (mask.Shape[i] != x.Shape[i] && mask.Shape[i] != 1)
                throw new ArgumentException($"{layer}: a mask of shape {mask.Shape} does not match the leading axes of its input {x.Shape}.");
        var m = mask.Detach().Cast(x.DType);
        while (m.Rank < x.Rank) m = m.Unsqueeze(-1);
        return m;
    }

    /// <summary>The generator of a seeded layer (created from its seed) or the global default.</summary>
    public static Generator? SeededGenerator(int? seed) => seed is int s ? new Generator(unchecked((ulong)(long)s)) : null;

    /// <summary>The optional "seed" entry of a config (absent or null: none).</summary>
    public static int? SeedFrom(LayerConfig c) => c.Contains("seed") && c["seed"] is not null ? c.GetInt("seed") : null;
}
