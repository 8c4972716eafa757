using System.Globalization;
using System.Text;

namespace DeepLearning;

public sealed partial class Tensor
{
    private const int ElideThreshold = 1000, EdgeItems = 3;

    /// <summary>NumPy-style text: nested brackets, aligned columns, shape and dtype; tensors of more than 1000
    /// elements show the first and last three entries of each long axis around "...".
    /// Example: <c>Tensor([[1., 2.], [3., 4.]], shape=(2, 2), dtype=float32)</c>.</summary>
    /// <remarks>One number format for all the elements shown, chosen as PyTorch's <c>_Formatter</c>
    /// (torch/_tensor_str.py, default precision 4) chooses it from the nonzero finite magnitudes: integral values as
    /// <c>3.</c>; otherwise 4 decimals (<c>0.5000</c>); scientific with a 4-decimal mantissa (<c>1.0000e-05</c>) when
    /// the largest exceeds 1e8, the largest is over 1000 times the smallest, or (for non-integral values) the smallest
    /// is below 1e-4. int32 prints plain integers; NaN and infinities print as <c>nan</c>, <c>inf</c>, <c>-inf</c>.</remarks>
    public override string ToString()
    {
        if (!IsAlive) return $"Tensor(<released>, shape={_shape}, dtype={DType.ToNumPyName()})";
        bool elide = ElementCount > ElideThreshold;
        Tensor shown;
        using (NoGrad())
        {
            shown = Detach();
            if (elide)
                for (int axis = 0; axis < Rank; axis++)
                {
                    int n = _shape[axis];
                    if (n > 2 * EdgeItems)
                        shown = Concat([shown.Narrow(axis, 0, EdgeItems), shown.Narrow(axis, n - EdgeItems, EdgeItems)], axis);
                }
        }
        var values = shown.ToArray<double>();
        var format = NumberFormat(values, DType);
        var text = values.Select(v => double.IsNaN(v) ? "nan" : double.IsInfinity(v) ? (v > 0 ? "inf" : "-inf")
            : v.ToString(format, CultureInfo.InvariantCulture) + (format == "0" && DType != DType.Int32 ? "." : "")).ToArray();
        int width = text.Length == 0 ? 0 : text.Max(s => s.Length);
        var sb = new StringBuilder("Tensor(");
        int index = 0;
        AppendAxis(sb, shown.Shape, 0, text, width, ref index, elide, "Tensor(".Length);
        sb.Append(", shape=").Append(_shape).Append(", dtype=").Append(DType.ToNumPyName());
        if (RequiresGrad) sb.Append(_gradFn is null ? ", requiresGrad=true" : $", gradFn={_gradFn.Name}");
        return sb.Append(')').ToString();
    }

    private void AppendAxis(StringBuilder sb, Shape shape, int axis, string[] text, int width, ref int index, bool elide, int indent)
    {
        if (axis == shape.Rank)
        {
            sb.Append(text[index++].PadLeft(width));
            return;
        }
        sb.Append('[');
        int n = shape[axis];
        bool cut = elide && _shape[axis] > 2 * EdgeItems;
        for (int i = 0; i < n; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
                if (axis == shape.Rank - 1) sb.Append(' ');
                else sb.Append('\n', shape.Rank - 1 - axis).Append(' ', indent + axis + 1);
            }
            if (cut && i == EdgeItems)
            {
                sb.Append("...,");
                if (axis == shape.Rank - 1) sb.Append(' ');
                else sb.Append('\n', shape.Rank - 1 - axis).Append(' ', indent + axis + 1);
            }
            AppendAxis(sb, shape, axis + 1, text, width, ref index, elide, indent);
        }
        sb.Append(']');
    }

    /// <summary>The .NET format string of every element (see <see cref="ToString"/>): "0" (with a "." appended for
    /// floating dtypes), "0.0000" or "0.0000e+00".</summary>
    private static string NumberFormat(double[] values, DType dtype)
    {
        if (dtype == DType.Int32) return "0";
        double maxAbs = 0, minAbs = double.MaxValue;
        bool integral = true;
        foreach (var x in values)
        {
            if (!double.IsFinite(x)) continue;
            integral &= x == Math.Round(x);
            double a = Math.Abs(x);
            if (a == 0) continue;
            maxAbs = Math.Max(maxAbs, a);
            minAbs = Math.Min(minAbs, a);
        }
        if (maxAbs == 0) return integral ? "0" : "0.0000";
        bool scientific = maxAbs / minAbs > 1000 || maxAbs > 1e8 || (!integral && minAbs < 1e-4);
        return scientific ? "0.0000e+00" : integral ? "0" : "0.0000";
    }
}
