using System.Globalization;
using System.Text;

namespace DeepLearning;

public sealed partial class Tensor
{
    private const int ElideThreshold = 1000, EdgeItems = 3;

    /// <summary>NumPy-style text: nested brackets, aligned columns, shape and dtype; tensors of more than 1000
    /// elements show the first and last three entries of each long axis around "...".
    /// Example: <c>Tensor([[1, 2], [3, 4]], shape=(2, 2), dtype=float32)</c>.</summary>
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
        var text = values.Select(v => FormatValue(v, DType, values)).ToArray();
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

    private static string FormatValue(double v, DType dtype, double[] all)
    {
        if (dtype == DType.Int32) return ((long)v).ToString(CultureInfo.InvariantCulture);
        if (double.IsNaN(v)) return "nan";
        if (double.IsInfinity(v)) return v > 0 ? "inf" : "-inf";
        double maxAbs = 0, minAbs = double.MaxValue;
        bool integral = true;
        foreach (var x in all)
        {
            if (!double.IsFinite(x)) continue;
            double a = Math.Abs(x);
            maxAbs = Math.Max(maxAbs, a);
            if (a > 0) minAbs = Math.Min(minAbs, a);
            integral &= x == Math.Round(x);
        }
        if (maxAbs >= 1e8 || (minAbs < 1e-4 && minAbs < double.MaxValue))
            return v.ToString("0.####e+00", CultureInfo.InvariantCulture);
        if (integral) return v.ToString("0", CultureInfo.InvariantCulture) + ".";
        return v.ToString("0.0000", CultureInfo.InvariantCulture);
    }
}
