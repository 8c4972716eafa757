using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using DeepLearning.Autograd;

namespace DeepLearning.Distributed;

/// <summary>
/// Averages the gradients of a data-parallel step across the ranks while the backward pass is still running, as
/// PyTorch's DistributedDataParallel overlaps its all-reduce: gradients are grouped into buckets of at least
/// <see cref="BucketElements"/> elements in the order the backward pass finishes them (the same on every rank, since it
/// depends on the graph alone); each full bucket is copied out and all-reduced by a communication thread while the pass
/// goes on; <see cref="Finish"/> sends the rest, waits and writes the means back. Bucketing decides which elements
/// travel together, never how one element is summed (the communicator adds each element in rank order), so the
/// weights are bit-identical to averaging after the backward pass.
/// </summary>
/// <remarks>Needs a communicator whose <see cref="Communicator.SupportsCollectivesFromAnyThread"/> holds; while a
/// step's buckets are in flight the training thread makes no collective call of its own.</remarks>
internal sealed class OverlappedGradientReducer : IDisposable
{
    /// <summary>About 1 MB of float32: PyTorch DDP's first bucket, small enough that the first all-reduce starts
    /// early in the backward pass.</summary>
    public const int BucketElements = 1 << 18;

    private sealed class Bucket(float[] buffer, Tensor[] grads, int length)
    {
        public readonly float[] Buffer = buffer;
        public readonly Tensor[] Grads = grads;
        public readonly int Length = length;
        public readonly ManualResetEventSlim Done = new(false);
        public Exception? Error;
    }

    private readonly BlockingCollection<Bucket> _queue = new();
    private readonly List<Bucket> _inFlight = [];
    private readonly List<float[]> _buffers = [];
    private readonly List<Tensor> _pending = [];
    private readonly HashSet<Tensor> _parameters = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<Tensor> _sent = new(ReferenceEqualityComparer.Instance);
    private IReadOnlyList<Tensor> _order = [];
    private int _pendingElements;

    /// <summary>Starts the communication thread of <paramref name="communicator"/>.</summary>
    public OverlappedGradientReducer(Communicator communicator)
    {
        Communicator = communicator;
        new Thread(() => Communicate(communicator))
        {
            IsBackground = true,
            Name = "DeepLearning gradient all-reduce",
        }.Start();
    }

    /// <summary>The group the gradients are averaged over.</summary>
    public Communicator Communicator { get; }

    /// <summary>Starts a step over <paramref name="parameters"/>; the returned scope makes the backward passes of this
    /// thread hand each finished gradient to the reducer.</summary>
    public BackwardEngine.LeafReadyScope Begin(IReadOnlyList<Tensor> parameters)
    {
        _order = parameters;
        _parameters.Clear();
        _sent.Clear();
        foreach (var p in parameters) _parameters.Add(p);
        return BackwardEngine.OnLeafGradientReady(OnReady);
    }

    private void OnReady(Tensor leaf)
    {
        if (leaf.Grad is null || !_parameters.Contains(leaf) || !_sent.Add(leaf)) return;
        GradientChecks.Float32(leaf);
        _pending.Add(leaf.Grad);
        _pendingElements += leaf.ElementCount;
        if (_pendingElements >= BucketElements) Send();
    }

    /// <summary>Copies the pending gradients into the next buffer and queues their all-reduce.</summary>
    private void Send()
    {
        int index = _inFlight.Count;
        if (_buffers.Count == index) _buffers.Add([]);
        if (_buffers[index].Length < _pendingElements) _buffers[index] = new float[_pendingElements];
        var buffer = _buffers[index];
        int at = 0;
        foreach (var g in _pending) { g.CopyTo(buffer.AsSpan(at, g.ElementCount)); at += g.ElementCount; }
        var bucket = new Bucket(buffer, [.. _pending], _pendingElements);
        _pending.Clear();
        _pendingElements = 0;
        _inFlight.Add(bucket);
        _queue.Add(bucket);
    }

    /// <summary>Sends the gradients the backward pass did not report (parameters outside the graph that still hold a
    /// gradient, in parameter order), waits for every bucket and replaces each gradient with its mean over the ranks.</summary>
    /// <exception cref="NotSupportedException">A gradient is not float32.</exception>
    public void Finish()
    {
        foreach (var p in _order)
        {
            if (p.Grad is null || !_sent.Add(p)) continue;
            GradientChecks.Float32(p);
            _pending.Add(p.Grad);
            _pendingElements += p.ElementCount;
        }
        if (_pending.Count > 0) Send();
        Wait();
        foreach (var bucket in _inFlight)
        {
            int at = 0;
            foreach (var g in bucket.Grads) { g.CopyFrom(bucket.Buffer.AsSpan(at, g.ElementCount)); at += g.ElementCount; }
        }
        _inFlight.Clear();
    }

    /// <summary>Waits for the buckets in flight and forgets them (a step that failed); nothing is written back.</summary>
    public void Abandon()
    {
        _pending.Clear();
        _pendingElements = 0;
        try { Wait(); }
        catch (Exception) { /* the step already failed; its own exception is the one reported */ }
        _inFlight.Clear();
    }

    private void Wait()
    {
        Exception? error = null;
        foreach (var bucket in _inFlight)
        {
            bucket.Done.Wait();
            bucket.Done.Dispose();
            error ??= bucket.Error;
        }
        if (error is not null)
        {
            _inFlight.Clear();
            ExceptionDispatchInfo.Capture(error).Throw();
        }
    }

    private void Communicate(Communicator communicator)
    {
        foreach (var bucket in _queue.GetConsumingEnumerable())
        {
            try { communicator.AllReduce(bucket.Buffer.AsSpan(0, bucket.Length), ReduceOperation.Mean); }
            catch (Exception e) { bucket.Error = e; }
            finally { bucket.Done.Set(); }
        }
    }

    /// <summary>Ends the communication thread once the queued buckets are done.</summary>
    public void Dispose() => _queue.CompleteAdding();
}
