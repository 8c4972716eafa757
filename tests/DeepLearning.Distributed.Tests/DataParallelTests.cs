using System.Runtime.InteropServices;
using DeepLearning.Data;

namespace DeepLearning.Distributed.Tests;

public class RankOrderReductionTests
{
    [Fact]
    public void SumsInRankOrderAndScalesForTheMean()
    {
        // Three ranks of two elements: (1e8, 1) + (1, 2) + (−1e8, 3). In rank order, float32: 1e8 + 1 = 1e8 (the 1 is
        // below half an ulp of 1e8, which is 8), then − 1e8 = 0; so element 0 is 0, not the exact 1.
        float[] gathered = [1e8f, 1, 1, 2, -1e8f, 3];
        var sum = new float[2];
        RankOrderReduction.Reduce(gathered, sum, 3, ReduceOperation.Sum);
        Assert.Equal([0f, 6f], sum);
        var mean = new double[2];
        RankOrderReduction.Reduce([1.0, 2, 3, 4, 5, 6], mean, 3, ReduceOperation.Mean);
        Assert.Equal([3.0, 4.0], mean);   // (1 + 3 + 5)/3, (2 + 4 + 6)/3
    }

    [Fact]
    public void RefusesAGatheredBufferOfTheWrongLength()
    {
        var e = Assert.Throws<ArgumentException>(() => RankOrderReduction.Reduce(new float[5], new float[2], 3, ReduceOperation.Sum));
        Assert.Contains("3 ranks × 2", e.Message);
    }
}

public class DistributedSamplerTests
{
    [Fact]
    public void PadsByWrappingAndInterleavesRanks()
    {
        // N = 5, 2 ranks, no shuffle: padded order 0 1 2 3 4 0; rank 0 takes positions 0, 2, 4; rank 1 positions 1, 3, 5.
        Assert.Equal([0, 2, 4], new DistributedSampler(5, 0, 2, shuffle: false, seed: 1).Indices(0));
        Assert.Equal([1, 3, 0], new DistributedSampler(5, 1, 2, shuffle: false, seed: 1).Indices(0));
        Assert.Equal([0, 2], new DistributedSampler(5, 0, 2, shuffle: false, seed: 1, dropLast: true).Indices(0));
        Assert.Equal([1, 3], new DistributedSampler(5, 1, 2, shuffle: false, seed: 1, dropLast: true).Indices(0));
    }

    [Fact]
    public void TheRanksBatchesTogetherAreTheSingleProcessBatches()
    {
        var data = new TensorDataset([Tensor.FromArray(Enumerable.Range(0, 40).Select(i => (float)i).ToArray(), [40, 1])], [Tensor.Zeros([40])]);
        var single = new DataLoader(data, batchSize: 8, shuffle: true, seed: 99, prefetch: false);
        var ranks = Enumerable.Range(0, 2).Select(r => new DataLoader(data, new DistributedSampler(40, r, 2, true, 99), 4, prefetch: false)).ToArray();
        for (int epoch = 0; epoch < 3; epoch++)
        {
            var whole = single.GetEpoch(epoch).Select(b => b.Inputs[0].ToArray<float>().Order().ToArray()).ToArray();
            var halves = ranks.Select(l => l.GetEpoch(epoch).Select(b => b.Inputs[0].ToArray<float>()).ToArray()).ToArray();
            Assert.Equal(whole.Length, halves[0].Length);
            for (int k = 0; k < whole.Length; k++)
                Assert.Equal(whole[k], halves[0][k].Concat(halves[1][k]).Order().ToArray());
        }
    }

    [Fact]
    public void RefusesARankOutsideTheGroup()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new DistributedSampler(10, 2, 2, false, 0));
        Assert.Contains("[0, 2)", e.Message);
    }
}

public class DataParallelFitTests
{
    [Fact]
    public void AGroupOfOneTrainsExactlyAsWithoutACommunicator()
    {
        var (reference, refHistory) = Scenario.Train(Communicator.SingleProcess);
        Assert.Equal(Scenario.Flatten(reference), Scenario.Flatten(Scenario.Train(Communicator.SingleProcess).Model));
        Assert.True(refHistory["loss"][^1] < refHistory["loss"][0], "the scenario must learn");
    }

