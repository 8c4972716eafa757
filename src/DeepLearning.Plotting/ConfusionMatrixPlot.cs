using System.Globalization;
using DeepLearning.Metrics;
using ScottPlot;
using ScottPlot.Plottables;

namespace DeepLearning.Plotting;

/// <summary>A confusion matrix as a heat map (tf.math.confusion_matrix's layout, as sklearn's
/// <c>ConfusionMatrixDisplay</c> draws it): row i is the true class i from the top, column j the predicted class j
/// from the left, each cell coloured by its count (Viridis) and labelled with it; the axes carry the class names.
/// Cell [i, j] is drawn centred on (x = j, y = K − 1 − i).</summary>
public static class ConfusionMatrixPlot
{
    /// <summary>Builds the heat map of a K × K matrix (rows: true class, columns: predicted class).</summary>
    /// <param name="matrix">Counts or weights, finite and ≥ 0 (<see cref="ConfusionMatrix.Matrix"/>).</param>
    /// <param name="classNames">K names in label order; null labels the classes 0 … K − 1.</param>
    /// <param name="title">The plot title.</param>
    /// <exception cref="ArgumentException">The matrix is empty or not square, an entry is negative or not finite, or
    /// the number of class names differs from K.</exception>
    public static Plot Create(double[,] matrix, IReadOnlyList<string>? classNames = null, string title = "Confusion matrix")
    {
        ArgumentNullException.ThrowIfNull(matrix);
        int k = matrix.GetLength(0);
        if (k == 0 || matrix.GetLength(1) != k)
            throw new ArgumentException($"ConfusionMatrixPlot: the matrix must be square and non-empty; got {matrix.GetLength(0)} × {matrix.GetLength(1)}.", nameof(matrix));
        if (classNames is not null && classNames.Count != k)
            throw new ArgumentException($"ConfusionMatrixPlot: {classNames.Count} class names for a {k} × {k} matrix.", nameof(classNames));
        foreach (var v in matrix)
            if (!double.IsFinite(v) || v < 0)
                throw new ArgumentException($"ConfusionMatrixPlot: entries must be finite and ≥ 0; got {v}.", nameof(matrix));
        var names = classNames ?? [.. Enumerable.Range(0, k).Select(i => i.ToString(CultureInfo.InvariantCulture))];

        var plot = new Plot();
        var heatmap = plot.Add.Heatmap(matrix);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.Rectangle = new CoordinateRect(-0.5, k - 0.5, -0.5, k - 0.5);   // the cells' outer edges
        double max = 0;
        foreach (var v in matrix) max = Math.Max(max, v);
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++)
            {
                Text label = plot.Add.Text(Format(matrix[i, j]), j, k - 1 - i);
                label.Alignment = Alignment.MiddleCenter;
                label.LabelFontSize = 14;
                // Viridis is dark below about half its range: white text there, black above.
                label.LabelFontColor = matrix[i, j] > max / 2 ? Colors.Black : Colors.White;
            }
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            [.. Enumerable.Range(0, k).Select(j => (double)j)], [.. names]);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            [.. Enumerable.Range(0, k).Select(i => (double)(k - 1 - i))], [.. names]);
        plot.Axes.Bottom.TickLabelStyle.Rotation = k > 6 ? -45 : 0;
        plot.Axes.Bottom.TickLabelStyle.Alignment = k > 6 ? Alignment.MiddleRight : Alignment.UpperCenter;
        plot.Axes.SetLimits(-0.5, k - 0.5, -0.5, k - 0.5);
        plot.Grid.IsVisible = false;
        plot.Add.ColorBar(heatmap);
        plot.Title(title);
        plot.XLabel("predicted class");
        plot.YLabel("true class");
        return plot;
    }

    /// <summary>Counts the pairs (true, predicted) with the <see cref="ConfusionMatrix"/> metric and builds the heat
    /// map.</summary>
    /// <param name="trueLabels">The true class of every example, in [0, K).</param>
    /// <param name="predictedLabels">The predicted class of every example, in [0, K).</param>
    /// <param name="classNames">The K class names in label order (K is their count).</param>
    /// <param name="title">The plot title.</param>
    /// <exception cref="ArgumentException">The label lists are empty or differ in length, a label is outside
    /// [0, K), or there is no class name.</exception>
    public static Plot Create(IReadOnlyList<int> trueLabels, IReadOnlyList<int> predictedLabels, IReadOnlyList<string> classNames, string title = "Confusion matrix") =>
        Create(Count(trueLabels, predictedLabels, classNames.Count), classNames, title);

    /// <summary>The K × K matrix of counts of (true, predicted) pairs, computed by the <see cref="ConfusionMatrix"/> metric.</summary>
    /// <exception cref="ArgumentException">The label lists are empty or differ in length, or a label is outside [0, K).</exception>
    public static double[,] Count(IReadOnlyList<int> trueLabels, IReadOnlyList<int> predictedLabels, int numClasses)
    {
        ArgumentNullException.ThrowIfNull(trueLabels);
        ArgumentNullException.ThrowIfNull(predictedLabels);
        if (numClasses < 1) throw new ArgumentException($"ConfusionMatrixPlot: at least one class is needed; got {numClasses}.", nameof(numClasses));
        if (trueLabels.Count == 0 || trueLabels.Count != predictedLabels.Count)
            throw new ArgumentException($"ConfusionMatrixPlot: {trueLabels.Count} true labels and {predictedLabels.Count} predicted labels; both must have the same, non-zero length.", nameof(predictedLabels));
        CheckRange(trueLabels, numClasses, nameof(trueLabels));
        CheckRange(predictedLabels, numClasses, nameof(predictedLabels));
        var metric = new ConfusionMatrix(numClasses);
        metric.UpdateState(Tensor.FromArray(trueLabels.ToArray()), Tensor.FromArray(predictedLabels.ToArray()));
        return metric.Matrix;
    }

    /// <summary>Saves the heat map of <paramref name="matrix"/> as PNG or SVG (by the extension), atomically.</summary>
    /// <exception cref="ArgumentException">See <see cref="Create(double[,], IReadOnlyList{string}?, string)"/>, or the
    /// extension is not .png or .svg.</exception>
    public static void Save(double[,] matrix, string path, IReadOnlyList<string>? classNames = null, string title = "Confusion matrix", int width = 800, int height = 700) =>
        PlotFile.Save(Create(matrix, classNames, title), path, width, height);

    private static void CheckRange(IReadOnlyList<int> labels, int k, string name)
    {
        for (int i = 0; i < labels.Count; i++)
            if ((uint)labels[i] >= (uint)k)
                throw new ArgumentException($"ConfusionMatrixPlot: label {labels[i]} at index {i} is outside [0, {k}).", name);
    }

    private static string Format(double v) =>
        v == Math.Round(v) ? v.ToString("0", CultureInfo.InvariantCulture) : v.ToString("0.##", CultureInfo.InvariantCulture);
}
