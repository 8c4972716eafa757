using DeepLearning.Initializers;
using DeepLearning.Layers;

namespace DeepLearning.Tests.Layers;

public class ConfigRoundTripTests
{
    public static TheoryData<string> Cases => new(RoundTrips.Keys);

    // Each case: a configured layer, its inputs, and whether to compare in training mode (seeded random layers).
    private static readonly Dictionary<string, (Func<Layer> Make, Shape[] Inputs, bool Training)> RoundTrips = new()
    {
        ["Dropout"] = (() => new Dropout(0.3, noiseShape: [-1, 1, 4], seed: 5, name: "rt_dropout"), [[2, 3, 4]], true),
        ["SpatialDropout1D"] = (() => new SpatialDropout1D(0.4, seed: 6), [[2, 3, 4]], true),
        ["SpatialDropout2D"] = (() => new SpatialDropout2D(0.4, seed: 7), [[2, 3, 3, 4]], true),
        ["AlphaDropout"] = (() => new AlphaDropout(0.2, seed: 8), [[3, 4]], true),
        ["GaussianNoise"] = (() => new GaussianNoise(0.3, seed: 9), [[3, 4]], true),
        ["GaussianDropout"] = (() => new GaussianDropout(0.3, seed: 10), [[3, 4]], true),
        ["BatchNormalization"] = (() => new BatchNormalization(axis: 1, momentum: 0.9, epsilon: 1e-5, gammaInitializer: "random_normal",
            betaInitializer: "random_uniform", movingMeanInitializer: "random_uniform", movingVarianceInitializer: "ones"), [[4, 3, 2]], false),
        ["BatchNormalization(training)"] = (() => new BatchNormalization(center: false, gammaInitializer: "random_normal"), [[4, 3]], true),
        ["BatchNormalization(synchronized)"] = (() => new BatchNormalization { Synchronized = true }, [[4, 3]], true),
        ["LayerNormalization"] = (() => new LayerNormalization([-2, -1], epsilon: 1e-5, gammaInitializer: "random_normal", betaInitializer: "random_normal"), [[2, 3, 4]], false),
        ["LayerNormalization(axis)"] = (() => new LayerNormalization(axis: 1, scale: false, betaInitializer: "random_normal"), [[2, 3, 4]], false),
        ["Rescaling"] = (() => new Rescaling(1.0 / 255, 0.5), [[2, 3]], false),
        ["Rescaling(per channel)"] = (() => new Rescaling([1, 2, 3], [0, -1, 1]), [[2, 3]], false),
        ["Normalization(given)"] = (() => new Normalization(mean: [1, 2, 3], variance: [1, 4, 9], invert: true), [[2, 3]], false),
        ["Normalization(adapted)"] = (() => Adapted(new Normalization([1, 2])), [[5, 2, 3]], false),
        ["Normalization(scalar)"] = (() => Adapted(new Normalization(Array.Empty<int>())), [[5, 2, 3]], false),
        ["Add"] = (() => new Add(), [[2, 3], [2, 3]], false),
        ["Subtract"] = (() => new Subtract(), [[2, 3], [2, 3]], false),
        ["Multiply"] = (() => new Multiply(), [[2, 3], [2, 3], [2, 3]], false),
        ["Average"] = (() => new Average(), [[2, 3], [2, 3]], false),
        ["Maximum"] = (() => new Maximum(), [[2, 3], [2, 3]], false),
        ["Minimum"] = (() => new Minimum(), [[2, 3], [2, 3]], false),
        ["Concatenate"] = (() => new Concatenate(axis: 1), [[2, 3, 4], [2, 1, 4]], false),
        ["Dot"] = (() => new Dot(2, 2, normalize: true), [[2, 3, 4], [2, 5, 4]], false),
        ["Dot(int)"] = (() => new Dot(-1), [[2, 4], [2, 4]], false),
        ["Identity"] = (() => new DeepLearning.Layers.Identity(), [[2, 3]], false),
        ["ReLU"] = (() => new ReLU(6, 0.1, 0.5), [[2, 3]], false),
        ["ReLU(default)"] = (() => new ReLU(), [[2, 3]], false),
        ["LeakyReLU"] = (() => new LeakyReLU(0.05), [[2, 3]], false),
        ["PReLU"] = (() => new PReLU(new RandomUniform(0.1, 0.3), sharedAxes: [1]), [[2, 3, 4]], false),
        ["ELU"] = (() => new ELU(0.4), [[2, 3]], false),
        ["Softmax"] = (() => new Softmax(axis: 1), [[2, 3, 4]], false),
        ["Softmax(axes)"] = (() => new Softmax([1, 2]), [[2, 3, 4]], false),
    };

