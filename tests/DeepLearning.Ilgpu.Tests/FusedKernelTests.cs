using DeepLearning.Devices;

namespace DeepLearning.Ilgpu.Tests;

/// <summary>
/// The device's <see cref="IFusedKernels"/> against the formulas of the interface evaluated here in float64 (Keras's
/// LSTMCell, adam.py and sgd.py), on float32 storage. The conformance suite runs them again inside layers and
/// optimizers (the device's fused kernels are on there), against the reference device.
/// </summary>
public class FusedKernelTests
{
    private static IlgpuDevice Device => TestDevice.Ilgpu;
    private static IFusedKernels Fused => Device;

    private static StridedView Place(Shape shape, double[] values) => Oracle.Place(Device, Operand.Dense(DType.Float32, shape, values));

    private static double[] Read(in StridedView v) => Oracle.ReadStorage(Device, v.Storage);

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    private static void Close(double expected, double actual, string what) =>
        Assert.True(Math.Abs(actual - expected) <= 1e-5 + 1e-5 * Math.Abs(expected), $"{what}: {actual} vs {expected}");

    [Fact]
    public void TheLstmStepAndItsBackwardPassFollowTheCellEquations()
    {
        const int batch = 3, units = 5, count = batch * units;
        double[] z = Operand.Values(4 * count, 1, -2, 2), cPrev = Operand.Values(count, 2, -1, 1);
        double[] dh = Operand.Values(count, 3, -1, 1), dc = Operand.Values(count, 4, -1, 1);
        var gates = Place([4, batch, units], z);
        var cp = Place([batch, units], cPrev);
        var c = Place([batch, units], new double[count]);
        var h = Place([batch, units], new double[count]);
        var phiC = Place([batch, units], new double[count]);
        Fused.LstmCellForward(gates, cp, c, h, phiC, FusedActivation.Tanh, FusedActivation.Sigmoid);
        var dGates = Place([4, batch, units], new double[4 * count]);
        var dcPrev = Place([batch, units], new double[count]);
        Fused.LstmCellBackward(gates, phiC, cp, Place([batch, units], dh), Place([batch, units], dc), dGates, dcPrev,
            FusedActivation.Tanh, FusedActivation.Sigmoid);
        double[] g = Read(gates), cr = Read(c), hr = Read(h), dg = Read(dGates), dcp = Read(dcPrev);
        for (int e = 0; e < count; e++)
        {
            double i = Sigmoid(z[e]), f = Sigmoid(z[count + e]), gh = Math.Tanh(z[2 * count + e]), o = Sigmoid(z[3 * count + e]);
            double cell = f * cPrev[e] + i * gh, phi = Math.Tanh(cell);
            Close(i, g[e], "i");
            Close(gh, g[2 * count + e], "ĝ");
            Close(cell, cr[e], "c");
            Close(o * phi, hr[e], "h");
            double total = dh[e] * o * (1 - phi * phi) + dc[e];
            Close(total * gh * i * (1 - i), dg[e], "∂z_i");
            Close(total * cPrev[e] * f * (1 - f), dg[count + e], "∂z_f");
            Close(total * i * (1 - gh * gh), dg[2 * count + e], "∂z_c");
            Close(dh[e] * phi * o * (1 - o), dg[3 * count + e], "∂z_o");
            Close(total * f, dcp[e], "∂c_prev");
        }
    }

    [Fact]
    public void AdamAndSgdMomentumUpdatesFollowKerasFormulas()
    {
        const int n = 37;
        double[] p0 = Operand.Values(n, 5, -1, 1), grad = Operand.Values(n, 6, -1, 1), m0 = Operand.Values(n, 7, -0.1, 0.1), v0 = Operand.Values(n, 8, 0, 0.1);
        var p = Place([n], p0);
        var m = Place([n], m0);
        var v = Place([n], v0);
        Fused.AdamUpdate(p, Place([n], grad), m, v, alpha: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7);
        double[] pr = Read(p), mr = Read(m), vr = Read(v);
        for (int e = 0; e < n; e++)
        {
            double me = 0.9 * m0[e] + 0.1 * grad[e], ve = 0.999 * v0[e] + 0.001 * grad[e] * grad[e];
            Close(me, mr[e], "m");
            Close(ve, vr[e], "v");
            Close(p0[e] - 0.01 * me / (Math.Sqrt(ve) + 1e-7), pr[e], "θ");
        }
        foreach (bool nesterov in new[] { false, true })
        {
            var ps = Place([n], p0);
            var ms = Place([n], m0);
            Fused.SgdMomentumUpdate(ps, Place([n], grad), ms, 0.05, 0.9, nesterov);
            double[] psr = Read(ps), msr = Read(ms);
            for (int e = 0; e < n; e++)
            {
                double me = 0.9 * m0[e] - 0.05 * grad[e];
                Close(me, msr[e], "m");
                Close(nesterov ? p0[e] + 0.9 * me - 0.05 * grad[e] : p0[e] + me, psr[e], $"θ nesterov {nesterov}");
            }
        }
    }

    [Fact]
    public void FusedEntriesRejectViewsOfTheWrongShapeOrDevice()
    {
        var p = Place([4], new double[4]);
        var onCpu = Oracle.Place(Oracle.Reference, Operand.Dense(DType.Float32, [4], new double[4]));
        Assert.Throws<ArgumentException>(() => Fused.AdamUpdate(p, onCpu, p, p, 0.1, 0.9, 0.999, 1e-7));
        var gates = Place([4, 2, 3], new double[24]);
        var wrong = Place([2, 4], new double[8]);
        var e = Assert.Throws<ArgumentException>(() => Fused.LstmCellForward(gates, wrong, wrong, wrong, wrong, FusedActivation.Tanh, FusedActivation.Sigmoid));
        Assert.Contains("LstmCellForward", e.Message);
        Assert.Throws<ArgumentException>(() => Fused.ActivationBackward(ActivationDerivative.Gelu, p, p, Place([4], new double[4]) with { Shape = new Shape(2, 2), Strides = new Strides(2, 1) }, 0, 0));
    }
}
