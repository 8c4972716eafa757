using ScottPlot;

namespace DeepLearning.Plotting;

/// <summary>Figures of several panels.</summary>
internal static class Figures
{
    /// <summary>The rows a grid of <paramref name="count"/> panels with up to <paramref name="maxColumns"/> columns needs.</summary>
    public static int Rows(int count, int maxColumns) => (count + maxColumns - 1) / maxColumns;

    /// <summary>The plots (at least one) in a grid of up to <paramref name="maxColumns"/> columns, filled row by row.</summary>
    public static Multiplot Grid(IReadOnlyList<Plot> plots, int maxColumns)
    {
        var figure = new Multiplot(plots[0]);   // Multiplot() would start with an empty plot of its own
        foreach (var plot in plots.Skip(1)) figure.AddPlot(plot);
        figure.Layout = new ScottPlot.MultiplotLayouts.Grid(Rows(plots.Count, maxColumns), Math.Min(maxColumns, plots.Count));
        return figure;
    }
}