    private static Normalization Adapted(Normalization n)
    {
        n.Adapt(Tensor.RandomNormal([7, 2, 3], 2, 3, generator: new Generator(4)));
        return n;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ConfigRoundTripGivesTheSameOutputForTheSameWeights(string name)
    {
        var (make, shapes, training) = RoundTrips[name];
        var inputs = shapes.Select((s, i) => Tensor.RandomNormal(s, 0, 1, generator: new Generator((ulong)(30 + i)))).ToArray();
        var original = make();
        var config = original.GetConfig();
        // Rebuilt through the registry, as the model loader does: a key the layer writes but does not read is refused there.
        var registry = new DeepLearning.Serialization.LayerRegistry();
        foreach (var stored in new[] { config, AsJsonNumbers(config) })
        {
            var rebuilt = registry.Create(original.GetType().Name, stored, name);
            Assert.Equal(original.GetType(), rebuilt.GetType());
            Assert.Equal(original.Name, rebuilt.Name);
            AssertSameEntries(config, rebuilt.GetConfig());
            var first = make();   // a fresh original, so seeded layers start their sequence together
            first.Call(inputs, training);
            rebuilt.Call(inputs, false); // build
            Assert.Equal(first.Weights.Count, rebuilt.Weights.Count);
            using (Tensor.NoGrad())
                for (int i = 0; i < first.Weights.Count; i++)
                {
                    Assert.Equal(first.Weights[i].Shape, rebuilt.Weights[i].Shape);
                    rebuilt.Weights[i].Assign(first.Weights[i]);
                }
            if (training)
            {
                // A fresh pair: the rebuilt layer's first training call must match the original's first.
                var again = make();
                var rebuiltAgain = registry.Create(original.GetType().Name, stored, name);
                rebuiltAgain.Call(inputs, false);
                again.Call(inputs, false);
                using (Tensor.NoGrad())
                    for (int i = 0; i < again.Weights.Count; i++) rebuiltAgain.Weights[i].Assign(again.Weights[i]);
                TestHelpers.AssertClose(again.Call(inputs, true), rebuiltAgain.Call(inputs, true), 0, 0, name);
            }
            TestHelpers.AssertClose(first.Call(inputs, false), rebuilt.Call(inputs, false), 0, 0, name);
        }
    }

    [Fact]
    public void EveryLayerOfThisAreaHasARoundTripCase()
    {
        string[] layers =
        [
            "Dropout", "SpatialDropout1D", "SpatialDropout2D", "AlphaDropout", "GaussianNoise", "GaussianDropout", "BatchNormalization",
            "LayerNormalization", "Rescaling", "Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum", "Concatenate", "Dot",
            "Identity", "ReLU", "LeakyReLU", "PReLU", "ELU", "Softmax",
        ];
        foreach (var layer in layers) Assert.True(RoundTrips.ContainsKey(layer), layer);
        Assert.Contains(RoundTrips.Keys, k => k.StartsWith("Normalization"));
    }

    /// <summary>The config as a JSON reader might return it: every integer a double, every int[] a double[].</summary>
    private static LayerConfig AsJsonNumbers(LayerConfig c)
    {
        var copy = new LayerConfig();
        foreach (var (key, value) in c.Entries)
            copy.Set(key, value switch
            {
                int i => (double)i,
                int[] a => Array.ConvertAll(a, v => (double)v),
                _ => value,
            });
        return copy;
    }

    private static void AssertSameEntries(LayerConfig expected, LayerConfig actual)
    {
        var e = expected.Entries.ToDictionary(kv => kv.Key, kv => kv.Value);
        var a = actual.Entries.ToDictionary(kv => kv.Key, kv => kv.Value);
        Assert.Equal(e.Keys.OrderBy(k => k), a.Keys.OrderBy(k => k));
        foreach (var (key, value) in e)
        {
            if (value is System.Collections.IEnumerable seq && value is not string)
                Assert.Equal(seq.Cast<object>(), ((System.Collections.IEnumerable)a[key]!).Cast<object>());
            else Assert.Equal(value, a[key]);
        }
    }
}
