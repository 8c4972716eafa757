using DeepLearning.Layers;
using Onnx;

namespace DeepLearning.Onnx;

/// <summary>Shape arithmetic folded at import: Shape of a symbolic value is known except for its batch size, Gather,
/// Unsqueeze and Concat of such shapes are computed here, and ConstantOfShape of a shape that holds the batch size
/// is a filled value, which a recurrent operator reads as a zero initial state (PyTorch's LSTM/GRU export builds its
/// h₀ as ConstantOfShape(Concat([1], Unsqueeze(Gather(Shape(x), 0)), [units]))).</summary>
internal sealed partial class OnnxImportContext
{
    /// <summary>The most elements a ConstantOfShape of known dims may hold (larger is refused, not allocated).</summary>
    private const long MaxFoldedElements = 1 << 24;

    /// <summary>Integers where all are known (a constant), else a shape value with null for the batch size.</summary>
    private static ImportValue ShapeValue(long?[] values, bool scalar = false) =>
        values.All(v => v is not null)
            ? new ImportValue(new OnnxConstant(scalar ? [] : [values.Length], null, values.Select(v => v!.Value).ToArray()))
            : new ImportValue(values);

    /// <summary>Shape(x), opset 15's start/end included; the batch axis of a symbolic value is null.</summary>
    private void MapShape(NodeProto node)
    {
        var x = In(node, 0);
        long?[] dims;
        if (x.Constant is { } c) dims = c.Dims.Select(d => (long?)d).ToArray();
        else
        {
            x = SymIn(node, 0);
            if (x.Perm[0] != 0) throw Unsupported(node, "its input's batch axis is not stored first.");
            dims = new long?[x.Perm.Length];
            for (int a = 1; a < dims.Length; a++) dims[a] = x.Symbol!.Shape[Stored(x, a) - 1];
        }
        int r = dims.Length;
        long start = Int(node, "start", 0), end = Int(node, "end", r);
        start = Math.Clamp(start < 0 ? start + r : start, 0, r);
        end = Math.Clamp(end < 0 ? end + r : end, 0, r);
        Set(node, 0, ShapeValue(dims[(int)start..(int)Math.Max(start, end)]));
    }

    /// <summary>Gather (axis 0) of constant indices from a shape value.</summary>
    private void MapShapeGather(NodeProto node)
    {
        var shape = In(node, 0).ShapeOf!;
        if (Int(node, "axis", 0) != 0) throw Unsupported(node, "a shape is gathered along axis 0 only.");
        var indices = ConstIn(node, 1, "indices");
        var picked = indices.AsInts("indices").Select(i =>
            i >= -shape.Length && i < shape.Length ? shape[i < 0 ? i + shape.Length : i]
            : throw new InvalidDataException($"ONNX import: node '{node.Name}' (Gather): index {i} is outside a shape of {shape.Length} axes.")).ToArray();
        Set(node, 0, ShapeValue(picked, scalar: indices.Dims.Length == 0));
    }

    /// <summary>Unsqueeze of a shape value or of a constant (folded); false for a symbolic input.</summary>
    private bool TryUnsqueezeShape(NodeProto node, long[] axes)
    {
        var x = In(node, 0);
        if (x.ShapeOf is { } shape)
        {
            if (axes is not [0]) throw Unsupported(node, "a shape value is unsqueezed on axis 0 only.");
            Set(node, 0, new ImportValue(shape));
            return true;
        }
        if (x.Constant is not { } c) return false;
        var dims = c.Dims.ToList();
        int rank = dims.Count + axes.Length;
        foreach (var a in axes.Select(a => (int)(a < 0 ? a + rank : a)).Order())
        {
            if (a < 0 || a > dims.Count) throw new InvalidDataException($"ONNX import: node '{node.Name}' (Unsqueeze): axis {a} is outside rank {rank}.");
            dims.Insert(a, 1);
        }
        Set(node, 0, new ImportValue(new OnnxConstant([.. dims], c.Floats, c.Ints)));
        return true;
    }

