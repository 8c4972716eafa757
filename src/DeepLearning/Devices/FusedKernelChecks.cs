namespace DeepLearning.Devices;

/// <summary>The argument checks of an <see cref="IFusedKernels"/> implementation: O(rank) per view, throwing an
/// <see cref="ArgumentException"/> that names the kernel, the view and what is wrong, before any memory is touched.</summary>
public static class FusedKernelChecks
{
    /// <summary>Checks that <paramref name="view"/> belongs to <paramref name="device"/>, has
    /// <paramref name="dtype"/> and <paramref name="shape"/>, and that every element it addresses lies inside its
    /// storage.</summary>
    /// <param name="kernel">The kernel's name, for the message.</param>
    /// <param name="name">The view's parameter name, for the message.</param>
    /// <param name="device">The device running the kernel.</param>
    /// <param name="view">The view to check.</param>
    /// <param name="dtype">The dtype the kernel expects.</param>
    /// <param name="shape">The shape the kernel expects.</param>
    /// <exception cref="ArgumentException">Any of these does not hold.</exception>
    public static void View(string kernel, string name, Device device, in StridedView view, DType dtype, Shape shape)
    {
        if (view.Storage is null)
            throw new ArgumentException($"{kernel}: {name} has no storage.", name);
        if (!ReferenceEquals(view.Storage.Device, device))
            throw new ArgumentException($"{kernel}: {name} lives on {view.Storage.Device}, the kernel runs on {device}.", name);
        if (view.DType != dtype)
            throw new ArgumentException($"{kernel}: {name} is {view.DType}, expected {dtype}.", name);
        if (view.Shape != shape)
            throw new ArgumentException($"{kernel}: {name} has shape {view.Shape}, expected {shape}.", name);
        if (view.Strides.Rank != shape.Rank)
            throw new ArgumentException($"{kernel}: {name} has strides {view.Strides} for shape {shape}.", name);
        if (shape.ElementCount == 0) return;
        long low = view.Offset, high = view.Offset;
        for (int i = 0; i < shape.Rank; i++)
        {
            long span = (long)(shape[i] - 1) * view.Strides[i];
            if (span < 0) low += span;
            else high += span;
        }
        if (low < 0 || high >= view.Storage.Length)
            throw new ArgumentException($"{kernel}: {name} (offset {view.Offset}, shape {shape}, strides {view.Strides}) addresses " +
                $"elements [{low}, {high}] outside its storage of {view.Storage.Length}.", name);
    }

    /// <summary>Checks that the dtype is float32 or float64.</summary>
    /// <exception cref="ArgumentException">It is not.</exception>
    public static void Floating(string kernel, DType dtype)
    {
        if (!dtype.IsFloating())
            throw new ArgumentException($"{kernel}: defined for float32 and float64, got {dtype}.");
    }

    /// <summary>Checks that the view's last axis is dense (stride 1, or a single element).</summary>
    /// <exception cref="ArgumentException">It is not.</exception>
    public static void DenseRows(string kernel, string name, in StridedView view)
    {
        int rank = view.Shape.Rank;
        if (rank > 0 && view.Shape[rank - 1] > 1 && view.Strides[rank - 1] != 1)
            throw new ArgumentException($"{kernel}: {name} (shape {view.Shape}, strides {view.Strides}) needs a dense last axis.", name);
    }

    /// <summary>Checks that the view is dense in row-major order.</summary>
    /// <exception cref="ArgumentException">It is not.</exception>
    public static void Contiguous(string kernel, string name, in StridedView view)
    {
        if (!view.IsContiguous)
            throw new ArgumentException($"{kernel}: {name} (shape {view.Shape}, strides {view.Strides}) must be contiguous.", name);
    }

