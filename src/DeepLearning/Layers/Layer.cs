using DeepLearning.Initializers;
using DeepLearning.Regularizers;

namespace DeepLearning.Layers;

/// <summary>
/// The base of every layer, following Keras's lifecycle: configuration in the constructor; weights created on
/// the first call from the input shape (<see cref="Build(Shape)"/>, which receives per-sample shapes, without the
/// batch axis); then <see cref="Call(Tensor, bool?, Tensor?)"/> runs <see cref="Forward(Tensor, CallContext)"/>.
/// </summary>
/// <remarks>
/// <para>The <c>training</c> flag is explicit, or inherited from the enclosing layer call, else false (there is no
/// global training flag). Trainable and non-trainable weights are separate lists; a layer whose
/// <see cref="Trainable"/> is false reports all its weights (and its sublayers') as non-trainable.</para>
/// <para>Calling a layer on a <see cref="SymbolicTensor"/> (from an <see cref="Input"/>) records a node of a
/// functional graph instead of computing: the output shape is found by running the layer once on a batch of one
/// zero example.</para>
/// <para>Masks: a layer that <see cref="SupportsMasking"/> passes its input's mask on; <see cref="ComputeMask"/>
/// can produce a new one (Embedding with maskZero). The mask travels on the output tensor
/// (<see cref="Tensor.Mask"/>), so the next layer and the loss pick it up, as in Keras.</para>
/// <para>Subclass to make a custom layer: create weights with <see cref="AddWeight"/> in
/// <see cref="Build(Shape)"/>, compute in <see cref="Forward(Tensor, CallContext)"/> with tensor ops (gradients come
/// for free), and override <see cref="GetConfig"/> plus a static <c>FromConfig(LayerConfig)</c> for saving.</para>
/// </remarks>
// Trimming keeps the public properties of every layer class: WeightOptions finds their regularizers and constraints.
[System.Diagnostics.CodeAnalysis.DynamicallyAccessedMembers(System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicProperties)]
public abstract class Layer
{
    [ThreadStatic] private static Stack<bool>? t_training;

    // Copy-on-write: a build (under _buildLock) replaces the array, so a reader on another thread (Weights, the
    // model's Device during a concurrent first Predict) always enumerates a complete snapshot.
    private Weight[] _weights = [];
    private Layer[] _layers = [];   // copy-on-write, as _weights
    private Devices.Device? _device;
    private readonly List<Tensor> _callLosses = [];
#if NET9_0_OR_GREATER
    private readonly Lock _buildLock = new();
#else
    private readonly object _buildLock = new();
#endif
    private Shape[]? _builtShapes;
    private Shape[]? _outputShapes;
    private int _symbolicCalls;
    private bool _trainable = true;

    private sealed record Weight(string LocalName, Tensor Tensor, bool Trainable, Regularizer? Regularizer, Constraint? Constraint);

    /// <summary>Creates the layer; without a name, a unique snake-case one is derived from the class name.</summary>
    protected Layer(string? name = null) => Name = name ?? LayerNames.Unique(LayerNames.SnakeCase(GetType().Name));

    /// <summary>The layer's name (unique among automatically named layers).</summary>
    public string Name { get; }

    /// <summary>Whether the layer's weights are updated by training. Setting false freezes them (transfer learning):
    /// no gradient is computed for them, and the setting propagates to sublayers (Keras 3).</summary>
    public bool Trainable
    {
        get => _trainable;
        set
        {
            _trainable = value;
            foreach (var w in _weights) w.Tensor.RequiresGrad = value && w.Trainable;
            foreach (var layer in _layers) layer.Trainable = value;
        }
    }

    /// <summary>True once the weights exist.</summary>
    public bool Built => _builtShapes is not null;

    /// <summary>The per-sample input shapes the layer was built for (null before the first call).</summary>
    public IReadOnlyList<Shape>? BuiltInputShapes => _builtShapes;

    /// <summary>The per-sample output shapes of the first call (null before it): what a model summary prints.</summary>
    public IReadOnlyList<Shape>? OutputShapes => _outputShapes;

