namespace DeepLearning.Samples.Siamese;

/// <summary>A scatter plot of embeddings projected on their first two principal axes, one colour per class (ScottPlot,
/// as the other samples' plots).</summary>
internal static class EmbeddingPlot
{
    public static string Save(string path, float[] embeddings, int d, int[] labels)
    {
        int n = labels.Length;
        var mean = new double[d];
        for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) mean[j] += embeddings[i * d + j] / n;
        var covariance = new double[d, d];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++)
                for (int k = 0; k < d; k++)
                    covariance[j, k] += (embeddings[i * d + j] - mean[j]) * (embeddings[i * d + k] - mean[k]) / n;
        var first = PrincipalAxis(covariance, null);
        var second = PrincipalAxis(covariance, first);
        var plot = new ScottPlot.Plot();
        foreach (var label in labels.Distinct().Order())
        {
            var members = Enumerable.Range(0, n).Where(i => labels[i] == label).ToArray();
            double Project(int i, double[] axis) => Enumerable.Range(0, d).Sum(j => (embeddings[i * d + j] - mean[j]) * axis[j]);
            var scatter = plot.Add.ScatterPoints(members.Select(i => Project(i, first)).ToArray(), members.Select(i => Project(i, second)).ToArray());
            scatter.LegendText = FashionMnistClasses[label];
            scatter.MarkerSize = 3;
        }
        plot.Title("Test embeddings, first two principal axes");
        plot.ShowLegend(ScottPlot.Edge.Right);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        plot.SavePng(path, 1000, 700);
        return path;
    }

    private static readonly string[] FashionMnistClasses =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>The leading eigenvector of a symmetric matrix by power iteration, orthogonal to <paramref name="other"/>.</summary>
    private static double[] PrincipalAxis(double[,] matrix, double[]? other)
    {
        int d = matrix.GetLength(0);
        var v = Enumerable.Range(0, d).Select(i => 1.0 + i % 3).ToArray();
        for (int iteration = 0; iteration < 200; iteration++)
        {
            if (other is not null)
            {
                double dot = Enumerable.Range(0, d).Sum(j => v[j] * other[j]);
                for (int j = 0; j < d; j++) v[j] -= dot * other[j];
            }
            var next = new double[d];
            for (int j = 0; j < d; j++) for (int k = 0; k < d; k++) next[j] += matrix[j, k] * v[k];
            double norm = Math.Sqrt(next.Sum(x => x * x));
            if (norm == 0) return v;
            v = [.. next.Select(x => x / norm)];
        }
        return v;
    }
}