    /// <summary>The recurrent kernels' views: gates (<paramref name="gateCount"/>, batch, units) — 4 for the LSTM, 3
    /// for the GRU — and every state (batch, units), of one floating dtype, on <paramref name="device"/>, with dense
    /// rows; <paramref name="like"/> gives the state shape.</summary>
    /// <exception cref="ArgumentException">Any of these does not hold.</exception>
    public static void Recurrent(string kernel, Device device, int gateCount, in StridedView gates, in StridedView like,
        ReadOnlySpan<StridedView> states, ReadOnlySpan<string> names)
    {
        Floating(kernel, gates.DType);
        if (like.Shape.Rank != 2)
            throw new ArgumentException($"{kernel}: states must have shape (batch, units); got {like.Shape}.");
        var state = like.Shape;
        View(kernel, nameof(gates), device, gates, gates.DType, new Shape(gateCount, state[0], state[1]));
        DenseRows(kernel, nameof(gates), gates);
        for (int k = 0; k < states.Length; k++)
        {
            View(kernel, names[k], device, states[k], gates.DType, state);
            DenseRows(kernel, names[k], states[k]);
        }
    }

    /// <summary>An optimizer update's views: the parameter and its companions (<paramref name="others"/>, named by
    /// <paramref name="names"/>) of one floating dtype and shape, on <paramref name="device"/>, contiguous.</summary>
    /// <exception cref="ArgumentException">Any of these does not hold.</exception>
    public static void Update(string kernel, Device device, in StridedView parameter, ReadOnlySpan<StridedView> others, ReadOnlySpan<string> names)
    {
        Floating(kernel, parameter.DType);
        View(kernel, nameof(parameter), device, parameter, parameter.DType, parameter.Shape);
        Contiguous(kernel, nameof(parameter), parameter);
        for (int k = 0; k < others.Length; k++)
        {
            View(kernel, names[k], device, others[k], parameter.DType, parameter.Shape);
            Contiguous(kernel, names[k], others[k]);
        }
    }

    /// <summary>The views of <see cref="IFusedKernels.ActivationBackward"/>: p, g and y of y's shape and dtype on
    /// <paramref name="device"/>, the dtype floating or an integer one the derivative supports.</summary>
    /// <exception cref="ArgumentException">Any of these does not hold.</exception>
    public static void ActivationBackward(Device device, ActivationDerivative op, in StridedView p, in StridedView g, in StridedView y)
    {
        const string kernel = nameof(IFusedKernels.ActivationBackward);
        if (!y.DType.IsFloating() && !op.SupportsInteger())
            throw new ArgumentException($"{kernel}: {op} is not defined for {y.DType}.");
        View(kernel, nameof(p), device, p, y.DType, y.Shape);
        View(kernel, nameof(g), device, g, y.DType, y.Shape);
        View(kernel, nameof(y), device, y, y.DType, y.Shape);
    }

    /// <summary>The views of <see cref="IFusedKernels.LstmCellForward"/> (see <see cref="Recurrent"/>).</summary>
    /// <exception cref="ArgumentException">A view is not as the kernel needs.</exception>
    public static void LstmCellForward(Device device, in StridedView gates, in StridedView cPrev, in StridedView c, in StridedView h, in StridedView phiC) =>
        Recurrent(nameof(IFusedKernels.LstmCellForward), device, 4, gates, c, [cPrev, c, h, phiC], ["cPrev", "c", "h", "phiC"]);

    /// <summary>The views of <see cref="IFusedKernels.LstmCellBackward"/> (see <see cref="Recurrent"/>); dGates like gates.</summary>
    /// <exception cref="ArgumentException">A view is not as the kernel needs.</exception>
    public static void LstmCellBackward(Device device, in StridedView gates, in StridedView phiC, in StridedView cPrev, in StridedView dh,
        in StridedView dc, in StridedView dGates, in StridedView dcPrev)
    {
        const string kernel = nameof(IFusedKernels.LstmCellBackward);
        Recurrent(kernel, device, 4, gates, dh, [phiC, cPrev, dh, dc, dcPrev], ["phiC", "cPrev", "dh", "dc", "dcPrev"]);
        LikeGates(kernel, nameof(dGates), device, gates, dGates);
    }

