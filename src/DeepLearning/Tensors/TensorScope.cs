using DeepLearning.Devices;

namespace DeepLearning;

/// <summary>The bookkeeping of one scope on one thread; recycled, so beginning a scope allocates nothing.</summary>
internal sealed class ScopeFrame
{
    internal ScopeFrame? Parent;
    internal readonly List<Storage> Owned = new(128);
    internal int Epoch;
    internal bool Persistent;
}

/// <summary>
/// A step scope: every tensor buffer allocated on this thread while the scope is the innermost one goes back to
/// its device's pool when the scope ends, so a steady-state training step allocates almost nothing. Parameters,
/// optimizer state and metric state are created outside scopes (or inside <see cref="Persistent"/>) and live as
/// long as they are referenced. A tensor that must outlive the scope is kept with <see cref="Tensor.Keep"/>;
/// touching a released tensor throws <see cref="ObjectDisposedException"/>, it never reads recycled memory.
/// </summary>
/// <example><code>
/// for (int step = 0; step &lt; steps; step++)
/// {
///     using var scope = TensorScope.Begin();
///     var loss = lossFn.Call(y, model.Call(x, training: true));
///     optimizer.ZeroGrad(); loss.Backward(); optimizer.Step();
///     total += loss.Item();
/// }
/// </code></example>
public readonly struct TensorScope : IDisposable
{
    [ThreadStatic] private static ScopeFrame? t_current;
    [ThreadStatic] private static Stack<ScopeFrame>? t_free;

    private readonly ScopeFrame? _frame;
    private readonly int _epoch;

    private TensorScope(ScopeFrame frame)
    {
        _frame = frame;
        _epoch = frame.Epoch;
    }

    /// <summary>Begins a scope that owns the temporaries allocated until it is disposed.</summary>
    public static TensorScope Begin() => Push(persistent: false);

    /// <summary>Begins a region whose allocations belong to no scope (they live while referenced), for state
    /// created lazily inside a step: weights built on the first call, gradients of parameters, optimizer slots.</summary>
    public static TensorScope Persistent() => Push(persistent: true);

    /// <summary>True when allocations on this thread are owned by a scope now.</summary>
    public static bool IsActive => t_current is { Persistent: false };

    /// <summary>Ends the scope and returns its buffers to the pool.</summary>
    /// <exception cref="InvalidOperationException">An inner scope is still open (scopes end in reverse order).</exception>
    public void Dispose()
    {
        var frame = _frame;
        if (frame is null || frame.Epoch != _epoch) return;
        if (!ReferenceEquals(t_current, frame))
            throw new InvalidOperationException("TensorScope: scopes must end in the reverse order they began, on the thread that began them.");
        foreach (var storage in frame.Owned)
            if (ReferenceEquals(storage.Owner, frame)) storage.Device.Release(storage);
        frame.Owned.Clear();
        frame.Epoch++;
        t_current = frame.Parent;
        frame.Parent = null;
        (t_free ??= new Stack<ScopeFrame>()).Push(frame);
    }

    private static TensorScope Push(bool persistent)
    {
        var frame = t_free is { Count: > 0 } free ? free.Pop() : new ScopeFrame();
        frame.Parent = t_current;
        frame.Persistent = persistent;
        t_current = frame;
        return new TensorScope(frame);
    }

    /// <summary>Records new storage as owned by the innermost scope, if any.</summary>
    internal static void Register(Storage storage)
    {
        var frame = t_current;
        if (frame is null || frame.Persistent) return;
        storage.Owner = frame;
        frame.Owned.Add(storage);
    }

    /// <summary>Moves storage out of its scope into the enclosing one (or to the GC when there is none).</summary>
    internal static void Keep(Storage storage)
    {
        var owner = storage.Owner;
        if (owner is null) return;
        var parent = owner.Parent;
        if (parent is null || parent.Persistent)
        {
            storage.Owner = null;
            return;
        }
        storage.Owner = parent;
        parent.Owned.Add(storage);
    }
}
