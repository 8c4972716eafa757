using DeepLearning.Autograd.Ops;
using DeepLearning.Devices;
using DeepLearning.Devices.Cpu;
using DeepLearning.Optimizers;
using DeepLearning.Tests.Conformance;

namespace DeepLearning.Tests.Devices;

/// <summary>The CPU's fused kernels (<see cref="IFusedKernels"/>) against their compositions from core kernels, hand-derived
/// derivative values through both paths, the switch, and the argument checks of the public fused entry points.</summary>
public class FusedKernelTests
{
    /// <summary>A CPU device with its fused kernels off (the composed path).</summary>
    internal static readonly CpuDevice Unfused = new() { FusedKernelsEnabled = false };

    /// <summary>The shared CPU device's fused kernels.</summary>
    internal static IFusedKernels Fused => (IFusedKernels)Device.Cpu;

    [Fact]
    public void TheSwitchTurnsTheFusedPathOff()
    {
        Assert.Same(Device.Cpu, Device.Cpu.FusedKernels);
        Assert.Null(Unfused.FusedKernels);
        Assert.Null(TestHelpers.Reference.FusedKernels);
        var device = new CpuDevice();
        Assert.NotNull(device.FusedKernels);
        device.FusedKernelsEnabled = false;
        Assert.Null(device.FusedKernels);
    }

    /// <summary>(derivative, p, α, β, f′ derived by hand): g = 2 multiplies each.</summary>
    public static TheoryData<ActivationDerivative, double, double, double, double> HandDerivedValues() => new()
    {
        { ActivationDerivative.Relu, -1, 0, 0, 0 },
        { ActivationDerivative.Relu, 0.5, 0, 0, 1 },
        { ActivationDerivative.LeakyRelu, -1, 0.2, 0, 0.2 },
        { ActivationDerivative.Elu, -1, 1, 0, Math.Exp(-1) },                       // d/dx α(eˣ − 1) = αeˣ
        { ActivationDerivative.Selu, -1, 0, 0, 1.0507009873554805 * 1.6732632423543772 * Math.Exp(-1) },
        { ActivationDerivative.Selu, 2, 0, 0, 1.0507009873554805 },
        { ActivationDerivative.Gelu, 0, 0, 0, 0.5 },                                  // Φ(0) + 0·φ(0)
        { ActivationDerivative.Gelu, 1, 0, 0, 0.8413447460685429 + 0.24197072451914337 }, // Φ(1) + φ(1) (normal tables)
        { ActivationDerivative.GeluTanh, 0, 0, 0, 0.5 },
        { ActivationDerivative.Softplus, 0, 0, 0, 0.5 },                              // σ(0)
        { ActivationDerivative.Softsign, 1, 0, 0, 0.25 },                             // 1/(1 + 1)²
        { ActivationDerivative.Silu, 0, 0, 0, 0.5 },                                  // σ(0)(1 + 0)
        { ActivationDerivative.Mish, 0, 0, 0, Math.Tanh(Math.Log(2)) },               // tanh(ln 2) + 0 = 0.6
        { ActivationDerivative.HardSigmoid, 0, 0.2, 0.5, 0.2 },
        { ActivationDerivative.HardSigmoid, 3, 0.2, 0.5, 0 },                         // 0.2·3 + 0.5 > 1: flat
        { ActivationDerivative.Clip, 0.5, -1, 1, 1 },
        { ActivationDerivative.Clip, 1.5, -1, 1, 0 },
        { ActivationDerivative.SigmoidFromOutput, 0.25, 0, 0, 0.1875 },               // y(1 − y)
        { ActivationDerivative.TanhFromOutput, 0.5, 0, 0, 0.75 },                     // 1 − y²
    };