    /// <summary>The dtype of the weights: set it before the first call, else it is taken from the first floating
    /// input (float32 for integer inputs). Feeding float64 inputs builds a float64 layer (for GradCheck).</summary>
    public DType? DType { get; set; }

    /// <summary>An optional penalty on the layer's output, added to <see cref="Losses"/> at every call (Keras 3: not
    /// divided by the batch size).</summary>
    public Regularizer? ActivityRegularizer { get; set; }

    /// <summary>Whether later calls must keep the rank and last dimension of the inputs the weights were built for
    /// (true for feature-axis layers such as Dense or LSTM; Embedding, whose last axis is positions, turns it off).</summary>
    protected virtual bool ChecksInputFeatures => true;

    /// <summary>True when the layer passes its input mask on unchanged (element-wise layers, Dense on 3-D input, …).</summary>
    protected virtual bool SupportsMasking => false;

    /// <summary>All weights in creation order (own first, then sublayers'), trainable or not.</summary>
    public IReadOnlyList<Tensor> Weights
    {
        get
        {
            var all = _weights.Select(w => w.Tensor).ToList();
            foreach (var layer in _layers) all.AddRange(layer.Weights);
            return all;
        }
    }

    /// <summary>The weights training updates: none when the layer is frozen.</summary>
    public IReadOnlyList<Tensor> TrainableWeights
    {
        get
        {
            if (!Trainable) return [];
            var list = _weights.Where(w => w.Trainable).Select(w => w.Tensor).ToList();
            foreach (var layer in _layers) list.AddRange(layer.TrainableWeights);
            return list;
        }
    }

    /// <summary>The weights training leaves alone: state such as BatchNormalization's moving statistics, and every
    /// weight of a frozen layer.</summary>
    public IReadOnlyList<Tensor> NonTrainableWeights
    {
        get
        {
            var list = _weights.Where(w => !w.Trainable || !Trainable).Select(w => w.Tensor).ToList();
            foreach (var layer in _layers) list.AddRange(Trainable ? layer.NonTrainableWeights : layer.Weights);
            return list;
        }
    }

    /// <summary>The sublayers this layer tracks (wrappers, nested models).</summary>
    public IReadOnlyList<Layer> Layers => _layers;

    /// <summary>Number of scalar weights (trainable and not).</summary>
    public long CountParams() => Weights.Sum(w => (long)w.ElementCount);

    /// <summary>Creates a weight (persistent, on the compute dtype and on the device given to <see cref="To"/>, else
    /// <see cref="Devices.Device.Default"/>).</summary>
    /// <param name="name">Local name, e.g. "kernel"; the tensor is named "layer/kernel".</param>
    /// <param name="shape">Its shape.</param>
    /// <param name="initializer">Its initial values.</param>
    /// <param name="trainable">False for state updated outside the optimizer (moving averages).</param>
    /// <param name="regularizer">A penalty added to <see cref="Losses"/>.</param>
    /// <param name="constraint">A projection applied by <see cref="ApplyConstraints"/> after each optimizer step.</param>
    protected Tensor AddWeight(string name, Shape shape, Initializer initializer, bool trainable = true,
        Regularizer? regularizer = null, Constraint? constraint = null)
    {
        Serialization.LoadGuard.CheckWeight(Name, name, shape);
        var dtype = DType ?? DeepLearning.DType.Float32;
        Tensor t;
        using (TensorScope.Persistent())
        using (Tensor.NoGrad())
            t = Serialization.LoadGuard.ShapeOnlyDevice is { } meta ? Tensor.Empty(shape, dtype, meta) : initializer.Create(shape, dtype, _device);
        t.RequiresGrad = trainable && Trainable;
        t.Name = $"{Name}/{name}";
        Volatile.Write(ref _weights, [.. _weights, new Weight(name, t, trainable, regularizer, constraint)]);
        return t;
    }

