using DeepLearning.Losses;
using static DeepLearning.Tests.TestHelpers;

namespace DeepLearning.Tests.Losses;

/// <summary>Bad input raises a documented exception that names the loss and the shapes (DESIGN.md §5).</summary>
public class LossValidationTests
{
    public static TheoryData<string> ElementwiseLosses() =>
    [
        "mse", "mae", "mape", "msle", "huber", "logcosh", "binary_crossentropy", "categorical_crossentropy", "hinge",
        "squared_hinge", "categorical_hinge", "multiclass_hinge", "kld", "poisson", "cosine_similarity",
    ];

    [Theory]
    [MemberData(nameof(ElementwiseLosses))]
    public void MismatchedShapesNameTheLossAndBothShapes(string identifier)
    {
        var loss = Loss.FromName(identifier);
        var e = Assert.Throws<ArgumentException>(() => loss.Call(Tensor.Zeros([4, 3], DType.Float64), Tensor.Ones([4, 5], DType.Float64)));
        Assert.Contains(loss.Name, e.Message);
        Assert.Contains("(4, 3)", e.Message);
        Assert.Contains("(4, 5)", e.Message);
        // A different rank that the trailing-axis rule cannot fix.
        var e2 = Assert.Throws<ArgumentException>(() => loss.Call(Tensor.Zeros([4], DType.Float64), Tensor.Ones([4, 5], DType.Float64)));
        Assert.Contains("(4,)", e2.Message);
        Assert.Contains("(4, 5)", e2.Message);
    }

    [Fact]
    public void WrongDtypesAndDevicesAreRejected()
    {
        var loss = new MeanSquaredError();
        var intPred = Assert.Throws<ArgumentException>(() => loss.Call(Tensor.Zeros([2, 2]), Tensor.Zeros([2, 2], DType.Int32)));
        Assert.Contains("mean_squared_error", intPred.Message);
        Assert.Contains("Int32", intPred.Message);
        var device = Assert.Throws<ArgumentException>(() => loss.Call(Tensor.Zeros([2, 2], DType.Float64, Reference), Tensor.Zeros([2, 2], DType.Float64)));
        Assert.Contains("mean_squared_error", device.Message);
        var weightDevice = Assert.Throws<ArgumentException>(() =>
            loss.Call(Tensor.Zeros([2, 2], DType.Float64), Tensor.Zeros([2, 2], DType.Float64), Tensor.Ones([2], DType.Float64, Reference)));
        Assert.Contains("sampleWeight", weightDevice.Message);
        // Labels of another floating dtype (or int32) are cast, as Keras casts both to the loss dtype.
        Assert.Equal(0.25, loss.Call(Tensor.FromArray(new[] { 1f, 1f }), D([1.5, 0.5], [2])).Item<double>(), 7);
        Assert.Equal(0.25, loss.Call(Tensor.FromArray(new[] { 1, 1 }), Tensor.FromArray(new[] { 1.5f, 0.5f })).Item<double>(), 7);
    }

    [Fact]
    public void SampleWeightsThatDoNotBroadcastAreRejected()
    {
        var loss = new MeanSquaredError();
        var e = Assert.Throws<ArgumentException>(() =>
            loss.Call(Tensor.Zeros([4, 3], DType.Float64), Tensor.Ones([4, 3], DType.Float64), Tensor.Ones([3], DType.Float64)));
        Assert.Contains("mean_squared_error", e.Message);
        Assert.Contains("(3,)", e.Message);
        Assert.Contains("(4,)", e.Message);
    }

    [Fact]
    public void OptionsAreValidated()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new BinaryCrossentropy(labelSmoothing: 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CategoricalCrossentropy(labelSmoothing: -0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TripletLoss(double.NaN));
        Assert.Throws<ArgumentException>(() => new MeanSquaredError(name: " "));
        Assert.Throws<ArgumentException>(() => new MeanSquaredError((LossReduction)17));
        Assert.Throws<ArgumentNullException>(() => new MeanSquaredError().Call(null!, Tensor.Zeros([1])));
        var scalar = Assert.Throws<ArgumentException>(() => new MeanSquaredError().Call(Tensor.Scalar(1), Tensor.Scalar(2)));
        Assert.Contains("rank", scalar.Message);
    }
}
