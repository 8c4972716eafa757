using DeepLearning.Activations;
using DeepLearning.Initializers;
using DeepLearning.Regularizers;

namespace DeepLearning.Layers;

// The weights every recurrent layer has, with their options: the input kernel W (features, gates·units), the
// recurrent kernel U (units, gates·units) and the bias b, in the layer's gate order (see each layer's remarks).
public abstract partial class RecurrentLayer
{
    /// <summary>φ: the activation of the candidate state (LSTM: also of the cell state; SimpleRNN: of h itself).</summary>
    public ActivationFunction ActivationFunction { get; }

    /// <summary>Initial U.</summary>
    public Initializer RecurrentInitializer { get; }

    /// <summary>Penalty on U.</summary>
    public Regularizer? RecurrentRegularizer { get; internal set; }

    /// <summary>Projection of U after each step.</summary>
    public Constraint? RecurrentConstraint { get; internal set; }

    /// <summary>W, shape (features, gates·units) in the layer's gate order; null before the first call.</summary>
    public Tensor? Kernel { get; private set; }

    /// <summary>U, shape (units, gates·units); null before the first call.</summary>
    public Tensor? RecurrentKernel { get; private set; }

    /// <summary>b (GRU with reset_after: (2, 3·units) = [b_in; b_rec], else (gates·units)); null before the first call
    /// or without bias.</summary>
    public Tensor? Bias { get; private set; }

    /// <summary>Creates W (<paramref name="inputDim"/>, gates·units), U (units, gates·units) and, with
    /// <see cref="KernelLayer.UseBias"/>, b, each with its initializer, regularizer and constraint.</summary>
    /// <param name="inputDim">Number of input features.</param>
    /// <param name="gates">Number of gates (LSTM 4, GRU 3, SimpleRNN 1).</param>
    /// <param name="biasShape">Shape of b.</param>
    /// <param name="biasInitializer">Initializer of b (LSTM's wraps <see cref="KernelLayer.BiasInitializer"/>).</param>
    private protected void BuildWeights(int inputDim, int gates, Shape biasShape, Initializer biasInitializer)
    {
        Kernel = AddKernel("kernel", [inputDim, gates * Units]);
        RecurrentKernel = AddWeight("recurrent_kernel", [Units, gates * Units], RecurrentInitializer, regularizer: RecurrentRegularizer,
            constraint: RecurrentConstraint);
        Bias = AddBias("bias", biasShape, biasInitializer);
    }
}
