using DeepLearning.Layers;

namespace DeepLearning.Models;

/// <summary>
/// The directed acyclic graph of a functional model: the layer calls (nodes) reachable from the outputs, in an
/// order where every node follows the nodes that produce its inputs. Any DAG works: residual additions, Inception
/// branches, U-Net skips, several inputs and outputs, shared layers (one layer, several nodes).
/// </summary>
internal sealed class FunctionalGraph
{
    private FunctionalGraph(SymbolicTensor[] inputs, SymbolicTensor[] outputs, List<SymbolicNode> nodes)
    {
        Inputs = inputs;
        Outputs = outputs;
        Nodes = nodes;
    }

    public SymbolicTensor[] Inputs { get; }

    public SymbolicTensor[] Outputs { get; }

    /// <summary>Every node in topological order, the Input nodes first (in the order of <see cref="Inputs"/>).</summary>
    public List<SymbolicNode> Nodes { get; }

    /// <summary>The distinct layers in node order.</summary>
    public IEnumerable<Layer> Layers => Nodes.Select(n => n.Layer).Distinct();

    public static FunctionalGraph Create(IReadOnlyList<SymbolicTensor> inputs, IReadOnlyList<SymbolicTensor> outputs, string model)
    {
        if (inputs.Count == 0 || outputs.Count == 0)
            throw new ArgumentException($"Model '{model}': needs at least one input and one output.");
        foreach (var i in inputs)
            if (i.Layer is not Input)
                throw new ArgumentException($"Model '{model}': input {i} is not the output of an Input; pass the Input objects (or their Output).");
        if (inputs.Distinct().Count() != inputs.Count)
            throw new ArgumentException($"Model '{model}': an input is listed twice.");

        var order = new List<SymbolicNode>();
        var state = new Dictionary<SymbolicNode, bool>(); // false: on the stack, true: done
        foreach (var i in inputs)
        {
            state[i.Node] = true;
            order.Add(i.Node);
        }
        var stack = new Stack<(SymbolicNode Node, int Next)>();
        foreach (var o in outputs)
        {
            if (state.ContainsKey(o.Node)) continue;
            stack.Push((o.Node, 0));
            state[o.Node] = false;
            while (stack.Count > 0)
            {
                var (node, next) = stack.Pop();
                if (next < node.Inputs.Length)
                {
                    stack.Push((node, next + 1));
                    var child = node.Inputs[next].Node;
                    if (state.TryGetValue(child, out bool done))
                    {
                        if (!done) throw new ArgumentException($"Model '{model}': the graph has a cycle through layer '{child.Layer.Name}'.");
                        continue;
                    }
                    if (child.Layer is Input)
                        throw new ArgumentException($"Model '{model}': the graph is disconnected: it needs input '{child.Layer.Name}' {child.Outputs[0].ShapeText}, which is not among the model's inputs.");
                    state[child] = false;
                    stack.Push((child, 0));
                }
                else
                {
                    state[node] = true;
                    order.Add(node);
                }
            }
        }
        return new FunctionalGraph([.. inputs], [.. outputs], order);
    }

    /// <summary>Runs the graph on concrete inputs (one per model input, in order).</summary>
    public IReadOnlyList<Tensor> Run(IReadOnlyList<Tensor> inputs, bool training, string model)
    {
        if (inputs.Count != Inputs.Length)
            throw new ArgumentException($"Model '{model}': expects {Inputs.Length} input(s), got {inputs.Count}.");
        var values = new Dictionary<SymbolicTensor, Tensor>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < Inputs.Length; i++) values[Inputs[i]] = Inputs[i].Layer.Call(inputs[i], training);
        foreach (var node in Nodes)
        {
            if (node.Layer is Input) continue;
            var args = new Tensor[node.Inputs.Length];
            for (int i = 0; i < args.Length; i++) args[i] = values[node.Inputs[i]];
            var outs = node.Layer.CallMultiple(args, training);
            for (int i = 0; i < node.Outputs.Length; i++) values[node.Outputs[i]] = outs[i];
        }
        var result = new Tensor[Outputs.Length];
        for (int i = 0; i < result.Length; i++) result[i] = values[Outputs[i]];
        return result;
    }
}
