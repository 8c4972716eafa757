using DeepLearning.Layers;

namespace DeepLearning.Models;

/// <summary>
/// A plain stack of layers, each fed the previous one's output (Keras's Sequential). With an <see cref="Input"/>
/// first, the model is built at once (shapes known, <c>Summary()</c> works); without one, it is built from the first
/// batch it sees. Masks travel from layer to layer. When no gradient is recorded (Predict, or inside
/// <see cref="Tensor.NoGrad"/>), a <see cref="Conv2D"/> followed by a pooling layer runs as one fused device kernel
/// (convolution, bias, activation and pooling), with the same result to float rounding.
/// </summary>
public sealed class Sequential : Model
{
    private readonly List<Layer> _stack = [];
    private Input? _input;
    private SymbolicTensor? _output;

    /// <summary>A model from a list of layers (an <see cref="Input"/> may come first).</summary>
    public Sequential(params Layer[] layers) : this(layers, null) { }

    /// <summary>A named model from a list of layers.</summary>
    public Sequential(IEnumerable<Layer> layers, string? name) : base(name)
    {
        foreach (var layer in layers) Add(layer);
    }

    /// <summary>Appends a layer (Keras's add). With a known input shape the layer is built at once, so a shape
    /// error surfaces here, naming the layer and the shapes.</summary>
    /// <exception cref="ArgumentException">An Input after the first position, or the layer does not fit the current output shape.</exception>
    public void Add(Layer layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (layer is Input input)
        {
            if (_stack.Count > 0 || _input is not null)
                throw new ArgumentException($"Sequential '{Name}': an Input can only be the first layer.");
            _input = input;
            _output = input.Output;
            return;
        }
        if (_output is not null) _output = layer.Call(_output);
        _stack.Add(layer);
        Track(layer);
    }

    /// <summary>The layers after the input, in order.</summary>
    public IReadOnlyList<Layer> StackedLayers => _stack;

    /// <inheritdoc />
    public override IReadOnlyList<SymbolicTensor>? SymbolicInputs => _input is null ? null : [_input.Output];

    /// <inheritdoc />
    public override IReadOnlyList<SymbolicTensor>? SymbolicOutputs => _output is null ? null : [_output];

    /// <summary>The declared input, if any.</summary>
    public Input? Input => _input;

    /// <inheritdoc />
    protected override IReadOnlyList<Tensor> Forward(IReadOnlyList<Tensor> inputs, CallContext context)
    {
        if (inputs.Count != 1) throw new ArgumentException($"Sequential '{Name}': takes one input; got {inputs.Count}.");
        if (_stack.Count == 0) throw new InvalidOperationException($"Sequential '{Name}': has no layers.");
        var x = _input is null ? inputs[0] : _input.Call(inputs[0]);
        for (int i = 0; i < _stack.Count; i++)
        {
            // At inference a convolution and the pooling after it run as one kernel (see Conv2D.TryCallPooled).
            if (i + 1 < _stack.Count && _stack[i] is Conv2D conv && _stack[i + 1] is Pooling2D pool && conv.TryCallPooled(x, pool, out var pooled))
            {
                x = pooled;
                i++;
                continue;
            }
            x = _stack[i].Call(x, context.Training);
        }
        return [x];
    }
}
