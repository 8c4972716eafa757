using DeepLearning.Tuning;

namespace DeepLearning.Tests.Tuning;

public class SearchSpaceTests
{
    [Fact]
    public void GridEnumeratesEveryCombinationLastNameFastest()
    {
        // As scikit-learn's ParameterGrid / itertools.product over the declared order.
        var space = new SearchSpace().Choice("a", 1, 2).Choice("b", "x", "y", "z").Fixed("c", true);
        Assert.True(space.IsDiscrete);
        Assert.Equal(6, space.GridSize);
        var grid = space.Grid().Select(hp => $"{hp["a"]}{hp["b"]}{hp["c"]}").ToArray();
        Assert.Equal(["1xTrue", "1yTrue", "1zTrue", "2xTrue", "2yTrue", "2zTrue"], grid);

        var ints = new SearchSpace().IntRange("n_hidden", 0, 3).IntRange("n_neurons", 10, 30, 10);
        Assert.Equal(12, ints.GridSize);
        var list = ints.Grid().ToList();
        Assert.Equal(12, list.Count);
        Assert.Equal(12, list.Distinct().Count());
        Assert.Equal((0, 10), (list[0].GetInt("n_hidden"), list[0].GetInt("n_neurons")));
        Assert.Equal((0, 30), (list[2].GetInt("n_hidden"), list[2].GetInt("n_neurons")));
        Assert.Equal((1, 10), (list[3].GetInt("n_hidden"), list[3].GetInt("n_neurons")));
        Assert.Equal((3, 30), (list[11].GetInt("n_hidden"), list[11].GetInt("n_neurons")));
    }

    [Fact]
    public void GridRejectsContinuousDistributionsNamingThem()
    {
        var space = new SearchSpace().IntRange("n_hidden", 0, 3).LogUniform("learning_rate", 1e-4, 1e-1);
        Assert.False(space.IsDiscrete);
        var e = Assert.Throws<ArgumentException>(() => space.Grid().ToList());
        Assert.Contains("'learning_rate' is LogUniform(0.0001, 0.1)", e.Message);
        Assert.Contains("Discretize", e.Message);
        var discretised = new SearchSpace().IntRange("n_hidden", 0, 3).Add("learning_rate", Distribution.LogUniform(1e-4, 1e-1).Discretize(4));
        Assert.Equal(16, discretised.GridSize);
    }

    [Fact]
    public void SamplingIsReproducibleFromTheSeed()
    {
        var space = new SearchSpace { { "n_hidden", Distribution.IntRange(0, 3) }, { "lr", Distribution.LogUniform(1e-4, 1) } };
        var a = space.Sample(20, seed: 42);
        var b = space.Sample(20, seed: 42);
        var c = space.Sample(20, seed: 43);
        Assert.Equal(a, b);
        Assert.NotEqual(a.Select(h => h.GetDouble("lr")), c.Select(h => h.GetDouble("lr")));
        // Each sample consumes one uniform per hyperparameter, in order: a hand-fed stream gives the quantiles.
        var queue = new Queue<double>([0.99, 0.5]);
        var hp = space.Sample(queue.Dequeue);
        Assert.Equal(3, hp.GetInt("n_hidden"));
        Assert.Equal(1e-2, hp.GetDouble("lr"), 1e-14);
    }

    [Fact]
    public void NamesAreUniqueAndLookupsExplainMisses()
    {
        var space = new SearchSpace().IntRange("n_hidden", 0, 3);
        Assert.Contains("already defined as IntRange(0, 3)", Assert.Throws<ArgumentException>(() => space.Uniform("n_hidden", 0, 1)).Message);
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => space.Fixed("", 1)).Message);
        Assert.Contains("Names: n_hidden", Assert.Throws<KeyNotFoundException>(() => space["lr"]).Message);
        Assert.Equal("n_hidden: IntRange(0, 3)", space.ToString());
    }
}