    [Fact]
    public void TheGlobalBatchMustSplitEvenly()
    {
        var e = Assert.Throws<ArgumentException>(() => new Models.Sequential(new Layers.Input(2), new Layers.Dense(1)).Apply(m =>
        {
            m.Compile(new Optimizers.SGD(), new Losses.MeanSquaredError());
            m.Fit(Tensor.Zeros([8, 2]), Tensor.Zeros([8, 1]), new Models.FitOptions { BatchSize = 5, Verbose = 0, Communicator = new FakeGroup(2) });
        }));
        Assert.Contains("multiple", e.Message);
    }

    [SkippableFact]
    public void TwoRanksOnTheHalvesOfEachBatchMatchOneProcessOnWholeBatches()
    {
        MpiRun.Succeeds("train", folder =>
        {
            var rank0 = File.ReadAllBytes(Path.Combine(folder, "weights.0.bin"));
            var rank1 = File.ReadAllBytes(Path.Combine(folder, "weights.1.bin"));
            Assert.Equal(rank0, rank1);   // bit-identical weights on every rank
            // Each rank trained on its own half: their first batch losses (local, before any reduction) differ.
            Assert.NotEqual(File.ReadAllText(Path.Combine(folder, "first-loss.0")), File.ReadAllText(Path.Combine(folder, "first-loss.1")));
            // Predict sharded across the ranks and gathered: every rank holds all 95 rows, bit-identical to one process.
            var whole = File.ReadAllBytes(Path.Combine(folder, "predict-whole.0.bin"));
            Assert.Equal(95 * Scenario.Classes * sizeof(float), whole.Length);
            Assert.Equal(whole, File.ReadAllBytes(Path.Combine(folder, "predict-sharded.0.bin")));
            Assert.Equal(whole, File.ReadAllBytes(Path.Combine(folder, "predict-sharded.1.bin")));
            Assert.Equal("5", File.ReadAllText(Path.Combine(folder, "predict-batches.0")));   // 47 rows in batches of 10
            Assert.Equal("5", File.ReadAllText(Path.Combine(folder, "predict-batches.1")));   // 48 rows (10 for all 95)
            var distributed = MemoryMarshal.Cast<byte, float>(rank0).ToArray();

            var (model, history) = Scenario.Train(Communicator.SingleProcess);
            var single = Scenario.Flatten(model);
            Assert.Equal(single.Length, distributed.Length);
            for (int i = 0; i < single.Length; i++)
                Assert.True(Math.Abs(single[i] - distributed[i]) <= 1e-5 + 1e-4 * Math.Abs(single[i]),
                    $"weight {i}: one process {single[i]:R}, two ranks {distributed[i]:R}");

            // The logs of rank 0 cover both ranks' data: the same losses and accuracies as one process.
            var lines = File.ReadAllLines(Path.Combine(folder, "history.txt"));
            var expected = Worker.History(history).ToArray();
            Assert.Equal(expected.Select(l => l.Split('=')[0]), lines.Select(l => l.Split('=')[0]));
            for (int k = 0; k < lines.Length; k++)
            {
                var a = lines[k].Split('=')[1].Split(',').Select(double.Parse).ToArray();
                var b = expected[k].Split('=')[1].Split(',').Select(double.Parse).ToArray();
                for (int e = 0; e < a.Length; e++)
                    Assert.True(Math.Abs(a[e] - b[e]) <= 1e-5 + 1e-4 * Math.Abs(b[e]), $"{lines[k].Split('=')[0]} epoch {e}: {a[e]} vs {b[e]}");
            }
        });
    }

    [SkippableFact]
    public void SynchronisedBatchNormalisationOnTwoHalvesMatchesOneProcessOnWholeBatches()
    {
        MpiRun.Succeeds("batchnorm", folder =>
        {
            var sync = File.ReadAllBytes(Path.Combine(folder, "bn-sync.0.bin"));
            Assert.Equal(sync, File.ReadAllBytes(Path.Combine(folder, "bn-sync.1.bin")));   // identical on every rank, moving statistics too
            var single = Scenario.Flatten(Scenario.Train(Communicator.SingleProcess, build: () => Scenario.WithBatchNormalization(true)).Model);
            double Gap(byte[] bytes)
            {
                var w = MemoryMarshal.Cast<byte, float>(bytes).ToArray();
                Assert.Equal(single.Length, w.Length);
                return Enumerable.Range(0, w.Length).Max(i => Math.Abs(single[i] - w[i]) / (1e-3 + Math.Abs(single[i])));
            }
            double synced = Gap(sync), local = Gap(File.ReadAllBytes(Path.Combine(folder, "bn-local.0.bin")));
            Assert.True(synced <= 1e-3, $"synchronised: largest relative gap to one process {synced} (local {local})");
            // Local statistics of half batches are a different computation: the same check must fail for them.
            Assert.True(local > 1e-2, $"local statistics came within {local} of one process: the test could not tell them apart");
        });
    }

