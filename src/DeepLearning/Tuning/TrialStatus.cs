namespace DeepLearning.Tuning;

/// <summary>How a trial of a search ended.</summary>
public enum TrialStatus
{
    /// <summary>The model was built and trained; <see cref="Trial.Objective"/> holds its best value (NaN when every
    /// epoch's value was NaN, e.g. a diverging learning rate).</summary>
    Completed,

    /// <summary>Building, compiling or training threw; <see cref="Trial.Error"/> holds the exception.</summary>
    Failed,
}
