using DeepLearning.Initializers;
using DeepLearning.Layers;
using DeepLearning.Losses;
using DeepLearning.Metrics;
using DeepLearning.Models;
using DeepLearning.Optimizers;

namespace DeepLearning.Tests.Models;

/// <summary>
/// Fit and Evaluate weight by the mask a model's graph leaves on its output, as Keras 3 does (losses/loss.py,
/// apply_mask with "sum_over_batch_size": loss = Σ m·w·ℓ / Σ m).
/// </summary>
/// <remarks>
/// Hand-worked example: Embedding(4, 1, constant 1, maskZero) → Dense(1, kernel 0.5, no bias) predicts 0.5 at every
/// step. ids = [[1, 2, 0], [3, 0, 0]] give the mask m = [[1, 1, 0], [1, 0, 0]], Σ m = 3. Targets
/// y = [[1, 0, 9], [2, −7, 5]] (the padded ones, 9, −7, 5, must not count).
/// Per-step squared errors at valid steps: 0.25, 0.25, 2.25 → MSE = 2.75 / 3 = 0.916667; absolute errors 0.5, 0.5,
/// 1.5 → MAE metric = 2.5 / 3 = 0.833333.
/// Per-step weights w = [[2, 1, 5], [0.5, 3, 4]]: loss = (2·0.25 + 1·0.25 + 0.5·2.25) / Σ m = 1.875 / 3 = 0.625;
/// the MAE metric (a weighted mean, Σ m·w·ℓ / Σ m·w) = (2·0.5 + 1·0.5 + 0.5·1.5) / 3.5 = 2.25 / 3.5 = 0.642857.
/// </remarks>
[Collection(GlobalGeneratorCollection.Name)]
public class MaskedLossTests
{
    private static readonly Tensor Ids = Tensor.FromArray(new[,] { { 1, 2, 0 }, { 3, 0, 0 } });
    private static readonly float[,] Targets = { { 1, 0, 9 }, { 2, -7, 5 } };
    private static readonly float[,] OtherPaddedTargets = { { 1, 0, -100 }, { 2, 40, 1000 } };

    public static TheoryData<string> Kinds => new() { "sequential", "functional", "subclassed" };

    private static Tensor Y(float[,] values) => Tensor.FromArray(values).Reshape(2, 3, 1);

    private static Model Make(string kind)
    {
        Embedding Embed() => new(4, 1, embeddingsInitializer: new Constant(1), maskZero: true);
        Dense Head() => new(1, useBias: false, kernelInitializer: new Constant(0.5));
        Model model;
        switch (kind)
        {
            case "sequential":
                model = new Sequential(new Input(new Shape(3), DType.Int32), Embed(), Head());
                break;
            case "functional":
                var input = new Input(new Shape(3), DType.Int32);
                model = new Model(input, Head().Call(Embed().Call(input)));
                break;
            default:
                model = new EmbedThenDense(Embed(), Head());
                break;
        }
        model.Compile(new SGD(0.1), new MeanSquaredError(), [Metric.FromName("mae")]);
        return model;
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void EvaluateWeightsByTheOutputMask(string kind)
    {
        var logs = Make(kind).Evaluate(Ids, Y(Targets));
        Assert.Equal(2.75 / 3, logs["loss"], 5);
        Assert.Equal(2.5 / 3, logs["mae"], 5);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void TargetsAtPaddedStepsChangeNothing(string kind)
    {
        var a = Make(kind).Evaluate(Ids, Y(Targets));
        var b = Make(kind).Evaluate(Ids, Y(OtherPaddedTargets));
        Assert.Equal(a["loss"], b["loss"], 6);
        Assert.Equal(a["mae"], b["mae"], 6);
        // Fit's step loss is taken before the update, so its first epoch gives the same hand value.
        var fa = Make(kind).Fit(Ids, Y(Targets), epochs: 1, batchSize: 2, verbose: 0);
        var fb = Make(kind).Fit(Ids, Y(OtherPaddedTargets), epochs: 1, batchSize: 2, verbose: 0);
        Assert.Equal(2.75 / 3, fa["loss"][0], 5);
        Assert.Equal(fa["loss"][0], fb["loss"][0], 6);
        Assert.Equal(fa["mae"][0], fb["mae"][0], 6);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void PerStepSampleWeightsCombineWithTheMask(string kind)
    {
        var w = Tensor.FromArray(new float[,] { { 2, 1, 5 }, { 0.5f, 3, 4 } });
        var logs = Make(kind).Evaluate(Ids, Y(Targets), sampleWeight: w);
        Assert.Equal(0.625, logs["loss"], 5);
        Assert.Equal(2.25 / 3.5, logs["mae"], 5);
        var options = new FitOptions { Epochs = 1, BatchSize = 2, Verbose = 0 };
        var history = Make(kind).Fit(Ids, Y(OtherPaddedTargets), options, w);
        var again = Make(kind).Fit(Ids, Y(Targets), options, w);
        Assert.Equal(0.625, again["loss"][0], 5);
        Assert.Equal(0.625, history["loss"][0], 5);
    }

    [Fact]
    public void AnLstmModelIgnoresPaddedTargets()
    {
        Model Lstm()
        {
            Generator.Seed(7);
            var m = new Sequential(new Input(new Shape(3), DType.Int32), new Embedding(4, 2, maskZero: true),
                new LSTM(3, returnSequences: true), new Dense(1));
            m.Compile(new Adam(0.01), new MeanSquaredError(), [Metric.FromName("mae")]);
            return m;
        }
        var a = Lstm().Evaluate(Ids, Y(Targets));
        var b = Lstm().Evaluate(Ids, Y(OtherPaddedTargets));
        Assert.Equal(a["loss"], b["loss"], 6);
        Assert.Equal(a["mae"], b["mae"], 6);
        var fa = Lstm().Fit(Ids, Y(Targets), epochs: 3, batchSize: 2, verbose: 0);
        var fb = Lstm().Fit(Ids, Y(OtherPaddedTargets), epochs: 3, batchSize: 2, verbose: 0);
        Assert.Equal(fa["loss"], fb["loss"]);
    }

    private sealed class EmbedThenDense(Embedding embedding, Dense head) : Model
    {
        protected override IReadOnlyList<Tensor> Forward(IReadOnlyList<Tensor> inputs, CallContext context) =>
            [head.Call(embedding.Call(inputs[0]))];
    }
}
