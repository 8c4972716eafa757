using DeepLearning.Layers;
using DeepLearning.Models;
using DeepLearning.Tests.Serialization;

namespace DeepLearning.Tests.Models;

/// <summary>The first call builds a model; eight threads making that first call at once must build it once, and every
/// caller must get what a single caller gets.</summary>
[Collection(GlobalGeneratorCollection.Name)]
public class ConcurrentFirstCallTests
{
    private static Sequential Unbuilt() =>
        new(new Dense(16, Activation.Tanh, name: "hidden"), new Dense(8, Activation.ReLU, name: "middle"), new Dense(3, name: "out"));

    [Fact]
    public void EightThreadsMakingTheFirstPredictAllGetTheSingleThreadedResult()
    {
        const int Threads = 8, Trials = 100;
        var x = Tensor.RandomNormal([5, 6], generator: new Generator(11));
        for (int trial = 0; trial < Trials; trial++)
        {
            // The reference: the same model built by one caller under the same seed.
            Generator.Seed((ulong)trial);
            var reference = Unbuilt();
            float[] expected = reference.Predict(x).ToArray<float>();

            Generator.Seed((ulong)trial);
            var model = Unbuilt();
            var results = new float[Threads][];
            using var start = new Barrier(Threads);
            var threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
            {
                start.SignalAndWait();
                results[t] = model.Predict(x).ToArray<float>();
            })).ToArray();
            foreach (var t in threads) t.Start();
            foreach (var t in threads) t.Join();

            Assert.Equal(6, model.Weights.Count);   // three kernels and three biases, built once
            for (int t = 0; t < Threads; t++) Assert.Equal(expected, results[t]);
            Assert.Equal(expected, model.Predict(x).ToArray<float>());
        }
    }
}
