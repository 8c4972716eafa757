using DeepLearning.Optimizers;

namespace DeepLearning.Tests.Optimizers;

/// <summary>
/// SEEDS §4 item 13 (Ng, course notes S1 eq. 2.12): the exponentially weighted average V₀ = 0,
/// Vₜ = 0.9·Vₜ₋₁ + 0.1·θₜ, and its bias correction Vₜ/(1 − 0.9ᵗ), whose first value is θ₁ exactly.
/// Hand derivation for θ = 40, 49, 45: V₁ = 4, V₂ = 0.9·4 + 4.9 = 8.5, V₃ = 0.9·8.5 + 4.5 = 12.15;
/// corrected: 4/0.1 = 40 = θ₁, 8.5/0.19 = 44.736842105263158, 12.15/0.271 = 44.833948339483395.
/// </summary>
public class MomentumEmaTests
{
    private static readonly double[] Theta = [40, 49, 45];
    private static readonly double[] Ewma = [4, 8.5, 12.15];
    private static readonly double[] Corrected = [40, 8.5 / 0.19, 12.15 / 0.271];

    [Fact]
    public void AdamFirstMomentIsTheEwmaAndItsBiasCorrectionStartsAtTheta1()
    {
        var p = Tensor.Zeros([1], DType.Float64);
        var adam = new Adam(beta1: 0.9);
        for (int t = 0; t < Theta.Length; t++)
        {
            p.Grad = Tensor.Full([1], Theta[t], DType.Float64);
            adam.Step([p]);
            double m = adam.GetSlot(p, "momentum")!.Item<double>();
            Assert.Equal(Ewma[t], m, 1e-12);
            Assert.Equal(Corrected[t], m / (1 - Math.Pow(0.9, t + 1)), 1e-11);
        }
    }

    [Fact]
    public void EmaFormOfMomentumIsVelocityFormWithScaledLearningRate()
    {
        // EMA form (Ng, S3): v ← βv + (1 − β)g; θ ← θ − αv. Velocity form with η = α(1 − β) has m = −αv.
        const double alpha = 0.5, beta = 0.9;
        var p = Tensor.Full([1], 1.0, DType.Float64);
        var sgd = new SGD(learningRate: alpha * (1 - beta), momentum: beta);
        double theta = 1;
        for (int t = 0; t < Theta.Length; t++)
        {
            p.Grad = Tensor.Full([1], Theta[t], DType.Float64);
            sgd.Step([p]);
            theta -= alpha * Ewma[t];
            Assert.Equal(-alpha * Ewma[t], sgd.GetSlot(p, "momentum")!.Item<double>(), 1e-12);
            Assert.Equal(theta, p.Item<double>(), 1e-12);
        }
        Assert.Equal(1 - 0.5 * (4 + 8.5 + 12.15), p.Item<double>(), 1e-12);
    }
}
