using DeepLearning.Activations;
using DeepLearning.Models;
using DeepLearning.Devices;
using DeepLearning.Layers;
using DeepLearning.Losses;
using DeepLearning.Optimizers;

namespace DeepLearning.Tests.Conformance;

/// <summary>Every kind of layer, loss and optimizer runs on the device under test and agrees with the reference device
/// in float64: layer outputs and the gradients of Σ w ⊙ y with respect to the input and every trainable weight, loss
/// values and their gradients, and three optimizer steps. A device that implements only the core kernels (the fused
/// kernels off) passes this file too.</summary>
public abstract partial class DeviceConformance
{
    private sealed record LayerCase(Func<Layer> Make, Shape Input, bool Training = false, bool IntegerInput = false,
        Func<Layer, Tensor, Tensor>? Call = null);

    private static readonly Dictionary<string, LayerCase> LayerCases = new()
    {
        ["DenseRelu"] = new(() => new Dense(5, Activation.ReLU), [3, 4]),
        ["DenseGelu"] = new(() => new Dense(5, ActivationFunction.Gelu), [3, 4]),
        ["DenseSeluMish"] = new(() => new Sequential(new Dense(5, Activation.Selu), new Dense(4, ActivationFunction.Mish)), [3, 4]),
        ["DenseSoftmax"] = new(() => new Dense(5, Activation.Softmax), [3, 4]),
        ["Conv2D"] = new(() => new Conv2D(3, 3, padding: Padding.Same, activation: ActivationFunction.Swish), [2, 5, 4, 2]),
        ["DepthwiseConv2D"] = new(() => new DepthwiseConv2D(3, strides: 2, padding: Padding.Same), [2, 5, 5, 2]),
        ["Conv2DTranspose"] = new(() => new Conv2DTranspose(2, 3, strides: 2), [1, 3, 3, 2]),
        ["Conv1D"] = new(() => new Conv1D(3, 2, padding: Padding.Causal, dilationRate: 2), [2, 6, 3]),
        ["MaxPooling2D"] = new(() => new MaxPooling2D(2), [2, 5, 4, 3]),
        ["AveragePooling2D"] = new(() => new AveragePooling2D(2, padding: Padding.Same), [2, 5, 4, 3]),
        ["GlobalAveragePooling2D"] = new(() => new GlobalAveragePooling2D(), [2, 3, 4, 3]),
        ["BatchNormalizationTraining"] = new(() => new BatchNormalization(), [4, 3], Training: true),
        ["LayerNormalization"] = new(() => new LayerNormalization(), [3, 5]),
        ["LSTM"] = new(() => new LSTM(3, returnSequences: true), [2, 4, 3]),
        ["LSTMReluLinear"] = new(() => new LSTM(3, activation: Activation.ReLU, recurrentActivation: Activation.Linear), [2, 4, 3]),
        ["GRU"] = new(() => new GRU(3, returnSequences: true), [2, 4, 3]),
        ["GRUResetBefore"] = new(() => new GRU(3, resetAfter: false), [2, 4, 3]),
        ["SimpleRNN"] = new(() => new SimpleRNN(3, returnSequences: true), [2, 4, 3]),
        ["Bidirectional"] = new(() => new Bidirectional(new LSTM(2, returnSequences: true)), [2, 3, 3]),
        ["TimeDistributed"] = new(() => new TimeDistributed(new Dense(2, Activation.Tanh)), [2, 3, 4]),
        ["MultiHeadAttention"] = new(() => new MultiHeadAttention(2, 3), [2, 3, 4], Call: (l, x) => ((MultiHeadAttention)l).Call(x, x)),
        ["PReLU"] = new(() => new PReLU(), [3, 4]),
        ["UpSampling2D"] = new(() => new UpSampling2D(2, Interpolation.Bilinear), [1, 2, 3, 2]),
        ["Embedding"] = new(() => new Embedding(6, 3), [2, 4], IntegerInput: true),
    };

    /// <summary>The names of the layer cases.</summary>
    public static TheoryData<string> LayerCaseNames() => Names(LayerCases.Keys);

    [Theory]
    [MemberData(nameof(LayerCaseNames))]
    public void LayerOutputsAndGradientsMatchTheReference(string name)
    {
        var c = LayerCases[name];
        var expected = RunLayer(c, Oracle);
        var actual = RunLayer(c, Device);
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            AssertClose(expected[i], actual[i], 1e-10, 1e-12, $"{name} {(i == 0 ? "output" : i == 1 ? "∂input" : $"∂weight {i - 2}")}");
    }

