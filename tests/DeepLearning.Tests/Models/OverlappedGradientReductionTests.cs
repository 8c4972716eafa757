using System.Collections.Concurrent;
using DeepLearning.Autograd;
using DeepLearning.Distributed;
using DeepLearning.Layers;
using DeepLearning.Losses;
using DeepLearning.Models;
using DeepLearning.Optimizers;

namespace DeepLearning.Tests.Models;

// The trainings compared here seed the global generator; a test drawing from it in parallel would change their weights.
[Collection(GlobalGeneratorCollection.Name)]
public class OverlappedGradientReductionTests
{
    /// <summary>A group of two in one process: its all-reduce halves every element (the mean with a rank whose
    /// gradient is zero), records the calling thread and the length, and can say it accepts calls from any thread.</summary>
    private sealed class RecordingGroup(bool anyThread) : Communicator
    {
        public readonly ConcurrentQueue<(int Thread, int Length)> Calls = new();
        public override int Rank => 0;
        public override int Size => 2;
        public override bool SupportsCollectivesFromAnyThread => anyThread;

        public override void AllReduce(Span<float> buffer, ReduceOperation operation)
        {
            Calls.Enqueue((Environment.CurrentManagedThreadId, buffer.Length));
            foreach (ref var v in buffer) v *= 0.5f;
        }

        public override void AllReduce(Span<double> buffer, ReduceOperation operation)
        {
            Calls.Enqueue((Environment.CurrentManagedThreadId, buffer.Length));
            foreach (ref var v in buffer) v *= 0.5;
        }

        public override void Broadcast(Span<byte> buffer, int root = 0) { }
        public override void Barrier() { }
    }

    // Dense(6 → 600): 4,200 weights; Dense(600 → 500): 300,500; Dense(500 → 3): 1,503. The backward pass finishes the
    // last layer first: 1,503 + 300,500 = 302,003 ≥ 2^18 closes the first bucket while Dense(6 → 600)'s gradients are
    // still to come; those 4,200 go in a second bucket when the pass ends.
    private static (float[] Weights, RecordingGroup Group) Train(bool overlap, bool anyThread = true, bool synchronizedBatchNorm = false)
    {
        Generator.Seed(3);
        var layers = new List<Layer> { new Input(6), new Dense(600, activation: Activation.Tanh) };
        if (synchronizedBatchNorm) layers.Add(new BatchNormalization { Synchronized = true });
        layers.AddRange([new Dense(500, activation: Activation.Tanh), new Dense(3)]);
        var model = new Sequential([.. layers]);
        model.Compile(new Adam(1e-3), new SparseCategoricalCrossentropy(fromLogits: true));
        var group = new RecordingGroup(anyThread);
        model.Communicator = group;
        model.OverlapGradientReduction = overlap;
        Generator.Seed(4);
        var x = Tensor.RandomNormal([8, 6]);
        var y = Tensor.RandomInt([8], 0, 3);
        for (int step = 0; step < 3; step++) model.TrainOnBatch(x, y);
        return ([.. model.Weights.SelectMany(w => w.ToArray<float>())], group);
    }

    [Fact]
    public void BucketsReducedDuringTheBackwardPassGiveTheWeightsOfReducingAfterIt()
    {
        var (after, afterGroup) = Train(overlap: false);
        var (during, duringGroup) = Train(overlap: true);
        Assert.Equal(after, during);
        int me = Environment.CurrentManagedThreadId;
        Assert.Equal(Enumerable.Repeat((me, 306_203), 3), afterGroup.Calls);      // one bucket per step, on this thread
        Assert.Equal(6, duringGroup.Calls.Count);                                   // two buckets per step
        Assert.All(duringGroup.Calls, c => Assert.NotEqual(me, c.Thread));          // on the communication thread
        Assert.Equal([302_003, 4_200, 302_003, 4_200, 302_003, 4_200], duringGroup.Calls.Select(c => c.Length));
    }

