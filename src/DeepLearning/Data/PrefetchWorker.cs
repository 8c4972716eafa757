using System.Runtime.ExceptionServices;
using DeepLearning.Devices.Cpu;

namespace DeepLearning.Data;

/// <summary>
/// Produces the batches of one epoch on one dedicated background thread, exactly one batch ahead of the consumer:
/// batch b + 1 is requested when batch b is handed over, so at most one batch waits while the consumer works.
/// Production runs as a single-index <see cref="KernelPool"/> job, so any kernel it calls runs serially on this
/// thread and never takes the kernel pool from the training thread (no nested oversubscription).
/// </summary>
internal sealed class PrefetchWorker : IDisposable
{
    private readonly Func<int, Batch> _produce;
    private readonly int _count;
    private readonly CancellationToken _cancellation;
    private readonly SemaphoreSlim _requested = new(0);
    private readonly SemaphoreSlim _ready = new(0);
    private readonly Thread _thread;
    private volatile bool _stop;
    private Batch? _result;
    private ExceptionDispatchInfo? _error;
    private int _taken;

    public PrefetchWorker(Func<int, Batch> produce, int count, CancellationToken cancellation)
    {
        _produce = produce;
        _count = count;
        _cancellation = cancellation;
        _thread = new Thread(Loop) { IsBackground = true, Name = "DeepLearning data loader prefetch" };
        _thread.Start();
        _requested.Release();
    }

    /// <summary>Waits for the next batch, requests the one after it, and returns it.</summary>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public Batch Take(CancellationToken cancellation)
    {
        _ready.Wait(cancellation);
        _error?.Throw();
        var batch = _result!;
        _result = null;
        if (++_taken < _count) _requested.Release();
        return batch;
    }

    private void Loop()
    {
        for (int b = 0; b < _count; b++)
        {
            _requested.Wait();
            if (_stop || _cancellation.IsCancellationRequested) return;
            try
            {
                var job = new SerialJob { Produce = _produce, Index = b };
                KernelPool.For(1, ref job);
                _result = job.Result;
            }
            catch (Exception e)
            {
                _error = ExceptionDispatchInfo.Capture(e);
                _ready.Release();
                return;
            }
            _ready.Release();
        }
    }

    /// <summary>Stops the thread after the batch in production (if any) and waits for it.</summary>
    public void Dispose()
    {
        _stop = true;
        _requested.Release();
        _thread.Join();
        _requested.Dispose();
        _ready.Dispose();
    }

    private struct SerialJob : IParallelJob
    {
        public Func<int, Batch> Produce;
        public int Index;
        public Batch? Result;

        public void Execute(int index) => Result = Produce(Index);
    }
}
