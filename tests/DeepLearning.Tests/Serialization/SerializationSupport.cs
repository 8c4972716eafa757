using DeepLearning.Initializers;
using DeepLearning.Layers;
using DeepLearning.Models;

namespace DeepLearning.Tests.Serialization;

/// <summary>A user's custom layer: y = factor · γ ⊙ x with a trainable γ (features), Glorot-uniform.</summary>
internal sealed class Scale(double factor, string? name = null) : Layer(name)
{
    private Tensor? _gamma;

    public double Factor { get; } = factor;

    protected override void Build(Shape inputShape) => _gamma = AddWeight("gamma", [inputShape[-1]], Initializer.GlorotUniform);

    protected override Tensor Forward(Tensor input, CallContext context) => input * _gamma! * Factor;

    public override LayerConfig GetConfig() => base.GetConfig().Set("factor", Factor);

    public static Layer FromConfig(LayerConfig c) => new Scale(c.GetDouble("factor"), c.GetString("name"));
}

/// <summary>Adds N(0, σ²) noise drawn from <see cref="Generator.Default"/> in training (like GaussianNoise), so a
/// resumed run is only identical if the generator's state was restored.</summary>
internal sealed class Noise(double stddev, string? name = null) : Layer(name)
{
    public double Stddev { get; } = stddev;

    protected override Tensor Forward(Tensor input, CallContext context) =>
        context.Training ? input + Tensor.RandomNormal(input.Shape, 0, Stddev, input.DType) : input;

    public override LayerConfig GetConfig() => base.GetConfig().Set("stddev", Stddev);

    public static Layer FromConfig(LayerConfig c) => new Noise(c.GetDouble("stddev"), c.GetString("name"));
}

/// <summary>A subclassed model: two Dense towers on the same input, summed.</summary>
internal sealed class TwoTower : Model
{
    private readonly Dense _left, _right;

    public TwoTower(int units, string? name = null) : base(name)
    {
        Units = units;
        _left = new Dense(units, Activation.Tanh, name: "left");
        _right = new Dense(units, name: "right");
    }

    public int Units { get; }

    protected override IReadOnlyList<Tensor> Forward(IReadOnlyList<Tensor> inputs, CallContext context) =>
        [_left.Call(inputs[0]) + _right.Call(inputs[0])];

    public override LayerConfig GetConfig() => base.GetConfig().Set("units", Units);

    public static Layer FromConfig(LayerConfig c) => new TwoTower(c.GetInt("units"), c.GetString("name"));
}
