using System.Globalization;

namespace DeepLearning.Optimizers;

public abstract partial class Optimizer
{
    /// <summary>The name of the constant learning rate in <see cref="OptimizerState.Scalars"/>.</summary>
    public const string LearningRateScalarName = "learning_rate";

    /// <summary>
    /// A copy of the state for saving (Keras's <c>save_own_variables</c>): <see cref="Iterations"/>, the slots of
    /// each parameter in <paramref name="parameters"/> that has state, named "{index}/{slotName}" with the index into
    /// <paramref name="parameters"/>, and the optimizer-level numbers (the constant learning rate, Nadam's product).
    /// </summary>
    /// <param name="parameters">The parameters in a fixed order (a model's trainable weights); the same order must be
    /// given to <see cref="ImportState"/>.</param>
    /// <exception cref="ArgumentException">A parameter is null.</exception>
    public OptimizerState ExportState(IReadOnlyList<Tensor> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var names = SlotNames;
        var slots = new Dictionary<string, Tensor>();
        using (TensorScope.Persistent())
        using (Tensor.NoGrad())
        {
            for (int i = 0; i < parameters.Count; i++)
            {
                var p = parameters[i] ?? throw new ArgumentException($"{Name}: ExportState: parameter {i} is null.", nameof(parameters));
                if (!_state.TryGetValue(p, out var s)) continue;
                for (int k = 0; k < names.Count; k++) slots.Add(SlotKey(i, names[k]), s.Slots[k].Clone());
            }
        }
        var scalars = new Dictionary<string, double>();
        if (_schedule is null) scalars.Add(LearningRateScalarName, _learningRate);
        ExportScalars(scalars);
        return new OptimizerState(Iterations, slots, scalars);
    }

    /// <summary>
    /// Restores a state from <see cref="ExportState"/> (Keras's <c>load_own_variables</c>): sets
    /// <see cref="Iterations"/>, copies the slots into this optimizer's state for the listed parameters (creating it;
    /// a listed parameter without entries loses any state it had), and restores the constant learning rate when the
    /// state has one and this optimizer's rate is a constant. Subsequent steps are bit-identical to those of the
    /// optimizer that exported the state. Everything is validated before anything changes.
    /// </summary>
    /// <param name="state">The saved state.</param>
    /// <param name="parameters">The parameters in the order used at export.</param>
    /// <exception cref="InvalidDataException">A slot name is malformed, names a parameter index out of range or an
    /// unknown slot, a slot's shape differs from its parameter's, a parameter has only some of its slots, the
    /// iteration count is negative, or a scalar is unknown or invalid.</exception>
    /// <exception cref="ArgumentException">A parameter is null or not floating.</exception>
    public void ImportState(OptimizerState state, IReadOnlyList<Tensor> parameters)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(parameters);
        foreach (var p in parameters) CheckParameter(p);
        if (state.Iterations < 0)
            throw new InvalidDataException($"{Name}: ImportState: the iteration count is {state.Iterations}; it must be ≥ 0.");

        var names = SlotNames;
        var found = new Tensor?[parameters.Count][];
        foreach (var (key, tensor) in state.Slots)
        {
            int slash = key.IndexOf('/');
            if (slash <= 0 || !int.TryParse(key.AsSpan(0, slash), NumberStyles.None, CultureInfo.InvariantCulture, out int index))
                throw new InvalidDataException($"{Name}: ImportState: the slot name '{key}' is not of the form '{{parameterIndex}}/{{slotName}}'.");
            if (index >= parameters.Count)
                throw new InvalidDataException($"{Name}: ImportState: the slot '{key}' refers to parameter {index}, but {parameters.Count} parameters were given.");
            int k = SlotIndex(key[(slash + 1)..]);
            if (k < 0)
                throw new InvalidDataException($"{Name}: ImportState: unknown slot '{key}'; this optimizer's slots are [{string.Join(", ", names)}].");
            if (tensor is null || tensor.Shape != parameters[index].Shape)
                throw new InvalidDataException($"{Name}: ImportState: the slot '{key}' has shape {tensor?.Shape.ToString() ?? "null"}, but parameter {index} has shape {parameters[index].Shape}.");
            if (!tensor.DType.IsFloating())
                throw new InvalidDataException($"{Name}: ImportState: the slot '{key}' is {tensor.DType}; slots are floating.");
            (found[index] ??= new Tensor?[names.Count])[k] = tensor;
        }
        for (int i = 0; i < found.Length; i++)
        {
            if (found[i] is not { } row) continue;
            for (int k = 0; k < row.Length; k++)
                if (row[k] is null)
                    throw new InvalidDataException($"{Name}: ImportState: parameter {i} has slots but not '{SlotKey(i, names[k])}'.");
        }
        foreach (var (key, value) in state.Scalars)
        {
            if (key == LearningRateScalarName)
            {
                if (!(value >= 0) || !double.IsFinite(value))
                    throw new InvalidDataException($"{Name}: ImportState: the learning rate is {value}; it must be finite and ≥ 0.");
            }
            else if (!IsScalarName(key))
                throw new InvalidDataException($"{Name}: ImportState: unknown scalar '{key}'.");
            else if (!double.IsFinite(value))
                throw new InvalidDataException($"{Name}: ImportState: the scalar '{key}' is {value}; it must be finite.");
        }

        // Validated: apply.
        ImportScalars(state.Scalars, state.Iterations);
        if (_schedule is null && state.Scalars.TryGetValue(LearningRateScalarName, out double lr)) _learningRate = lr;
        Iterations = state.Iterations;
        using (Tensor.NoGrad())
        {
            for (int i = 0; i < parameters.Count; i++)
            {
                var p = parameters[i];
                if (found[i] is not { } row)
                {
                    _state.Remove(p);
                    continue;
                }
                var target = GetOrCreateSlots(p).Slots;
                for (int k = 0; k < row.Length; k++) target[k].Assign(row[k]!.To(p.Device));
            }
        }
    }

    /// <summary>True when <paramref name="name"/> is one of the optimizer-level numbers this optimizer keeps
    /// (besides "learning_rate").</summary>
    protected virtual bool IsScalarName(string name) => false;

    /// <summary>Adds this optimizer's own optimizer-level numbers to an exported state.</summary>
    protected virtual void ExportScalars(IDictionary<string, double> scalars) { }

    /// <summary>Restores this optimizer's own numbers from an imported state (already validated: the names are
    /// known and the values finite); <paramref name="iterations"/> is the imported iteration count.</summary>
    protected virtual void ImportScalars(IReadOnlyDictionary<string, double> scalars, long iterations) { }

    private static string SlotKey(int index, string slot) => index.ToString(CultureInfo.InvariantCulture) + "/" + slot;
}
