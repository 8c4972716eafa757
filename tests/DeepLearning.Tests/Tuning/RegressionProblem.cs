using DeepLearning.Layers;
using DeepLearning.Losses;
using DeepLearning.Models;
using DeepLearning.Optimizers;
using DeepLearning.Tuning;

namespace DeepLearning.Tests.Tuning;

/// <summary>SEEDS A8's regression builder and a small synthetic 8-feature regression to search it on.</summary>
internal static class RegressionProblem
{
    /// <summary>build_model(n_hidden=1, n_neurons=30, learning_rate=1e-3, input_shape=[8]): Input(8) →
    /// n_hidden × Dense(n_neurons, relu) → Dense(1); SGD(learning_rate); mse.</summary>
    public static Model Build(HyperParameters hp)
    {
        int nHidden = hp.GetInt("n_hidden", 1), nNeurons = hp.GetInt("n_neurons", 30);
        double learningRate = hp.GetDouble("learning_rate", 1e-3);
        var layers = new List<Layer> { new Input(8) };
        for (int i = 0; i < nHidden; i++) layers.Add(new Dense(nNeurons, Activation.ReLU));
        layers.Add(new Dense(1));
        var model = new Sequential([.. layers]);
        model.Compile(new SGD(learningRate), new MeanSquaredError());
        return model;
    }

    /// <summary>x (n, 8) standard normal; y = 0.8x₀ − 0.5x₁ + 0.3x₂x₃ + 0.5·relu(x₄) + 0.05·noise, shape (n, 1).</summary>
    public static (Tensor X, Tensor Y) Data(int n, ulong seed)
    {
        var g = new Generator(seed);
        var x = Tensor.RandomNormal([n, 8], generator: g);
        var c = x.Split(8, axis: 1);
        var y = c[0] * 0.8 - c[1] * 0.5 + c[2] * c[3] * 0.3 + c[4].Relu() * 0.5 + Tensor.RandomNormal([n, 1], generator: g) * 0.05;
        return (x, y);
    }
}
