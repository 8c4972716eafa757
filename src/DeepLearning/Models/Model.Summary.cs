using System.Globalization;
using System.Text;
using DeepLearning.Layers;

namespace DeepLearning.Models;

public partial class Model
{
    /// <summary>
    /// Keras's summary table (the layout of Keras 2.x, which the course notes print): one row per layer with its
    /// name and type, output shape with the batch axis as None, and parameter count; for functional models a
    /// "Connected to" column (<c>['input_1[0][0]']</c>); then total, trainable and non-trainable parameter counts.
    /// </summary>
    /// <remarks>Prints and returns nothing, as Keras's <c>summary()</c>, so that <c>Console.WriteLine(model.Summary())</c>
    /// cannot print the table twice: it does not compile. <see cref="GetSummary"/> returns the table as a string.</remarks>
    /// <param name="write">Where each line goes (default: <see cref="Console.WriteLine(string)"/>; Keras's <c>print_fn</c>).</param>
    /// <exception cref="InvalidOperationException">The model is not built yet (no Input and never called).</exception>
    public void Summary(Action<string>? write = null)
    {
        foreach (var line in GetSummary().TrimEnd('\n').Split('\n')) (write ?? Console.WriteLine)(line);
    }

    /// <summary>The table <see cref="Summary"/> prints, as one string (lines ending in <c>\n</c>), without printing it.</summary>
    /// <exception cref="InvalidOperationException">The model is not built yet (no Input and never called).</exception>
    public string GetSummary()
    {
        var rows = SummaryRows();
        bool functional = _graph is not null;
        int[] stops = functional ? [32, 53, 65, 98] : [29, 55, 65];
        int width = stops[^1];
        var sb = new StringBuilder();
        sb.Append("Model: \"").Append(Name).Append("\"\n");
        sb.Append('_', width).Append('\n');
        AppendRow(sb, stops, functional ? ["Layer (type)", "Output Shape", "Param #", "Connected to"] : ["Layer (type)", "Output Shape", "Param #"]);
        sb.Append('=', width).Append('\n');
        for (int i = 0; i < rows.Count; i++)
        {
            if (i > 0) sb.Append(' ', width).Append('\n');
            AppendRow(sb, stops, rows[i]);
        }
        sb.Append('=', width).Append('\n');
        long total = Weights.Sum(w => (long)w.ElementCount), trainable = TrainableWeights.Sum(w => (long)w.ElementCount);
        sb.Append("Total params: ").Append(total.ToString("N0", CultureInfo.InvariantCulture)).Append('\n');
        sb.Append("Trainable params: ").Append(trainable.ToString("N0", CultureInfo.InvariantCulture)).Append('\n');
        sb.Append("Non-trainable params: ").Append((total - trainable).ToString("N0", CultureInfo.InvariantCulture)).Append('\n');
        sb.Append('_', width).Append('\n');
        return sb.ToString();
    }

    private List<string[]> SummaryRows()
    {
        var rows = new List<string[]>();
        if (_graph is not null)
        {
            foreach (var layer in _graph.Layers)
            {
                var nodes = _graph.Nodes.Where(n => n.Layer == layer).ToList();
                var shapes = nodes.SelectMany(n => n.Outputs).Select(o => o.ShapeText).Distinct().ToList();
                string shape = layer is Input ? $"[{shapes[0]}]" : shapes.Count == 1 ? shapes[0] : "multiple";
                var inbound = nodes.SelectMany(n => n.Inputs).Select(t => $"'{t.Layer.Name}[{t.Node.Index}][{t.OutputIndex}]'");
                rows.Add([Describe(layer), shape, layer.CountParams().ToString(CultureInfo.InvariantCulture), $"[{string.Join(", ", inbound)}]"]);
            }
            return rows;
        }
        var layers = this is Sequential s ? s.StackedLayers : Layers;
        foreach (var layer in layers)
        {
            var shapes = layer.OutputShapes
                ?? throw new InvalidOperationException($"Summary: model '{Name}' is not built yet; call it on a batch first or begin it with an Input.");
            string shape = shapes.Count == 1 ? ShapeText(shapes[0]) : string.Join(", ", shapes.Select(ShapeText));
            rows.Add([Describe(layer), shape, layer.CountParams().ToString(CultureInfo.InvariantCulture)]);
        }
        return rows;
    }

    private static string Describe(Layer layer) => $"{layer.Name} ({(layer is Input ? "InputLayer" : layer.GetType().Name)})";

    private static string ShapeText(Shape s) => s.Rank == 0 ? "(None,)" : $"(None, {string.Join(", ", s)})";

    private static void AppendRow(StringBuilder sb, int[] stops, string[] fields)
    {
        var line = new StringBuilder();
        for (int i = 0; i < fields.Length; i++)
        {
            line.Append(' ').Append(fields[i]);
            int target = stops[i];
            if (line.Length < target) line.Append(' ', target - line.Length);
            else line.Append(' ');
        }
        sb.Append(line).Append('\n');
    }

    /// <summary>The model graph in Graphviz DOT (Keras's plot_model): one box per layer with its name and type and,
    /// when <paramref name="showShapes"/>, its output shape; edges follow the data.
    /// Render with <c>dot -Tpng model.dot -o model.png</c>.</summary>
    /// <exception cref="InvalidOperationException">The model is not built yet.</exception>
    public string ToDot(bool showShapes = true)
    {
        var sb = new StringBuilder();
        sb.Append("digraph \"").Append(Name).Append("\" {\n  rankdir=TB;\n  node [shape=record, fontname=\"Helvetica\"];\n");
        void NodeLine(Layer layer, string shape) =>
            sb.Append("  \"").Append(layer.Name).Append("\" [label=\"").Append(layer.Name).Append(" | ")
              .Append(layer is Input ? "InputLayer" : layer.GetType().Name)
              .Append(showShapes ? " | " + shape.Replace("[", "\\[").Replace("]", "\\]") : "").Append("\"];\n");
        if (_graph is not null)
        {
            var rows = SummaryRows();
            int r = 0;
            foreach (var layer in _graph.Layers) NodeLine(layer, rows[r++][1]);
            foreach (var node in _graph.Nodes)
                foreach (var input in node.Inputs)
                    sb.Append("  \"").Append(input.Layer.Name).Append("\" -> \"").Append(node.Layer.Name).Append("\";\n");
        }
        else
        {
            var rows = SummaryRows();
            var layers = this is Sequential s ? s.StackedLayers : Layers;
            string? previous = this is Sequential { Input: { } input } ? input.Name : null;
            if (previous is not null) NodeLine(((Sequential)this).Input!, SymbolicInputs![0].ShapeText);
            for (int i = 0; i < layers.Count; i++)
            {
                NodeLine(layers[i], rows[i][1]);
                if (previous is not null) sb.Append("  \"").Append(previous).Append("\" -> \"").Append(layers[i].Name).Append("\";\n");
                previous = layers[i].Name;
            }
        }
        return sb.Append("}\n").ToString();
    }
}
