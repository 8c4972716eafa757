namespace DeepLearning.Layers;

/// <summary>
/// The entry of a model: declares the per-sample shape (and dtype) of an input. As the first item of a
/// <c>Sequential</c> it fixes the input shape so the model is built at once; in the functional API it converts to
/// the <see cref="SymbolicTensor"/> that layers are called on: <c>var x = new Dense(8).Call(input)</c>.
/// Keras's <c>keras.Input</c> and <c>InputLayer</c>.
/// </summary>
public sealed class Input : Layer
{
    /// <summary>An input of per-sample shape <paramref name="shape"/> (float32).</summary>
    public Input(params int[] shape) : this(new Shape(shape)) { }

    /// <summary>An input of per-sample shape <paramref name="shape"/> and a dtype.</summary>
    public Input(Shape shape, DType dtype = DeepLearning.DType.Float32, string? name = null) : base(name ?? NextName())
    {
        Shape = shape;
        InputDType = dtype;
        var node = new SymbolicNode(this, []);
        Output = new SymbolicTensor(shape, dtype, node, 0);
        node.Outputs = [Output];
    }

    private static string NextName() => LayerNames.Unique("input_layer");

    /// <summary>The per-sample shape.</summary>
    public Shape Shape { get; }

    /// <summary>The dtype of the input.</summary>
    public DType InputDType { get; }

    /// <summary>The symbolic value this input provides.</summary>
    public SymbolicTensor Output { get; }

    /// <summary>An input stands for its symbolic value: <c>layer.Call(input)</c>.</summary>
    public static implicit operator SymbolicTensor(Input input) => input.Output;

    /// <inheritdoc />
    protected override Tensor Forward(Tensor input, CallContext context)
    {
        var sample = input.Shape.ToArray()[1..];
        if (!sample.SequenceEqual(Shape.ToArray()) || input.DType != InputDType)
            throw new ArgumentException($"{Name}: expected inputs of shape (None, {string.Join(", ", Shape)}) and dtype {InputDType}; got {input.Shape} ({input.DType}).");
        return input;
    }

    /// <inheritdoc />
    protected override bool SupportsMasking => true;

    /// <inheritdoc />
    public override LayerConfig GetConfig() => base.GetConfig().Set("shape", Shape).Set("dtype", InputDType.ToNumPyName());

    /// <summary>Rebuilds the layer from <see cref="GetConfig"/>.</summary>
    public static Layer FromConfig(LayerConfig config) =>
        new Input(config.GetInts("shape"), ParseDType(config.GetString("dtype", "float32")), config.GetString("name"));

    private static DType ParseDType(string s) => s switch
    {
        "float64" => DeepLearning.DType.Float64,
        "int32" => DeepLearning.DType.Int32,
        _ => DeepLearning.DType.Float32,
    };
}
