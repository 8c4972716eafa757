using System.Globalization;

namespace DeepLearning.Samples;

/// <summary>The command line every sample accepts: <c>--epochs N</c>, <c>--seed N</c>, <c>--data DIR</c>,
/// <c>--out DIR</c> (plots and saved models), plus sample-specific flags.</summary>
public sealed class SampleArgs
{
    private readonly string[] _args;

    /// <summary>Parses the arguments; <paramref name="defaultEpochs"/> is the sample's fixed default.</summary>
    public SampleArgs(string[] args, int defaultEpochs, int defaultSeed = 42)
    {
        _args = args;
        Epochs = Int("--epochs", defaultEpochs);
        Seed = Int("--seed", defaultSeed);
        DataDirectory = String("--data");
        OutputDirectory = String("--out") ?? Path.Combine(Environment.CurrentDirectory, "sample-output");
        if (Epochs < 1) throw new ArgumentException($"--epochs must be ≥ 1; got {Epochs}.");
    }

    /// <summary>Training epochs.</summary>
    public int Epochs { get; }

    /// <summary>The seed given to <see cref="Generator.Seed"/>.</summary>
    public int Seed { get; }

    /// <summary>Where datasets live (null: the library's cache folder).</summary>
    public string? DataDirectory { get; }

    /// <summary>Where plots and models are written.</summary>
    public string OutputDirectory { get; }

    /// <summary>An integer flag.</summary>
    public int Int(string name, int fallback)
    {
        var s = String(name);
        return s is null ? fallback : int.Parse(s, CultureInfo.InvariantCulture);
    }

    /// <summary>A number flag.</summary>
    public double Double(string name, double fallback)
    {
        var s = String(name);
        return s is null ? fallback : double.Parse(s, CultureInfo.InvariantCulture);
    }

    /// <summary>A string flag, or null.</summary>
    public string? String(string name)
    {
        int i = Array.IndexOf(_args, name);
        return i >= 0 && i + 1 < _args.Length ? _args[i + 1] : null;
    }

    /// <summary>True when a flag is present.</summary>
    public bool Has(string name) => Array.IndexOf(_args, name) >= 0;
}
