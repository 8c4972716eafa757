using DeepLearning.Devices;

namespace DeepLearning.Autograd;

/// <summary>
/// Runs the backward pass: an iterative depth-first topological sort of the graph (no recursion, so graphs of
/// any depth, such as long BPTT chains, cannot overflow the stack), then each node's vector-Jacobian product in
/// reverse topological order with recording disabled. Gradients of a tensor used several times are summed;
/// leaves accumulate into <see cref="Tensor.Grad"/> in place.
/// </summary>
internal static class BackwardEngine
{
    private static int s_pass;
    [ThreadStatic] private static List<Node>? t_order;
    [ThreadStatic] private static Stack<(Node Node, int Next)>? t_stack;
    [ThreadStatic] private static Action<Tensor>? t_leafGradientReady;

    /// <summary>Until the returned scope is disposed, every backward pass run on this thread calls
    /// <paramref name="onReady"/> with each leaf that requires a gradient as soon as its <see cref="Tensor.Grad"/> is
    /// complete (the last node feeding it has run), in an order fixed by the graph alone.</summary>
    public static LeafReadyScope OnLeafGradientReady(Action<Tensor> onReady) => new(onReady);

    /// <summary>Restores the previous hook when disposed.</summary>
    internal readonly struct LeafReadyScope : IDisposable
    {
        private readonly Action<Tensor>? _previous;

        public LeafReadyScope(Action<Tensor> onReady)
        {
            _previous = t_leafGradientReady;
            t_leafGradientReady = onReady;
        }

        public void Dispose() => t_leafGradientReady = _previous;
    }

    public static void Run(Tensor root, Tensor? seed, bool retainGraph)
    {
        _ = root.View;
        if (!root.RequiresGrad)
            throw new InvalidOperationException($"Backward: the tensor of shape {root.Shape} does not require a gradient (no input had RequiresGrad set, or it was computed under NoGrad).");
        if (seed is null)
        {
            if (root.ElementCount != 1)
                throw new ArgumentException($"Backward: a gradient seed is needed for a tensor of shape {root.Shape} (implicit seeds exist only for one-element tensors).");
            seed = Tensor.OnesLike(root);
        }
        else if (seed.Shape != root.Shape || seed.DType != root.DType || seed.Device != root.Device)
        {
            throw new ArgumentException($"Backward: the seed of shape {seed.Shape} ({seed.DType}, {seed.Device}) does not match the tensor of shape {root.Shape} ({root.DType}, {root.Device}).");
        }

        using var noGrad = GradMode.Disable();
        if (root.IsLeaf)
        {
            AccumulateIntoGrad(root, seed);
            return;
        }
        var order = TopologicalOrder(root._gradFn!);
        var hook = t_leafGradientReady;
        var ready = hook is null ? null : LeafLastUses(order);
        int nextReady = 0;
        try
        {
            root._pendingGrad = seed;
            for (int i = 0; i < order.Count; i++)
            {
                var node = order[i];
                node.CheckNotReleased();
                var output = node.Output!;
                var g = output._pendingGrad;
                output._pendingGrad = null;
                if (g is not null)
                {
                    if (output.RetainsGrad) AccumulateIntoGrad(output, g);
                    node.Backward(g);
                }
                while (ready is not null && nextReady < ready.Count && ready[nextReady].Index == i) hook!(ready[nextReady++].Leaf);
            }
        }
        finally
        {
            foreach (var node in order)
            {
                node.Output!._pendingGrad = null;
                if (!retainGraph) node.ReleaseSaved();
            }
            order.Clear();
        }
    }

