using DeepLearning.Schedules;

namespace DeepLearning.Optimizers;

/// <summary>
/// The base of every optimizer: a learning rate (a number or a <see cref="LearningRateSchedule"/> of the step),
/// an iteration counter, gradient clipping, decoupled weight decay, and per-parameter state ("slots") created
/// lazily on the first step, keyed by the parameter tensor (reference identity). Defaults and formulas follow
/// Keras 3 (keras/src/optimizers/base_optimizer.py).
/// </summary>
/// <remarks>
/// <para>One step (<see cref="Step(IReadOnlyList{Tensor})"/>), for the parameters whose <see cref="Tensor.Grad"/>
/// is not null, in Keras's order: (1) η = the schedule at <see cref="Iterations"/>; (2) clip the gradients
/// (<see cref="ClipNorm"/>: each g ← g·c/max(‖g‖₂, c); <see cref="GlobalClipNorm"/>: all g ← g·c/max(N, c) with N
/// the norm of all gradients together; <see cref="ClipValue"/>: g ← clip(g, −v, v)); (3) decoupled weight decay
/// θ ← θ − η·wd·θ when <see cref="WeightDecay"/> is set; (4) the optimizer's own update of each parameter;
/// (5) <see cref="Iterations"/> += 1 (also when no parameter had a gradient, as Keras).</para>
/// <para>Gradients accumulate across <see cref="Tensor.Backward(Tensor?, bool)"/> calls; the optimizer never
/// changes them (clipping works on copies) and zeroes them only in <see cref="ZeroGrad"/>. Updates run under
/// <see cref="Tensor.NoGrad"/> inside a <see cref="TensorScope"/> of their own, so their temporaries go back to the
/// pool; slots are created in <see cref="TensorScope.Persistent"/> once per parameter. An optimizer is not
/// thread-safe.</para>
/// <para>Two ways to use it: Keras-style, <c>optimizer.Step(model.TrainableWeights)</c>; PyTorch-style,
/// <c>optimizer.AddParameters(ps)</c> once, then <c>optimizer.ZeroGrad(); loss.Backward(); optimizer.Step();</c>.</para>
/// </remarks>
public abstract partial class Optimizer
{
    private sealed class ParameterSlots(Tensor[] slots, bool useWeightDecay)
    {
        public readonly Tensor[] Slots = slots;
        public readonly bool UseWeightDecay = useWeightDecay;
        public long Stamp = -1;
    }

    private readonly Dictionary<Tensor, ParameterSlots> _state = new(ReferenceEqualityComparer.Instance);
    private readonly List<Tensor> _parameters = [];
    private readonly HashSet<Tensor> _registered = new(ReferenceEqualityComparer.Instance);
    private readonly List<Tensor> _stepped = [];
    private readonly HashSet<Tensor> _steppedSet = new(ReferenceEqualityComparer.Instance);
    private readonly List<Tensor> _stepParameters = [];
    private readonly List<Tensor> _stepGradients = [];
    private readonly List<ParameterSlots> _stepSlots = [];
    private HashSet<Tensor>? _excludedParameters;
    private string[]? _excludedNames;
    private LearningRateSchedule? _schedule;
    private double _learningRate;
    private double? _weightDecay, _clipNorm, _clipValue, _globalClipNorm;
    private long _stamp;
    private readonly Dictionary<(double, DType, Devices.Device), Tensor> _constants = [];

    /// <summary>Sets the options every optimizer shares (Keras 3's base optimizer arguments).</summary>
    /// <param name="learningRate">A number or a schedule; null for <paramref name="defaultLearningRate"/>.</param>
    /// <param name="defaultLearningRate">The optimizer's Keras default.</param>
    /// <param name="weightDecay">Decoupled weight decay wd ≥ 0, or null for none.</param>
    /// <param name="clipNorm">Per-tensor gradient norm limit &gt; 0, or null.</param>
    /// <param name="clipValue">Element-wise gradient limit &gt; 0, or null.</param>
    /// <param name="globalClipNorm">Limit &gt; 0 on the norm of all gradients together, or null.</param>
    /// <param name="name">The name used in messages (default: the class name).</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside its range.</exception>
    /// <exception cref="ArgumentException">More than one clipping option is set.</exception>
    protected Optimizer(LearningRateSchedule? learningRate, double defaultLearningRate, double? weightDecay,
        double? clipNorm, double? clipValue, double? globalClipNorm, string? name)
    {
        Name = name ?? GetType().Name;
        SetSchedule(learningRate ?? defaultLearningRate);
        WeightDecay = weightDecay;
        if ((clipNorm is null ? 0 : 1) + (clipValue is null ? 0 : 1) + (globalClipNorm is null ? 0 : 1) > 1)
            throw new ArgumentException($"{Name}: only one of clipNorm, clipValue and globalClipNorm can be set; got clipNorm {clipNorm}, clipValue {clipValue}, globalClipNorm {globalClipNorm}.");
        ClipNorm = clipNorm;
        ClipValue = clipValue;
        GlobalClipNorm = globalClipNorm;
    }