    /// <summary>The views of <see cref="IFusedKernels.LstmSequenceForward"/>: gates (batch, time, 4·units), the
    /// recurrent kernel (units, 4·units), h0 and c0 (batch, units), the mask (batch, time) unless absent, states
    /// (time, 2, batch, units) and phiC (time or 1, batch, units), of one floating dtype, on the device, with dense rows
    /// (the mask excepted).</summary>
    /// <exception cref="ArgumentException">A view is not as the kernel needs.</exception>
    public static void LstmSequenceForward(Device device, in StridedView gates, in StridedView recurrentKernel, in StridedView h0,
        in StridedView c0, in StridedView mask, in StridedView states, in StridedView phiC)
    {
        const string kernel = nameof(IFusedKernels.LstmSequenceForward);
        var (b, t, u) = Sequence(kernel, device, gates, h0, c0, mask);
        Dense(kernel, nameof(recurrentKernel), device, recurrentKernel, gates.DType, new Shape(u, 4 * u));
        Dense(kernel, nameof(states), device, states, gates.DType, new Shape(t, 2, b, u));
        Dense(kernel, nameof(phiC), device, phiC, gates.DType, new Shape(phiC.Shape.Rank == 3 && phiC.Shape[0] == 1 ? 1 : t, b, u));
    }

    /// <summary>The views of <see cref="IFusedKernels.LstmSequenceBackward"/>: gates and dGates (batch, time, 4·units),
    /// phiC (time, batch, units), the transposed recurrent kernel (4·units, units), h0, c0, dh0 and dc0 (batch, units),
    /// the mask (batch, time) unless absent, states and grad (time, 2, batch, units), hPrev (batch, time, units) unless
    /// absent, of one floating dtype, on the device, with dense rows (the mask excepted).</summary>
    /// <exception cref="ArgumentException">A view is not as the kernel needs.</exception>
    public static void LstmSequenceBackward(Device device, in StridedView gates, in StridedView phiC, in StridedView recurrentKernelT,
        in StridedView h0, in StridedView c0, in StridedView mask, in StridedView states, in StridedView grad, in StridedView dGates,
        in StridedView hPrev, in StridedView dh0, in StridedView dc0)
    {
        const string kernel = nameof(IFusedKernels.LstmSequenceBackward);
        var (b, t, u) = Sequence(kernel, device, gates, h0, c0, mask);
        var dtype = gates.DType;
        Dense(kernel, nameof(phiC), device, phiC, dtype, new Shape(t, b, u));
        Dense(kernel, nameof(recurrentKernelT), device, recurrentKernelT, dtype, new Shape(4 * u, u));
        Dense(kernel, nameof(states), device, states, dtype, new Shape(t, 2, b, u));
        Dense(kernel, nameof(grad), device, grad, dtype, new Shape(t, 2, b, u));
        Dense(kernel, nameof(dGates), device, dGates, dtype, gates.Shape);
        if (hPrev.Storage is not null) Dense(kernel, nameof(hPrev), device, hPrev, dtype, new Shape(b, t, u));
        Dense(kernel, nameof(dh0), device, dh0, dtype, new Shape(b, u));
        Dense(kernel, nameof(dc0), device, dc0, dtype, new Shape(b, u));
    }

    /// <summary>The shared views of the LSTM sequence kernels: floating gates (batch, time, 4·units) with dense rows and
    /// at least one step, h0 and c0 (batch, units) giving the batch and units, and the mask (batch, time) unless absent.</summary>
    private static (int Batch, int Time, int Units) Sequence(string kernel, Device device, in StridedView gates, in StridedView h0,
        in StridedView c0, in StridedView mask)
    {
        Floating(kernel, gates.DType);
        if (h0.Shape.Rank != 2 || gates.Shape.Rank != 3 || gates.Shape[1] < 1)
            throw new ArgumentException($"{kernel}: gates must be (batch, time ≥ 1, 4·units) and h0 (batch, units); got {gates.Shape} and {h0.Shape}.");
        int b = h0.Shape[0], t = gates.Shape[1], u = h0.Shape[1];
        Dense(kernel, nameof(gates), device, gates, gates.DType, new Shape(b, t, 4 * u));
        Dense(kernel, nameof(h0), device, h0, gates.DType, new Shape(b, u));
        Dense(kernel, nameof(c0), device, c0, gates.DType, new Shape(b, u));
        if (mask.Storage is not null) View(kernel, nameof(mask), device, mask, gates.DType, new Shape(b, t));
        return (b, t, u);
    }

