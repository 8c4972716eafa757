namespace DeepLearning.Optimizers;

/// <summary>
/// A snapshot of an optimizer's state for saving with a model (<see cref="Optimizer.ExportState"/>,
/// <see cref="Optimizer.ImportState"/>): the iteration count, the per-parameter slot tensors named
/// "{parameterIndex}/{slotName}" (the index into the parameter list given to export and import, the slot names
/// of <see cref="Optimizer.SlotNames"/>, e.g. "0/momentum", "3/velocity"), and optimizer-level numbers such as
/// "learning_rate" (present when the learning rate is a constant) and Nadam's "u_product".
/// </summary>
/// <remarks>Parameters that never received a gradient have no slots yet and no entries. The tensors of an exported
/// state are copies: training on does not change them.</remarks>
public sealed class OptimizerState
{
    /// <summary>Creates a state (a deserialiser builds one from a file; <see cref="Optimizer.ImportState"/> validates it).</summary>
    /// <param name="iterations">The number of steps taken.</param>
    /// <param name="slots">Slot tensors by "{parameterIndex}/{slotName}".</param>
    /// <param name="scalars">Optimizer-level numbers by name (may be empty).</param>
    /// <exception cref="ArgumentNullException">slots or scalars is null.</exception>
    public OptimizerState(long iterations, IReadOnlyDictionary<string, Tensor> slots, IReadOnlyDictionary<string, double> scalars)
    {
        ArgumentNullException.ThrowIfNull(slots);
        ArgumentNullException.ThrowIfNull(scalars);
        Iterations = iterations;
        Slots = slots;
        Scalars = scalars;
    }

    /// <summary>The number of steps taken (<see cref="Optimizer.Iterations"/>).</summary>
    public long Iterations { get; }

    /// <summary>Slot tensors by "{parameterIndex}/{slotName}".</summary>
    public IReadOnlyDictionary<string, Tensor> Slots { get; }

    /// <summary>Optimizer-level numbers by name: "learning_rate" when the rate is a constant, plus any the optimizer
    /// keeps (Nadam: "u_product").</summary>
    public IReadOnlyDictionary<string, double> Scalars { get; }
}
