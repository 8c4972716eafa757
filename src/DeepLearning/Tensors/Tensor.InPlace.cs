using DeepLearning.Devices;

namespace DeepLearning;

public sealed partial class Tensor
{
    /// <summary>Sets every element to <paramref name="value"/> in place.</summary>
    /// <exception cref="InvalidOperationException">The tensor requires a gradient while recording.</exception>
    public Tensor Fill(double value)
    {
        CheckInPlace("Fill");
        Device.Fill(View, value);
        MarkModified();
        return this;
    }

    /// <summary>Copies <paramref name="source"/> (broadcast to this shape, any dtype) into this tensor in place.</summary>
    /// <exception cref="ArgumentException">The source cannot be broadcast to this shape or is on another device.</exception>
    public Tensor Assign(Tensor source)
    {
        CheckInPlace("Assign");
        if (source.Device != Device)
            throw new ArgumentException($"Assign: source is on {source.Device}, this tensor on {Device}.");
        Device.Copy(source.BroadcastView(_shape), View);
        MarkModified();
        return this;
    }

    /// <summary>this += alpha·other, in place (other broadcast to this shape). The building block of optimizer updates.</summary>
    /// <exception cref="ArgumentException">Dtype, device or shape mismatch.</exception>
    public Tensor AddInPlace(Tensor other, double alpha = 1)
    {
        CheckInPlace("AddInPlace");
        Autograd.Ops.OpChecks.SameDeviceAndDType("AddInPlace", this, other);
        var v = View;
        var o = other.BroadcastView(_shape);
        if (alpha == 1)
        {
            Device.Binary(BinaryOp.Add, v, o, v);
        }
        else if (DType.IsFloating())
        {
            Device.Binary(BinaryOp.AddScaled, v, o, v, alpha);
        }
        else
        {
            using var scope = TensorScope.Begin();
            var scaled = EmptyLike(_shape);
            Device.Unary(UnaryOp.MulScalar, o, scaled.View, Autograd.Ops.OpChecks.Scalar("AddInPlace", this, alpha));
            Device.Binary(BinaryOp.Add, v, scaled.View, v);
        }
        MarkModified();
        return this;
    }

    /// <summary>this ·= s, in place.</summary>
    public Tensor MulInPlace(double s)
    {
        CheckInPlace("MulInPlace");
        var v = View;
        Device.Unary(UnaryOp.MulScalar, v, v, s);
        MarkModified();
        return this;
    }
}