    /// <summary>Output, ∂input (for float inputs) and ∂weights of Σ w ⊙ y for a layer built on the CPU, given
    /// deterministic weights and moved to <paramref name="device"/>.</summary>
    private static Tensor[] RunLayer(LayerCase c, Device device)
    {
        var layer = c.Make();
        layer.DType = DType.Float64;
        var probe = c.IntegerInput ? Tensor.Zeros(c.Input, DType.Int32) : Tensor.Zeros(c.Input, DType.Float64);
        Tensor Call(Tensor x) => c.Call is { } call ? call(layer, x) : layer.Call(x, training: c.Training);
        using (Tensor.NoGrad()) Call(probe);
        layer.To(device);
        using (Tensor.NoGrad())
            for (int i = 0; i < layer.TrainableWeights.Count; i++)
            {
                var w = layer.TrainableWeights[i];
                w.Assign(OpInputs.Draw(w.Shape, Domain.Any, DType.Float64, Oracle, (ulong)(51 + i)).To(device) * 0.5);
            }
        var x = c.IntegerInput
            ? Tensor.RandomInt(c.Input, 0, 6, generator: new Generator(50), device: Oracle).To(device)
            : OpInputs.Draw(c.Input, Domain.Any, DType.Float64, Oracle, 50).To(device);
        x = x.Detach();
        if (!c.IntegerInput) x.RequiresGrad = true;
        foreach (var w in layer.TrainableWeights) w.ZeroGrad();
        var y = Call(x);
        var projection = OpInputs.Draw(y.Shape, Domain.Any, DType.Float64, Oracle, 59).To(device);
        (y * projection).Sum().Backward();
        var results = new List<Tensor> { y.Detach() };
        if (!c.IntegerInput) results.Add(x.Grad!);
        results.AddRange(layer.TrainableWeights.Select(w => w.Grad!));
        return results.ToArray();
    }

    private sealed record LossCase(Func<Loss> Make, Func<Tensor, Tensor> Prediction, Func<Device, Tensor> Target);

    private static Tensor Labels01(Device d) => Tensor.RandomInt([4, 3], 0, 2, generator: new Generator(60), device: Oracle).Cast(DType.Float64).To(d);

    private static Tensor Probabilities(Device d) => OpInputs.Draw([4, 3], Domain.Any, DType.Float64, Oracle, 61).Softmax(-1).To(d);

    private static readonly Dictionary<string, LossCase> LossCases = new()
    {
        ["MeanSquaredError"] = new(() => new MeanSquaredError(), p => p, d => OpInputs.Draw([4, 3], Domain.Any, DType.Float64, Oracle, 62).To(d)),
        ["MeanAbsoluteError"] = new(() => new MeanAbsoluteError(), p => p, d => OpInputs.Draw([4, 3], Domain.Any, DType.Float64, Oracle, 62).To(d)),
        ["Huber"] = new(() => new Huber(0.5), p => p, d => OpInputs.Draw([4, 3], Domain.Any, DType.Float64, Oracle, 62).To(d)),
        ["LogCosh"] = new(() => new LogCosh(), p => p, d => OpInputs.Draw([4, 3], Domain.Any, DType.Float64, Oracle, 62).To(d)),
        ["BinaryCrossentropy"] = new(() => new BinaryCrossentropy(), p => p.Sigmoid(), Labels01),
        ["BinaryCrossentropyLogits"] = new(() => new BinaryCrossentropy(fromLogits: true, labelSmoothing: 0.1), p => p, Labels01),
        ["CategoricalCrossentropy"] = new(() => new CategoricalCrossentropy(), p => p.Softmax(-1), Probabilities),
        ["CategoricalCrossentropyLogits"] = new(() => new CategoricalCrossentropy(fromLogits: true), p => p, Probabilities),
        ["SparseCategoricalCrossentropy"] = new(() => new SparseCategoricalCrossentropy(fromLogits: true), p => p,
            d => Tensor.FromArray(new[] { 2, 0, 1, 2 }, null, d)),
        ["KLDivergence"] = new(() => new KLDivergence(), p => p.Softmax(-1), Probabilities),
        ["Hinge"] = new(() => new Hinge(), p => p, Labels01),
        ["SquaredHinge"] = new(() => new SquaredHinge(), p => p, Labels01),
        ["CategoricalHinge"] = new(() => new CategoricalHinge(), p => p, Probabilities),
        ["CosineSimilarity"] = new(() => new CosineSimilarity(), p => p, Probabilities),
        ["Poisson"] = new(() => new Poisson(), p => p.Exp(), Probabilities),
        ["MeanSquaredLogarithmicError"] = new(() => new MeanSquaredLogarithmicError(), p => p.Exp(), Probabilities),
    };

