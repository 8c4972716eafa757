namespace DeepLearning.Tests;

/// <summary>Tests that reseed or depend on <see cref="Generator.Default"/> run alone, so no other test draws from
/// the global generator between their seeding and their draws.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GlobalGeneratorCollection
{
    public const string Name = "GlobalGenerator";
}