    /// <summary>Registers a sublayer so its weights, losses and constraints are part of this layer's.</summary>
    protected T Track<T>(T layer) where T : Layer
    {
        if (!_layers.Contains(layer)) Volatile.Write(ref _layers, [.. _layers, layer]);
        if (_device is not null) layer.AssignDevice(_device);
        return layer;
    }

    /// <summary>Moves every weight of this layer (and its sublayers) to <paramref name="device"/>; layers and models keep
    /// their weight objects, so a model moved to a device keeps working (Keras/PyTorch's <c>model.to(device)</c>).
    /// The device is remembered: weights created later (a layer built on its first call after this, or a sublayer
    /// tracked later) are created on it.</summary>
    /// <returns>This layer.</returns>
    public virtual Layer To(Devices.Device device)
    {
        ArgumentNullException.ThrowIfNull(device);
        AssignDevice(device);
        foreach (var w in Weights) w.MoveTo(device);
        return this;
    }

    /// <summary>The device given to <see cref="To"/> (directly or through an enclosing layer), or null.</summary>
    internal Devices.Device? AssignedDevice => _device;

    private void AssignDevice(Devices.Device device)
    {
        _device = device;
        foreach (var layer in _layers) layer.AssignDevice(device);
    }

    /// <summary>Regularization losses: weight penalties (recomputed now) and activity penalties of the last call,
    /// including sublayers'. The model adds their sum to the training loss.</summary>
    public IReadOnlyList<Tensor> Losses
    {
        get
        {
            var list = new List<Tensor>();
            foreach (var w in _weights)
                if (w.Regularizer is not null) list.Add(w.Regularizer.Penalty(w.Tensor));
            list.AddRange(_callLosses.Where(l => l.IsAlive));
            foreach (var layer in _layers) list.AddRange(layer.Losses);
            return list;
        }
    }

    /// <summary>Adds a loss computed during the current call (cleared at the next call of this layer).</summary>
    protected void AddLoss(Tensor loss) => _callLosses.Add(loss);

    /// <summary>Projects every constrained weight (after an optimizer step).</summary>
    public void ApplyConstraints()
    {
        using var noGrad = Tensor.NoGrad();
        foreach (var w in _weights)
            if (w.Constraint is not null)
            {
                using var scope = TensorScope.Begin();
                w.Tensor.Assign(w.Constraint.Apply(w.Tensor));
            }
        foreach (var layer in _layers) layer.ApplyConstraints();
    }

    /// <summary>Runs the layer on one input (building it on the first call).</summary>
    /// <param name="input">A batch: the first axis is the batch.</param>
    /// <param name="training">Training mode (dropout active, batch statistics); null inherits the enclosing call's.</param>
    /// <param name="mask">A mask for the input; null uses <see cref="Tensor.Mask"/> of the input.</param>
    /// <exception cref="ArgumentException">The input shape does not fit the layer; the message names the layer and the shapes.</exception>
    public Tensor Call(Tensor input, bool? training = null, Tensor? mask = null) =>
        Invoke([input], training, mask is null ? null : [mask])[0];

    /// <summary>Runs a layer with several inputs (Add, Concatenate, attention, …).</summary>
    public Tensor Call(Tensor first, Tensor second, params Tensor[] rest) => Invoke([first, second, .. rest], null, null)[0];

    /// <summary>Runs the layer on a list of inputs.</summary>
    public Tensor Call(IReadOnlyList<Tensor> inputs, bool? training = null) => Invoke(inputs, training, null)[0];

    /// <summary>Runs a layer that has several outputs (e.g. a recurrent layer returning its states) and returns them all.</summary>
    public IReadOnlyList<Tensor> CallMultiple(IReadOnlyList<Tensor> inputs, bool? training = null, IReadOnlyList<Tensor?>? masks = null) =>
        Invoke(inputs, training, masks);

    /// <summary>Records the layer in a functional graph and returns its symbolic output.</summary>
    public SymbolicTensor Call(SymbolicTensor input) => InvokeSymbolic([input])[0];

    /// <summary>Records a layer with several inputs in a functional graph.</summary>
    public SymbolicTensor Call(SymbolicTensor first, SymbolicTensor second, params SymbolicTensor[] rest) =>
        InvokeSymbolic([first, second, .. rest])[0];