    /// <summary>Each leaf input that requires a gradient, with the position in <paramref name="order"/> of the last node
    /// that feeds it, by position (ties in the order the leaves were first met).</summary>
    private static List<(int Index, Tensor Leaf)> LeafLastUses(List<Node> order)
    {
        var last = new Dictionary<Tensor, int>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < order.Count; i++)
        {
            var node = order[i];
            for (int k = 0; k < node.InputCount; k++)
                if (node.GetInput(k) is { IsLeaf: true, RequiresGrad: true } leaf) last[leaf] = i;
        }
        return [.. last.Select(pair => (pair.Value, pair.Key)).OrderBy(pair => pair.Value)];
    }

    /// <summary>Nodes reachable from <paramref name="root"/>, each after every node that consumes its output.</summary>
    private static List<Node> TopologicalOrder(Node root)
    {
        int pass = Interlocked.Increment(ref s_pass);
        var order = t_order ??= [];
        var stack = t_stack ??= new();
        order.Clear();
        root.VisitMark = pass;
        stack.Push((root, 0));
        while (stack.Count > 0)
        {
            var (node, next) = stack.Pop();
            if (next < node.InputCount)
            {
                stack.Push((node, next + 1));
                var child = node.GetInput(next)._gradFn;
                if (child is not null && child.VisitMark != pass)
                {
                    child.VisitMark = pass;
                    stack.Push((child, 0));
                }
            }
            else
            {
                order.Add(node);
            }
        }
        order.Reverse();
        return order;
    }

    /// <summary>Adds a gradient to an input: summed back over broadcast axes, then stored as pending (non-leaf)
    /// or accumulated into <see cref="Tensor.Grad"/> (leaf).</summary>
    public static void Accumulate(Tensor input, Tensor gradient, Node from)
    {
        if (!input.RequiresGrad) return;
        if (gradient.Shape != input.Shape) gradient = SumToShape(gradient, input.Shape, from.Name);
        if (gradient.DType != input.DType)
            throw new InvalidOperationException($"{from.Name}: backward produced a {gradient.DType} gradient for a {input.DType} input.");
        if (input.IsLeaf)
        {
            AccumulateIntoGrad(input, gradient);
            return;
        }
        input._pendingGrad = input._pendingGrad is null ? gradient : input._pendingGrad + gradient;
    }

    /// <summary>Sums a gradient over the axes that broadcasting added or stretched, giving <paramref name="shape"/>.</summary>
    public static Tensor SumToShape(Tensor gradient, Shape shape, string op)
    {
        if (!gradient.Shape.CanBroadcastFrom(shape))
            throw new InvalidOperationException($"{op}: backward produced a gradient of shape {gradient.Shape} for an input of shape {shape}.");
        int lead = gradient.Rank - shape.Rank;
        Span<int> axes = stackalloc int[Shape.MaxRank];
        int n = 0;
        for (int i = 0; i < gradient.Rank; i++)
            if (i < lead || (shape[i - lead] == 1 && gradient.Shape[i] != 1)) axes[n++] = i;
        var summed = n == 0 ? gradient : gradient.Sum(axes[..n], keepDims: true);
        return summed.Shape == shape ? summed : summed.Reshape(shape);
    }

    private static void AccumulateIntoGrad(Tensor leaf, Tensor gradient)
    {
        var grad = leaf.GradBuffer(out bool overwrite);
        if (grad is null || !grad.IsAlive)
        {
            grad = NewGrad(leaf);
            leaf.Device.Copy(gradient.View, grad.View);
            return;
        }
        var view = grad.View;
        if (overwrite) leaf.Device.Copy(gradient.View, view);
        else leaf.Device.Binary(BinaryOp.Add, view, gradient.View, view);
        leaf.GradWritten();
    }

    private static Tensor NewGrad(Tensor leaf)
    {
        using var persistent = TensorScope.Persistent();
        var grad = Tensor.Empty(leaf.Shape, leaf.DType, leaf.Device);
        leaf.Grad = grad;
        return grad;
    }

    /// <summary>
    /// Adds the matrix product a·b (a (m, k), b (k, n)) to the gradient of <paramref name="input"/> straight from the
    /// GEMM (its accumulate flag, or a plain write into a void or new buffer), without a temporary product and a
    /// separate addition: the weight gradient of a dense layer then costs one pass over its memory. Returns false,
    /// doing nothing, unless the input is a leaf whose gradient is exactly (m, n), of the product's dtype and device,
    /// dense, and distinct from the operands; the caller then passes the product as usual.
    /// </summary>
    /// <remarks>The product enters the sum with the same rounding as a temporary added to the gradient, since the
    /// GEMM adds each block's fused chain to C; only a gradient already holding values from an earlier backward pass
    /// sees its blocks added in another order.</remarks>
    public static bool TryAccumulateProduct(Tensor input, Tensor a, Tensor b)
    {
        if (!input.RequiresGrad || !input.IsLeaf || a.Rank != 2 || b.Rank != 2 || input.Rank != 2
            || input.Shape[0] != a.Shape[0] || input.Shape[1] != b.Shape[1] || a.Shape[1] != b.Shape[0]
            || a.DType != input.DType || b.DType != input.DType || a.Device != input.Device || b.Device != input.Device)
            return false;
        var grad = input.GradBuffer(out bool overwrite);
        if (grad is null || !grad.IsAlive)
        {
            grad = NewGrad(input);
            overwrite = true;
        }
        var view = grad.View;
        if (!view.IsContiguous || ReferenceEquals(view.Storage, a.View.Storage) || ReferenceEquals(view.Storage, b.View.Storage))
            return false;
        input.Device.MatMul(a.View, b.View, view, accumulate: !overwrite);
        input.GradWritten();
        return true;
    }
}
