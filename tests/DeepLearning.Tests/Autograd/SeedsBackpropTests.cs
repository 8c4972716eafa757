namespace DeepLearning.Tests.Autograd;

/// <summary>The worked examples of the course notes (SEEDS.md §4): autograd against hand-derived results.</summary>
public class SeedsBackpropTests
{
    [Fact]
    public void Item11_GradientDescentOnAScalarCostReachesFive()
    {
        // J(w) = w² − 10w + 25, w₀ = 0, lr 0.01, 1000 steps: w = 5(1 − 0.98¹⁰⁰⁰) ≈ 4.9999999916 (derived).
        var w = Tensor.Scalar(0, DType.Float64);
        w.RequiresGrad = true;
        for (int i = 0; i < 1000; i++)
        {
            var cost = w * w - 10 * w + 25;
            w.ZeroGrad();
            cost.Backward();
            using (Tensor.NoGrad()) w.AddInPlace(w.Grad!, -0.01);
            if (i == 0) Assert.Equal(0.1, w.Item<double>(), 12);
        }
        Assert.Equal(5 * (1 - Math.Pow(0.98, 1000)), w.Item<double>(), 9);
        Assert.True(Math.Abs(w.Item<double>() - 5) < 1e-3);
    }

    [Fact]
    public void Item11_SecondVersionWithCoefficientsFedAsATensor()
    {
        var coefficients = Tensor.FromArray(new[] { 1.0, -10.0, 25.0 }, [3, 1]);
        var w = Tensor.Scalar(0, DType.Float64);
        w.RequiresGrad = true;
        for (int i = 0; i < 1000; i++)
        {
            var cost = coefficients[0, 0] * w * w + coefficients[1, 0] * w + coefficients[2, 0];
            w.ZeroGrad();
            cost.Backward();
            using (Tensor.NoGrad()) w.AddInPlace(w.Grad!, -0.01);
        }
        Assert.True(Math.Abs(w.Item<double>() - 5) < 1e-3);
    }

    [Fact]
    public void Item12_Broadcasting()
    {
        TestHelpers.AssertValues([101, 102, 103, 104], Tensor.FromArray(new[] { 1f, 2, 3, 4 }, [4, 1]) + 100);
        var m = Tensor.FromArray(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        var r = m + TestHelpers.T(100f, 200f, 300f);
        Assert.Equal(new Shape(2, 3), r.Shape);
        TestHelpers.AssertValues([101, 202, 303, 104, 205, 306], r);
    }

    [Fact]
    public void Item22_BackpropIdentities()
    {
        // σ′ = a(1 − a); sigmoid + cross-entropy gives δ = a − y; softmax + cross-entropy gives δ = ŷ − y;
        // squared error with a sigmoid output gives δ = (a − t)·σ′(z); tanh(z) = 2σ(2z) − 1.
        var z = Tensor.FromArray(new[] { -1.5, 0.3, 2.0 });
        z.RequiresGrad = true;
        var a = z.Sigmoid();
        a.Sum().Backward();
        var av = a.Detach();
        TestHelpers.AssertClose(av * (1.0 - av), z.Grad!, 1e-12, 1e-15);

        var y = Tensor.FromArray(new[] { 0.0, 1.0, 1.0 });
        z.ZeroGrad();
        var bce = -(y * z.Sigmoid().Log() + (1.0 - y) * (1.0 - z.Sigmoid()).Log()).Sum();
        bce.Backward();
        TestHelpers.AssertClose(av - y, z.Grad!, 1e-12, 1e-15);

        var logits = Tensor.FromArray(new[] { 0.2, -1.0, 3.0 });
        logits.RequiresGrad = true;
        var onehot = Tensor.FromArray(new[] { 0.0, 1.0, 0.0 });
        (-(onehot * logits.LogSoftmax()).Sum()).Backward();
        TestHelpers.AssertClose(logits.Detach().Softmax() - onehot, logits.Grad!, 1e-12, 1e-15);

        var t = Tensor.FromArray(new[] { 0.5, 0.1, 0.9 });
        z.ZeroGrad();
        ((z.Sigmoid() - t).Square().Sum() * 0.5).Backward();
        TestHelpers.AssertClose((av - t) * av * (1.0 - av), z.Grad!, 1e-12, 1e-15);

        TestHelpers.AssertClose(2.0 * (2.0 * z.Detach()).Sigmoid() - 1.0, z.Detach().Tanh(), 1e-12, 1e-15);
    }

    [Fact]
    public void Item23_TheWorkedTwoThreeTwoNet()
    {
        // S2's net: hidden sigmoid, linear output, squared error ½‖y − t‖². W1 and W2 as printed; x, b, t chosen here.
        // Hand backprop (S2 compact notation): δ2 = y − t; ∇W2 = δ2·a1ᵀ; δ1 = W2ᵀδ2 ⊙ a1(1 − a1); ∇W1 = δ1·xᵀ.
        double[,] w1v = { { 1, -2 }, { 0, 1 }, { 3, 4 } }, w2v = { { 6, -2, 1 }, { 5, -3, 2 } };
        double[] x = { 0.5, -0.25 }, b1 = { 0.1, -0.2, 0.05 }, b2 = { 0.3, -0.1 }, t = { 1, 0 };
        var a1 = new double[3];
        for (int i = 0; i < 3; i++) a1[i] = 1 / (1 + Math.Exp(-(w1v[i, 0] * x[0] + w1v[i, 1] * x[1] + b1[i])));
        var d2 = new double[2];
        for (int k = 0; k < 2; k++) d2[k] = w2v[k, 0] * a1[0] + w2v[k, 1] * a1[1] + w2v[k, 2] * a1[2] + b2[k] - t[k];
        var gw2 = new double[6];
        for (int k = 0; k < 2; k++) for (int i = 0; i < 3; i++) gw2[k * 3 + i] = d2[k] * a1[i];
        var d1 = new double[3];
        for (int i = 0; i < 3; i++) d1[i] = (w2v[0, i] * d2[0] + w2v[1, i] * d2[1]) * a1[i] * (1 - a1[i]);
        var gw1 = new double[6];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 2; j++) gw1[i * 2 + j] = d1[i] * x[j];

        var W1 = Tensor.FromArray(w1v);
        var W2 = Tensor.FromArray(w2v);
        W1.RequiresGrad = W2.RequiresGrad = true;
        var X = Tensor.FromArray(x, [2, 1]);
        var A1 = (W1.MatMul(X) + Tensor.FromArray(b1, [3, 1])).Sigmoid();
        var Y = W2.MatMul(A1) + Tensor.FromArray(b2, [2, 1]);
        ((Y - Tensor.FromArray(t, [2, 1])).Square().Sum() * 0.5).Backward();
        TestHelpers.AssertValues(gw1, W1.Grad!, 1e-12);
        TestHelpers.AssertValues(gw2, W2.Grad!, 1e-12);
        // The transposes the notes print are the matrices the backward pass uses.
        TestHelpers.AssertValues([6, 5, -2, -3, 1, 2], W2.Detach().Transpose().Contiguous());
        TestHelpers.AssertValues([1, 0, 3, -2, 1, 4], W1.Detach().Transpose().Contiguous());
    }
}