    /// <summary>The names of the loss cases.</summary>
    public static TheoryData<string> LossCaseNames() => Names(LossCases.Keys);

    [Theory]
    [MemberData(nameof(LossCaseNames))]
    public void LossValuesAndGradientsMatchTheReference(string name)
    {
        var c = LossCases[name];
        (Tensor Loss, Tensor Grad) Run(Device device)
        {
            var logits = OpInputs.Draw([4, 3], Domain.Any, DType.Float64, Oracle, 63).To(device).Detach();
            logits.RequiresGrad = true;
            var loss = c.Make().Call(c.Target(device), c.Prediction(logits));
            loss.Backward();
            return (loss.Detach(), logits.Grad!);
        }
        var expected = Run(Oracle);
        var actual = Run(Device);
        AssertClose(expected.Loss, actual.Loss, 1e-11, 1e-13, $"{name} value");
        AssertClose(expected.Grad, actual.Grad, 1e-10, 1e-12, $"{name} ∂prediction");
    }

    private static readonly Dictionary<string, Func<Optimizer>> OptimizerCases = new()
    {
        ["SGD"] = () => new SGD(learningRate: 0.1),
        ["SGDMomentum"] = () => new SGD(learningRate: 0.1, momentum: 0.9),
        ["SGDNesterov"] = () => new SGD(learningRate: 0.1, momentum: 0.9, nesterov: true),
        ["Adam"] = () => new Adam(learningRate: 0.1),
        ["AdamAmsGrad"] = () => new Adam(learningRate: 0.1, amsgrad: true),
        ["AdamW"] = () => new AdamW(learningRate: 0.1),
        ["Adamax"] = () => new Adamax(learningRate: 0.1),
        ["Nadam"] = () => new Nadam(learningRate: 0.1),
        ["RMSprop"] = () => new RMSprop(learningRate: 0.1, momentum: 0.5),
        ["Adagrad"] = () => new Adagrad(learningRate: 0.1),
        ["Adadelta"] = () => new Adadelta(learningRate: 1.0),
        ["SGDClipNorm"] = () => new SGD(learningRate: 0.1, momentum: 0.5, clipNorm: 0.5),
    };

    /// <summary>The names of the optimizer cases.</summary>
    public static TheoryData<string> OptimizerCaseNames() => Names(OptimizerCases.Keys);

    [Theory]
    [MemberData(nameof(OptimizerCaseNames))]
    public void OptimizerStepsMatchTheReference(string name)
    {
        foreach (var dtype in new[] { DType.Float64, DType.Float32 })
        {
            var expected = OptimizerTrajectory(OptimizerCases[name](), Oracle, dtype);
            var actual = OptimizerTrajectory(OptimizerCases[name](), Device, dtype);
            double rtol = dtype == DType.Float64 ? 1e-11 : 1e-5, atol = dtype == DType.Float64 ? 1e-13 : 1e-6;
            for (int step = 0; step < expected.Length; step++)
                ConformanceAssert.AssertClose(expected[step], actual[step], rtol, atol, $"{name} {dtype} after step {step + 1}");
        }
    }

    /// <summary>θ after each of three steps on L = Σ (θ ⊙ θ ⊙ c)/2 + Σ θ³/3 (gradients that change with θ).</summary>
    private static double[][] OptimizerTrajectory(Optimizer optimizer, Device device, DType dtype)
    {
        var theta = OpInputs.Draw([2, 5], Domain.Any, dtype, Oracle, 64).To(device).Detach();
        theta.RequiresGrad = true;
        var c = OpInputs.Draw([2, 5], Domain.Positive, dtype, Oracle, 65).To(device);
        var trajectory = new double[3][];
        for (int step = 0; step < 3; step++)
        {
            theta.ZeroGrad();
            ((theta * theta * c).Sum() * 0.5 + theta.Pow(3.0).Sum() / 3.0).Backward();
            optimizer.Step([theta]);
            trajectory[step] = theta.ToArray<double>();
        }
        return trajectory;
    }
}