    [SkippableFact]
    public void GradientsReducedDuringTheBackwardPassGiveTheWeightsOfReducingAfterIt()
    {
        MpiRun.Succeeds("overlap", folder =>
        {
            Assert.Equal("True", File.ReadAllText(Path.Combine(folder, "thread-level.0")));   // MPI_THREAD_SERIALIZED granted
            var after = File.ReadAllBytes(Path.Combine(folder, "overlap-False.0.bin"));
            Assert.Equal(after, File.ReadAllBytes(Path.Combine(folder, "overlap-False.1.bin")));
            Assert.Equal(after, File.ReadAllBytes(Path.Combine(folder, "overlap-True.0.bin")));
            Assert.Equal(after, File.ReadAllBytes(Path.Combine(folder, "overlap-True.1.bin")));
            // And the run is data-parallel training of the whole batch: one process on whole batches, up to summation order.
            var single = Scenario.Flatten(Scenario.Train(Communicator.SingleProcess, build: Scenario.Wide).Model);
            var w = MemoryMarshal.Cast<byte, float>(after).ToArray();
            double gap = Enumerable.Range(0, w.Length).Max(i => Math.Abs(single[i] - w[i]) / (1e-3 + Math.Abs(single[i])));
            Assert.True(gap <= 1e-3, $"largest relative gap to one process {gap}");
        });
    }

    [SkippableFact]
    public void AResumedDistributedRunEndsBitIdenticalToAnUninterruptedOne()
    {
        MpiRun.Succeeds("resume", folder =>
        {
            // The second run resumed: it trained only the epoch after the backup (epoch 2 of 0…2) on both ranks.
            Assert.Equal("2", File.ReadAllText(Path.Combine(folder, "resumed-epochs.0")));
            Assert.Equal("2", File.ReadAllText(Path.Combine(folder, "resumed-epochs.1")));
            var straight = File.ReadAllBytes(Path.Combine(folder, "straight.0.bin"));
            Assert.Equal(straight, File.ReadAllBytes(Path.Combine(folder, "resumed.0.bin")));
            Assert.Equal(straight, File.ReadAllBytes(Path.Combine(folder, "resumed.1.bin")));
            Assert.Equal(straight, File.ReadAllBytes(Path.Combine(folder, "straight.1.bin")));
        });
    }

    [SkippableFact]
    public void ARankThatDiesEndsTheJobInsteadOfHangingIt()
    {
        MpiRun.RequireMpi();
        var folder = Directory.CreateTempSubdirectory("dl-mpi-").FullName;
        try
        {
            var (code, output, elapsed) = MpiRun.Run(2, "die", folder, TimeSpan.FromMinutes(2));
            Assert.NotEqual(0, code);
            Assert.False(File.Exists(Path.Combine(folder, "finished.0")), "rank 0 finished training although rank 1 died");
            Assert.True(elapsed < TimeSpan.FromSeconds(90), $"the job took {elapsed.TotalSeconds:0} s to end");
            Assert.True(output.Contains("signal 9") || output.Contains("did not complete within"), output);
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    /// <summary>A group that reports a size but is never asked to communicate (argument checks run first).</summary>
    private sealed class FakeGroup(int size) : Communicator
    {
        public override int Rank => 0;
        public override int Size => size;
        public override void AllReduce(Span<float> buffer, ReduceOperation operation) => throw new InvalidOperationException();
        public override void AllReduce(Span<double> buffer, ReduceOperation operation) => throw new InvalidOperationException();
        public override void Broadcast(Span<byte> buffer, int root = 0) => throw new InvalidOperationException();
        public override void Barrier() => throw new InvalidOperationException();
    }
}

internal static class Fluent
{
    public static void Apply<T>(this T value, Action<T> action) => action(value);
}
