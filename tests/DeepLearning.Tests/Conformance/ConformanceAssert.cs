namespace DeepLearning.Tests.Conformance;

/// <summary>The numeric assertions of the suite (kept in this folder so every backend's test project links them).</summary>
public static class ConformanceAssert
{
    /// <summary>Asserts equal shapes and |a − e| ≤ atol + rtol·|e| everywhere (NaN matches NaN, ±∞ must match).</summary>
    public static void AssertClose(Tensor expected, Tensor actual, double rtol = 1e-5, double atol = 1e-6, string? what = null)
    {
        Assert.True(expected.Shape == actual.Shape, $"{what}: shape {actual.Shape}, expected {expected.Shape}");
        AssertClose(expected.ToArray<double>(), actual.ToArray<double>(), rtol, atol, what);
    }

    /// <summary>Asserts equal lengths and |a − e| ≤ atol + rtol·|e| everywhere (NaN matches NaN, ±∞ must match).</summary>
    public static void AssertClose(double[] expected, double[] actual, double rtol, double atol, string? what = null)
    {
        Assert.True(expected.Length == actual.Length, $"{what}: {actual.Length} values, expected {expected.Length}");
        for (int i = 0; i < expected.Length; i++)
        {
            double e = expected[i], a = actual[i];
            if (double.IsNaN(e) && double.IsNaN(a)) continue;
            if (double.IsInfinity(e) && e == a) continue;
            double tol = atol + rtol * Math.Abs(e);
            Assert.True(Math.Abs(a - e) <= tol,
                $"{what}: element {i} is {a:R}, expected {e:R} (|diff| {Math.Abs(a - e):0.###e+00} > {tol:0.###e+00})");
        }
    }
}
