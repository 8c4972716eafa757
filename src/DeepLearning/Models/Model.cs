using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using DeepLearning.Layers;

namespace DeepLearning.Models;

/// <summary>
/// A layer made of layers, with Keras's training API. Three ways to build one, as in Keras:
/// the functional API — <c>new Model(inputs, outputs)</c> from symbolic tensors, any DAG, several inputs and
/// outputs, shared layers —; <see cref="Sequential"/>; or a subclass that creates layers in its constructor and
/// overrides <c>Forward</c> (layers held in fields are tracked automatically on the first call). A model is a
/// layer, so models nest.
/// </summary>
// Trimming keeps the fields of every model class (and, the annotation being inherited, of every class between a
// subclassed model and Model): TrackFields reads them.
[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicFields | DynamicallyAccessedMemberTypes.NonPublicFields | DynamicallyAccessedMemberTypes.PublicProperties)]
public partial class Model : Layer
{
    private readonly FunctionalGraph? _graph;

    /// <summary>A functional model with one input and one output.</summary>
    public Model(SymbolicTensor input, SymbolicTensor output, string? name = null) : this([input], [output], name) { }

    /// <summary>A functional model from its symbolic inputs and outputs.</summary>
    /// <exception cref="ArgumentException">An input is not an <see cref="Input"/>'s output, or an output depends on
    /// an input that is not given (the message names it).</exception>
    public Model(IReadOnlyList<SymbolicTensor> inputs, IReadOnlyList<SymbolicTensor> outputs, string? name = null) : base(name)
    {
        _graph = FunctionalGraph.Create(inputs, outputs, Name);
        foreach (var layer in _graph.Layers) Track(layer);
    }

    /// <summary>For <see cref="Sequential"/> and subclassed models.</summary>
    protected Model(string? name = null) : base(name) { }

    /// <summary>A model's output keeps the mask its layers computed (Embedding with maskZero → LSTM → Dense leaves the
    /// (batch, steps) mask on the output), so that <see cref="Fit(Tensor, Tensor, int, int, double, ValueTuple{Tensor, Tensor}?, IReadOnlyList{Callbacks.Callback}?, int, CancellationToken)"/>
    /// and Evaluate weight the loss and metrics by it.</summary>
    private protected override bool OutputCarriesMask => true;

    /// <summary>The symbolic inputs (functional models and built Sequential models with an Input).</summary>
    public virtual IReadOnlyList<SymbolicTensor>? SymbolicInputs => _graph?.Inputs;

    /// <summary>The symbolic outputs.</summary>
    public virtual IReadOnlyList<SymbolicTensor>? SymbolicOutputs => _graph?.Outputs;

    /// <summary>The layer with this name.</summary>
    /// <exception cref="ArgumentException">No layer has the name; the message lists the names.</exception>
    public Layer GetLayer(string name) => Layers.FirstOrDefault(l => l.Name == name)
        ?? throw new ArgumentException($"Model '{Name}': no layer named '{name}'. Layers: {string.Join(", ", Layers.Select(l => l.Name))}.");

    /// <summary>The layer at this position of <see cref="Layer.Layers"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is outside the layer list.</exception>
    public Layer GetLayer(int index) => index >= 0 && index < Layers.Count ? Layers[index]
        : throw new ArgumentOutOfRangeException(nameof(index), index, $"Model '{Name}': has {Layers.Count} layers.");

    /// <summary>The device of the model's weights (before they exist: the device given to <see cref="To"/>, else
    /// <see cref="Devices.Device.Default"/>); batches given to Fit, Evaluate and Predict are moved there.</summary>
    public Devices.Device Device => Weights.Count > 0 ? Weights[0].Device : AssignedDevice ?? Devices.Device.Default;

    /// <summary>Moves the weights and the optimizer's state to <paramref name="device"/>.</summary>
    /// <returns>This model.</returns>
    public override Layer To(Devices.Device device)
    {
        base.To(device);
        Optimizer?.MoveStateTo(device);
        return this;
    }

    /// <summary>Copies of every weight, in <see cref="Layer.Weights"/> order (Keras's get_weights).</summary>
    public IReadOnlyList<Tensor> GetWeights()
    {
        using var persistent = TensorScope.Persistent();
        using var noGrad = Tensor.NoGrad();
        return Weights.Select(w => w.Detach().Clone()).ToArray();
    }

    /// <summary>Overwrites every weight, in <see cref="Layer.Weights"/> order (Keras's set_weights).</summary>
    /// <exception cref="ArgumentException">The count or a shape differs; the message names the weight.</exception>
    public void SetWeights(IReadOnlyList<Tensor> values)
    {
        var weights = Weights;
        if (values.Count != weights.Count)
            throw new ArgumentException($"Model '{Name}': SetWeights got {values.Count} tensors for {weights.Count} weights.");
        for (int i = 0; i < weights.Count; i++)
            if (values[i].Shape != weights[i].Shape)
                throw new ArgumentException($"Model '{Name}': weight {i} '{weights[i].Name}' has shape {weights[i].Shape}; got {values[i].Shape}.");
        using var noGrad = Tensor.NoGrad();
        for (int i = 0; i < weights.Count; i++) weights[i].Assign(values[i].Cast(weights[i].DType).To(weights[i].Device));
    }

    /// <inheritdoc />
    protected override void Build(IReadOnlyList<Shape> inputShapes)
    {
        if (_graph is null && this is not Sequential) TrackFields();
    }

    /// <inheritdoc />
    protected override IReadOnlyList<Tensor> Forward(IReadOnlyList<Tensor> inputs, CallContext context)
    {
        if (_graph is null)
            throw new NotImplementedException($"{GetType().Name} must override Forward (a subclassed model), or be built from inputs and outputs.");
        return _graph.Run(inputs, context.Training, Name);
    }

    /// <summary>Tracks the layers a subclassed model keeps in fields (including arrays and lists of layers), in
    /// declaration order, as Keras tracks attributes.</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "Model's DynamicallyAccessedMembers annotation applies to every derived type, so each class walked here (a subclass of Model) keeps its fields.")]
    private void TrackFields()
    {
        for (var type = GetType(); type is not null && type != typeof(Model); type = type.BaseType)
            foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                switch (field.GetValue(this))
                {
                    case Layer layer: Track(layer); break;
                    case IEnumerable<Layer> layers:
                        foreach (var l in layers) Track(l);
                        break;
                }
            }
    }
}
