namespace DeepLearning.Samples.Techniques;

/// <summary>What every section of the sample gets: the command-line options, the epochs to train, the data and the
/// output folder; sections print their own <c>name=value</c> lines and return their main metric.</summary>
/// <param name="Options">The parsed command line.</param>
/// <param name="Epochs">Epochs per training run of the section.</param>
/// <param name="Fashion">Fashion-MNIST (loaded on first use).</param>
public sealed record SectionContext(SampleArgs Options, int Epochs, FashionData Fashion)
{
    /// <summary>The sample's seed.</summary>
    public int Seed => Options.Seed;

    /// <summary>A path in the output folder.</summary>
    public string Output(string fileName) => Path.Combine(Options.OutputDirectory, fileName);

    /// <summary>Resets the global generator to the sample's seed: every section (and every run that a comparison
    /// compares) starts from the same state, so running one section alone gives the same numbers.</summary>
    public void Reseed() => Generator.Seed((ulong)Options.Seed);
}
