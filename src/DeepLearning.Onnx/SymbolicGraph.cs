using DeepLearning.Layers;

namespace DeepLearning.Onnx;

/// <summary>One layer call of a functional graph seen from outside the core: the layer, its inputs and those of its
/// outputs that are used.</summary>
internal sealed record SymbolicCall(Layer Layer, IReadOnlyList<SymbolicTensor> Inputs, List<SymbolicTensor> Outputs);

/// <summary>Walks a functional graph backwards from its outputs through <see cref="SymbolicTensor.Inputs"/>.</summary>
internal static class SymbolicGraph
{
    /// <summary>The layer calls that produce <paramref name="outputs"/> from <paramref name="inputs"/>, each after the
    /// calls producing its inputs (iterative depth-first search, so deep graphs do not overflow the stack). The outputs
    /// of one call share the same input list, which identifies the call.</summary>
    public static List<SymbolicCall> Nodes(IReadOnlyList<SymbolicTensor> outputs, HashSet<SymbolicTensor> inputs)
    {
        var calls = new Dictionary<(Layer, object), SymbolicCall>();
        var order = new List<SymbolicCall>();
        var done = new HashSet<SymbolicCall>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<(SymbolicCall Call, int Next)>();
        SymbolicCall? Visit(SymbolicTensor t)
        {
            if (inputs.Contains(t)) return null;
            if (t.Layer is Input)
                throw new ArgumentException($"ONNX export: the graph needs input '{t.Layer.Name}', which is not among the model's inputs.");
            var key = (t.Layer, (object)t.Inputs);
            if (!calls.TryGetValue(key, out var call)) calls[key] = call = new SymbolicCall(t.Layer, t.Inputs, []);
            if (!call.Outputs.Contains(t)) call.Outputs.Add(t);
            return call;
        }
        foreach (var o in outputs)
            if (Visit(o) is { } root && !done.Contains(root)) stack.Push((root, 0));
        // First pass registers every used output of every call, so each call is exported once with all of them.
        var all = new Stack<SymbolicTensor>(outputs);
        var seen = new HashSet<SymbolicTensor>(ReferenceEqualityComparer.Instance);
        while (all.Count > 0)
        {
            var t = all.Pop();
            if (!seen.Add(t) || Visit(t) is null) continue;
            foreach (var i in t.Inputs) all.Push(i);
        }
        var onStack = new HashSet<SymbolicCall>(ReferenceEqualityComparer.Instance);
        while (stack.Count > 0)
        {
            var (call, next) = stack.Pop();
            if (done.Contains(call)) continue;
            onStack.Add(call);
            if (next < call.Inputs.Count)
            {
                stack.Push((call, next + 1));
                if (Visit(call.Inputs[next]) is { } child && !done.Contains(child) && !onStack.Contains(child)) stack.Push((child, 0));
            }
            else
            {
                done.Add(call);
                order.Add(call);
            }
        }
        foreach (var c in order) c.Outputs.Sort((a, b) => a.OutputIndex.CompareTo(b.OutputIndex));
        return order;
    }
}
