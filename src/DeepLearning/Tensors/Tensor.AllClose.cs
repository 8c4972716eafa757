namespace DeepLearning;

public sealed partial class Tensor
{
    /// <summary>
    /// True when every element of this tensor is close to the matching element of <paramref name="other"/>
    /// (broadcast together), by NumPy's <c>allclose</c> and PyTorch's <c>torch.allclose</c>:
    /// |self − other| ≤ atol + rtol·|other| (asymmetric: the tolerance scales with <paramref name="other"/>).
    /// Equal infinities are close; NaN is close to NaN only with <paramref name="equalNan"/>. Compared in float64 on
    /// the host (reads both tensors back from their device).
    /// </summary>
    /// <param name="other">The reference, broadcastable with this tensor.</param>
    /// <param name="rtol">Relative tolerance (default 1e-5, as NumPy and PyTorch).</param>
    /// <param name="atol">Absolute tolerance (default 1e-8, as NumPy and PyTorch).</param>
    /// <param name="equalNan">Whether NaN equals NaN (default false).</param>
    /// <exception cref="ArgumentException">The shapes cannot be broadcast together, or a tolerance is negative or NaN.</exception>
    public bool AllClose(Tensor other, double rtol = 1e-5, double atol = 1e-8, bool equalNan = false)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (!(rtol >= 0) || !(atol >= 0))
            throw new ArgumentException($"AllClose: rtol {rtol} and atol {atol} must be ≥ 0.");
        var shape = Shape.Broadcast(_shape, other._shape, "AllClose");
        double[] a, b;
        using (NoGrad())
        {
            a = Expand(shape).ToArray<double>();
            b = other.Expand(shape).ToArray<double>();
        }
        for (int i = 0; i < a.Length; i++)
        {
            double x = a[i], y = b[i];
            if (x == y) continue;                                        // also equal infinities
            if (double.IsNaN(x) || double.IsNaN(y))
            {
                if (equalNan && double.IsNaN(x) && double.IsNaN(y)) continue;
                return false;
            }
            if (!double.IsFinite(x) || !double.IsFinite(y) || !(Math.Abs(x - y) <= atol + rtol * Math.Abs(y))) return false;
        }
        return true;
    }
}
