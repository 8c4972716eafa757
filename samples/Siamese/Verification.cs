namespace DeepLearning.Samples.Siamese;

/// <summary>Pairs of examples, same class or not, verified by comparing the distance of their embeddings with a
/// threshold: distance ≤ threshold says "same".</summary>
internal static class Verification
{
    /// <summary>Balanced pairs: pair k is a same-class pair for even k and a different-class pair for odd k; its first
    /// example is drawn uniformly, its second uniformly from the other examples of that class (same) or from the examples
    /// of the other classes (different). Drawn with replacement across pairs, so a pair may repeat.</summary>
    public static (int A, int B, bool Same)[] Pairs(int[] labels, int count, int seed)
    {
        var random = new Random(seed);
        var byClass = labels.Select((label, index) => (label, index)).GroupBy(p => p.label).ToDictionary(g => g.Key, g => g.Select(p => p.index).ToArray());
        var pairs = new (int, int, bool)[count];
        for (int k = 0; k < count; k++)
        {
            int a = random.Next(labels.Length);
            bool same = k % 2 == 0;
            int b;
            do
            {
                b = same ? byClass[labels[a]][random.Next(byClass[labels[a]].Length)] : random.Next(labels.Length);
            } while (b == a || (labels[b] == labels[a]) != same);
            pairs[k] = (a, b, same);
        }
        return pairs;
    }

    /// <summary>The squared Euclidean distance between two rows of a row-major (n, d) embedding matrix.</summary>
    public static double Distance(float[] embeddings, int d, int a, int b)
    {
        double sum = 0;
        for (int j = 0; j < d; j++)
        {
            double diff = embeddings[a * d + j] - embeddings[b * d + j];
            sum += diff * diff;
        }
        return sum;
    }

    /// <summary>The threshold with the highest accuracy on the given pairs (tried at every distance that occurs).</summary>
    public static double BestThreshold(double[] distances, bool[] same)
    {
        var order = Enumerable.Range(0, distances.Length).OrderBy(i => distances[i]).ToArray();
        int correct = same.Count(s => !s), best = correct;   // threshold below every distance: all "different"
        double threshold = distances[order[0]] - 1e-9;
        foreach (int i in order)
        {
            correct += same[i] ? 1 : -1;                         // pair i now counts as "same"
            if (correct > best) (best, threshold) = (correct, distances[i]);
        }
        return threshold;
    }

    public static double Accuracy(double[] distances, bool[] same, double threshold) =>
        Enumerable.Range(0, distances.Length).Count(i => (distances[i] <= threshold) == same[i]) / (double)distances.Length;
}