    [Fact]
    public void AGroupBoundToOneThreadOrACollectiveInTheBackwardPassReducesAfterThePass()
    {
        int me = Environment.CurrentManagedThreadId;
        var (_, singleThreaded) = Train(overlap: true, anyThread: false);
        Assert.All(singleThreaded.Calls, c => Assert.Equal(me, c.Thread));
        var (after, afterGroup) = Train(overlap: false, synchronizedBatchNorm: true);
        var (during, duringGroup) = Train(overlap: true, synchronizedBatchNorm: true);
        Assert.Equal(after, during);
        Assert.All(duringGroup.Calls, c => Assert.Equal(me, c.Thread));
        Assert.Equal(afterGroup.Calls.Count, duringGroup.Calls.Count);
    }

    /// <summary>Threads of this process named as the reducer's (Linux shows the first 15 characters of a thread's name
    /// in /proc/self/task/*/comm); -1 where that is not available.</summary>
    private static int ReducerThreads()
    {
        if (!Directory.Exists("/proc/self/task")) return -1;
        int n = 0;
        foreach (var task in Directory.GetDirectories("/proc/self/task"))
        {
            try { if (File.ReadAllText(Path.Combine(task, "comm")).StartsWith("DeepLearning gr", StringComparison.Ordinal)) n++; }
            catch (IOException) { }   // the thread ended meanwhile
        }
        return n;
    }

    [SkippableFact]
    public void TheCommunicationThreadEndsWithFit()
    {
        int before = ReducerThreads();
        Skip.If(before < 0, "the process's threads are listed under /proc/self/task on Linux only");
        Generator.Seed(5);
        var model = new Sequential(new Input(6), new Dense(4), new Dense(3));
        model.Compile(new SGD(0.1), new SparseCategoricalCrossentropy(fromLogits: true));
        var x = Tensor.RandomNormal([16, 6]);
        var y = Tensor.RandomInt([16], 0, 3);
        var group = new RecordingGroup(anyThread: true);
        model.Fit(x, y, new FitOptions { Epochs = 1, BatchSize = 8, Verbose = 0, Communicator = group, OverlapGradientReduction = true });
        int me = Environment.CurrentManagedThreadId;
        Assert.Contains(group.Calls, c => c.Thread != me);   // the thread did run
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (ReducerThreads() > before && DateTime.UtcNow < deadline) Thread.Sleep(10);
        Assert.Equal(before, ReducerThreads());
    }

    [Fact]
    public void TheBackwardPassReportsEachLeafOnceWithItsFinishedGradient()
    {
        // loss = Σ (a·b + a) + Σ c²: a feeds two nodes, so it is finished only after both; d takes no part.
        var a = Tensor.FromArray([1f, 2f], [2]);
        var b = Tensor.FromArray([3f, 4f], [2]);
        var c = Tensor.FromArray([5f], [1]);
        var d = Tensor.FromArray([7f], [1]);
        foreach (var t in new[] { a, b, c, d }) t.RequiresGrad = true;
        var loss = (a * b + a).Sum() + (c * c).Sum();
        var reported = new List<(Tensor Leaf, float[] Grad)>();
        using (BackwardEngine.OnLeafGradientReady(leaf => reported.Add((leaf, leaf.Grad!.ToArray<float>()))))
            loss.Backward();
        Assert.Equal(3, reported.Count);
        Assert.Equal(3, reported.Select(r => r.Leaf).Distinct(ReferenceEqualityComparer.Instance).Count());
        Assert.DoesNotContain(reported, r => ReferenceEquals(r.Leaf, d));
        // Hand derivatives: ∂/∂a = b + 1 = (4, 5); ∂/∂b = a = (1, 2); ∂/∂c = 2c = 10.
        Assert.Equal([4f, 5f], reported.Single(r => ReferenceEquals(r.Leaf, a)).Grad);
        Assert.Equal([1f, 2f], reported.Single(r => ReferenceEquals(r.Leaf, b)).Grad);
        Assert.Equal([10f], reported.Single(r => ReferenceEquals(r.Leaf, c)).Grad);
    }
}
