using DeepLearning.Losses;

namespace DeepLearning.Tests.Losses;

/// <summary>Keras's string identifiers (keras/src/losses/__init__.py: class names, snake-case names and aliases).</summary>
public class LossFromNameTests
{
    [Theory]
    [InlineData("mse", typeof(MeanSquaredError), "mean_squared_error")]
    [InlineData("MSE", typeof(MeanSquaredError), "mean_squared_error")]
    [InlineData("mean_squared_error", typeof(MeanSquaredError), "mean_squared_error")]
    [InlineData("MeanSquaredError", typeof(MeanSquaredError), "mean_squared_error")]
    [InlineData("mae", typeof(MeanAbsoluteError), "mean_absolute_error")]
    [InlineData("mape", typeof(MeanAbsolutePercentageError), "mean_absolute_percentage_error")]
    [InlineData("msle", typeof(MeanSquaredLogarithmicError), "mean_squared_logarithmic_error")]
    [InlineData("huber", typeof(Huber), "huber_loss")]
    [InlineData("huber_loss", typeof(Huber), "huber_loss")]
    [InlineData("log_cosh", typeof(LogCosh), "log_cosh")]
    [InlineData("logcosh", typeof(LogCosh), "log_cosh")]
    [InlineData("binary_crossentropy", typeof(BinaryCrossentropy), "binary_crossentropy")]
    [InlineData("bce", typeof(BinaryCrossentropy), "binary_crossentropy")]
    [InlineData("categorical_crossentropy", typeof(CategoricalCrossentropy), "categorical_crossentropy")]
    [InlineData("sparse_categorical_crossentropy", typeof(SparseCategoricalCrossentropy), "sparse_categorical_crossentropy")]
    [InlineData("SparseCategoricalCrossentropy", typeof(SparseCategoricalCrossentropy), "sparse_categorical_crossentropy")]
    [InlineData("hinge", typeof(Hinge), "hinge")]
    [InlineData("squared_hinge", typeof(SquaredHinge), "squared_hinge")]
    [InlineData("categorical_hinge", typeof(CategoricalHinge), "categorical_hinge")]
    [InlineData("multiclass_hinge", typeof(MulticlassHinge), "multiclass_hinge")]
    [InlineData("kl_divergence", typeof(KLDivergence), "kl_divergence")]
    [InlineData("kld", typeof(KLDivergence), "kl_divergence")]
    [InlineData("kullback_leibler_divergence", typeof(KLDivergence), "kl_divergence")]
    [InlineData("poisson", typeof(Poisson), "poisson")]
    [InlineData("cosine_similarity", typeof(CosineSimilarity), "cosine_similarity")]
    [InlineData("triplet_loss", typeof(TripletLoss), "triplet_loss")]
    public void ResolvesKerasIdentifiers(string identifier, Type type, string name)
    {
        var loss = Loss.FromName(identifier);
        Assert.IsType(type, loss);
        Assert.Equal(name, loss.Name);
        Assert.Equal(LossReduction.SumOverBatchSize, loss.Reduction);
        Assert.Equal(name, loss.ToString());
    }

    [Fact]
    public void UnknownNamesListTheKnownOnes()
    {
        var e = Assert.Throws<ArgumentException>(() => Loss.FromName("mean_cubed_error"));
        Assert.Contains("mean_cubed_error", e.Message);
        Assert.Contains("sparse_categorical_crossentropy", e.Message);
        Assert.Throws<ArgumentException>(() => Loss.FromName("crossentropy"));
    }

    [Fact]
    public void CrossentropyIsPickedFromTheShapesAsKerasCompileDoes()
    {
        // keras/src/trainers/compile_utils.py: binary if yPred's last axis is 1; sparse if yTrue has lower rank (or a
        // last axis of 1 while yPred's is larger); categorical otherwise.
        Assert.IsType<BinaryCrossentropy>(Loss.FromName("crossentropy", [32, 1], [32, 1]));
        Assert.IsType<BinaryCrossentropy>(Loss.FromName("ce", [32], [32, 1]));
        Assert.IsType<SparseCategoricalCrossentropy>(Loss.FromName("crossentropy", [32], [32, 10]));
        Assert.IsType<SparseCategoricalCrossentropy>(Loss.FromName("crossentropy", [32, 1], [32, 10]));
        Assert.IsType<CategoricalCrossentropy>(Loss.FromName("crossentropy", [32, 10], [32, 10]));
        Assert.IsType<MeanSquaredError>(Loss.FromName("mse", [32], [32, 1]));
    }
}
