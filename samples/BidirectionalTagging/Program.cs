// Sequence tagging with a bidirectional LSTM (the course notes' "Bidirectional RNN"): each step of a variable-length
// token sequence is tagged "up", "not up" or "end" according to the NEXT token (TaggingData.cs), so the tag depends on
// the future. The same model is trained twice, once with a forward LSTM and once with Bidirectional(LSTM), on padded
// sequences: Embedding(maskZero: true) masks the padding, the LSTMs skip masked steps (the backward one starts at each
// sequence's last real token), and the loss ignores the padded steps' label −1 (SparseCategoricalCrossentropy's
// ignoreClass), so padding never enters the loss whether or not Fit also weights by the output mask. The per-step
// accuracy is computed over real steps only.
//   dotnet run -c Release --project samples/BidirectionalTagging [-- --epochs N --seed N --train N --test N --units N]
using System.Diagnostics;
using DeepLearning;
using DeepLearning.Layers;
using DeepLearning.Losses;
using DeepLearning.Models;
using DeepLearning.Optimizers;
using DeepLearning.Samples;
using DeepLearning.Samples.BidirectionalTagging;

var clock = Stopwatch.StartNew();
var options = new SampleArgs(args, defaultEpochs: 12);
int trainCount = options.Int("--train", 4000), testCount = options.Int("--test", 1000), units = options.Int("--units", 32);
var (xTrain, yTrain) = TaggingData.Generate(trainCount, options.Seed);
var (xTest, yTest) = TaggingData.Generate(testCount, options.Seed + 1_000_000);

double Train(bool bidirectional)
{
    Generator.Seed((ulong)options.Seed);
    var lstm = new LSTM(units, returnSequences: true, name: "lstm");
    var model = new Sequential(
        new Input([TaggingData.MaxLength], DType.Int32),
        new Embedding(TaggingData.Tokens, 16, maskZero: true, name: "embedding"),
        bidirectional ? new Bidirectional(lstm, name: "bidirectional") : lstm,
        new Dense(3, Activation.Softmax, name: "tags"));
    model.Compile(new Adam(learningRate: 3e-3), new SparseCategoricalCrossentropy(ignoreClass: TaggingData.Padding));
    Console.WriteLine(bidirectional ? "\nBidirectional LSTM" : "\nForward LSTM");
    model.Summary();
    model.Fit(xTrain, yTrain, epochs: options.Epochs, batchSize: 64, validationSplit: 0.1);
    return TaggingData.StepAccuracy(model.Predict(xTest, batchSize: 256), yTest);
}

double forward = Train(bidirectional: false);
double both = Train(bidirectional: true);
Console.WriteLine($"wall_clock_seconds={clock.Elapsed.TotalSeconds:F0}");
Console.WriteLine($"forward_step_accuracy={forward:F4}");
Console.WriteLine($"bidirectional_step_accuracy={both:F4}");
Console.WriteLine($"gain_points={100 * (both - forward):F1}");