    /// <summary>The name used in messages (the class name unless given).</summary>
    public string Name { get; }

    /// <summary>The number of steps taken (Keras's <c>iterations</c>); the schedule is evaluated at it.</summary>
    public long Iterations { get; private set; }

    /// <summary>The names of the per-parameter slots this optimizer keeps (Keras's variable names, e.g. "momentum",
    /// "velocity"), in the order <see cref="UpdateParameter"/> receives them; empty for plain SGD.</summary>
    public abstract IReadOnlyList<string> SlotNames { get; }

    /// <summary>The learning rate of the next step: the schedule evaluated at <see cref="Iterations"/>.</summary>
    /// <exception cref="InvalidOperationException">The schedule gives a value that is negative or not finite.</exception>
    public double CurrentLearningRate
    {
        get
        {
            if (_schedule is null) return _learningRate;
            double value = _schedule.Evaluate(Iterations);
            if (!(value >= 0) || !double.IsFinite(value))
                throw new InvalidOperationException($"{Name}: the learning-rate schedule {_schedule.GetType().Name} gave {value} at step {Iterations}; a learning rate must be finite and ≥ 0.");
            return value;
        }
    }

    /// <summary>
    /// The learning rate: reading it gives <see cref="CurrentLearningRate"/>; setting it replaces a constant rate
    /// (what ReduceLROnPlateau and the per-epoch scheduler callbacks do). As in Keras, a rate given as a schedule
    /// cannot be set: replace <see cref="Schedule"/> instead.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative or not finite.</exception>
    /// <exception cref="InvalidOperationException">The learning rate is a schedule.</exception>
    public double LearningRate
    {
        get => CurrentLearningRate;
        set
        {
            if (_schedule is not null)
                throw new InvalidOperationException($"{Name}: the learning rate is the schedule {_schedule.GetType().Name}, so it cannot be set to {value}; create the optimizer with a constant learning rate, or assign Schedule.");
            _learningRate = OptimizerChecks.LearningRate(Name, value, nameof(LearningRate));
        }
    }

    /// <summary>The learning-rate schedule, or null when the rate is a constant. Assigning a schedule replaces the
    /// rate (a plain number converts to a constant); assigning null freezes the current value as a constant.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A constant that is negative or not finite.</exception>
    public LearningRateSchedule? Schedule
    {
        get => _schedule;
        set
        {
            if (value is null)
            {
                _learningRate = CurrentLearningRate;
                _schedule = null;
            }
            else SetSchedule(value);
        }
    }

    /// <summary>Decoupled weight decay wd (Keras 3's <c>weight_decay</c>; Loshchilov &amp; Hutter 2019): before each
    /// update θ ← θ − η·wd·θ, with η the step's learning rate. Null (the default except for AdamW) disables it.
    /// This is not an L2 penalty in the loss (that is a layer regularizer), but for plain SGD the two coincide:
    /// <c>new SGD(η, weightDecay: 2λ)</c> gives W ← W(1 − 2ηλ) − η·g, the L2-regularised step of the course notes
    /// (S2, "Backpropagation with L2 regularization"). For adaptive optimizers they differ (Loshchilov &amp; Hutter).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative or not finite.</exception>
    public double? WeightDecay
    {
        get => _weightDecay;
        set => _weightDecay = value is { } v ? ArgumentChecks.NonNegative(Name, nameof(WeightDecay), v) : null;
    }

    /// <summary>Per-tensor gradient clipping (Keras's <c>clipnorm</c>): each gradient g becomes g·c/max(‖g‖₂, c).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not finite and &gt; 0.</exception>
    /// <exception cref="InvalidOperationException">Another clipping option is set.</exception>
    public double? ClipNorm
    {
        get => _clipNorm;
        set => _clipNorm = CheckClip(nameof(ClipNorm), value);
    }

    /// <summary>Element-wise gradient clipping (Keras's <c>clipvalue</c>): g ← clip(g, −v, v).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not finite and &gt; 0.</exception>
    /// <exception cref="InvalidOperationException">Another clipping option is set.</exception>
    public double? ClipValue
    {
        get => _clipValue;
        set => _clipValue = CheckClip(nameof(ClipValue), value);
    }

