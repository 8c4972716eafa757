using DeepLearning.Models;
using DeepLearning.Models.Callbacks;

namespace DeepLearning.Tuning;

/// <summary>
/// Exhaustive grid search (scikit-learn's <c>GridSearchCV</c>, Keras Tuner's <c>GridSearch</c>): one trial per
/// combination of <see cref="SearchSpace.Grid"/>, the first hyperparameter varying slowest. Every distribution must
/// be discrete (Choice, IntRange, Fixed); a continuous one is rejected when the tuner is created — discretise it with
/// <see cref="ContinuousDistribution.Discretize"/> (e.g. <c>Distribution.LogUniform(1e-4, 1).Discretize(5)</c>).
/// The seed only seeds each trial's training.
/// </summary>
public sealed class GridSearch : Tuner
{
    /// <summary>Configures a grid search (see <see cref="Tuner"/> for the parameters).</summary>
    /// <param name="build">Builds and compiles a model from a trial's hyperparameters.</param>
    /// <param name="space">A discrete search space.</param>
    /// <param name="objective">The log entry to optimise.</param>
    /// <param name="direction">Whether lower or higher is better.</param>
    /// <param name="maxTrials">Stop after this many combinations (null: the whole grid).</param>
    /// <param name="seed">Seeds the trials' training; null draws one from <see cref="Generator.Default"/>.</param>
    /// <exception cref="ArgumentNullException">build or space is null.</exception>
    /// <exception cref="ArgumentException">The space or the objective is empty, or a distribution is continuous (the
    /// message names it).</exception>
    /// <exception cref="ArgumentOutOfRangeException">maxTrials &lt; 1.</exception>
    public GridSearch(Func<HyperParameters, Model> build, SearchSpace space, string objective = "val_loss",
        MonitorMode direction = MonitorMode.Auto, int? maxTrials = null, ulong? seed = null)
        : base(build, space, objective, direction, maxTrials, seed)
    {
        Space.RequireDiscrete(nameof(GridSearch));
        GridSize = Space.GridSize;
    }

    /// <summary>The number of combinations in the grid.</summary>
    public long GridSize { get; }

    /// <inheritdoc />
    protected override IEnumerable<HyperParameters> Candidates() => Space.Grid();
}
