using DeepLearning.Data;
using DeepLearning.Losses;
using DeepLearning.Optimizers;

namespace DeepLearning.Benchmarks;

/// <summary>
/// How long training waits for data when the batches come from a <see cref="DataLoader"/> with prefetch and image
/// augmentation (a random flip and a random shift, applied on the loader's background thread): the cnn workload's
/// model trained on 2,048 uniform 28×28×1 images in batches of 64 for three epochs. The goal is a steady-state
/// wait ≤ 2 % of the step time (<see cref="LoaderStatistics.SteadyStateWaitFraction"/>).
/// </summary>
internal static class LoaderWait
{
    public static IEnumerable<string> Run()
    {
        var dataset = new TensorDataset(Tensor.RandomUniform([2048, 28, 28, 1]), Tensor.RandomInt([2048], 0, 10));
        var augment = ImageAugmentation.Compose(new RandomFlip(), new RandomShift(0.1, 0.1));
        var loader = new DataLoader(dataset, batchSize: 64, shuffle: true, seed: 1, transform: augment.AsTransform());
        var model = Workloads.Cnn();
        model.Compile(new Adam(1e-3), new SparseCategoricalCrossentropy(fromLogits: true));
        foreach (var batch in loader) model.TrainOnBatch(batch.Input, batch.Target);
        loader.ResetStatistics();
        for (int epoch = 0; epoch < 3; epoch++)
            foreach (var batch in loader) model.TrainOnBatch(batch.Input, batch.Target);
        var s = loader.Statistics;
        yield return $"loader-wait: {100 * s.SteadyStateWaitFraction:F2} % of step time after each epoch's first batch " +
            $"({100 * s.WaitFraction:F2} % with it); mean step {s.MeanStepTime.TotalMilliseconds:F1} ms, " +
            $"producing a batch {s.ProduceTime.TotalMilliseconds / s.Batches:F2} ms";
    }
}