    /// <summary>Global-norm gradient clipping (Keras's <c>global_clipnorm</c>, PyTorch's <c>clip_grad_norm_</c>
    /// without its 1e-6): with N = √(Σ‖gᵢ‖²) over all gradients of the step, each gᵢ ← gᵢ·c/max(N, c).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not finite and &gt; 0.</exception>
    /// <exception cref="InvalidOperationException">Another clipping option is set.</exception>
    public double? GlobalClipNorm
    {
        get => _globalClipNorm;
        set => _globalClipNorm = CheckClip(nameof(GlobalClipNorm), value);
    }

    /// <summary>The parameters registered with <see cref="AddParameters"/>, in order.</summary>
    public IReadOnlyList<Tensor> Parameters => _parameters;

    /// <summary>Registers parameters for <see cref="Step()"/> and <see cref="ZeroGrad"/> (PyTorch style).</summary>
    /// <exception cref="ArgumentException">A parameter is null, not floating, not a leaf, or already registered.</exception>
    public void AddParameters(IEnumerable<Tensor> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var list = parameters.ToList();
        var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        foreach (var p in list)
        {
            CheckParameter(p);
            if (!p.IsLeaf)
                throw new ArgumentException($"{Name}: can only optimize leaf tensors; got the output of {p.GradFn!.Name} (shape {p.Shape}).", nameof(parameters));
            if (_registered.Contains(p) || !seen.Add(p))
                throw new ArgumentException($"{Name}: the parameter {Describe(p)} is registered twice.", nameof(parameters));
        }
        foreach (var p in list)
        {
            _registered.Add(p);
            _parameters.Add(p);
        }
    }

    /// <summary>The parameters <see cref="ZeroGrad"/> and <see cref="Step()"/> act on: the registered ones
    /// (<see cref="AddParameters"/>), then those an earlier <see cref="Step(IReadOnlyList{Tensor})"/> updated.</summary>
    private List<Tensor> KnownParameters()
    {
        var known = new List<Tensor>(_parameters);
        foreach (var p in _stepped)
            if (!_registered.Contains(p)) known.Add(p);
        return known;
    }

    /// <summary>Sets the gradient of every parameter this optimizer knows to zero (keeping its buffer): the registered
    /// ones and those an earlier <see cref="Step(IReadOnlyList{Tensor})"/> updated, so that
    /// <c>optimizer.ZeroGrad(); loss.Backward(); optimizer.Step(ps);</c> does not accumulate gradients across steps.</summary>
    /// <exception cref="InvalidOperationException">The optimizer knows no parameter yet (none registered, none stepped):
    /// it could zero nothing, and the loop would silently accumulate gradients. Register them with
    /// <see cref="AddParameters"/>.</exception>
    public void ZeroGrad()
    {
        var known = KnownParameters();
        if (known.Count == 0)
            throw new InvalidOperationException($"{Name}: ZeroGrad() knows no parameters yet, so it would zero nothing and gradients would accumulate across steps; " +
                "register them first with optimizer.AddParameters(model.TrainableWeights) (or zero each with Tensor.ZeroGrad()).");
        foreach (var p in known) p.ZeroGrad();
    }

    /// <summary>Applies one update to the parameters <see cref="ZeroGrad"/> zeroes: the registered ones (see
    /// <see cref="AddParameters"/>) and those an earlier <see cref="Step(IReadOnlyList{Tensor})"/> updated.</summary>
    /// <exception cref="InvalidOperationException">The optimizer knows no parameter yet.</exception>
    public void Step()
    {
        var known = KnownParameters();
        if (known.Count == 0)
            throw new InvalidOperationException($"{Name}: Step() knows no parameters yet; register them with AddParameters, or call Step(parameters).");
        Step(known);
    }

    /// <summary>Applies one update to every parameter in <paramref name="parameters"/> whose <see cref="Tensor.Grad"/>
    /// is not null (Keras's <c>apply</c>), then increments <see cref="Iterations"/>. No parameter is modified when it throws.</summary>
    /// <exception cref="ArgumentException">A parameter is null, not floating, or listed twice.</exception>
    /// <exception cref="InvalidOperationException">The schedule gives a learning rate that is negative or not finite.</exception>
    public void Step(IReadOnlyList<Tensor> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var context = new UpdateContext(CurrentLearningRate, Iterations + 1);
        using (Tensor.NoGrad())
        using (TensorScope.Begin())
        {
            try
            {
                Gather(parameters);
                if (_stepParameters.Count > 0) Apply(context);
            }
            finally
            {
                _stepParameters.Clear();
                _stepGradients.Clear();
                _stepSlots.Clear();
            }
        }
        foreach (var p in parameters)
            if (!_registered.Contains(p) && _steppedSet.Add(p)) _stepped.Add(p);
        Iterations++;
    }

