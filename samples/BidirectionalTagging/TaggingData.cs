namespace DeepLearning.Samples.BidirectionalTagging;

/// <summary>
/// Generated variable-length tagging data whose labels depend on the future: sequences of 5–24 tokens drawn uniformly
/// from 1 … 9, right-padded with 0 to 24 steps. The tag of step t is 1 ("up") when the next token is larger, 0
/// ("not up") when it is smaller or equal, and 2 ("end") at the last real step. Padded steps carry the label −1, which
/// the loss ignores. A model that reads only the past cannot know the next token or whether the sequence ends.
/// </summary>
public static class TaggingData
{
    /// <summary>Padded length.</summary>
    public const int MaxLength = 24;

    /// <summary>Distinct tokens (0 is padding).</summary>
    public const int Tokens = 10;

    /// <summary>Label of padded steps.</summary>
    public const int Padding = -1;

    /// <summary>Token ids (n, 24) int32 and tags (n, 24) int32, reproducible from <paramref name="seed"/>.</summary>
    public static (Tensor X, Tensor Y) Generate(int count, int seed)
    {
        var random = new Random(seed);
        var x = new int[count * MaxLength];
        var y = new int[count * MaxLength];
        Array.Fill(y, Padding);
        for (int n = 0; n < count; n++)
        {
            int length = random.Next(5, MaxLength + 1), at = n * MaxLength;
            for (int t = 0; t < length; t++) x[at + t] = random.Next(1, Tokens);
            for (int t = 0; t < length; t++) y[at + t] = t == length - 1 ? 2 : x[at + t + 1] > x[at + t] ? 1 : 0;
        }
        return (Tensor.FromArray(x, new Shape(count, MaxLength)), Tensor.FromArray(y, new Shape(count, MaxLength)));
    }

    /// <summary>Per-step accuracy over the real (unpadded) steps only: predictions (n, 24, 3) probabilities.</summary>
    public static double StepAccuracy(Tensor probabilities, Tensor labels)
    {
        var predicted = probabilities.ArgMax(-1).ToArray<int>();
        var truth = labels.ToArray<int>();
        int real = 0, correct = 0;
        for (int i = 0; i < truth.Length; i++)
        {
            if (truth[i] == Padding) continue;
            real++;
            if (predicted[i] == truth[i]) correct++;
        }
        return (double)correct / real;
    }
}
