using DeepLearning.Autograd;
using DeepLearning.Devices;

namespace DeepLearning;

/// <summary>
/// An n-dimensional array of <see cref="DType.Float32"/>, <see cref="DType.Float64"/> or <see cref="DType.Int32"/>
/// elements on a <see cref="Devices.Device"/>, with reverse-mode automatic differentiation.
/// </summary>
/// <remarks>
/// <para>A tensor is a strided view of a storage: reshaping a contiguous tensor, transposing, permuting, slicing,
/// squeezing and broadcasting create views that share memory. Operations follow NumPy broadcasting rules and
/// require operands of the same dtype and device (cast explicitly with <see cref="Cast"/>); a scalar operand takes
/// the tensor's dtype.</para>
/// <para>Set <see cref="RequiresGrad"/> on a leaf tensor to record the operations applied to it; calling
/// <see cref="Backward(Tensor?, bool)"/> on a result fills <see cref="Grad"/> of every leaf that requires it.
/// Inside <see cref="NoGrad"/> nothing is recorded.</para>
/// <para>Buffers allocated inside a <see cref="TensorScope"/> return to the device pool when the scope ends;
/// a tensor used after that throws <see cref="ObjectDisposedException"/>. Outside any scope a tensor lives as
/// long as it is referenced.</para>
/// </remarks>
public sealed partial class Tensor
{
    // Storage, offset, strides and stamp change only in MoveTo (a persistent leaf rebound to another device).
    internal Storage _storage;
    internal int _offset;
    internal readonly Shape _shape;
    internal Strides _strides;
    private int _stamp;

    internal Node? _gradFn;
    private Tensor? _grad;
    private bool _gradStale;   // _grad's values are void: read as zeros, overwritten (not added to) by the next backward
    private bool _requiresGrad;
    private bool _retainGrad;
    internal Tensor? _pendingGrad;

    internal Tensor(Storage storage, int offset, Shape shape, Strides strides)
    {
        _storage = storage;
        _offset = offset;
        _shape = shape;
        _strides = strides;
        _stamp = storage.Generation;
    }

    /// <summary>Allocates an uninitialised contiguous tensor, owned by the current <see cref="TensorScope"/> if any.</summary>
    internal static Tensor Empty(Shape shape, DType dtype, Device device)
    {
        var storage = device.Allocate(dtype, shape.ElementCount);
        TensorScope.Register(storage);
        return new Tensor(storage, 0, shape, Strides.RowMajor(shape));
    }

    /// <summary>An uninitialised tensor with this tensor's dtype and device.</summary>
    internal Tensor EmptyLike(Shape shape) => Empty(shape, DType, Device);

    /// <summary>The dimensions.</summary>
    public Shape Shape => _shape;

    /// <summary>The element strides of this view.</summary>
    public Strides Strides => _strides;

    /// <summary>The element type.</summary>
    public DType DType => _storage.DType;

    /// <summary>The device holding the data.</summary>
    public Device Device => _storage.Device;

    /// <summary>Number of dimensions.</summary>
    public int Rank => _shape.Rank;

    /// <summary>Number of elements (the product of the dimensions).</summary>
    public int ElementCount => _shape.ElementCount;

    /// <summary>The Keras-style mask travelling with a layer output (1 = valid step, 0 = padding), set by layers such as
    /// Embedding(maskZero) and used by recurrent layers, losses and metrics; null when there is none.</summary>
    public Tensor? Mask { get; internal set; }

    /// <summary>An optional name, shown by <see cref="ToString"/> and in error messages of models.</summary>
    public string? Name { get; set; }

    /// <summary>True when the view is dense and row-major.</summary>
    public bool IsContiguous => new StridedView(_storage, _offset, _shape, _strides).IsContiguous;

    /// <summary>The kernel view of this tensor.</summary>
    /// <exception cref="ObjectDisposedException">The buffer went back to the pool when its scope ended.</exception>
    internal StridedView View
    {
        get
        {
            if (_stamp != _storage.Generation) ThrowReleased();
            return new StridedView(_storage, _offset, _shape, _strides);
        }
    }

    /// <summary>True while the tensor's buffer is valid (its scope has not ended).</summary>
    public bool IsAlive => _stamp == _storage.Generation;

    private void ThrowReleased() => throw new ObjectDisposedException(nameof(Tensor),
        $"Tensor{(Name is null ? "" : " '" + Name + "'")} of shape {_shape}: its buffer was released when its TensorScope ended. " +
        "Call Keep() on a tensor that must outlive the scope.");

    /// <summary>
    /// Whether operations on this tensor are recorded for <see cref="Backward(Tensor?, bool)"/>. Set it on leaves
    /// (parameters, inputs to differentiate with respect to); results of recorded operations report true.
    /// </summary>
    /// <exception cref="InvalidOperationException">Set on a non-leaf, or to true on an integer tensor.</exception>
    public bool RequiresGrad
    {
        get => _requiresGrad || _gradFn is not null;
        set
        {
            if (_gradFn is not null)
                throw new InvalidOperationException($"RequiresGrad: only leaf tensors can change it; this one is the output of {_gradFn.Name}. Use Detach().");
            if (value && !DType.IsFloating())
                throw new InvalidOperationException($"RequiresGrad: only floating tensors have gradients; this one is {DType}.");
            _requiresGrad = value;
        }
    }

    /// <summary>True when the tensor was not produced by a recorded operation.</summary>
    public bool IsLeaf => _gradFn is null;

    /// <summary>The node that produced this tensor, or null for a leaf.</summary>
    public Node? GradFn => _gradFn;