    /// <summary>Keeps the given parameters, and those whose <see cref="Tensor.Name"/> contains one of
    /// <paramref name="names"/>, out of <see cref="WeightDecay"/> (Keras's <c>exclude_from_weight_decay</c>; biases
    /// and normalisation scales are the usual candidates). Call it before the first step.</summary>
    /// <exception cref="InvalidOperationException">The optimizer already has state (it has taken a step).</exception>
    /// <exception cref="ArgumentException">A name is null or empty.</exception>
    /// <exception cref="ArgumentNullException">A parameter is null.</exception>
    public void ExcludeFromWeightDecay(IEnumerable<Tensor>? parameters = null, IEnumerable<string>? names = null)
    {
        if (_state.Count > 0)
            throw new InvalidOperationException($"{Name}: ExcludeFromWeightDecay must be called before the first step.");
        if (parameters is not null)
        {
            _excludedParameters ??= new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
            foreach (var p in parameters) _excludedParameters.Add(p ?? throw new ArgumentNullException(nameof(parameters)));
        }
        if (names is not null)
        {
            var list = names.ToList();
            if (list.Any(n => string.IsNullOrEmpty(n)))
                throw new ArgumentException($"{Name}: ExcludeFromWeightDecay: a name is null or empty.", nameof(names));
            _excludedNames = [.. _excludedNames ?? [], .. list];
        }
    }

    /// <summary>The slot <paramref name="slotName"/> of a parameter, or null before the parameter's first update.
    /// This is the live state tensor: modify it only under <see cref="Tensor.NoGrad"/>.</summary>
    /// <exception cref="ArgumentException">This optimizer has no slot of that name.</exception>
    public Tensor? GetSlot(Tensor parameter, string slotName)
    {
        int k = SlotIndex(slotName);
        if (k < 0)
            throw new ArgumentException($"{Name}: no slot named '{slotName}'; its slots are [{string.Join(", ", SlotNames)}].", nameof(slotName));
        return _state.TryGetValue(parameter, out var s) ? s.Slots[k] : null;
    }

    /// <summary>Moves every slot to <paramref name="device"/> (used when the model moves).</summary>
    internal void MoveStateTo(Devices.Device device)
    {
        foreach (var entry in _state.Values)
            foreach (var slot in entry.Slots) slot.MoveTo(device);
    }

    /// <summary>True when the optimizer holds state for the parameter (it has been updated at least once).</summary>
    public bool HasState(Tensor parameter) => _state.ContainsKey(parameter);

    /// <summary>
    /// Applies the optimizer's update to one parameter, in place, with the already clipped gradient. Called under
    /// <see cref="Tensor.NoGrad"/> inside the step's <see cref="TensorScope"/>, after weight decay; each optimizer
    /// documents its formula here. A device-fused kernel can replace the composed tensor ops of an override without
    /// changing anything else.
    /// </summary>
    /// <param name="parameter">θ, updated in place.</param>
    /// <param name="gradient">g, same shape, dtype and device as θ (do not modify it: it may be the parameter's
    /// <see cref="Tensor.Grad"/>).</param>
    /// <param name="slots">The parameter's slots, in <see cref="SlotNames"/> order, updated in place.</param>
    /// <param name="context">The step's learning rate and 1-based step number.</param>
    protected abstract void UpdateParameter(Tensor parameter, Tensor gradient, ReadOnlySpan<Tensor> slots, in UpdateContext context);

    /// <summary>The value a new slot starts with (0 unless overridden; Adagrad's accumulator starts at 0.1).</summary>
    protected virtual double SlotInitialValue(int slotIndex) => 0;

    /// <summary>Called once per step before the parameters are updated, when at least one has a gradient (Nadam
    /// advances its momentum-schedule product here).</summary>
    protected virtual void BeginStep(in UpdateContext context) { }

    /// <summary>A cached rank-0 tensor holding <paramref name="value"/> with <paramref name="like"/>'s dtype and device,
    /// for in-place scalar additions such as <c>d.AddInPlace(Constant(ε, d))</c> (ε added without a new temporary).
    /// Use it only for values fixed across steps; the tensor is shared, never modify it.</summary>
    protected Tensor Constant(double value, Tensor like)
    {
        var key = (value, like.DType, like.Device);
        if (!_constants.TryGetValue(key, out var t))
        {
            using (TensorScope.Persistent()) t = Tensor.Scalar(value, like.DType, like.Device);
            _constants.Add(key, t);
        }
        return t;
    }

