using DeepLearning.Tuning;

namespace DeepLearning.Tests.Tuning;

public class HyperParametersTests
{
    private static HyperParameters Sample() => new([
        new("n_hidden", 2), new("learning_rate", 3e-3), new("width", 3.0), new("activation", "relu"), new("batch_norm", true)]);

    [Fact]
    public void TypedGettersConvertExactNumbersOnly()
    {
        var hp = Sample();
        Assert.Equal(2, hp.GetInt("n_hidden"));
        Assert.Equal(2.0, hp.GetDouble("n_hidden"));     // int read as double
        Assert.Equal(2L, hp.Get<long>("n_hidden"));
        Assert.Equal(3, hp.GetInt("width"));               // 3.0 is a whole number
        Assert.Equal(3e-3, hp.GetDouble("learning_rate"));
        Assert.Equal(3e-3f, hp.Get<float>("learning_rate"));
        Assert.Equal("relu", hp.GetString("activation"));
        Assert.True(hp.GetBool("batch_norm"));
        var e = Assert.Throws<ArgumentException>(() => hp.GetInt("learning_rate"));
        Assert.Contains("'learning_rate' is 0.003 (Double)", e.Message);
        Assert.Contains("Int32", e.Message);
        Assert.Throws<ArgumentException>(() => hp.GetDouble("activation"));
        Assert.Throws<ArgumentException>(() => hp.Get<string>("n_hidden"));
    }

    [Fact]
    public void MissingNamesThrowOrFallBackToTheDefault()
    {
        var hp = Sample();
        var e = Assert.Throws<KeyNotFoundException>(() => hp.GetInt("n_neurons"));
        Assert.Contains("no 'n_neurons'", e.Message);
        Assert.Contains("n_hidden, learning_rate, width, activation, batch_norm", e.Message);
        // A8's build_model(n_hidden=1, n_neurons=30, learning_rate=1e-3) defaults.
        Assert.Equal(30, hp.GetInt("n_neurons", 30));
        Assert.Equal(2, hp.GetInt("n_hidden", 1));
        Assert.Equal(1e-3, HyperParameters.Empty.GetDouble("learning_rate", 1e-3));
        Assert.Equal("n_hidden=2, learning_rate=0.003, width=3, activation=relu, batch_norm=True", hp.ToString());
    }

    [Fact]
    public void EqualityIsByNamesAndValues()
    {
        Assert.Equal(Sample(), Sample());
        Assert.Equal(Sample().GetHashCode(), Sample().GetHashCode());
        Assert.NotEqual(Sample(), Sample().With("n_hidden", 3));
        Assert.Equal(3, Sample().With("n_hidden", 3).GetInt("n_hidden"));
        Assert.Equal(6, Sample().With("dropout", 0.2).Count);
        Assert.Contains("twice", Assert.Throws<ArgumentException>(() => new HyperParameters([new("a", 1), new("a", 2)])).Message);
        Assert.Contains("null", Assert.Throws<ArgumentException>(() => new HyperParameters([new("a", null!)])).Message);
    }
}