    /// <summary>The accumulated gradient of the last <see cref="Backward(Tensor?, bool)"/> calls (leaves, and
    /// non-leaves after <see cref="RetainGrad"/>); null until one ran.</summary>
    /// <exception cref="ArgumentException">The value's shape, dtype or device differ from this tensor's.</exception>
    public Tensor? Grad
    {
        get
        {
            if (_gradStale) ZeroGrad();
            return _grad;
        }
        set
        {
            if (value is not null && (value.Shape != _shape || value.DType != DType || value.Device != Device))
                throw new ArgumentException($"Grad: a gradient of shape {value.Shape} ({value.DType}, {value.Device}) does not fit a tensor of shape {_shape} ({DType}, {Device}).");
            _grad = value;
            _gradStale = false;
        }
    }

    /// <summary>Asks <see cref="Backward(Tensor?, bool)"/> to keep this non-leaf's gradient in <see cref="Grad"/>.</summary>
    public Tensor RetainGrad()
    {
        _retainGrad = true;
        return this;
    }

    internal bool RetainsGrad => _retainGrad || _gradFn is null;

    /// <summary>Sets <see cref="Grad"/> to zeros in place (keeping its buffer) if it exists.</summary>
    public void ZeroGrad()
    {
        _gradStale = false;
        if (_grad is not null) Device.Fill(_grad.View, 0);
    }

    /// <summary>
    /// <see cref="ZeroGrad"/> without the pass over memory, for a training step that runs a backward pass next: the
    /// buffer's values become void, the backward pass's first contribution overwrites them instead of being added, and
    /// reading <see cref="Grad"/> before any contribution arrived fills the zeros then. A step thus writes each
    /// weight gradient once instead of zeroing it, writing a temporary and adding the two.
    /// </summary>
    internal void ZeroGradLazily()
    {
        if (_grad is null) return;
        _ = _grad.View;   // a released buffer throws here, as ZeroGrad's fill would
        _gradStale = true;
    }

    /// <summary>The gradient buffer for the backward engine, without filling a void one: <paramref name="overwrite"/>
    /// tells that its values are void (<see cref="ZeroGradLazily"/>), so the caller must write, not add. The caller
    /// then writes it and calls <see cref="GradWritten"/>.</summary>
    internal Tensor? GradBuffer(out bool overwrite)
    {
        overwrite = _gradStale;
        return _grad;
    }

    /// <summary>Records that the backward engine wrote <see cref="Grad"/>'s buffer (it holds values again).</summary>
    internal void GradWritten()
    {
        _gradStale = false;
        _grad!.MarkModified();
    }

    /// <summary>A tensor sharing this one's data but cut from the graph: no gradient flows through it.</summary>
    public Tensor Detach()
    {
        var v = View;
        return new Tensor(_storage, v.Offset, v.Shape, v.Strides) { Name = Name };
    }

    /// <summary>Lets this tensor's buffer outlive the innermost <see cref="TensorScope"/>: it moves to the enclosing
    /// scope, or belongs to the garbage collector when there is none. Views share the buffer, so they survive too.</summary>
    public Tensor Keep()
    {
        _ = View;
        TensorScope.Keep(_storage);
        return this;
    }

    /// <summary>Runs reverse-mode differentiation from this tensor, accumulating into <see cref="Grad"/> of every
    /// leaf that requires a gradient.</summary>
    /// <param name="gradient">The seed ∂L/∂this; omitted, the tensor must hold one element and the seed is 1.</param>
    /// <param name="retainGraph">Keep saved tensors so that the graph can be differentiated again.</param>
    /// <exception cref="InvalidOperationException">The tensor does not require a gradient, or the graph was freed.</exception>
    /// <exception cref="ArgumentException">No seed for a tensor of several elements, or a seed of the wrong shape.</exception>
    public void Backward(Tensor? gradient = null, bool retainGraph = false) =>
        BackwardEngine.Run(this, gradient, retainGraph);

    /// <summary>Rebinds this leaf to a dense copy of its values on <paramref name="device"/>, keeping the object (and
    /// so every reference to it: layers, optimizers). Used to move weights and optimizer slots with a model.</summary>
    /// <exception cref="InvalidOperationException">The tensor is not a leaf, or is owned by a step scope.</exception>
    internal void MoveTo(Device device)
    {
        if (device == Device) return;
        if (!IsLeaf) throw new InvalidOperationException($"To: only leaf tensors (weights, state) move in place; this one is the output of {_gradFn!.Name}.");
        if (_storage.Owner is not null) throw new InvalidOperationException($"To: tensor '{Name}' of shape {_shape} belongs to a step scope; only persistent tensors move in place.");
        Tensor copy;
        using (TensorScope.Persistent())
        using (NoGrad())
            copy = To(device);
        _storage = copy._storage;
        _offset = copy._offset;
        _strides = copy._strides;
        _stamp = copy._stamp;
        if (_grad is not null)
        {
            _grad.MoveTo(device);
        }
    }

    /// <summary>Bumps the storage version after an in-place write (saved copies become stale for autograd).</summary>
    internal void MarkModified() => _storage.Version++;

    /// <summary>Throws when an in-place write would corrupt the graph: a leaf that requires grad while recording.</summary>
    internal void CheckInPlace(string op)
    {
        _ = View;
        if (GradMode.IsEnabled && RequiresGrad)
            throw new InvalidOperationException($"{op}: in-place modification of a tensor that requires grad ({(IsLeaf ? "a leaf" : "output of " + _gradFn!.Name)}, shape {_shape}) while recording; wrap it in Tensor.NoGrad() or use Detach().");
    }

    /// <summary>Disables gradient recording on this thread until the returned value is disposed.</summary>
    /// <example><code>using (Tensor.NoGrad()) { var y = model.Call(x); }</code></example>
    public static GradMode.Disabled NoGrad() => GradMode.Disable();
}