    [Theory]
    [MemberData(nameof(HandDerivedValues))]
    public void FusedAndComposedDerivativesEqualHandDerivedValues(ActivationDerivative op, double p, double a, double b, double expected)
    {
        foreach (var device in new Device[] { Device.Cpu, Unfused })
        {
            var x = Tensor.Full([3], p, DType.Float64, device);
            var g = Tensor.Full([3], 2, DType.Float64, device);
            var y = DerivativeKernels.Apply(op, x, g, op.ToString(), a, b);
            Assert.All(y.ToArray<double>(), v => Assert.Equal(2 * expected, v, 12));
        }
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void EveryFusedDerivativeMatchesItsCompositionOnStridedAndAliasedViews(DType dtype)
    {
        foreach (var op in Enum.GetValues<ActivationDerivative>())
        {
            // (5, 7) input seen transposed, g broadcast along one axis, y written into g's own storage (aliasing).
            var p = OpInputs.Draw([7, 5], Domain.AwayFromZero, dtype, Device.Cpu, 91).Transpose();
            var g = OpInputs.Draw([5, 1], Domain.Any, dtype, Device.Cpu, 92);
            var gb = new StridedView(g.View.Storage, 0, new Shape(5, 7), new Strides(1, 0));
            var fused = Tensor.Zeros([5, 7], dtype);
            var composed = Tensor.Zeros([5, 7], dtype);
            Fused.ActivationBackward(op, p.View, gb, fused.View, 0.3, 0.6);
            DerivativeKernels.Composed(Device.Cpu, op, p.View, gb, composed.View, 0.3, 0.6);
            TestHelpers.AssertClose(composed, fused, dtype == DType.Float32 ? 1e-5 : 1e-12, dtype == DType.Float32 ? 1e-6 : 1e-14, $"{op}");
            var aliased = g.Expand([5, 7]).Contiguous();
            DerivativeKernels.Composed(Device.Cpu, op, p.View, aliased.View, aliased.View, 0.3, 0.6);
            TestHelpers.AssertClose(composed, aliased, 0, 0, $"{op} with y = g");
        }
    }

    [Fact]
    public void IntegerReluAndClipDerivativesAreFusedAndComposedAlike()
    {
        var x = Tensor.FromArray(new[] { -3, -1, 0, 1, 2, 5 });
        var g = Tensor.FromArray(new[] { 7, 7, 7, 7, 7, 7 });
        foreach (var device in new Device[] { Device.Cpu, Unfused })
        {
            var xd = x.To(device);
            var gd = g.To(device);
            Assert.Equal(new[] { 0, 0, 0, 7, 7, 7 }, DerivativeKernels.Apply(ActivationDerivative.Relu, xd, gd, "Relu", 0, 0).ToArray<int>());
            Assert.Equal(new[] { 0, 7, 7, 7, 7, 0 }, DerivativeKernels.Apply(ActivationDerivative.Clip, xd, gd, "Clip", -1, 2).ToArray<int>());
        }
    }

    [Theory]
    [InlineData(FusedActivation.Tanh, FusedActivation.Sigmoid)]
    [InlineData(FusedActivation.Relu, FusedActivation.Linear)]
    [InlineData(FusedActivation.Linear, FusedActivation.Tanh)]
    public void TheFusedLstmCellMatchesItsComposition(FusedActivation activation, FusedActivation recurrent)
    {
        const int b = 3, u = 300;   // u spans more than one chunk of the backward kernel
        var results = new List<Tensor[]>();
        foreach (var device in new Device[] { Device.Cpu, Unfused })
        {
            Tensor Draw(Shape s, ulong seed) => OpInputs.Draw(s, Domain.Any, DType.Float64, Device.Cpu, seed).To(device);
            var gates = Draw([4, b, u], 93);
            var cPrev = Draw([b, u], 94);
            var dh = Draw([b, u], 95);
            var dc = Draw([b, u], 96);
            var c = Tensor.Zeros([b, u], DType.Float64, device);
            var h = Tensor.Zeros([b, u], DType.Float64, device);
            var phiC = Tensor.Zeros([b, u], DType.Float64, device);
            var scratch = Tensor.Zeros([b, u], DType.Float64, device);
            var dGates = Tensor.Zeros([4, b, u], DType.Float64, device);
            var dcPrev = Tensor.Zeros([b, u], DType.Float64, device);
            LstmCell.Forward(device, gates.View, cPrev.View, c.View, h.View, phiC.View, scratch.View, activation, recurrent);
            LstmCell.Backward(device, gates.View, phiC.View, cPrev.View, dh.View, dc.View, dGates.View, dcPrev.View, scratch.View, activation, recurrent);
            results.Add([gates, c, h, phiC, dGates, dcPrev]);
        }
        string[] names = ["gates", "c", "h", "φ(c)", "∂gates", "∂c_prev"];
        for (int i = 0; i < names.Length; i++)
            TestHelpers.AssertClose(results[1][i], results[0][i].To(Unfused), 1e-13, 1e-15, names[i]);
    }

    [Theory]
    [InlineData(FusedActivation.Tanh, FusedActivation.Sigmoid)]
    [InlineData(FusedActivation.Relu, FusedActivation.Linear)]
    [InlineData(FusedActivation.Linear, FusedActivation.Tanh)]
    public void TheGruCellFollowsKerasFormulasOnEveryPath(FusedActivation activation, FusedActivation recurrent)
    {
        const int b = 2, u = 300;   // u spans more than one chunk of the CPU kernels
        double[] x = Draw([3, b, u], 101), m = Draw([3, b, u], 102), hPrev = Draw([b, u], 103), dh = Draw([b, u], 104);
        // Keras's GRUCell (reset_after) written out per element, and its derivative by hand through the outputs.
        double F(FusedActivation f, double v) => f switch
        {
            FusedActivation.Tanh => Math.Tanh(v), FusedActivation.Sigmoid => 1 / (1 + Math.Exp(-v)),
            FusedActivation.Relu => Math.Max(0, v), _ => v,
        };
        double D(FusedActivation f, double y) => f switch
        {
            FusedActivation.Tanh => 1 - y * y, FusedActivation.Sigmoid => y * (1 - y), FusedActivation.Relu => y > 0 ? 1 : 0, _ => 1,
        };
        int n = b * u;
        double[] gates = new double[3 * n], h = new double[n], dGates = new double[3 * n], dm = new double[3 * n], direct = new double[n];
        for (int i = 0; i < n; i++)
        {
            double z = F(recurrent, x[i] + m[i]), r = F(recurrent, x[n + i] + m[n + i]), hh = F(activation, x[2 * n + i] + r * m[2 * n + i]);
            (gates[i], gates[n + i], gates[2 * n + i]) = (z, r, hh);
            h[i] = z * hPrev[i] + (1 - z) * hh;
            double dhh = dh[i] * (1 - z) * D(activation, hh);
            double dz = dh[i] * (hPrev[i] - hh) * D(recurrent, z), dr = dhh * m[2 * n + i] * D(recurrent, r);
            (dGates[i], dGates[n + i], dGates[2 * n + i]) = (dz, dr, dhh);
            (dm[i], dm[n + i], dm[2 * n + i]) = (dz, dr, dhh * r);
            direct[i] = dh[i] * z;
        }
        var paths = new (string Name, Device Device, IFusedKernels? Kernels)[]
        {
            ("cpu fused", Device.Cpu, null), ("composed", Unfused, null), ("interface default", Device.Cpu, new OnlyDefaults()),
        };
        foreach (var (name, device, kernels) in paths)
        {
            Tensor T(double[] v, Shape s) => Tensor.FromArray(v, s).To(device);
            var g = T(x, [3, b, u]);
            var mt = T(m, [3, b, u]);
            var hp = T(hPrev, [b, u]);
            var dht = T(dh, [b, u]);
            var ht = Tensor.Zeros([b, u], DType.Float64, device);
            var scratch = Tensor.Zeros([b, u], DType.Float64, device);
            var dg = Tensor.Zeros([3, b, u], DType.Float64, device);
            var dmt = Tensor.Zeros([3, b, u], DType.Float64, device);
            var dir = Tensor.Zeros([b, u], DType.Float64, device);
            if (kernels is null)
            {
                GruCell.Forward(device, g.View, mt.View, hp.View, ht.View, scratch.View, activation, recurrent);
                GruCell.Backward(device, g.View, mt.View, hp.View, dht.View, dg.View, dmt.View, dir.View, activation, recurrent);
            }
            else
            {
                kernels.GruCellForward(g.View, mt.View, hp.View, ht.View, activation, recurrent);
                kernels.GruCellBackward(g.View, mt.View, hp.View, dht.View, dg.View, dmt.View, dir.View, activation, recurrent);
            }
            ConformanceAssert.AssertClose(gates, g.ToArray<double>(), 1e-14, 1e-15, $"{name}: gates");
            ConformanceAssert.AssertClose(h, ht.ToArray<double>(), 1e-14, 1e-15, $"{name}: h");
            ConformanceAssert.AssertClose(dGates, dg.ToArray<double>(), 1e-13, 1e-15, $"{name}: ∂gates");
            ConformanceAssert.AssertClose(dm, dmt.ToArray<double>(), 1e-13, 1e-15, $"{name}: ∂m");
            ConformanceAssert.AssertClose(direct, dir.ToArray<double>(), 1e-14, 1e-15, $"{name}: direct");
        }

        static double[] Draw(Shape s, ulong seed) => OpInputs.Draw(s, Domain.Any, DType.Float64, Device.Cpu, seed).ToArray<double>();
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public void TheFusedLstmSequenceMatchesItsComposition(bool masked, bool backwards)
    {
        // 19 rows: the CPU kernel cuts them into chunks of whole GEMM panels and a ragged last one.
        const int b = 19, t = 5, u = 6;
        var results = new List<Tensor[]>();
        foreach (var (device, kernels) in new (Device, IFusedKernels?)[] { (Device.Cpu, Fused), (Device.Cpu, new OnlyDefaults()), (Unfused, null) })
        {
            Tensor Draw(Shape s, ulong seed) => OpInputs.Draw(s, Domain.Any, DType.Float64, Device.Cpu, seed).To(device);
            Tensor Zeros(Shape s) => Tensor.Zeros(s, DType.Float64, device);
            var gates = Draw([b, t, 4 * u], 81);
            var kernel = Draw([u, 4 * u], 82) * 0.5;
            var kernelT = kernel.Transpose(0, 1).Contiguous();
            var h0 = Draw([b, u], 83);
            var c0 = Draw([b, u], 84);
            var grad = Draw([t, 2, b, u], 85);
            var mask = masked ? Tensor.FromArray(Enumerable.Range(0, b * t).Select(i => i % 7 == 3 ? 0.0 : 1.0).ToArray(), [b, t]).To(device) : null;
            StridedView mv = mask is null ? default : mask.View;
            Tensor states = Zeros([t, 2, b, u]), phiC = Zeros([t, b, u]), dGates = Zeros([b, t, 4 * u]), hPrev = Zeros([b, t, u]);
            Tensor dh0 = Zeros([b, u]), dc0 = Zeros([b, u]);
            const FusedActivation tanh = FusedActivation.Tanh, sigmoid = FusedActivation.Sigmoid;
            if (kernels is null)
            {
                LstmSequence.ComposeForward(device, gates.View, kernel.View, h0.View, c0.View, mv, states.View, phiC.View, backwards, tanh, sigmoid);
                LstmSequence.ComposeBackward(device, gates.View, phiC.View, kernelT.View, h0.View, c0.View, mv, states.View, grad.View,
                    dGates.View, hPrev.View, dh0.View, dc0.View, backwards, tanh, sigmoid);
            }
            else
            {
                kernels.LstmSequenceForward(gates.View, kernel.View, h0.View, c0.View, mv, states.View, phiC.View, backwards, tanh, sigmoid);
                kernels.LstmSequenceBackward(gates.View, phiC.View, kernelT.View, h0.View, c0.View, mv, states.View, grad.View, dGates.View,
                    hPrev.View, dh0.View, dc0.View, backwards, tanh, sigmoid);
            }
            results.Add([gates, states, phiC, dGates, hPrev, dh0, dc0]);
        }
        string[] names = ["gates", "states", "φ(c)", "∂gates", "h_prev", "∂h₀", "∂c₀"];
        for (int k = 1; k < results.Count; k++)
            for (int i = 0; i < names.Length; i++)
                TestHelpers.AssertClose(results[k][i].To(Device.Cpu), results[0][i], 1e-12, 1e-14, $"{names[i]} against path {k}");
    }

    [Fact]
    public void TheFusedLstmSequenceEntryPointsCheckTheirViews()
    {
        const int b = 2, t = 3, u = 4;
        Tensor Z(params int[] s) => Tensor.Zeros(s, DType.Float64);
        Tensor gates = Z(b, t, 4 * u), kernel = Z(u, 4 * u), state = Z(b, u), states = Z(t, 2, b, u), phiC = Z(t, b, u);
        var e = Assert.Throws<ArgumentException>(() => Fused.LstmSequenceForward(gates.View, kernel.View, state.View, state.View, default,
            Z(t, b, u).View, phiC.View, false, FusedActivation.Tanh, FusedActivation.Sigmoid));
        Assert.Contains("LstmSequenceForward: states has shape", e.Message);
        e = Assert.Throws<ArgumentException>(() => Fused.LstmSequenceForward(gates.View, kernel.View, state.View, state.View,
            Tensor.Zeros([b, t]).View, states.View, phiC.View, false, FusedActivation.Tanh, FusedActivation.Sigmoid));
        Assert.Contains("LstmSequenceForward: mask is Float32", e.Message);
        e = Assert.Throws<ArgumentException>(() => Fused.LstmSequenceBackward(gates.View, phiC.View, kernel.View, state.View, state.View,
            default, states.View, states.View, gates.View, default, state.View, state.View, false, FusedActivation.Tanh, FusedActivation.Sigmoid));
        Assert.Contains("LstmSequenceBackward: recurrentKernelT has shape", e.Message);
        e = Assert.Throws<ArgumentException>(() => Fused.LstmSequenceBackward(gates.View, phiC.View, Z(4 * u, u).View, state.View, state.View,
            default, states.View, Z(t, 2, u, b).Transpose(2, 3).View, gates.View, default, state.View, state.View, false,
            FusedActivation.Tanh, FusedActivation.Sigmoid));
        Assert.Contains("LstmSequenceBackward: grad", e.Message);
        Assert.Contains("dense last axis", e.Message);
    }

    [Fact]
    public void TheFusedGruEntryPointsCheckTheirViews()
    {
        var gates = Tensor.Zeros([3, 2, 4], DType.Float64);
        var state = Tensor.Zeros([2, 4], DType.Float64);
        var e = Assert.Throws<ArgumentException>(() => Fused.GruCellForward(gates.View, Tensor.Zeros([4, 2, 4], DType.Float64).View,
            state.View, state.View, FusedActivation.Tanh, FusedActivation.Sigmoid));
        Assert.Contains("GruCellForward", e.Message);
        e = Assert.Throws<ArgumentException>(() => Fused.GruCellBackward(gates.View, gates.View, state.View, state.View, gates.View,
            gates.View, Tensor.Zeros([2, 4]).View, FusedActivation.Tanh, FusedActivation.Sigmoid));
        Assert.Contains("GruCellBackward: direct is Float32", e.Message);
    }

    /// <summary>A device's fused kernels that predate the GRU step and the dense-layer kernels: only the interface's default
    /// members run for those.</summary>
    internal sealed class OnlyDefaults : IFusedKernels
    {
        public void ActivationBackward(ActivationDerivative op, in StridedView p, in StridedView g, in StridedView y, double alpha, double beta) =>
            throw new NotSupportedException();
        public void LstmCellForward(in StridedView gates, in StridedView cPrev, in StridedView c, in StridedView h, in StridedView phiC,
            FusedActivation activation, FusedActivation recurrentActivation) => throw new NotSupportedException();
        public void LstmCellBackward(in StridedView gates, in StridedView phiC, in StridedView cPrev, in StridedView dh, in StridedView dc,
            in StridedView dGates, in StridedView dcPrev, FusedActivation activation, FusedActivation recurrentActivation) =>
            throw new NotSupportedException();
        public void AdamUpdate(in StridedView parameter, in StridedView gradient, in StridedView m, in StridedView v, double alpha,
            double beta1, double beta2, double epsilon) => throw new NotSupportedException();
        public void SgdMomentumUpdate(in StridedView parameter, in StridedView gradient, in StridedView m, double learningRate,
            double momentum, bool nesterov) => throw new NotSupportedException();
    }

    [Theory]
    [InlineData("adam")]
    [InlineData("momentum")]
    [InlineData("nesterov")]
    public void FusedUpdatesFollowTheComposedTrajectoryBitForBit(string kind)
    {
        // The fused kernels do the composition's roundings in its order (coefficients rounded from double alike).
        var trajectories = new List<float[]>();
        foreach (var device in new Device[] { Device.Cpu, Unfused })
        {
            Optimizer optimizer = kind == "adam" ? new Adam(learningRate: 0.01) : new SGD(learningRate: 0.01, momentum: 0.9, nesterov: kind == "nesterov");
            var theta = OpInputs.Draw([1000], Domain.Any, DType.Float32, Device.Cpu, 97).To(device).Detach();
            theta.RequiresGrad = true;
            for (int step = 0; step < 30; step++)
            {
                theta.ZeroGrad();
                (theta * theta * theta).Sum().Backward();   // ∂ = 3θ²
                optimizer.Step([theta]);
            }
            trajectories.Add(theta.ToArray<float>());
        }
        ConformanceAssert.AssertClose(trajectories[1].Select(v => (double)v).ToArray(), trajectories[0].Select(v => (double)v).ToArray(), 0, 0, kind);
        Assert.NotEqual(OpInputs.Draw([1000], Domain.Any, DType.Float32, Device.Cpu, 97).ToArray<float>(), trajectories[0]);
    }

    [Fact]
    public void FusedEntryPointsRejectViewsOutsideTheirStorageOrOfAnotherDeviceOrDType()
    {
        var x = Tensor.Zeros([4]);
        var outside = new StridedView(x.View.Storage, 1000, new Shape(4), new Strides(1));
        var e = Assert.Throws<ArgumentException>(() => Fused.ActivationBackward(ActivationDerivative.Relu, outside, x.View, x.View, 0, 0));
        Assert.Contains("ActivationBackward", e.Message);
        Assert.Contains("outside its storage", e.Message);
        var other = Tensor.Zeros([4], DType.Float32, Unfused);
        e = Assert.Throws<ArgumentException>(() => Fused.ActivationBackward(ActivationDerivative.Relu, x.View, other.View, x.View, 0, 0));
        Assert.Contains("lives on", e.Message);
        var doubles = Tensor.Zeros([4], DType.Float64);
        e = Assert.Throws<ArgumentException>(() => Fused.AdamUpdate(x.View, doubles.View, x.View, x.View, 0.1, 0.9, 0.999, 1e-7));
        Assert.Contains("AdamUpdate: gradient is Float64", e.Message);
        var wide = Tensor.Zeros([4, 2]);
        e = Assert.Throws<ArgumentException>(() => Fused.SgdMomentumUpdate(x.View, wide.Transpose().Select(0, 0).View, x.View, 0.1, 0.9, false));
        Assert.Contains("must be contiguous", e.Message);
        var ints = Tensor.Zeros([4], DType.Int32);
        e = Assert.Throws<ArgumentException>(() => Fused.ActivationBackward(ActivationDerivative.TanhFromOutput, ints.View, ints.View, ints.View, 0, 0));
        Assert.Contains("not defined for Int32", e.Message);
    }
}
