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
    }

    private sealed class NonNegConstraint : Constraint
    {
        public override Tensor Apply(Tensor w) => w * (w >= 0.0);
    }
}