    /// <summary>Concat (axis 0) of shape values and 1-D integer constants, at least one a shape value.</summary>
    private bool TryConcatShapes(NodeProto node)
    {
        var values = Enumerable.Range(0, node.Input.Count).Select(i => In(node, i)).ToArray();
        if (!values.Any(v => v.ShapeOf is not null)) return false;
        var parts = new List<long?>();
        foreach (var v in values)
        {
            if (v.ShapeOf is { } s) parts.AddRange(s);
            else if (v.Constant is { Ints: { } ints } c && c.Dims.Length <= 1) parts.AddRange(ints.Select(i => (long?)i));
            else throw Unsupported(node, "a shape is concatenated with a value that is neither a shape nor an integer constant.");
        }
        Set(node, 0, ShapeValue([.. parts]));
        return true;
    }

    /// <summary>ConstantOfShape: folded to a constant when every dim is known, else a filled value of the batch size.</summary>
    private void MapConstantOfShape(NodeProto node)
    {
        var fill = node.Attribute.FirstOrDefault(a => a.Name == "value") is { } attr ? OnnxConstant.Read(attr.T) : null;
        var input = In(node, 0);
        if (input.ShapeOf is { } shape)
        {
            if (fill?.Ints is not null) throw Unsupported(node, "an integer tensor of the batch size is not mapped.");
            Set(node, 0, new ImportValue(shape, fill?.AsFloats()[0] ?? 0f));
            return;
        }
        var dims = ConstIn(node, 0, "shape").AsInts("the shape");
        long count = 1;
        foreach (var d in dims)
        {
            if (d < 0) throw new InvalidDataException($"ONNX import: node '{node.Name}' (ConstantOfShape): negative dim {d}.");
            count *= d;
            if (count > MaxFoldedElements) throw Unsupported(node, $"a constant of dims [{string.Join(", ", dims)}] is larger than {MaxFoldedElements} elements.");
        }
        var intDims = dims.Select(d => (int)d).ToArray();
        Set(node, 0, new ImportValue(fill?.Ints is { } ints
            ? new OnnxConstant(intDims, null, Enumerable.Repeat(ints[0], (int)count).ToArray())
            : new OnnxConstant(intDims, Enumerable.Repeat(fill?.AsFloats()[0] ?? 0f, (int)count).ToArray(), null)));
    }

    /// <summary>A recurrent initial state that is all zeros of ONNX shape (1, N, units): a filled value of the batch
    /// size or a constant.</summary>
    private static bool IsZeroState(ImportValue v, int units) =>
        (v.FilledDims is [1, null, long u] && u == units && v.Fill == 0)
        || (v.Constant is { Dims: [1, _, var cu] } c && cu == units && c.AsFloats().All(f => f == 0));

    /// <summary>Gather of one constant index along a non-batch axis of a rank-3 value (PyTorch's <c>y[:, -1]</c>, the last
    /// time step): Reshape to (A, B, 1), Cropping2D to the one row or column, Reshape without it.</summary>
    private void MapSelect(NodeProto node, ImportValue x, OnnxConstant index)
    {
        int r = x.Perm.Length;
        long axisAttr = Int(node, "axis", 0);
        int axis = (int)(axisAttr < 0 ? axisAttr + r : axisAttr);
        if (r != 3 || axis is not (1 or 2) || index.Dims.Length != 0 || x.Perm[0] != 0)
            throw Unsupported(node, "only one constant scalar index along a non-batch axis of a rank-3 value (or a constant embedding matrix) is gathered.");
        int stored = Stored(x, axis);
        int a = x.Symbol!.Shape[0], b = x.Symbol.Shape[1];
        int n = stored == 1 ? a : b;
        long k = index.AsInts("indices")[0];
        if (k < -n || k >= n) throw new InvalidDataException($"ONNX import: node '{node.Name}' (Gather): index {k} is outside an axis of {n}.");
        int at = (int)(k < 0 ? k + n : k);
        string name = LayerName(node);
        var y = new Reshape([a, b, 1], LayerName(name + "_grid")).Call(x.Symbol);
        y = new Cropping2D(stored == 1 ? (at, n - 1 - at) : (0, 0), stored == 2 ? (at, n - 1 - at) : (0, 0), name).Call(y);
        y = new Reshape([stored == 1 ? b : a], LayerName(name + "_flat")).Call(y);
        var perm = x.Perm.Where((_, j) => j != stored).Select(p => p > axis ? p - 1 : p).ToArray();
        Set(node, 0, new ImportValue(y, perm));
    }
}
