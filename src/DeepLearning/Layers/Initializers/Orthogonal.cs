using DeepLearning.Devices;

namespace DeepLearning.Initializers;

/// <summary>
/// A (semi-)orthogonal matrix times <paramref name="gain"/> (Saxe et al. 2014), as Keras's Orthogonal: a normal
/// matrix of shape (rows, cols) with rows = Π shape[:-1], cols = shape[-1] is QR-factorised (Householder, in
/// double) and Q is sign-corrected by diag(R) so the distribution is uniform over orthogonal matrices.
/// </summary>
/// <param name="gain">The multiplier.</param>
public sealed class Orthogonal(double gain = 1) : Initializer
{
    /// <summary>The multiplier.</summary>
    public double Gain { get; } = gain;

    /// <inheritdoc />
    public override string Name => "orthogonal";

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The shape has rank below 2.</exception>
    public override Tensor Create(Shape shape, DType dtype = DType.Float32, Device? device = null, Generator? generator = null)
    {
        if (shape.Rank < 2) throw new ArgumentException($"Orthogonal: needs a shape of rank ≥ 2; got {shape}.");
        int cols = shape[-1], rows = shape.ElementCount / Math.Max(cols, 1);
        // Factorise the taller orientation, then transpose back if needed.
        int m = Math.Max(rows, cols), n = Math.Min(rows, cols);
        var a = Tensor.RandomNormal([m, n], 0, 1, DType.Float64, generator).ToArray<double>();
        var q = HouseholderQ(a, m, n);
        var values = new double[rows * cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                values[i * cols + j] = Gain * (rows >= cols ? q[i * n + j] : q[j * n + i]);
        var t = Tensor.FromArray(values, shape, device);
        return dtype == DType.Float64 ? t : t.Cast(dtype);
    }

    /// <summary>The first n columns of Q (m×n, row-major) of A = QR, with Q's columns multiplied by sign(Rᵢᵢ).</summary>
    private static double[] HouseholderQ(double[] a, int m, int n)
    {
        var r = (double[])a.Clone();
        var vs = new List<double[]>();
        var signs = new double[n];
        for (int k = 0; k < n; k++)
        {
            double norm = 0;
            for (int i = k; i < m; i++) norm += r[i * n + k] * r[i * n + k];
            norm = Math.Sqrt(norm);
            double alpha = r[k * n + k] > 0 ? -norm : norm;
            var v = new double[m];
            for (int i = k; i < m; i++) v[i] = r[i * n + k];
            v[k] -= alpha;
            double vv = 0;
            for (int i = k; i < m; i++) vv += v[i] * v[i];
            if (vv > 0)
                for (int j = k; j < n; j++)
                {
                    double dot = 0;
                    for (int i = k; i < m; i++) dot += v[i] * r[i * n + j];
                    double f = 2 * dot / vv;
                    for (int i = k; i < m; i++) r[i * n + j] -= f * v[i];
                }
            vs.Add(vv > 0 ? v : new double[m]);
            signs[k] = r[k * n + k] < 0 ? -1 : 1;
        }
        // Q = H₀H₁…H_{n−1} applied to the first n columns of the identity.
        var q = new double[m * n];
        for (int j = 0; j < n; j++) q[j * n + j] = 1;
        for (int k = n - 1; k >= 0; k--)
        {
            var v = vs[k];
            double vv = 0;
            for (int i = k; i < m; i++) vv += v[i] * v[i];
            if (vv == 0) continue;
            for (int j = 0; j < n; j++)
            {
                double dot = 0;
                for (int i = k; i < m; i++) dot += v[i] * q[i * n + j];
                double f = 2 * dot / vv;
                for (int i = k; i < m; i++) q[i * n + j] -= f * v[i];
            }
        }
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) q[i * n + j] *= signs[j];
        return q;
    }
}
