#!/usr/bin/env -S dotnet run -c Release
#:project ../../src/DeepLearning/DeepLearning.csproj
// A custom training loop (Keras's GradientTape loop, PyTorch's loop): a DataLoader over the data, a forward pass
// with training: true, the loss, Backward, an optimizer step — each step inside a TensorScope that releases its
// temporaries — and the accuracy metric updated by hand. Fit does the same; this is what to start from when a
// step needs something Fit does not do.
//   dotnet run -c Release custom-loop.cs               5 epochs on the 60,000 training images
//   dotnet run -c Release custom-loop.cs -- --quick    1 epoch on 2,000 images (also: EXAMPLES_QUICK=1)
using DeepLearning;
using DeepLearning.Data;
using DeepLearning.Layers;
using DeepLearning.Losses;
using DeepLearning.Metrics;
using DeepLearning.Models;
using DeepLearning.Optimizers;

bool quick = args.Contains("--quick") || Environment.GetEnvironmentVariable("EXAMPLES_QUICK") == "1";
Generator.Seed(42);

var (train, test) = FashionMnist.Load();
var data = quick ? new TensorDataset(train.Images[..2000], train.Labels[..2000]) : train.ToDataset();
var loader = new DataLoader(data, batchSize: 64, shuffle: true);

var model = new Sequential(
    new Input(28, 28, 1),
    new Flatten(),
    new Dense(256, Activation.ReLU),
    new Dropout(0.2),
    new Dense(10, Activation.Softmax));
var optimizer = new Adam(learningRate: 1e-3);
optimizer.AddParameters(model.TrainableWeights);
var lossFn = new SparseCategoricalCrossentropy();
var accuracy = new SparseCategoricalAccuracy();

for (int epoch = 0; epoch < (quick ? 1 : 5); epoch++)
{
    double lossSum = 0;
    int batches = 0;
    accuracy.ResetState();
    foreach (var batch in loader)
    {
        using var scope = TensorScope.Begin();            // every temporary of the step is released at the end
        var prediction = model.Call(batch.Input, training: true);
        var loss = lossFn.Call(batch.Target, prediction);
        optimizer.ZeroGrad();
        loss.Backward();                                   // gradients land in each weight's Grad
        optimizer.Step();
        using (Tensor.NoGrad()) accuracy.UpdateState(batch.Target, prediction);
        lossSum += loss.Item();
        batches++;
    }
    Console.WriteLine($"epoch {epoch + 1}: loss {lossSum / batches:F4}, accuracy {accuracy.Result():P1}");
}

// Evaluation without gradients, in inference mode (dropout off).
accuracy.ResetState();
foreach (var batch in new DataLoader(test.ToDataset(), batchSize: 256))
{
    using var scope = TensorScope.Begin();
    using var noGrad = Tensor.NoGrad();
    accuracy.UpdateState(batch.Target, model.Call(batch.Input, training: false));
}
Console.WriteLine($"test accuracy {accuracy.Result():P1}");
