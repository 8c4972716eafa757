using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace DeepLearning.Devices.Cpu;

/// <summary>A unit of parallel work: <see cref="Execute"/> is called once for every index of a
/// <see cref="KernelPool.For{TJob}(int, ref TJob)"/> call, on any thread of the pool.</summary>
/// <remarks>Each index must write outputs disjoint from every other index, so that the result does not
/// depend on which thread runs which index (the pool's determinism rests on this).</remarks>
public interface IParallelJob
{
    /// <summary>Runs the work of one index.</summary>
    void Execute(int index);
}

/// <summary>
/// The one persistent pool of kernel threads. The calling thread works too, so a pool of
/// <see cref="ThreadCount"/> threads starts <c>ThreadCount − 1</c> workers. A call made from inside a
/// pool job, or while another thread holds the pool, runs serially on the caller: there is never nested
/// oversubscription.
/// </summary>
/// <remarks>
/// Dispatch allocates nothing: the job is a struct on the caller's stack, reached by the workers through a
/// pointer and a generic function-pointer trampoline. Each worker has a small state machine
/// (idle → assigned → running → idle); at the end of a call the caller revokes the assignment of any worker
/// that has not started yet, so a sleeping worker never delays a call that the caller finished alone.
/// </remarks>
public static unsafe class KernelPool
{
    private const int Idle = 0, Assigned = 1, Running = 2;
    private const int SpinIterations = 20_000;

    private sealed class Worker
    {
        public int State;
        public readonly ManualResetEventSlim Wake = new(false, 0);
        public Thread? Thread;
    }

    private static readonly object Gate = new();
    private static Worker[] _workers = [];
    private static int _threadCount = Environment.ProcessorCount;

    // The job now running: written by the owner before workers are assigned, read-only while it runs.
    private static delegate*<void*, int, void> _fn;
    private static void* _job;
    private static int _count;
    private static int _next;
    private static Exception? _error;

    [ThreadStatic] private static bool _insideJob;

    /// <summary>Threads used by kernels, the caller included (default: <see cref="Environment.ProcessorCount"/>).
    /// Set it to 1 to run every kernel on the calling thread. Results do not depend on it: kernels split work
    /// into fixed chunks combined in a fixed order.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1 or above 256.</exception>
    public static int ThreadCount
    {
        get => _threadCount;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 256);
            lock (Gate) _threadCount = value;
        }
    }

    /// <summary>Runs <c>job.Execute(i)</c> for every <c>i</c> in <c>[0, count)</c> across the pool and returns
    /// when all have finished. The job must be a local of the caller (the workers reach it by address).</summary>
    /// <remarks>If job indices throw, the first exception is rethrown on the caller once all indices ended.</remarks>
    public static void For<TJob>(int count, ref TJob job) where TJob : struct, IParallelJob
    {
        if (count <= 0) return;
        if (count == 1 || _threadCount == 1 || _insideJob || !Monitor.TryEnter(Gate))
        {
            RunSerial(count, ref job);
            return;
        }
        try
        {
            EnsureWorkers();
            int helpers = Math.Min(_threadCount - 1, count - 1);
            _fn = &Trampoline<TJob>;
            _job = Unsafe.AsPointer(ref job);
            _count = count;
            _error = null;
            Volatile.Write(ref _next, 0);
            for (int w = 0; w < helpers; w++)
            {
                Volatile.Write(ref _workers[w].State, Assigned);
                _workers[w].Wake.Set();
            }
            _insideJob = true;
            try { Claim(); }
            finally { _insideJob = false; }
            for (int w = 0; w < helpers; w++)
            {
                var worker = _workers[w];
                if (Interlocked.CompareExchange(ref worker.State, Idle, Assigned) == Assigned) continue;
                var spin = new SpinWait();
                while (Volatile.Read(ref worker.State) != Idle) spin.SpinOnce(-1);
            }
            _job = null;
            if (_error is { } e) ExceptionDispatchInfo.Capture(e).Throw();
        }
        finally
        {
            Monitor.Exit(Gate);
        }
    }

    private static void RunSerial<TJob>(int count, ref TJob job) where TJob : struct, IParallelJob
    {
        bool outer = !_insideJob;
        _insideJob = true;
        try
        {
            for (int i = 0; i < count; i++) job.Execute(i);
        }
        finally
        {
            if (outer) _insideJob = false;
        }
    }

    private static void Trampoline<TJob>(void* job, int index) where TJob : struct, IParallelJob =>
        Unsafe.AsRef<TJob>(job).Execute(index);

    private static void Claim()
    {
        var fn = _fn;
        var job = _job;
        int count = _count;
        while (true)
        {
            int i = Interlocked.Increment(ref _next) - 1;
            if (i >= count) return;
            try { fn(job, i); }
            catch (Exception e) { Interlocked.CompareExchange(ref _error, e, null); }
        }
    }

    private static void EnsureWorkers()
    {
        int wanted = _threadCount - 1;
        if (_workers.Length >= wanted) return;
        var grown = new Worker[wanted];
        Array.Copy(_workers, grown, _workers.Length);
        for (int w = _workers.Length; w < wanted; w++)
        {
            var worker = new Worker();
            worker.Thread = new Thread(() => WorkerLoop(worker))
            {
                IsBackground = true,
                Name = $"DeepLearning kernel worker {w + 1}",
            };
            worker.Thread.Start();
            grown[w] = worker;
        }
        _workers = grown;
    }

    private static void WorkerLoop(Worker worker)
    {
        _insideJob = true;
        while (true)
        {
            int spins = 0;
            while (Volatile.Read(ref worker.State) != Assigned)
            {
                if (++spins < SpinIterations)
                {
                    Thread.SpinWait(8);
                    continue;
                }
                worker.Wake.Reset();
                if (Volatile.Read(ref worker.State) == Assigned) break;
                worker.Wake.Wait();
                spins = 0;
            }
            if (Interlocked.CompareExchange(ref worker.State, Running, Assigned) != Assigned) continue;
            Claim();
            Volatile.Write(ref worker.State, Idle);
        }
    }
}
