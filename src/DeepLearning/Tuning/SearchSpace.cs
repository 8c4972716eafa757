using System.Collections;

namespace DeepLearning.Tuning;

/// <summary>
/// Named hyperparameters and their distributions, in declaration order (scikit-learn's <c>param_distributions</c> /
/// <c>param_grid</c>, Keras Tuner's search space). Build it fluently or with a collection initializer:
/// <code>
/// var space = new SearchSpace()
///     .IntRange("n_hidden", 0, 3)
///     .IntRange("n_neurons", 1, 100)
///     .LogUniform("learning_rate", 3e-4, 3e-2);
/// var same = new SearchSpace { { "n_hidden", Distribution.IntRange(0, 3) }, { "momentum", Distribution.OneMinusLogUniform(0.9, 0.999) } };
/// </code>
/// </summary>
public sealed class SearchSpace : IEnumerable<KeyValuePair<string, Distribution>>
{
    private readonly List<KeyValuePair<string, Distribution>> _entries = [];

    /// <summary>The number of hyperparameters.</summary>
    public int Count => _entries.Count;

    /// <summary>The names, in declaration order.</summary>
    public IReadOnlyList<string> Names => [.. _entries.Select(e => e.Key)];

    /// <summary>The distribution of a hyperparameter.</summary>
    /// <exception cref="KeyNotFoundException">No such name; the message lists the names.</exception>
    public Distribution this[string name] => _entries.FirstOrDefault(e => e.Key == name).Value
        ?? throw new KeyNotFoundException($"SearchSpace: no '{name}'. Names: {(Count == 0 ? "(none)" : string.Join(", ", Names))}.");

    /// <summary>Adds a hyperparameter.</summary>
    /// <exception cref="ArgumentException">The name is empty or already used.</exception>
    /// <exception cref="ArgumentNullException">distribution is null.</exception>
    public SearchSpace Add(string name, Distribution distribution)
    {
        if (string.IsNullOrEmpty(name)) throw new ArgumentException("SearchSpace.Add: the name is empty.", nameof(name));
        ArgumentNullException.ThrowIfNull(distribution);
        if (_entries.Any(e => e.Key == name))
            throw new ArgumentException($"SearchSpace.Add: '{name}' is already defined as {this[name]}.", nameof(name));
        _entries.Add(new(name, distribution));
        return this;
    }

    /// <summary>Adds <see cref="Distribution.Choice{T}(IReadOnlyList{T})"/>: <c>Choice("n_hidden", 0, 1, 2)</c>, or
    /// an array or list of values.</summary>
    /// <exception cref="ArgumentException">The name is taken, or no/null values.</exception>
    public SearchSpace Choice<T>(string name, params IReadOnlyList<T> values) where T : notnull => Add(name, Distribution.Choice(values));

    /// <summary>Adds <see cref="Distribution.IntRange"/> (max inclusive).</summary>
    /// <exception cref="ArgumentException">The name is taken, min ≥ max or step &lt; 1.</exception>
    public SearchSpace IntRange(string name, int min, int max, int step = 1) => Add(name, Distribution.IntRange(min, max, step));

    /// <summary>Adds <see cref="Distribution.Uniform"/>.</summary>
    /// <exception cref="ArgumentException">The name is taken, or min ≥ max.</exception>
    public SearchSpace Uniform(string name, double min, double max) => Add(name, Distribution.Uniform(min, max));

    /// <summary>Adds <see cref="Distribution.LogUniform"/>.</summary>
    /// <exception cref="ArgumentException">The name is taken, min ≤ 0 or min ≥ max.</exception>
    public SearchSpace LogUniform(string name, double min, double max) => Add(name, Distribution.LogUniform(min, max));

    /// <summary>Adds <see cref="Distribution.OneMinusLogUniform"/>.</summary>
    /// <exception cref="ArgumentException">The name is taken, or not 0 ≤ min &lt; max &lt; 1.</exception>
    public SearchSpace OneMinusLogUniform(string name, double min, double max) => Add(name, Distribution.OneMinusLogUniform(min, max));

    /// <summary>Adds <see cref="Distribution.Fixed"/>.</summary>
    /// <exception cref="ArgumentException">The name is taken, or the value is null.</exception>
    public SearchSpace Fixed(string name, object value) => Add(name, Distribution.Fixed(value));