    /// <summary><see cref="View"/> and <see cref="DenseRows"/>.</summary>
    private static void Dense(string kernel, string name, Device device, in StridedView view, DType dtype, Shape shape)
    {
        View(kernel, name, device, view, dtype, shape);
        DenseRows(kernel, name, view);
    }

    /// <summary>The views of <see cref="IFusedKernels.GruCellForward"/> (see <see cref="Recurrent"/>); m like gates.</summary>
    /// <exception cref="ArgumentException">A view is not as the kernel needs.</exception>
    public static void GruCellForward(Device device, in StridedView gates, in StridedView m, in StridedView hPrev, in StridedView h)
    {
        const string kernel = nameof(IFusedKernels.GruCellForward);
        Recurrent(kernel, device, 3, gates, h, [hPrev, h], ["hPrev", "h"]);
        LikeGates(kernel, nameof(m), device, gates, m);
    }

    /// <summary>The views of <see cref="IFusedKernels.GruCellBackward"/> (see <see cref="Recurrent"/>); m, dGates and
    /// dm like gates.</summary>
    /// <exception cref="ArgumentException">A view is not as the kernel needs.</exception>
    public static void GruCellBackward(Device device, in StridedView gates, in StridedView m, in StridedView hPrev, in StridedView dh,
        in StridedView dGates, in StridedView dm, in StridedView direct)
    {
        const string kernel = nameof(IFusedKernels.GruCellBackward);
        Recurrent(kernel, device, 3, gates, dh, [hPrev, dh, direct], ["hPrev", "dh", "direct"]);
        LikeGates(kernel, nameof(m), device, gates, m);
        LikeGates(kernel, nameof(dGates), device, gates, dGates);
        LikeGates(kernel, nameof(dm), device, gates, dm);
    }

    /// <summary>The views of <see cref="IFusedKernels.DenseForward"/>: x (m, k), kernel (k, n), bias (n) and a contiguous
    /// y (m, n), of one floating dtype, on <paramref name="device"/>.</summary>
    /// <exception cref="ArgumentException">A view is not as the kernel needs.</exception>
    public static void DenseForward(Device device, in StridedView x, in StridedView kernel, in StridedView bias, in StridedView y)
    {
        const string name = nameof(IFusedKernels.DenseForward);
        Floating(name, y.DType);
        if (x.Shape.Rank != 2 || kernel.Shape.Rank != 2)
            throw new ArgumentException($"{name}: x {x.Shape} and kernel {kernel.Shape} must be matrices (m, k) and (k, n).");
        int m = x.Shape[0], k = x.Shape[1], n = kernel.Shape[1];
        View(name, nameof(x), device, x, y.DType, x.Shape);
        View(name, nameof(kernel), device, kernel, y.DType, new Shape(k, n));
        View(name, nameof(bias), device, bias, y.DType, new Shape(n));
        View(name, nameof(y), device, y, y.DType, new Shape(m, n));
        Contiguous(name, nameof(y), y);
    }

