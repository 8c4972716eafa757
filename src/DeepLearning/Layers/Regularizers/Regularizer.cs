using DeepLearning.Layers;

namespace DeepLearning.Regularizers;

/// <summary>
/// A penalty added to the loss for a weight (kernel or bias regularizer) or a layer output (activity regularizer).
/// Keras's convention: L2(λ) adds λ·Σw² (gradient 2λw), not (λ/2m)‖W‖²; L1(λ) adds λ·Σ|w|.
/// </summary>
public abstract class Regularizer
{
    /// <summary>The penalty (a scalar tensor, differentiable).</summary>
    public abstract Tensor Penalty(Tensor x);

    /// <summary>λ·Σ|x| (Keras's L1).</summary>
    public static Regularizer L1(double l1 = 0.01) => new L1L2(l1, 0);

    /// <summary>λ·Σx² (Keras's L2; the notes' (λ/2m)‖W‖²_F equals L2(λ/2m)).</summary>
    public static Regularizer L2(double l2 = 0.01) => new L1L2(0, l2);

    /// <summary>λ₁·Σ|x| + λ₂·Σx².</summary>
    public static Regularizer L1AndL2(double l1 = 0.01, double l2 = 0.01) => new L1L2(l1, l2);

    /// <summary>The saved form, Keras's {"class_name": …, "config": {…}}; null for a regularizer the library cannot
    /// rebuild (a user's subclass), which makes saving its layer fail instead of dropping it.</summary>
    internal virtual LayerConfig? ToConfig() => null;

    /// <summary>Rebuilds a regularizer from <see cref="ToConfig"/>'s form.</summary>
    /// <exception cref="InvalidDataException">An unknown class name.</exception>
    internal static Regularizer FromConfig(LayerConfig saved)
    {
        string name = saved.GetString("class_name");
        var c = saved.GetConfig("config") ?? new LayerConfig();
        return name switch
        {
            "L1L2" => new L1L2(c.GetDouble("l1", 0), c.GetDouble("l2", 0)),
            _ => throw new InvalidDataException($"Regularizer: unknown class '{name}' (known: L1L2)."),
        };
    }
}

/// <summary>λ₁·Σ|x| + λ₂·Σx² (either may be 0).</summary>
public sealed class L1L2 : Regularizer
{
    /// <summary>Creates the regularizer.</summary>
    /// <exception cref="ArgumentException">A factor is negative or not finite.</exception>
    public L1L2(double l1, double l2)
    {
        if (!(l1 >= 0) || !(l2 >= 0) || !double.IsFinite(l1) || !double.IsFinite(l2))
            throw new ArgumentException($"L1L2: factors must be finite and ≥ 0; got l1 {l1}, l2 {l2}.");
        L1Factor = l1;
        L2Factor = l2;
    }

    /// <summary>The L1 factor λ₁.</summary>
    public double L1Factor { get; }

    /// <summary>The L2 factor λ₂.</summary>
    public double L2Factor { get; }

    /// <inheritdoc />
    public override Tensor Penalty(Tensor x)
    {
        Tensor? p = null;
        if (L1Factor > 0) p = x.Abs().Sum() * L1Factor;
        if (L2Factor > 0) p = p is null ? x.Square().Sum() * L2Factor : p + x.Square().Sum() * L2Factor;
        return p ?? Tensor.Zeros([], x.DType, x.Device);
    }

    internal override LayerConfig ToConfig() =>
        new LayerConfig().Set("class_name", "L1L2").Set("config", new LayerConfig().Set("l1", L1Factor).Set("l2", L2Factor));
}
