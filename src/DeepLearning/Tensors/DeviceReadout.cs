using DeepLearning.Devices;

namespace DeepLearning;

/// <summary>Receives the host values of one part of a <see cref="DeviceReadout"/>.</summary>
internal delegate void ReadoutConsumer(ReadOnlySpan<double> values);

/// <summary>
/// The host values a training or test step needs (loss values, metric states, data checks such as the label
/// range), gathered on the device and read back together: one download per device per step instead of one per
/// value. While a readout is <see cref="Begin">open</see> on a thread, code that would read a value (a loss's label
/// check) hands the tensor and what to do with its values to <see cref="Current"/> instead; <see cref="Read"/>
/// concatenates the parts (as float64), downloads once and calls the consumers in the order they were added, so a
/// consumer that throws (a bad label) stops the step at that point.
/// </summary>
internal sealed class DeviceReadout
{
    [ThreadStatic] private static DeviceReadout? t_current;

    private readonly List<Tensor> _parts = [];
    private readonly List<ReadoutConsumer> _consumers = [];
    private DeviceReadout? _outer;

    /// <summary>The readout open on this thread, or null (then values are read at once).</summary>
    public static DeviceReadout? Current => t_current;

    /// <summary>Opens a readout on this thread; <see cref="End"/> closes it.</summary>
    public static DeviceReadout Begin()
    {
        var readout = new DeviceReadout { _outer = t_current };
        t_current = readout;
        return readout;
    }

    /// <summary>Closes this readout (parts not read are dropped).</summary>
    public void End()
    {
        if (ReferenceEquals(t_current, this)) t_current = _outer;
        _parts.Clear();
        _consumers.Clear();
    }

    /// <summary>Adds <paramref name="values"/> (any dtype and shape, read row-major) for <paramref name="consumer"/>.
    /// The tensor must stay alive until <see cref="Read"/>.</summary>
    public void Add(Tensor values, ReadoutConsumer consumer)
    {
        _parts.Add(values);
        _consumers.Add(consumer);
    }

    /// <summary>Reads every part with one download per device, then calls the consumers in order.</summary>
    public void Read()
    {
        if (_parts.Count == 0) return;
        var host = new double[_parts.Count][];
        var done = new bool[_parts.Count];
        for (int i = 0; i < _parts.Count; i++)
        {
            if (done[i]) continue;
            var device = _parts[i].Device;
            var group = new List<int>();
            for (int j = i; j < _parts.Count; j++)
                if (!done[j] && _parts[j].Device == device) group.Add(j);
            double[] all;
            using (TensorScope.Begin())
            using (Tensor.NoGrad())
                all = Tensor.Concat([.. group.Select(j => _parts[j].Reshape(-1).Cast(DType.Float64))]).ToArray<double>();
            int at = 0;
            foreach (int j in group)
            {
                int n = _parts[j].ElementCount;
                host[j] = all[at..(at + n)];
                at += n;
                done[j] = true;
            }
        }
        var consumers = _consumers.ToArray();
        _parts.Clear();
        _consumers.Clear();
        for (int i = 0; i < consumers.Length; i++) consumers[i](host[i]);
    }
}
