using DeepLearning.Autograd.Ops;

namespace DeepLearning;

public sealed partial class Tensor
{
    /// <summary>Joins tensors along an existing axis; all other dimensions must agree.</summary>
    /// <exception cref="ArgumentException">No tensors, or shapes, dtypes or devices disagree.</exception>
    public static Tensor Concat(IReadOnlyList<Tensor> tensors, int axis = 0) => ConcatNode.Apply([.. tensors], axis);

    /// <summary>Joins equally shaped tensors along a new axis.</summary>
    /// <exception cref="ArgumentException">No tensors, or their shapes differ.</exception>
    public static Tensor Stack(IReadOnlyList<Tensor> tensors, int axis = 0)
    {
        if (tensors.Count == 0) throw new ArgumentException("Stack: needs at least one tensor.", nameof(tensors));
        for (int i = 1; i < tensors.Count; i++)
            if (tensors[i].Shape != tensors[0].Shape)
                throw new ArgumentException($"Stack: tensor {i} has shape {tensors[i].Shape}, tensor 0 has {tensors[0].Shape}.");
        var expanded = new Tensor[tensors.Count];
        for (int i = 0; i < expanded.Length; i++) expanded[i] = tensors[i].Unsqueeze(axis);
        return ConcatNode.Apply(expanded, axis);
    }

    /// <summary>Splits along an axis into pieces of the given sizes (views).</summary>
    /// <exception cref="ArgumentException">The sizes do not add up to the axis length.</exception>
    public Tensor[] Split(ReadOnlySpan<int> sizes, int axis = 0)
    {
        int a = _shape.NormalizeAxis(axis, "Split");
        long total = 0;
        foreach (int s in sizes)
        {
            if (s < 0) throw new ArgumentException($"Split: sizes must be ≥ 0; got {s}.");
            total += s;
        }
        if (total != _shape[a])
            throw new ArgumentException($"Split: sizes ({string.Join(", ", sizes.ToArray())}) add up to {total}, but axis {axis} of shape {_shape} has {_shape[a]}.");
        var parts = new Tensor[sizes.Length];
        int offset = 0;
        for (int i = 0; i < sizes.Length; i++)
        {
            parts[i] = Narrow(a, offset, sizes[i]);
            offset += sizes[i];
        }
        return parts;
    }

    /// <summary>Splits along an axis into <paramref name="count"/> equal pieces (views).</summary>
    /// <exception cref="ArgumentException">The axis length is not divisible by count.</exception>
    public Tensor[] Split(int count, int axis = 0)
    {
        int a = _shape.NormalizeAxis(axis, "Split");
        if (count <= 0 || _shape[a] % count != 0)
            throw new ArgumentException($"Split: axis {axis} of shape {_shape} cannot be split into {count} equal parts.");
        var sizes = new int[count];
        Array.Fill(sizes, _shape[a] / count);
        return Split(sizes, a);
    }
}
