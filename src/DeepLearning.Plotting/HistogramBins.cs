namespace DeepLearning.Plotting;

/// <summary>A histogram: <see cref="Counts"/>[i] values fell in [<see cref="Edges"/>[i], <see cref="Edges"/>[i + 1]),
/// the last bin closed on the right, with equal-width bins between the smallest and the largest value
/// (<c>numpy.histogram(values, bins)</c>'s convention; when all values are equal, numpy's range
/// [v − 0.5, v + 0.5]).</summary>
/// <param name="Edges">bins + 1 increasing edges.</param>
/// <param name="Counts">bins counts; they sum to the number of values.</param>
public sealed record HistogramBins(double[] Edges, long[] Counts)
{
    /// <summary>Counts <paramref name="values"/> into <paramref name="bins"/> equal-width bins.</summary>
    /// <exception cref="ArgumentException">No value, a NaN or infinite value (numpy refuses them too), or bins &lt; 1.</exception>
    public static HistogramBins Compute(ReadOnlySpan<float> values, int bins)
    {
        if (bins < 1) throw new ArgumentException($"Histogram: bins must be ≥ 1; got {bins}.", nameof(bins));
        if (values.IsEmpty) throw new ArgumentException("Histogram: no value to count.", nameof(values));
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
                throw new ArgumentException($"Histogram: value {i} is {values[i]}; only finite values can be counted.", nameof(values));
            min = Math.Min(min, values[i]);
            max = Math.Max(max, values[i]);
        }
        if (min == max) { min -= 0.5; max += 0.5; }
        var edges = new double[bins + 1];
        for (int i = 0; i <= bins; i++) edges[i] = min + (max - min) * i / bins;
        var counts = new long[bins];
        double width = (max - min) / bins;
        foreach (float v in values)
        {
            int bin = (int)((v - min) / width);
            // Rounding can land a value one bin off its edges; move it to the bin whose half-open range holds it.
            bin = Math.Clamp(bin, 0, bins - 1);
            while (bin > 0 && v < edges[bin]) bin--;
            while (bin < bins - 1 && v >= edges[bin + 1]) bin++;
            counts[bin]++;
        }
        return new HistogramBins(edges, counts);
    }
}
