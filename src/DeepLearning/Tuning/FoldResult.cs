using DeepLearning.Models.Callbacks;

namespace DeepLearning.Tuning;

/// <summary>The outcome of one fold of <see cref="CrossValidation.KFold"/>: the split, the held-out scores and the
/// training history.</summary>
public sealed class FoldResult
{
    internal FoldResult(FoldSplit split, ulong seed, Logs scores, History history, TimeSpan duration)
    {
        Split = split;
        Seed = seed;
        Scores = scores;
        History = history;
        Duration = duration;
    }

    /// <summary>The fold's number (0-based).</summary>
    public int Fold => Split.Fold;

    /// <summary>The indices trained on and held out.</summary>
    public FoldSplit Split { get; }

    /// <summary>The seed given to <see cref="Generator.Seed"/> before the fold's model was built.</summary>
    public ulong Seed { get; }

    /// <summary>The model's <c>Evaluate</c> on the held-out examples after training: "loss" and the compiled metrics.</summary>
    public Logs Scores { get; }

    /// <summary>The fold's training history.</summary>
    public History History { get; }

    /// <summary>Wall-clock time of building, training and evaluating.</summary>
    public TimeSpan Duration { get; }
}