    /// <summary>True when every distribution is discrete, so <see cref="Grid"/> can enumerate the space.</summary>
    public bool IsDiscrete => _entries.All(e => e.Value.IsDiscrete);

    /// <summary>The number of combinations of a discrete space (the product of the value counts; 1 for an empty
    /// space), saturating at <see cref="long.MaxValue"/>.</summary>
    /// <exception cref="ArgumentException">A distribution is continuous (see <see cref="Grid"/>).</exception>
    public long GridSize
    {
        get
        {
            long size = 1;
            foreach (var values in GridValues("SearchSpace.GridSize"))
                size = size > long.MaxValue / values.Count ? long.MaxValue : size * values.Count;
            return size;
        }
    }

    /// <summary>
    /// Every combination of the discrete values, as scikit-learn's <c>ParameterGrid</c> / <c>itertools.product</c>:
    /// the first hyperparameter varies slowest and the last fastest, each in its own value order. For
    /// <c>{a: [1, 2], b: [x, y, z]}</c>: (1,x), (1,y), (1,z), (2,x), (2,y), (2,z).
    /// </summary>
    /// <exception cref="ArgumentException">A distribution is continuous: the message names it and says how to
    /// discretise it (<see cref="ContinuousDistribution.Discretize"/> or an explicit Choice).</exception>
    public IEnumerable<HyperParameters> Grid()
    {
        var values = GridValues("SearchSpace.Grid");
        return Enumerate(values);
    }

    private IEnumerable<HyperParameters> Enumerate(IReadOnlyList<object>[] values)
    {
        var digits = new int[values.Length];
        while (true)
        {
            yield return new HyperParameters(_entries.Select((e, i) => new KeyValuePair<string, object>(e.Key, values[i][digits[i]])));
            int p = values.Length - 1;
            while (p >= 0 && ++digits[p] == values[p].Count) digits[p--] = 0;
            if (p < 0) yield break;
        }
    }

    /// <summary>One sample: hyperparameter i (in declaration order) takes <c>Quantile(uᵢ)</c> of its distribution, for
    /// successive uniforms uᵢ of <paramref name="uniform"/> (one per hyperparameter, Fixed included).</summary>
    /// <exception cref="ArgumentNullException">uniform is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">uniform returned a number outside [0, 1].</exception>
    public HyperParameters Sample(Func<double> uniform)
    {
        ArgumentNullException.ThrowIfNull(uniform);
        return new HyperParameters(_entries.Select(e => new KeyValuePair<string, object>(e.Key, e.Value.Quantile(uniform()))));
    }

    /// <summary><paramref name="count"/> independent samples from a seed (the same seed gives the same samples on
    /// every platform: uniforms come from the counter-based <see cref="Philox"/> generator). These are the
    /// candidates <see cref="RandomSearch"/> proposes before it removes repeats.</summary>
    /// <exception cref="ArgumentOutOfRangeException">count is negative.</exception>
    public IReadOnlyList<HyperParameters> Sample(int count, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var stream = new SeededStream(seed, SeededStream.Sampling);
        var samples = new HyperParameters[count];
        for (int i = 0; i < count; i++) samples[i] = Sample(stream.NextDouble);
        return samples;
    }

    /// <summary>Throws the error of <see cref="Grid"/> when a distribution is continuous, naming <paramref name="op"/>.</summary>
    internal void RequireDiscrete(string op) => GridValues(op);

    private IReadOnlyList<object>[] GridValues(string op)
    {
        var result = new IReadOnlyList<object>[_entries.Count];
        for (int i = 0; i < result.Length; i++)
        {
            var (name, distribution) = _entries[i];
            result[i] = distribution.GridValues ?? throw new ArgumentException(
                $"{op}: '{name}' is {distribution}, a continuous distribution, which has no grid; discretise it explicitly, e.g. "
                + $"Distribution.{distribution.GetType().Name.Replace("Distribution", "")}(…).Discretize(5), or give a Choice of values.");
        }
        return result;
    }

    /// <summary>"name: distribution" per line.</summary>
    public override string ToString() => string.Join(Environment.NewLine, _entries.Select(e => $"{e.Key}: {e.Value}"));

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, Distribution>> GetEnumerator() => _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
