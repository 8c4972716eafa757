using DeepLearning.Devices;

namespace DeepLearning.Autograd.Ops;

/// <summary>
/// Shared pieces of the fused recurrent nodes (<see cref="LstmSequenceNode"/>, <see cref="GruSequenceNode"/>,
/// <see cref="SimpleRnnSequenceNode"/>): activations and their derivatives as device kernels writing into given
/// views, sub-views of time/batch-major buffers, and the argument checks. Nothing here records autograd nodes.
/// </summary>
internal static class RecurrentKernels
{
    /// <summary>The fused activation with a Keras name, or null when the name needs the autograd path.</summary>
    public static FusedActivation? FromName(string name) => name switch
    {
        "linear" => FusedActivation.Linear,
        "tanh" => FusedActivation.Tanh,
        "sigmoid" => FusedActivation.Sigmoid,
        "relu" => FusedActivation.Relu,
        _ => null,
    };

    /// <summary>y = f(x) (x and y may be the same view).</summary>
    public static void Activate(Device d, FusedActivation f, in StridedView x, in StridedView y)
    {
        switch (f)
        {
            case FusedActivation.Tanh: d.Unary(UnaryOp.Tanh, x, y); break;
            case FusedActivation.Sigmoid: d.Unary(UnaryOp.Sigmoid, x, y); break;
            case FusedActivation.Relu: d.Unary(UnaryOp.Relu, x, y); break;
            default:
                if (!SameView(x, y)) d.Copy(x, y);
                break;
        }
    }

    /// <summary>dst = g · f′ expressed through the output y = f(x) (dst may alias g).</summary>
    public static void Derivative(Device d, FusedActivation f, in StridedView y, in StridedView g, in StridedView dst)
    {
        switch (f)
        {
            case FusedActivation.Tanh: DerivativeKernels.Run(d, ActivationDerivative.TanhFromOutput, y, g, dst); break;
            case FusedActivation.Sigmoid: DerivativeKernels.Run(d, ActivationDerivative.SigmoidFromOutput, y, g, dst); break;
            case FusedActivation.Relu: DerivativeKernels.Run(d, ActivationDerivative.Relu, y, g, dst); break;
            default:
                if (!SameView(g, dst)) d.Copy(g, dst);
                break;
        }
    }

    /// <summary>True when the view's last axis is dense (stride 1, or of length ≤ 1): the layout the fused
    /// recurrent kernels take.</summary>
    public static bool DenseLastAxis(in StridedView v) => v.Shape[^1] <= 1 || v.Strides[v.Strides.Rank - 1] == 1;

    private static bool SameView(in StridedView a, in StridedView b) =>
        ReferenceEquals(a.Storage, b.Storage) && a.Offset == b.Offset && a.Strides == b.Strides;

    /// <summary>Index <paramref name="index"/> of axis <paramref name="axis"/>, dropping the axis.</summary>
    public static StridedView At(in StridedView v, int axis, int index)
    {
        Span<int> shape = stackalloc int[Shape.MaxRank];
        Span<int> strides = stackalloc int[Shape.MaxRank];
        int r = 0;
        for (int i = 0; i < v.Shape.Rank; i++)
        {
            if (i == axis) continue;
            shape[r] = v.Shape[i];
            strides[r++] = v.Strides[i];
        }
        return new StridedView(v.Storage, v.Offset + index * v.Strides[axis], new Shape(shape[..r]), new Strides(strides[..r]));
    }

    /// <summary>A (rows) vector seen as (rows, width) with the columns repeated (stride 0).</summary>
    public static StridedView Repeat(in StridedView column, int width) =>
        new(column.Storage, column.Offset, new Shape(column.Shape[0], width), new Strides(column.Strides[0], 0));

    /// <summary>A one-element tensor seen as (rows, cols) (all strides 0).</summary>
    public static StridedView Broadcast(Tensor scalar, int rows, int cols)
    {
        var v = scalar.View;
        return new StridedView(v.Storage, v.Offset, new Shape(rows, cols), new Strides(0, 0));
    }

    /// <summary>The matrix transpose of a rank-2 view.</summary>
    public static StridedView Transposed(in StridedView v) =>
        new(v.Storage, v.Offset, new Shape(v.Shape[1], v.Shape[0]), new Strides(v.Strides[1], v.Strides[0]));

    /// <summary>Elements [start, start + length) of axis <paramref name="axis"/>.</summary>
    public static StridedView Slice(in StridedView v, int axis, int start, int length) =>
        new(v.Storage, v.Offset + start * v.Strides[axis], v.Shape.With(axis, length), v.Strides);

    /// <summary>Projected inputs (batch, time, gates·units) seen gate-major as (gates, time, batch, units), no copy.</summary>
    public static StridedView GateMajor(in StridedView xz, int gates)
    {
        int u = xz.Shape[2] / gates;
        return new StridedView(xz.Storage, xz.Offset, new Shape(gates, xz.Shape[1], xz.Shape[0], u),
            new Strides(u * xz.Strides[2], xz.Strides[1], xz.Strides[0], xz.Strides[2]));
    }

