// Neural style transfer (the course notes' "Neural Style Transfer", SEEDS A25; Gatys et al. 2016): the pixels of a
// generated image G are optimised through autograd to minimise J(G) = α·J_content(C, G) + β·Σ_l λ_l·J_style^l(S, G)
// + γ·TV(G) (DeepLearning.Losses.StyleTransfer). Features come from the convolutional base of the VGG-16 builder
// (DeepLearning.Applications.Vgg) with fixed random weights: no pretrained network is available offline, and random
// convolutional features still capture texture statistics through their Gram matrices (Ulyanov and Lempitsky 2016;
// He, Wang and Hopcroft 2016, "A Powerful Generative Model Using Random Weights"). Content and style are generated
// images (SceneImages.cs); G starts from uniform noise and is updated with Adam. Writes content, style and result
// side by side as a PNG and prints the total cost before and after.
//   dotnet run -c Release --project samples/StyleTransfer [-- --epochs N --seed N --size N --steps N --lr X --out DIR]
using System.Diagnostics;
using DeepLearning;
using DeepLearning.Applications;
using DeepLearning.Layers;
using DeepLearning.Losses;
using DeepLearning.Optimizers;
using DeepLearning.Plotting;
using DeepLearning.Samples;
using DeepLearning.Samples.StyleTransfer;

var clock = Stopwatch.StartNew();
var options = new SampleArgs(args, defaultEpochs: 12);
int size = options.Int("--size", 32), stepsPerEpoch = options.Int("--steps", 25);
Generator.Seed((ulong)options.Seed);

// Style from five layers with equal weights λ_l = 0.2 (as the course notes' assignment), content from block1_conv2.
string[] styleLayers = ["block1_conv1", "block1_conv2", "block2_conv1", "block2_conv2", "block3_conv1"];
const string contentLayer = "block1_conv2";
const double alpha = 100, beta = 40, gamma = 0.05;   // the notes use α = 10, β = 40 with a pretrained VGG; random features need more content weight

var vgg = Vgg.Vgg16(new ApplicationOptions { InputShape = new Shape(size, size, 3), IncludeTop = false });
vgg.Trainable = false;
var content = SceneImages.Content(size);
var style = SceneImages.Style(size);

Dictionary<string, Tensor> Features(Tensor image)
{
    var found = new Dictionary<string, Tensor>();
    var x = image * 255 - 127.5;   // VGG's input range: pixels in 0 … 255, centred
    foreach (var layer in vgg.Layers.Where(l => l is not Input))
    {
        x = layer.Call(x);
        if (styleLayers.Contains(layer.Name) || layer.Name == contentLayer) found[layer.Name] = x;
        if (found.Count == styleLayers.Union([contentLayer]).Count()) break;
    }
    return found;
}

Dictionary<string, Tensor> contentTargets, styleTargets;
using (TensorScope.Persistent())
using (Tensor.NoGrad())
{
    contentTargets = Features(content);
    styleTargets = Features(style);
}

(Tensor Total, double Content, double Style, double Variation) Cost(Tensor image)
{
    var f = Features(image);
    var jContent = StyleTransfer.ContentCost(contentTargets[contentLayer], f[contentLayer]);
    var jStyle = styleLayers.Select(l => StyleTransfer.StyleCost(styleTargets[l], f[l]) * 0.2).Aggregate((a, b) => a + b);
    var tv = StyleTransfer.TotalVariation(image);
    return (jContent * alpha + jStyle * beta + tv * gamma, jContent.Item<float>(), jStyle.Item<float>(), tv.Item<float>());
}

// The course notes' start: a noisy copy of the content image (noise_ratio 0.6 of uniform noise).
double noiseRatio = options.Double("--noise", 0.6);
Tensor generated;
using (TensorScope.Persistent())
    generated = Tensor.RandomUniform([1, size, size, 3], generator: new Generator((ulong)options.Seed)) * noiseRatio + content * (1 - noiseRatio);
generated.RequiresGrad = true;
var optimizer = new Adam(learningRate: options.Double("--lr", 0.03));
optimizer.AddParameters([generated]);

double initial = 0, final = 0;
for (int epoch = 1; epoch <= options.Epochs; epoch++)
{
    double content0 = 0, style0 = 0, tv0 = 0, total = 0;
    for (int step = 0; step < stepsPerEpoch; step++)
    {
        using var scope = TensorScope.Begin();
        var (cost, jc, js, tv) = Cost(generated);
        total = cost.Item<float>();
        (content0, style0, tv0) = (jc, js, tv);
        if (epoch == 1 && step == 0) initial = total;
        optimizer.ZeroGrad();
        cost.Backward();
        optimizer.Step();
        using (Tensor.NoGrad()) generated.Assign(generated.Clip(0, 1));
    }
    final = total;
    Console.WriteLine($"Epoch {epoch}/{options.Epochs} - {stepsPerEpoch} steps - total: {total:G4} - content: {content0:G4} - style: {style0:G4} - variation: {tv0:G4}");
}
using (var scope = TensorScope.Begin())
using (Tensor.NoGrad())
    final = Cost(generated).Total.Item<float>();

var path = Path.Combine(options.OutputDirectory, "style-transfer.png");
SaveSideBySide(path, [content, style, generated.Detach()], scale: 4);
Console.WriteLine($"Saved {path}");
Console.WriteLine($"wall_clock_seconds={clock.Elapsed.TotalSeconds:F0}");
Console.WriteLine($"initial_cost={initial:G6}");
Console.WriteLine($"final_cost={final:G6}");
Console.WriteLine($"cost_reduction={initial / final:F1}");

// Images (1, size, size, 3) in [0, 1] drawn left to right, each pixel as a scale×scale block.
void SaveSideBySide(string file, Tensor[] images, int scale)
{
    string[] captions = ["content", "style", "result"];
    var row = images.Select((image, i) => new ImageTile(image.ToArray<float>(), size, size, 3, captions[i])).ToList();
    ImageGrid.Save(file, [row], scale);
}
