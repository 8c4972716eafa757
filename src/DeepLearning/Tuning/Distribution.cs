namespace DeepLearning.Tuning;

/// <summary>
/// The distribution of one hyperparameter in a <see cref="SearchSpace"/>. Every distribution is defined by its
/// quantile function <see cref="Quantile"/>: a search draws u uniform in [0, 1) and takes <c>Quantile(u)</c>, so a
/// distribution is one formula and a seed gives the same values everywhere. Discrete distributions also list their
/// <see cref="GridValues"/> for <see cref="GridSearch"/>.
/// </summary>
/// <remarks>
/// The factories mirror Keras Tuner's <c>hp.Choice</c>, <c>hp.Int</c>, <c>hp.Float</c> (linear or
/// <c>sampling="log"</c>) and <c>hp.Fixed</c>, plus the "1 − β on a log scale" sampling of momentum-like
/// parameters from Ng's course (notes S1, "Hyperparameter Tuning": β ∈ [0.9, 0.999] ⇒ r ∈ [−3, −1], β = 1 − 10ʳ).
/// </remarks>
public abstract class Distribution
{
    /// <summary>The value at probability <paramref name="u"/> ∈ [0, 1] (the inverse of the cumulative distribution;
    /// non-decreasing in u; <c>Quantile(0)</c> is the smallest value, <c>Quantile(1)</c> the largest).</summary>
    /// <exception cref="ArgumentOutOfRangeException">u is not in [0, 1].</exception>
    public object Quantile(double u)
    {
        if (!(u >= 0 && u <= 1))
            throw new ArgumentOutOfRangeException(nameof(u), u, $"{this}.Quantile: u must be in [0, 1].");
        return QuantileCore(u);
    }

    /// <summary>The value at a validated u ∈ [0, 1].</summary>
    protected abstract object QuantileCore(double u);

    /// <summary>Every value, in order, for a discrete distribution; null for a continuous one (which a grid search
    /// rejects: discretise it first, e.g. with <see cref="ContinuousDistribution.Discretize"/>).</summary>
    public abstract IReadOnlyList<object>? GridValues { get; }

    /// <summary>True when <see cref="GridValues"/> lists every value.</summary>
    public bool IsDiscrete => GridValues is not null;

    /// <summary>One of <paramref name="values"/>, each equally likely (Keras Tuner's <c>hp.Choice</c>):
    /// <c>Choice(1, 2, 3)</c>, <c>Choice("relu", "elu")</c>, or an array or list of values. A lone string is one value.
    /// Values of mixed types need <c>Choice&lt;object&gt;(…)</c>.</summary>
    /// <exception cref="ArgumentException">No value, or a null value.</exception>
    public static ChoiceDistribution Choice<T>(params IReadOnlyList<T> values) where T : notnull
    {
        ArgumentNullException.ThrowIfNull(values);
        return new([.. values.Select(v => (object)v)]);
    }

    /// <summary>An integer min, min + step, …, up to max inclusive, each equally likely (Keras Tuner's <c>hp.Int</c>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">min ≥ max, or step &lt; 1.</exception>
    public static IntRangeDistribution IntRange(int min, int max, int step = 1) => new(min, max, step);

    /// <summary>A real number uniform on [min, max] (Keras Tuner's <c>hp.Float</c>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">min ≥ max, or a bound is not finite.</exception>
    public static UniformDistribution Uniform(double min, double max) => new(min, max);

    /// <summary>A positive real number whose base-10 logarithm is uniform on [log₁₀ min, log₁₀ max] (Keras Tuner's
    /// <c>hp.Float(sampling="log")</c>; Ng's <c>r = −4·rand(); α = 10ʳ</c> is <c>LogUniform(1e-4, 1)</c>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">min ≤ 0, min ≥ max, or a bound is not finite.</exception>
    public static LogUniformDistribution LogUniform(double min, double max) => new(min, max);

    /// <summary>A number β in [min, max] ⊂ [0, 1) whose 1 − β is log-uniform, so values crowd towards 1 (for
    /// momentum and Adam's β: each of 0.9–0.99, 0.99–0.999 gets the same share).</summary>
    /// <exception cref="ArgumentOutOfRangeException">min &lt; 0, max ≥ 1, or min ≥ max.</exception>
    public static OneMinusLogUniformDistribution OneMinusLogUniform(double min, double max) => new(min, max);

    /// <summary>Always <paramref name="value"/> (Keras Tuner's <c>hp.Fixed</c>).</summary>
    /// <exception cref="ArgumentNullException">value is null.</exception>
    public static FixedDistribution Fixed(object value) => new(value);
}