    /// <summary>Records the layer on a list of symbolic inputs.</summary>
    public SymbolicTensor Call(IReadOnlyList<SymbolicTensor> inputs) => InvokeSymbolic(inputs)[0];

    /// <summary>Records a layer with several outputs in a functional graph and returns them all.</summary>
    public IReadOnlyList<SymbolicTensor> CallMultiple(IReadOnlyList<SymbolicTensor> inputs) => InvokeSymbolic(inputs);

    /// <summary>The training flag a call without an explicit one inherits (false outside any call).</summary>
    public static bool CurrentTraining => t_training is { Count: > 0 } s && s.Peek();

    /// <summary>The eager call path shared by every public overload.</summary>
    internal IReadOnlyList<Tensor> Invoke(IReadOnlyList<Tensor> inputs, bool? training, IReadOnlyList<Tensor?>? masks)
    {
        if (inputs.Count == 0) throw new ArgumentException($"{Name}: called with no inputs.");
        var shapes = new Shape[inputs.Count];
        for (int i = 0; i < inputs.Count; i++)
        {
            var x = inputs[i] ?? throw new ArgumentNullException(nameof(inputs), $"{Name}: input {i} is null.");
            _ = x.View; // throws if the buffer was released
            if (x.Rank == 0) throw new ArgumentException($"{Name}: inputs need a batch axis; input {i} is a scalar.");
            shapes[i] = SampleShape(x.Shape);
        }
        EnsureBuilt(shapes, inputs[0].DType);
        var inputMasks = masks ?? inputs.Select(x => x.Mask).ToArray();
        bool mode = training ?? CurrentTraining;
        _callLosses.Clear();
        var stack = t_training ??= new Stack<bool>();
        stack.Push(mode);
        IReadOnlyList<Tensor> outputs;
        try
        {
            outputs = Forward(inputs, new CallContext(mode, inputMasks));
        }
        finally
        {
            stack.Pop();
        }
        _outputShapes ??= outputs.Select(o => SampleShape(o.Shape)).ToArray();
        if (outputs.Count == 1 && !OutputCarriesMask)
        {
            var mask = ComputeMask(inputs, inputMasks);
            if (mask is not null || !ReferenceEquals(outputs[0], inputs[0])) outputs[0].Mask = mask;
        }
        if (ActivityRegularizer is not null)
            foreach (var o in outputs) AddLoss(ActivityRegularizer.Penalty(o));
        return outputs;
    }

    private IReadOnlyList<SymbolicTensor> InvokeSymbolic(IReadOnlyList<SymbolicTensor> inputs)
    {
        if (inputs.Count == 0) throw new ArgumentException($"{Name}: called with no inputs.");
        using var scope = TensorScope.Begin();
        using var noGrad = Tensor.NoGrad();
        var dummies = new Tensor[inputs.Count];
        for (int i = 0; i < inputs.Count; i++)
        {
            var s = inputs[i] ?? throw new ArgumentNullException(nameof(inputs), $"{Name}: symbolic input {i} is null.");
            Serialization.LoadGuard.CheckSample(s.Shape, $"layer '{Name}' (input {i})");
            dummies[i] = Tensor.Zeros([1, .. s.Shape], s.DType);
            if (s.HasMask) dummies[i].Mask = Tensor.Ones([1, .. s.Shape.ToArray()[..s.MaskRank]], DeepLearning.DType.Float32);
        }
        var outputs = Invoke(dummies, false, null);
        var node = new SymbolicNode(this, [.. inputs]) { Index = _symbolicCalls++ };
        var result = new SymbolicTensor[outputs.Count];
        for (int i = 0; i < outputs.Count; i++)
            result[i] = new SymbolicTensor(SampleShape(outputs[i].Shape), outputs[i].DType, node, i, outputs[i].Mask is { } m ? m.Rank - 1 : -1);
        node.Outputs = result;
        return result;
    }

