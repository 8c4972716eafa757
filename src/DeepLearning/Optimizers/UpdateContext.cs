namespace DeepLearning.Optimizers;

/// <summary>
/// What one optimizer step passes to <see cref="Optimizer.UpdateParameter"/> for every parameter: the learning rate
/// of this step and the 1-based step number (Keras's <c>local_step = iterations + 1</c>, the t of the bias
/// corrections 1 − βᵗ).
/// </summary>
/// <param name="LearningRate">η for this step: the schedule evaluated at <see cref="Optimizer.Iterations"/>
/// before the step, finite and ≥ 0.</param>
/// <param name="Step">t = <see cref="Optimizer.Iterations"/> + 1.</param>
public readonly record struct UpdateContext(double LearningRate, long Step);