    /// <summary>The views of <see cref="IFusedKernels.DenseBackward"/>: y, g and a contiguous dz of y's shape (m, n) and a
    /// contiguous dbias (n), of one floating dtype, on <paramref name="device"/>.</summary>
    /// <exception cref="ArgumentException">A view is not as the kernel needs.</exception>
    public static void DenseBackward(Device device, in StridedView y, in StridedView g, in StridedView dz, in StridedView dbias)
    {
        const string name = nameof(IFusedKernels.DenseBackward);
        Floating(name, y.DType);
        if (y.Shape.Rank != 2)
            throw new ArgumentException($"{name}: y must be a matrix (m, n); got shape {y.Shape}.");
        View(name, nameof(y), device, y, y.DType, y.Shape);
        View(name, nameof(g), device, g, y.DType, y.Shape);
        View(name, nameof(dz), device, dz, y.DType, y.Shape);
        Contiguous(name, nameof(dz), dz);
        View(name, nameof(dbias), device, dbias, y.DType, new Shape(y.Shape[1]));
        Contiguous(name, nameof(dbias), dbias);
    }

    /// <summary>The views of <see cref="IFusedKernels.Conv2DBiasActivation"/> and, with <paramref name="pool"/>,
    /// <see cref="IFusedKernels.Conv2DBiasActivationPool"/>: x, kernel, bias (unless it has no storage) and y contiguous,
    /// of one floating dtype, on <paramref name="device"/>, with the shapes the geometries give; the pooling's input is
    /// the convolution's output.</summary>
    /// <exception cref="ArgumentException">A view or the geometries are not as the kernel needs.</exception>
    public static void Conv2DBiasActivation(Device device, in StridedView x, in StridedView kernel, in StridedView bias, in StridedView y,
        in Conv2DGeometry g, Pool2DGeometry? pool)
    {
        string name = pool is null ? nameof(IFusedKernels.Conv2DBiasActivation) : nameof(IFusedKernels.Conv2DBiasActivationPool);
        Floating(name, x.DType);
        if (g.Batch < 0 || g.InHeight < 0 || g.InWidth < 0 || g.InChannels < 0 || g.OutHeight < 0 || g.OutWidth < 0 || g.OutChannels < 0
            || g.KernelHeight < 1 || g.KernelWidth < 1 || g.Groups < 1 || g.StrideHeight < 1 || g.StrideWidth < 1
            || g.DilationHeight < 1 || g.DilationWidth < 1 || g.InChannels % g.Groups != 0 || g.OutChannels % g.Groups != 0)
            throw new ArgumentException($"{name}: invalid convolution geometry {g}.", nameof(g));
        View(name, nameof(x), device, x, x.DType, new Shape(g.Batch, g.InHeight, g.InWidth, g.InChannels));
        View(name, nameof(kernel), device, kernel, x.DType, new Shape(g.KernelHeight, g.KernelWidth, g.GroupInChannels, g.OutChannels));
        Contiguous(name, nameof(x), x);
        Contiguous(name, nameof(kernel), kernel);
        if (bias.Storage is not null)
        {
            View(name, nameof(bias), device, bias, x.DType, new Shape(g.OutChannels));
            Contiguous(name, nameof(bias), bias);
        }
        var output = new Shape(g.Batch, g.OutHeight, g.OutWidth, g.OutChannels);
        if (pool is { } p)
        {
            if (p.Batch != g.Batch || p.InHeight != g.OutHeight || p.InWidth != g.OutWidth || p.Channels != g.OutChannels
                || p.PoolHeight < 1 || p.PoolWidth < 1 || p.StrideHeight < 1 || p.StrideWidth < 1 || p.OutHeight < 0 || p.OutWidth < 0)
                throw new ArgumentException($"{name}: the pooling {p} does not take the convolution's output {output}.", nameof(pool));
            output = new Shape(p.Batch, p.OutHeight, p.OutWidth, p.Channels);
        }
        View(name, nameof(y), device, y, x.DType, output);
        Contiguous(name, nameof(y), y);
    }

    /// <summary>Another gate-major view with the gates' shape and dtype, on the device, with dense rows.</summary>
    private static void LikeGates(string kernel, string name, Device device, in StridedView gates, in StridedView other) =>
        Dense(kernel, name, device, other, gates.DType, gates.Shape);
}
