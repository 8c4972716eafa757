using DeepLearning.Initializers;
using DeepLearning.Layers;
using DeepLearning.Losses;
using DeepLearning.Metrics;
using DeepLearning.Models;
using DeepLearning.Models.Callbacks;
using DeepLearning.Optimizers;

namespace DeepLearning.Tests;

/// <summary>
/// The test assembly's entry point, so that tests can run the library in a separate process, with its real standard
/// output and error (redirected, or in a terminal under tmux): <c>dotnet DeepLearning.Tests.dll progress 3</c> trains
/// three epochs with the default console progress bar; <c>… warn</c> raises warnings with no logger configured;
/// <c>save-loop</c> and <c>train</c> are the children the fault tests kill (see <see cref="Fault.FaultChild"/>).
/// Each mode ends by writing <c>done</c> to standard output. The test runner never calls it.
/// </summary>
public static class ConsoleHost
{
    /// <summary>Runs a mode; returns 0, or 2 for an unknown mode.</summary>
    public static int Main(string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case "progress":
                Progress(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture));
                break;
            case "warn":
                Warn();
                break;
            case "save-loop":
                Fault.FaultChild.SaveLoop(args[1]);
                break;
            case "train":
                Fault.FaultChild.Train(args[1], args[2]);
                break;
            default:
                Console.Error.WriteLine("usage: DeepLearning.Tests progress <epochs> | warn | save-loop <path> | train <backup dir> <weights path>");
                return 2;
        }
        Console.WriteLine("done");
        return 0;
    }

    /// <summary>20 steps an epoch, each slowed to 40 ms so the bar is redrawn several times, with three metrics and
    /// validation so the final line (about 200 characters) exceeds a narrow terminal.</summary>
    private static void Progress(int epochs)
    {
        Generator.Seed(3);
        var x = Tensor.RandomNormal([100, 4]);
        var y = Tensor.RandomNormal([100, 1]);
        var model = new Sequential(new Input(4), new Dense(8, Activation.ReLU), new Dense(1));
        model.Compile(new SGD(0.01), new MeanSquaredError(),
            [Metric.FromName("mean_absolute_error"), Metric.FromName("root_mean_squared_error"), Metric.FromName("logcosh")]);
        var slow = new LambdaCallback { BatchEnd = (_, _) => Thread.Sleep(40) };
        model.Fit(x, y, epochs: epochs, batchSize: 4, validationSplit: 0.2, callbacks: [slow]);
    }

    /// <summary>A softmax output compiled with fromLogits: true over 3 epochs of 4 steps, and one warning raised
    /// three times and another once.</summary>
    private static void Warn()
    {
        var model = new Sequential(new Input(2), new Dense(3, Activation.Softmax, kernelInitializer: Initializer.Zeros));
        model.Compile(new SGD(0.1), new CategoricalCrossentropy(fromLogits: true));
        model.Fit(Tensor.Ones([8, 2]), Tensor.Ones([8, 3]) / 3, epochs: 3, batchSize: 2, verbose: 0);
        for (int i = 0; i < 3; i++) Diagnostics.Warn("host", "the same warning");
        Diagnostics.Warn("host", "another warning");
    }
}
