namespace DeepLearning.Tests.Tuning;

/// <summary>Searches and cross-validation reseed the global generator per trial; running them beside other tests that
/// draw from it would make their numbers depend on scheduling, so these tests run alone.</summary>
[CollectionDefinition(nameof(TuningCollection), DisableParallelization = true)]
public sealed class TuningCollection;
