using DeepLearning.Devices;

namespace DeepLearning.Tests.Optimizers;

/// <summary>
/// The small problem of the golden trajectories: a vector w (3) and a matrix W (2×2), loss
/// L = Σ s⊙(θ − c)² + 0.1·Σθ³ summed over both, so g = 2s(θ − c) + 0.3θ² (gradients computed by autograd).
/// </summary>
internal sealed class QuadraticProblem
{
    public readonly Tensor W1, W2;
    private readonly Tensor _s1, _c1, _s2, _c2;

    public QuadraticProblem(DType dtype = DType.Float64, Device? device = null)
    {
        W1 = Tensor.FromArray(new[] { 0.5, -1.0, 2.0 }, [3], device).Cast(dtype);
        W2 = Tensor.FromArray(new[] { 0.3, -0.7, 1.2, 0.1 }, [2, 2], device).Cast(dtype);
        W1.RequiresGrad = true;
        W2.RequiresGrad = true;
        W1.Name = "w";
        W2.Name = "W";
        _s1 = Tensor.FromArray(new[] { 1.0, 0.5, 2.0 }, [3], device).Cast(dtype);
        _c1 = Tensor.FromArray(new[] { 1.0, 0.0, -1.0 }, [3], device).Cast(dtype);
        _s2 = Tensor.FromArray(new[] { 0.3, 1.5, 1.0, 0.7 }, [2, 2], device).Cast(dtype);
        _c2 = Tensor.FromArray(new[] { 0.0, 1.0, -1.0, 0.5 }, [2, 2], device).Cast(dtype);
    }

    public IReadOnlyList<Tensor> Parameters => [W1, W2];

    /// <summary>Zeroes the gradients and runs Backward on the loss.</summary>
    public void ComputeGradients()
    {
        W1.ZeroGrad();
        W2.ZeroGrad();
        using var scope = TensorScope.Begin();
        var loss = Term(W1, _s1, _c1) + Term(W2, _s2, _c2);
        loss.Backward();
    }

    private static Tensor Term(Tensor theta, Tensor s, Tensor c) => ((theta - c).Square() * s).Sum() + (theta.Pow(3) * 0.1).Sum();

    /// <summary>The 7 current values: w, then W row-major.</summary>
    public double[] Values() => [.. W1.ToArray<double>(), .. W2.ToArray<double>()];
}
