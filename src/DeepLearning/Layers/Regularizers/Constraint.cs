using DeepLearning.Layers;

namespace DeepLearning.Regularizers;

/// <summary>A projection applied to a weight after each optimizer step (Keras's kernel_constraint, bias_constraint).</summary>
public abstract class Constraint
{
    /// <summary>The projected value of <paramref name="w"/> (a new tensor; the caller assigns it).</summary>
    public abstract Tensor Apply(Tensor w);

    /// <summary>Keras's MaxNorm: rescales each slice along <paramref name="axis"/> whose L2 norm exceeds
    /// <paramref name="maxValue"/>: w · clip(‖w‖, 0, m)/(ε + ‖w‖), ε = 1e-7.</summary>
    public static Constraint MaxNorm(double maxValue = 2, int axis = 0) => new MaxNormConstraint(maxValue, axis);

    /// <summary>Keras's NonNeg: w · [w ≥ 0].</summary>
    public static Constraint NonNeg() => new NonNegConstraint();

    /// <summary>The saved form, Keras's {"class_name": …, "config": {…}}; null for a constraint the library cannot
    /// rebuild (a user's subclass), which makes saving its layer fail instead of dropping it.</summary>
    internal virtual LayerConfig? ToConfig() => null;

    /// <summary>Rebuilds a constraint from <see cref="ToConfig"/>'s form.</summary>
    /// <exception cref="InvalidDataException">An unknown class name.</exception>
    internal static Constraint FromConfig(LayerConfig saved)
    {
        string name = saved.GetString("class_name");
        var c = saved.GetConfig("config") ?? new LayerConfig();
        return name switch
        {
            "MaxNorm" => MaxNorm(c.GetDouble("max_value"), c.GetInt("axis")),
            "NonNeg" => NonNeg(),
            _ => throw new InvalidDataException($"Constraint: unknown class '{name}' (known: MaxNorm, NonNeg)."),
        };
    }

    private sealed class MaxNormConstraint : Constraint
    {
        private readonly double _max;
        private readonly int _axis;

        public MaxNormConstraint(double max, int axis)
        {
            if (!(max > 0)) throw new ArgumentException($"MaxNorm: the maximum norm must be > 0; got {max}.");
            _max = max;
            _axis = axis;
        }

        public override Tensor Apply(Tensor w)
        {
            var norms = w.Square().Sum(_axis, keepDims: true).Sqrt();
            return w * (norms.Clip(0, _max) / (norms + 1e-7));
        }

        internal override LayerConfig ToConfig() =>
            new LayerConfig().Set("class_name", "MaxNorm").Set("config", new LayerConfig().Set("max_value", _max).Set("axis", _axis));
    }

    private sealed class NonNegConstraint : Constraint
    {
        public override Tensor Apply(Tensor w) => w * (w >= 0.0);

        internal override LayerConfig ToConfig() => new LayerConfig().Set("class_name", "NonNeg").Set("config", new LayerConfig());
    }
}