    /// <summary>A kernel (rows, gates·units) seen as its gate blocks (gates, rows, units), no copy.</summary>
    public static StridedView GateBlocks(in StridedView kernel, int gates)
    {
        int u = kernel.Shape[1] / gates;
        return new StridedView(kernel.Storage, kernel.Offset, new Shape(gates, kernel.Shape[0], u),
            new Strides(u * kernel.Strides[1], kernel.Strides[0], kernel.Strides[1]));
    }

    /// <summary>A view repeated <paramref name="count"/> times along a new leading axis (stride 0).</summary>
    public static StridedView Repeated(in StridedView v, int count)
    {
        Span<int> shape = stackalloc int[Shape.MaxRank];
        Span<int> strides = stackalloc int[Shape.MaxRank];
        shape[0] = count;
        strides[0] = 0;
        for (int i = 0; i < v.Shape.Rank; i++)
        {
            shape[i + 1] = v.Shape[i];
            strides[i + 1] = v.Strides[i];
        }
        return new StridedView(v.Storage, v.Offset, new Shape(shape[..(v.Shape.Rank + 1)]), new Strides(strides[..(v.Shape.Rank + 1)]));
    }

    /// <summary>A (d0, d1, d2) view seen as (d1, d0, d2) (batch-major to time-major, no copy).</summary>
    public static StridedView SwapLeading(in StridedView v) =>
        new(v.Storage, v.Offset, new Shape(v.Shape[1], v.Shape[0], v.Shape[2]), new Strides(v.Strides[1], v.Strides[0], v.Strides[2]));

    /// <summary>A (d0, d1, d2) view whose first two axes nest (stride0 = d1·stride1) seen as (d0·d1, d2).</summary>
    public static StridedView MergeLeading(in StridedView v)
    {
        if (v.Shape[0] > 1 && v.Strides[0] != v.Shape[1] * v.Strides[1])
            throw new InvalidOperationException($"RecurrentKernels: axes 0 and 1 of a view of shape {v.Shape} with strides {v.Strides} do not merge.");
        return new StridedView(v.Storage, v.Offset, new Shape(v.Shape[0] * v.Shape[1], v.Shape[2]), new Strides(v.Strides[1], v.Strides[2]));
    }

    /// <summary>A (g, d1, d2, u) view whose middle axes nest seen as (g, d1·d2, u).</summary>
    public static StridedView MergeInner(in StridedView v)
    {
        if (v.Shape[1] > 1 && v.Strides[1] != v.Shape[2] * v.Strides[2])
            throw new InvalidOperationException($"RecurrentKernels: axes 1 and 2 of a view of shape {v.Shape} with strides {v.Strides} do not merge.");
        return new StridedView(v.Storage, v.Offset, new Shape(v.Shape[0], v.Shape[1] * v.Shape[2], v.Shape[3]),
            new Strides(v.Strides[0], v.Strides[2], v.Strides[3]));
    }

    /// <summary>The input time index processed at step k.</summary>
    public static int TimeAt(int k, int steps, bool goBackwards) => goBackwards ? steps - 1 - k : k;

    /// <summary>Checks the common arguments of a fused recurrence: xz (batch, time, gates·units) and the recurrent
    /// kernel (units, gates·units), states (batch, units), a mask (batch, time), one dtype and device.</summary>
    public static (int Batch, int Steps, int Units) Check(string op, int gates, Tensor xz, Tensor recurrentKernel, ReadOnlySpan<Tensor> states, Tensor? mask)
    {
        if (xz.Rank != 3)
            throw new ArgumentException($"{op}: projected inputs must have shape (batch, time, {gates}·units); got {xz.Shape}.");
        if (recurrentKernel.Rank != 2 || recurrentKernel.Shape[1] != gates * recurrentKernel.Shape[0])
            throw new ArgumentException($"{op}: the recurrent kernel must have shape (units, {gates}·units); got {recurrentKernel.Shape}.");
        int b = xz.Shape[0], t = xz.Shape[1], u = recurrentKernel.Shape[0];
        if (xz.Shape[2] != gates * u)
            throw new ArgumentException($"{op}: projected inputs of shape {xz.Shape} do not match a recurrent kernel of shape {recurrentKernel.Shape}.");
        if (t == 0) throw new ArgumentException($"{op}: needs at least one time step; got projected inputs of shape {xz.Shape}.");
        OpChecks.SameDeviceAndDType(op, xz, recurrentKernel);
        OpChecks.Floating(op, xz);
        foreach (var s in states)
        {
            OpChecks.SameDeviceAndDType(op, xz, s);
            if (s.Shape != new Shape(b, u))
                throw new ArgumentException($"{op}: a state must have shape ({b}, {u}); got {s.Shape}.");
        }
        if (mask is not null)
        {
            OpChecks.SameDeviceAndDType(op, xz, mask);
            if (mask.Shape != new Shape(b, t))
                throw new ArgumentException($"{op}: the mask must have shape ({b}, {t}); got {mask.Shape}.");
        }
        return (b, t, u);
    }
}
