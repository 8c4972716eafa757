using DeepLearning.Metrics;

namespace DeepLearning.Tests.Metrics;

/// <summary>Shared checks for stateful metrics.</summary>
internal static class MetricAssert
{
    /// <summary>Feeding the rows in batches (split along axis 0 at <paramref name="splits"/>) gives the one-shot
    /// result; a reset returns the result to 0 and a second pass reproduces it.</summary>
    public static double StreamingEqualsOneShot(Func<Metric> create, Tensor yTrue, Tensor yPred, Tensor? sampleWeight, int[] splits, double tol = 1e-12)
    {
        var oneShot = create();
        oneShot.UpdateState(yTrue, yPred, sampleWeight);
        double expected = oneShot.Result();

        var streaming = create();
        for (int pass = 0; pass < 2; pass++)
        {
            int start = 0;
            foreach (int end in splits.Append(yPred.Shape[0]))
            {
                if (end == start) continue;
                streaming.UpdateState(yTrue.Narrow(0, start, end - start), yPred.Narrow(0, start, end - start),
                    sampleWeight?.Narrow(0, start, end - start));
                start = end;
            }
            Assert.True(Math.Abs(streaming.Result() - expected) <= tol, $"{streaming.Name}: streaming {streaming.Result():R} vs one-shot {expected:R}");
            streaming.ResetState();
            Assert.Equal(0, streaming.Result());
        }
        return expected;
    }
}
