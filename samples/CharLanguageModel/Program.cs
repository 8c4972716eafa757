// A character-level language model (the course notes' "Language model and sequence generation" and "Sampling novel
// sequences", SEEDS A27): an embedding, a GRU over every position and a dense layer giving next-character logits,
// trained with sparse categorical cross-entropy on windows of 64 characters of public-domain English (corpus.txt).
// After each epoch the held-out perplexity exp(mean cross-entropy) is printed next to the unigram model's; then text
// is sampled character by character with Tensor.RandomCategorical at a few temperatures.
//   dotnet run -c Release --project samples/CharLanguageModel [-- --epochs N --seed N --units N --length N --batch N --lr X --chars N]
using System.Diagnostics;
using System.Text;
using DeepLearning;
using DeepLearning.Layers;
using DeepLearning.Losses;
using DeepLearning.Models;
using DeepLearning.Optimizers;
using DeepLearning.Samples;
using DeepLearning.Samples.CharLanguageModel;
using DeepLearning.Schedules;

var clock = Stopwatch.StartNew();
var options = new SampleArgs(args, defaultEpochs: 30);
int units = options.Int("--units", 192), length = options.Int("--length", 64), batchSize = options.Int("--batch", 32);
Generator.Seed((ulong)options.Seed);

var corpus = new CharCorpus(Path.Combine(AppContext.BaseDirectory, "corpus.txt"));
int vocabulary = corpus.Vocabulary.Length;
var (xTrain, yTrain) = CharCorpus.Windows(corpus.Train, length);
var (xHeld, yHeld) = CharCorpus.Windows(corpus.HeldOut, length);
double unigram = corpus.UnigramPerplexity();
Console.WriteLine($"{corpus.Train.Length:N0} training and {corpus.HeldOut.Length:N0} held-out characters, {vocabulary} distinct; " +
    $"unigram held-out perplexity {unigram:F2}");

var model = new Sequential(
    new Input([length], DType.Int32),
    new Embedding(vocabulary, 48, name: "embedding"),
    new GRU(units, returnSequences: true, name: "gru"),
    new Dense(vocabulary, name: "logits"));
long steps = options.Epochs * (long)Math.Ceiling(xTrain.Shape[0] / (double)batchSize);
model.Compile(new Adam(new CosineDecay(options.Double("--lr", 4e-3), steps, alpha: 0.05)), new SparseCategoricalCrossentropy(fromLogits: true));
model.Summary();
var history = model.Fit(xTrain, yTrain, epochs: options.Epochs, batchSize: batchSize, validationData: (xHeld, yHeld));

var perplexities = history["val_loss"].Select(Math.Exp).ToArray();
for (int epoch = 0; epoch < perplexities.Length; epoch++)
    Console.WriteLine($"epoch {epoch + 1,3}: held-out perplexity {perplexities[epoch]:F2} (unigram {unigram:F2})");

var sampler = new Generator((ulong)options.Seed + 7);
foreach (double temperature in new[] { 0.5, 0.8, 1.0 })
    Console.WriteLine($"\n--- temperature {temperature} ---\n{Sample("The ", options.Int("--chars", 300), temperature)}");

Console.WriteLine();
Console.WriteLine($"wall_clock_seconds={clock.Elapsed.TotalSeconds:F0}");
Console.WriteLine($"unigram_perplexity={unigram:F3}");
Console.WriteLine($"ratio_to_unigram={perplexities[^1] / unigram:F3}");
Console.WriteLine($"heldout_perplexity={perplexities[^1]:F3}");

// Feeds the last `length` characters (left-padded with spaces) and draws the next one from the logits of the last step.
string Sample(string prompt, int count, double temperature)
{
    var text = new StringBuilder(prompt);
    int space = Array.IndexOf(corpus.Vocabulary, ' ');
    using var noGrad = Tensor.NoGrad();
    for (int i = 0; i < count; i++)
    {
        using var scope = TensorScope.Begin();
        var context = new int[length];
        Array.Fill(context, space);
        for (int j = 0; j < Math.Min(length, text.Length); j++)
            context[length - 1 - j] = Array.IndexOf(corpus.Vocabulary, text[text.Length - 1 - j]);
        var logits = model.Call(Tensor.FromArray(context, new Shape(1, length))).Select(1, length - 1);
        int next = Tensor.RandomCategorical(logits, 1, temperature, sampler).ToArray<int>()[0];
        text.Append(corpus.Vocabulary[next]);
    }
    return text.ToString();
}
