using DeepLearning.Autograd;
using DeepLearning.Devices;
using DeepLearning.Losses;

namespace DeepLearning.Tests.Losses;

/// <summary>Every loss: autograd against central differences in float64 w.r.t. yPred, through the whole
/// <see cref="Loss.Call"/> path (sample weights and the default reduction), on the CPU and the reference device.
/// Inputs are drawn away from the clip bounds and kinks.</summary>
public class LossGradCheckTests
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var name in Names)
            foreach (var device in new[] { "cpu", "reference" }) data.Add(name, device);
        return data;
    }

    private static readonly string[] Names =
    [
        "mse", "mae", "mape", "msle", "huber", "logcosh", "poisson", "kld", "cosine",
        "bce", "bce_logits_smooth", "cce", "cce_smooth", "cce_logits", "scce", "scce_logits", "scce_ignore",
        "hinge", "squared_hinge", "categorical_hinge", "multiclass_hinge", "triplet",
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public void GradientMatchesCentralDifferences(string name, string deviceName)
    {
        Device device = deviceName == "cpu" ? Device.Cpu : TestHelpers.Reference;
        var gen = new Generator(42);
        Tensor Uniform(Shape s, double lo, double hi) => Tensor.RandomUniform(s, lo, hi, DType.Float64, gen, device);
        Tensor Normal(Shape s) => Tensor.RandomNormal(s, 0, 2, DType.Float64, gen, device);
        Tensor OneHot(int[] labels) => Tensor.OneHot(Tensor.FromArray(labels, device: device), 4, DType.Float64);
        Tensor Signs(Shape s) => Uniform(s, 0, 1).Round() * 2.0 - 1.0;
        Shape shape = [3, 4];
        int[] labels = [2, 0, 3];
        var sampleWeight = Tensor.FromArray(new[] { 0.5, 1.0, 2.0 }, device: device);

        (Loss loss, Tensor yTrue, Tensor yPred) = name switch
        {
            "mse" => ((Loss)new MeanSquaredError(), Normal(shape), Normal(shape)),
            "mae" => (new MeanAbsoluteError(), Normal(shape), Normal(shape)),
            "mape" => (new MeanAbsolutePercentageError(), Uniform(shape, 0.5, 2), Normal(shape)),
            "msle" => (new MeanSquaredLogarithmicError(), Uniform(shape, 0, 3), Uniform(shape, 0.1, 3)),
            "huber" => (new Huber(0.7), Normal(shape), Normal(shape)),
            "logcosh" => (new LogCosh(), Normal(shape), Normal(shape)),
            "poisson" => (new Poisson(), Uniform(shape, 0, 4).Round(), Uniform(shape, 0.2, 3)),
            "kld" => (new KLDivergence(), Uniform(shape, 0.01, 1), Uniform(shape, 0.05, 1)),
            "cosine" => (new CosineSimilarity(), Normal(shape), Normal(shape)),
            "bce" => (new BinaryCrossentropy(), Uniform(shape, 0, 1).Round(), Uniform(shape, 0.05, 0.95)),
            "bce_logits_smooth" => (new BinaryCrossentropy(fromLogits: true, labelSmoothing: 0.2), Uniform(shape, 0, 1).Round(), Normal(shape)),
            "cce" => (new CategoricalCrossentropy(), OneHot(labels), Uniform(shape, 0.1, 1)),
            "cce_smooth" => (new CategoricalCrossentropy(labelSmoothing: 0.1), OneHot(labels), Uniform(shape, 0.1, 1)),
            "cce_logits" => (new CategoricalCrossentropy(fromLogits: true), OneHot(labels), Normal(shape)),
            "scce" => (new SparseCategoricalCrossentropy(), Tensor.FromArray(labels, device: device), Uniform(shape, 0.1, 1)),
            "scce_logits" => (new SparseCategoricalCrossentropy(fromLogits: true), Tensor.FromArray(labels, device: device), Normal(shape)),
            "scce_ignore" => (new SparseCategoricalCrossentropy(fromLogits: true, ignoreClass: -1), Tensor.FromArray(new[] { 2, -1, 3 }, device: device), Normal(shape)),
            "hinge" => (new Hinge(), Signs(shape), Normal(shape)),
            "squared_hinge" => (new SquaredHinge(), Signs(shape), Normal(shape)),
            "categorical_hinge" => (new CategoricalHinge(), OneHot(labels), Normal(shape)),
            "multiclass_hinge" => (new MulticlassHinge(), OneHot(labels), Normal(shape)),
            _ => (new TripletLoss(0.5), Normal([3, 3, 2]), Normal([3, 3, 2])),
        };
        var report = GradCheck.Check(x => loss.Call(yTrue, x[0], sampleWeight), [yPred], epsilon: 1e-6, tolerance: 1e-6);
        Assert.True(report.Passed, $"{name} on {deviceName}: {report}");
        Assert.True(report.MaxAbsoluteError < 1e-6, $"{name} on {deviceName}: {report}");
        // The check is not vacuous: the gradient is nonzero somewhere.
        var leaf = yPred.Detach().Clone();
        leaf.RequiresGrad = true;
        loss.Call(yTrue, leaf, sampleWeight).Backward();
        Assert.Contains(leaf.Grad!.ToArray<double>(), g => g != 0);
    }
}
