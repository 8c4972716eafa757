using DeepLearning.Devices;
using DeepLearning.Devices.Reference;
using ILGPU;

namespace DeepLearning.Ilgpu.Kernels;

/// <summary>A view as one kernel parameter: its memory and layout (so a kernel with many operands stays within
/// the arity ILGPU's launchers offer).</summary>
internal struct KernelView
{
    public ArrayView<byte> Data;
    public ViewLayout Layout;

    /// <summary>The element with row-major index <paramref name="linear"/>, as a double.</summary>
    public readonly double this[long linear]
    {
        get => Element.Load(Data, Layout, linear);
        set => Element.Store(Data, Layout, linear, value);
    }
}

/// <summary>
/// The device's <see cref="IFusedKernels"/>: one thread per element, each reading its operands once and writing its
/// results once, in double precision like the core kernels (so one kernel serves float32 and float64). The
/// formulas are those of <see cref="IFusedKernels"/>, in the order of the composition they replace.
/// </summary>
internal static class FusedKernels
{
    public static void ActivationBackward(Index1D i, KernelView p, KernelView g, KernelView y, int op, double alpha, double beta) =>
        y[i] = ReferenceMath.Derivative((ActivationDerivative)op, p[i], g[i], alpha, beta);

    /// <summary>Element i = (row, unit) of (batch, units); gate k of it is element k·count + i of gates.</summary>
    public static void LstmCellForward(Index1D i, KernelView gates, KernelView cPrev, KernelView c, KernelView h, KernelView phiC,
        int count, int activation, int recurrentActivation)
    {
        double ig = Activate(recurrentActivation, gates[i]), fg = Activate(recurrentActivation, gates[count + i]);
        double gg = Activate(activation, gates[2L * count + i]), og = Activate(recurrentActivation, gates[3L * count + i]);
        gates[i] = ig;
        gates[count + i] = fg;
        gates[2L * count + i] = gg;
        gates[3L * count + i] = og;
        double cell = fg * cPrev[i] + ig * gg, phi = Activate(activation, cell);
        c[i] = cell;
        phiC[i] = phi;
        h[i] = og * phi;
    }

    public static void LstmCellBackward(Index1D i, KernelView gates, KernelView phiC, KernelView cPrev, KernelView dh, KernelView dc,
        KernelView dGates, KernelView dcPrev, int count, int activations)
    {
        int activation = activations & 0xFF, recurrentActivation = activations >> 8;
        double ig = gates[i], fg = gates[count + i], gg = gates[2L * count + i], og = gates[3L * count + i];
        double phi = phiC[i], dhi = dh[i];
        double total = dhi * og * Slope(activation, phi) + dc[i];
        dGates[i] = total * gg * Slope(recurrentActivation, ig);
        dGates[count + i] = total * cPrev[i] * Slope(recurrentActivation, fg);
        dGates[2L * count + i] = total * ig * Slope(activation, gg);
        dGates[3L * count + i] = dhi * phi * Slope(recurrentActivation, og);
        dcPrev[i] = total * fg;
    }

    public static void AdamUpdate(Index1D i, KernelView parameter, KernelView gradient, KernelView m, KernelView v,
        double alpha, double beta1, double beta2, double epsilon)
    {
        double g = gradient[i], mi = beta1 * m[i] + (1 - beta1) * g, vi = beta2 * v[i] + (1 - beta2) * g * g;
        m[i] = mi;
        v[i] = vi;
        parameter[i] = parameter[i] - alpha * mi / (Math.Sqrt(vi) + epsilon);
    }

    public static void SgdMomentumUpdate(Index1D i, KernelView parameter, KernelView gradient, KernelView m,
        double learningRate, double momentum, int nesterov)
    {
        double step = -learningRate * gradient[i], mi = momentum * m[i] + step;
        m[i] = mi;
        parameter[i] = nesterov != 0 ? parameter[i] + momentum * mi + step : parameter[i] + mi;
    }

    private static double Activate(int f, double x) => f switch
    {
        (int)FusedActivation.Tanh => Math.Tanh(x),
        (int)FusedActivation.Sigmoid => ReferenceMath.Sigmoid(x),
        (int)FusedActivation.Relu => ReferenceMath.Unary(UnaryOp.Relu, x, 0, 0),
        _ => x,
    };

    /// <summary>f′ through the output y (<see cref="FusedActivation"/>).</summary>
    private static double Slope(int f, double y) => f switch
    {
        (int)FusedActivation.Tanh => 1 - y * y,
        (int)FusedActivation.Sigmoid => y * (1 - y),
        (int)FusedActivation.Relu => y > 0 ? 1 : 0,
        _ => 1,
    };
}
