namespace DeepLearning.Samples.CharLanguageModel;

/// <summary>
/// The committed public-domain text (corpus.txt, 35,741 characters; see docs/samples/CharLanguageModel.md for its
/// sources) as character ids: the vocabulary is every distinct character, sorted. Every tenth block of 500 characters
/// is held out, so the held-out text samples each of the works.
/// </summary>
public sealed class CharCorpus
{
    private const int Block = 500;

    /// <summary>Reads the text and splits it.</summary>
    public CharCorpus(string path)
    {
        var text = File.ReadAllText(path).Replace("\r\n", "\n");
        Vocabulary = [.. text.Distinct().Order()];
        var train = new List<int>();
        var heldOut = new List<int>();
        for (int start = 0, block = 0; start < text.Length; start += Block, block++)
        {
            var target = block % 10 == 9 ? heldOut : train;
            foreach (char c in text.AsSpan(start, Math.Min(Block, text.Length - start))) target.Add(Array.BinarySearch(Vocabulary, c));
        }
        Train = [.. train];
        HeldOut = [.. heldOut];
    }

    /// <summary>The characters, sorted; a character's id is its index.</summary>
    public char[] Vocabulary { get; }

    /// <summary>Training text as ids.</summary>
    public int[] Train { get; }

    /// <summary>Held-out text as ids.</summary>
    public int[] HeldOut { get; }

    /// <summary>Consecutive windows of <paramref name="length"/> + 1 characters taken every <paramref name="length"/>:
    /// inputs (n, length) and next-character targets (n, length), int32.</summary>
    public static (Tensor X, Tensor Y) Windows(int[] ids, int length)
    {
        int n = (ids.Length - 1) / length;
        var x = new int[n * length];
        var y = new int[n * length];
        for (int i = 0; i < n; i++)
        {
            Array.Copy(ids, i * length, x, i * length, length);
            Array.Copy(ids, i * length + 1, y, i * length, length);
        }
        return (Tensor.FromArray(x, new Shape(n, length)), Tensor.FromArray(y, new Shape(n, length)));
    }

    /// <summary>The perplexity exp(−(1/N) Σ ln p(c)) of the held-out text under the training text's character
    /// frequencies with add-one smoothing over the vocabulary: the unigram baseline.</summary>
    public double UnigramPerplexity()
    {
        var counts = new double[Vocabulary.Length];
        foreach (int id in Train) counts[id]++;
        double total = Train.Length + Vocabulary.Length, logLikelihood = 0;
        foreach (int id in HeldOut) logLikelihood += Math.Log((counts[id] + 1) / total);
        return Math.Exp(-logLikelihood / HeldOut.Length);
    }
}
