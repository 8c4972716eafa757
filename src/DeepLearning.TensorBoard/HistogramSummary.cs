using DeepLearning.TensorBoard.Proto;

namespace DeepLearning.TensorBoard;

/// <summary>Builds TensorBoard's HistogramProto of a set of values: <c>min</c>, <c>max</c>, <c>num</c>, <c>sum</c>,
/// <c>sum_squares</c> and a given number of equal-width buckets spanning [min, max], as TensorFlow 2's
/// <c>tf.summary.histogram</c> (tensorboard/plugins/histogram/summary_v2.py) makes them. <c>bucket_limit</c> holds
/// each bucket's right edge (the last is max), which is how TensorBoard's data_compat reads a HistogramProto (left
/// edges: min, then the previous limits). A value on an inner edge counts in the bucket to its right, max in the
/// last. NaN and ±∞ are left out of every field; an all-equal set makes one bucket.</summary>
internal static class HistogramSummary
{
    public static HistogramProto Build(ReadOnlySpan<float> values, int bucketCount)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity, sum = 0, sumSquares = 0;
        long count = 0;
        foreach (float f in values)
        {
            if (!float.IsFinite(f)) continue;
            double v = f;
            count++;
            sum += v;
            sumSquares += v * v;
            if (v < min) min = v;
            if (v > max) max = v;
        }
        var histogram = new HistogramProto { Num = count, Sum = sum, SumSquares = sumSquares };
        if (count == 0) return histogram;
        histogram.Min = min;
        histogram.Max = max;
        if (max == min)
        {
            histogram.BucketLimit.Add(max);
            histogram.Bucket.Add(count);
            return histogram;
        }
        double width = (max - min) / bucketCount;
        var counts = new long[bucketCount];
        foreach (float f in values)
        {
            if (!float.IsFinite(f)) continue;
            int i = (int)Math.Floor((f - min) / width);
            counts[Math.Clamp(i, 0, bucketCount - 1)]++;
        }
        for (int i = 0; i < bucketCount; i++)
        {
            histogram.BucketLimit.Add(i == bucketCount - 1 ? max : min + (i + 1) * width);
            histogram.Bucket.Add(counts[i]);
        }
        return histogram;
    }
}
