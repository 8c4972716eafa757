using DeepLearning.Devices;

namespace DeepLearning.Metrics;

/// <summary>
/// One accumulator of a metric: a persistent float64 tensor (counts are exact to 2⁵³) created on the device of the
/// first update, inside <see cref="TensorScope.Persistent"/>, and updated in place with tensor ops, so that an update
/// never synchronises with the device; <see cref="Read"/> does, once per change: the values read are kept until the
/// next update. Inside a <see cref="DeviceReadout"/> (a training or test step) an update hands the state to the
/// step's one read, so reading the metric afterwards costs no transfer.
/// </summary>
internal sealed class MetricState(Shape shape)
{
    private Tensor? _value;
    private double[]? _host;
    /// <summary>The readout this state's values are queued in, so repeated updates within a step queue it once.</summary>
    private DeviceReadout? _queuedIn;

    /// <summary>The accumulator's shape.</summary>
    public Shape Shape => shape;

    /// <summary>state += batch (any floating dtype, broadcast to <see cref="Shape"/>), on batch's device. The state
    /// follows a new device (one copy) if the inputs move.</summary>
    public void Add(Tensor batch)
    {
        using var noGrad = Tensor.NoGrad();
        var target = Ensure(batch.Device);
        target.AddInPlace(batch.DType == DType.Float64 ? batch : batch.Cast(DType.Float64));
        _host = null;
        if (DeviceReadout.Current is { } readout && !ReferenceEquals(_queuedIn, readout))
        {
            _queuedIn = readout;
            readout.Add(target, values =>
            {
                _host = values.ToArray();
                _queuedIn = null;
            });
        }
    }

    /// <summary>state += value, on the given device.</summary>
    public void Add(double value, Device device)
    {
        using var noGrad = Tensor.NoGrad();
        Add(Tensor.Scalar(value, DType.Float64, device));
    }

    /// <summary>The values, read back from the device (zeros before the first update).</summary>
    public double[] Read() => (_host ??= _value?.ToArray<double>() ?? new double[shape.ElementCount]).ToArray();

    /// <summary>Replaces the values with their sum over the ranks (every rank calls it; zeros before the first update).</summary>
    public void AllReduce(Distributed.Communicator communicator)
    {
        var values = Read();
        communicator.AllReduce(values, Distributed.ReduceOperation.Sum);
        using var noGrad = Tensor.NoGrad();
        Ensure(_value?.Device ?? Device.Default).CopyFrom<double>(values);
        _host = values;
        _queuedIn = null;
    }

    /// <summary>Sets the accumulator to zero in place (its buffer is kept).</summary>
    public void Reset()
    {
        _value?.Fill(0);
        _host = new double[shape.ElementCount];
        _queuedIn = null;
    }

    private Tensor Ensure(Device device)
    {
        if (_value is not null && _value.Device == device) return _value;
        using (TensorScope.Persistent())
            _value = _value is null ? Tensor.Zeros(shape, DType.Float64, device) : _value.To(device).Clone();
        return _value;
    }
}