    /// <summary>Fails when a parameter cannot be optimized.</summary>
    private void CheckParameter(Tensor? p)
    {
        if (p is null) throw new ArgumentException($"{Name}: a parameter is null.");
        if (!p.DType.IsFloating())
            throw new ArgumentException($"{Name}: can only optimize floating tensors; {Describe(p)} is {p.DType}.");
    }

    private static string Describe(Tensor p) => p.Name is null ? $"of shape {p.Shape}" : $"'{p.Name}' (shape {p.Shape})";

    /// <summary>Collects the parameters with a gradient and their slots (creating them), validating everything
    /// before anything is modified.</summary>
    private void Gather(IReadOnlyList<Tensor> parameters)
    {
        long stamp = ++_stamp;
        for (int i = 0; i < parameters.Count; i++)
        {
            var p = parameters[i];
            CheckParameter(p);
            if (p.Grad is not { } g) continue;
            var slots = GetOrCreateSlots(p);
            if (slots.Stamp == stamp)
                throw new ArgumentException($"{Name}: the parameter {Describe(p)} appears twice in the list given to Step.", nameof(parameters));
            slots.Stamp = stamp;
            _stepParameters.Add(p);
            _stepGradients.Add(g);
            _stepSlots.Add(slots);
        }
    }

    private void Apply(in UpdateContext context)
    {
        if (_clipNorm is { } c)
            for (int i = 0; i < _stepGradients.Count; i++) _stepGradients[i] = GradientClipping.ByNorm(_stepGradients[i], c);
        else if (_globalClipNorm is { } gc) GradientClipping.ByGlobalNorm(_stepGradients, gc);
        else if (_clipValue is { } v)
            for (int i = 0; i < _stepGradients.Count; i++) _stepGradients[i] = GradientClipping.ByValue(_stepGradients[i], v);

        if (_weightDecay is { } wd && wd != 0 && context.LearningRate != 0)
        {
            // θ − θ·wd·η folded into one in-place scaling.
            double keep = 1 - context.LearningRate * wd;
            for (int i = 0; i < _stepParameters.Count; i++)
                if (_stepSlots[i].UseWeightDecay) _stepParameters[i].MulInPlace(keep);
        }

        BeginStep(context);
        for (int i = 0; i < _stepParameters.Count; i++)
            UpdateParameter(_stepParameters[i], _stepGradients[i], _stepSlots[i].Slots, context);
    }

    private ParameterSlots GetOrCreateSlots(Tensor p)
    {
        if (_state.TryGetValue(p, out var existing)) return existing;
        var names = SlotNames;
        var slots = new Tensor[names.Count];
        using (TensorScope.Persistent())
        using (Tensor.NoGrad())
        {
            for (int k = 0; k < slots.Length; k++)
                slots[k] = Tensor.Full(p.Shape, SlotInitialValue(k), p.DType, p.Device);
        }
        var created = new ParameterSlots(slots, UsesWeightDecay(p));
        _state.Add(p, created);
        return created;
    }

    private bool UsesWeightDecay(Tensor p)
    {
        if (_excludedParameters is not null && _excludedParameters.Contains(p)) return false;
        if (_excludedNames is not null && p.Name is { } name)
            foreach (var n in _excludedNames)
                if (name.Contains(n, StringComparison.Ordinal)) return false;
        return true;
    }

    private int SlotIndex(string slotName)
    {
        var names = SlotNames;
        for (int k = 0; k < names.Count; k++)
            if (names[k] == slotName) return k;
        return -1;
    }

    private void SetSchedule(LearningRateSchedule schedule)
    {
        if (schedule is ConstantLearningRate constant)
        {
            _learningRate = OptimizerChecks.LearningRate(Name, constant.Value);
            _schedule = null;
        }
        else _schedule = schedule;
    }

    private double? CheckClip(string option, double? value)
    {
        if (value is not { } v) return null;
        ArgumentChecks.Positive(Name, option, v);
        int others = (option != nameof(ClipNorm) && _clipNorm is not null ? 1 : 0)
            + (option != nameof(ClipValue) && _clipValue is not null ? 1 : 0)
            + (option != nameof(GlobalClipNorm) && _globalClipNorm is not null ? 1 : 0);
        if (others > 0)
            throw new InvalidOperationException($"{Name}: only one of ClipNorm, ClipValue and GlobalClipNorm can be set; clear the other one before setting {option} = {v}.");
        return v;
    }
}
