using DeepLearning.Models;
using DeepLearning.Models.Callbacks;

namespace DeepLearning.Tuning;

/// <summary>
/// Random search (Bergstra &amp; Bengio, "Random Search for Hyper-Parameter Optimization", JMLR 2012; Keras Tuner's
/// <c>RandomSearch</c>, scikit-learn's <c>RandomizedSearchCV</c>): each trial samples every hyperparameter
/// independently from its distribution. With a few important hyperparameters among many, random points try many
/// more distinct values of each than a grid of the same size (Ng's advice: "random, not grid"; sample learning
/// rates on a log scale with <see cref="Distribution.LogUniform"/>, momentum-like β with
/// <see cref="Distribution.OneMinusLogUniform"/>).
/// </summary>
/// <remarks>
/// Candidate i is <see cref="SearchSpace.Sample(int, ulong)"/>'s stream under <see cref="Tuner.Seed"/>; a repeat
/// of an earlier candidate is skipped and redrawn (as Keras Tuner's oracle does), and the search ends early when
/// 100 draws in a row give nothing new (a small discrete space is exhausted). The same seed gives the same trials.
/// </remarks>
/// <example><code>
/// var tuner = new RandomSearch(hp => BuildModel(hp.GetInt("n_hidden"), hp.GetInt("n_neurons"), hp.GetDouble("learning_rate")),
///     new SearchSpace().IntRange("n_hidden", 0, 3).IntRange("n_neurons", 1, 100).LogUniform("learning_rate", 3e-4, 3e-2),
///     maxTrials: 10, seed: 42);
/// var result = tuner.Search(xTrain, yTrain, epochs: 100, validationData: (xValid, yValid),
///     callbacks: () =&gt; [new EarlyStopping(patience: 10)]);
/// Console.WriteLine(result.ToTable());
/// </code></example>
public sealed class RandomSearch : Tuner
{
    /// <summary>The most consecutive repeats drawn before the space is considered exhausted.</summary>
    public const int MaxConsecutiveRepeats = 100;

    /// <summary>Configures a random search (see <see cref="Tuner"/> for the parameters).</summary>
    /// <exception cref="ArgumentNullException">build or space is null.</exception>
    /// <exception cref="ArgumentException">The space or the objective is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">maxTrials &lt; 1.</exception>
    public RandomSearch(Func<HyperParameters, Model> build, SearchSpace space, string objective = "val_loss",
        MonitorMode direction = MonitorMode.Auto, int maxTrials = 10, ulong? seed = null)
        : base(build, space, objective, direction, maxTrials, seed)
    {
    }

    /// <inheritdoc />
    protected override IEnumerable<HyperParameters> Candidates()
    {
        var stream = new SeededStream(Seed, SeededStream.Sampling);
        var seen = new HashSet<HyperParameters>();
        while (true)
        {
            HyperParameters? fresh = null;
            for (int attempt = 0; attempt < MaxConsecutiveRepeats && fresh is null; attempt++)
            {
                var candidate = Space.Sample(stream.NextDouble);
                if (seen.Add(candidate)) fresh = candidate;
            }
            if (fresh is null) yield break;
            yield return fresh;
        }
    }
}
