namespace DeepLearning.Data;

/// <summary>
/// Timing of a <see cref="DataLoader"/>'s consumer: how long it waited for batches against the total time of the
/// steps. With prefetching the wait should be a small fraction of the step time (the goal is ≤ 2 % in the steady
/// state): the next batch is prepared on a background thread while the consumer trains on the current one. The
/// first batch of every epoch cannot be hidden (nothing runs before it is asked for); <see cref="FirstBatchWaitTime"/>
/// holds those waits and <see cref="SteadyStateWaitFraction"/> leaves them out.
/// </summary>
/// <param name="Batches">Batches delivered.</param>
/// <param name="WaitTime">Time the consumer spent inside the loader waiting for a batch (with prefetch off, the whole
/// time to produce it), first batches included.</param>
/// <param name="FirstBatchWaitTime">The part of <paramref name="WaitTime"/> spent waiting for the first batch of each epoch.</param>
/// <param name="TotalTime">Wall time from the start of each epoch's enumeration to its end (or to now, mid-epoch):
/// the consumer's work plus its waits.</param>
/// <param name="ProduceTime">Time spent producing batches (reading and transforming), on whichever thread did it.</param>
public sealed record LoaderStatistics(long Batches, TimeSpan WaitTime, TimeSpan FirstBatchWaitTime, TimeSpan TotalTime, TimeSpan ProduceTime)
{
    /// <summary>WaitTime / TotalTime: the fraction of the step time the consumer waited for data (0 when nothing ran).</summary>
    public double WaitFraction => TotalTime > TimeSpan.Zero ? WaitTime / TotalTime : 0;

    /// <summary>(WaitTime − FirstBatchWaitTime) / (TotalTime − FirstBatchWaitTime): the waiting fraction once the
    /// pipeline is full, the number prefetching is designed to keep ≤ 2 %.</summary>
    public double SteadyStateWaitFraction
    {
        get
        {
            var total = TotalTime - FirstBatchWaitTime;
            return total > TimeSpan.Zero ? (WaitTime - FirstBatchWaitTime) / total : 0;
        }
    }

    /// <summary>TotalTime / Batches: the mean time of one step, waiting included.</summary>
    public TimeSpan MeanStepTime => Batches > 0 ? TotalTime / Batches : TimeSpan.Zero;

    /// <inheritdoc />
    public override string ToString() =>
        $"{Batches} batches in {TotalTime.TotalMilliseconds:0.#} ms; waited {WaitTime.TotalMilliseconds:0.###} ms ({WaitFraction:P2}; " +
        $"{SteadyStateWaitFraction:P2} after the first batch of each epoch, which waited {FirstBatchWaitTime.TotalMilliseconds:0.###} ms); " +
        $"producing took {ProduceTime.TotalMilliseconds:0.#} ms";
}