    /// <summary>Builds on the first call. Concurrent first calls (eight threads making a model's first Predict) are
    /// serialised by a per-layer lock, so the layer is built once and every caller sees it complete: the build's
    /// writes happen before <see cref="_builtShapes"/> is published.</summary>
    private void EnsureBuilt(Shape[] shapes, DType inputDType)
    {
        var builtShapes = Volatile.Read(ref _builtShapes);
        if (builtShapes is null)
        {
            lock (_buildLock)
            {
                builtShapes = _builtShapes;
                if (builtShapes is null)
                {
                    DType ??= inputDType.IsFloating() ? inputDType : DeepLearning.DType.Float32;
                    using (TensorScope.Persistent())
                    using (Tensor.NoGrad())
                        Build(shapes);
                    Volatile.Write(ref _builtShapes, shapes);
                    return;
                }
            }
        }
        if (_weights.Length == 0 || !ChecksInputFeatures) return;
        for (int i = 0; i < Math.Min(shapes.Length, builtShapes.Length); i++)
        {
            var built = builtShapes[i];
            var s = shapes[i];
            if (s.Rank != built.Rank || (s.Rank > 0 && s[-1] != built[-1]))
                throw new ArgumentException($"{Name}: built for inputs of shape (None, {string.Join(", ", built)}), called with shape (None, {string.Join(", ", s)}).");
        }
    }

    private static Shape SampleShape(Shape s)
    {
        var d = s.ToArray();
        return new Shape(d.AsSpan(1));
    }

    /// <summary>Creates the weights for inputs of these per-sample shapes. The default calls
    /// <see cref="Build(Shape)"/> for a single input.</summary>
    protected virtual void Build(IReadOnlyList<Shape> inputShapes)
    {
        if (inputShapes.Count == 1) Build(inputShapes[0]);
    }

    /// <summary>Creates the weights for inputs of this per-sample shape (no batch axis).</summary>
    protected virtual void Build(Shape inputShape) { }

    /// <summary>The computation for a list of inputs. The default handles one input with
    /// <see cref="Forward(Tensor, CallContext)"/>.</summary>
    /// <exception cref="ArgumentException">More than one input reached a single-input layer.</exception>
    protected virtual IReadOnlyList<Tensor> Forward(IReadOnlyList<Tensor> inputs, CallContext context)
    {
        if (inputs.Count != 1) throw new ArgumentException($"{Name}: takes one input; got {inputs.Count}.");
        return [Forward(inputs[0], context)];
    }

    /// <summary>The computation for one input (override this or the list form).</summary>
    protected virtual Tensor Forward(Tensor input, CallContext context) =>
        throw new NotImplementedException($"{GetType().Name} must override Forward.");

    /// <summary>True for a layer whose <see cref="Forward(IReadOnlyList{Tensor}, CallContext)"/> runs other layers that
    /// already set the output's mask (a model): the mask they leave on the output is kept, not recomputed, as Keras 3
    /// keeps the <c>_keras_mask</c> its inner layers set. False by default.</summary>
    private protected virtual bool OutputCarriesMask => false;

    /// <summary>The mask of the output: by default the first input's mask when <see cref="SupportsMasking"/>, else none.</summary>
    protected virtual Tensor? ComputeMask(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> masks) =>
        SupportsMasking && masks.Count > 0 ? masks[0] : null;

    /// <summary>The constructor arguments as data (base: name and trainable). Overrides add their own entries.</summary>
    public virtual LayerConfig GetConfig() => new LayerConfig().Set("name", Name).Set("trainable", Trainable);

    /// <inheritdoc />
    public override string ToString() => $"{GetType().Name}('{Name}')";
}

/// <summary>What a layer's <c>Forward</c> receives besides its inputs.</summary>
/// <param name="Training">Training mode: dropout active, batch statistics used.</param>
/// <param name="Masks">One mask (or null) per input.</param>
public readonly record struct CallContext(bool Training, IReadOnlyList<Tensor?> Masks)
{
    /// <summary>The first input's mask.</summary>
    public Tensor? Mask => Masks.Count > 0 ? Masks[0] : null;
}
