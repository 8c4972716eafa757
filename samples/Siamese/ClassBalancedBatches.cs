namespace DeepLearning.Samples.Siamese;

/// <summary>
/// P×K batches for triplet mining (Hermans, Beyer and Leibe 2017, §3): every batch holds K examples of each of P
/// distinct classes, so every anchor has K − 1 positives and (P − 1)·K negatives in its batch. The P classes of a
/// batch are drawn uniformly without replacement; each class hands out its examples from its own shuffled queue,
/// reshuffled when it runs out, so every example is used before any is used twice.
/// </summary>
internal static class ClassBalancedBatches
{
    /// <summary>The example indices of <paramref name="steps"/> P×K batches, one after the other: feed them to Fit in
    /// order (no shuffling) with batch size P·K.</summary>
    /// <exception cref="ArgumentException">Fewer than P classes have at least K examples.</exception>
    public static int[] Order(int[] labels, int classesPerBatch, int perClass, int steps, int seed)
    {
        var random = new Random(seed);
        var classes = labels.Select((label, index) => (label, index)).GroupBy(p => p.label)
            .Where(g => g.Count() >= perClass).Select(g => g.Select(p => p.index).ToArray()).ToArray();
        if (classes.Length < classesPerBatch)
            throw new ArgumentException($"P×K batches: {classesPerBatch} classes of {perClass} examples are needed; only {classes.Length} classes have that many.");
        var next = new int[classes.Length];
        foreach (var members in classes) random.Shuffle(members);
        var order = new List<int>(steps * classesPerBatch * perClass);
        var ids = Enumerable.Range(0, classes.Length).ToArray();
        for (int step = 0; step < steps; step++)
        {
            random.Shuffle(ids);
            foreach (int c in ids.Take(classesPerBatch))
            {
                for (int k = 0; k < perClass; k++)
                {
                    if (next[c] == classes[c].Length) { random.Shuffle(classes[c]); next[c] = 0; }
                    order.Add(classes[c][next[c]++]);
                }
            }
        }
        return [.. order];
    }
}
