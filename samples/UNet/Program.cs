// A U-Net (SEEDS A19) segmenting generated 64×64 images into background, shape interior and shape border:
// 1–3 overlapping circles, rectangles and triangles on a noisy textured background (ShapesDataset.cs). The encoder
// convolves and max-pools, the decoder upsamples with Conv2DTranspose and concatenates the encoder's features, and a
// per-pixel softmax over the 3 classes is trained with sparse categorical cross-entropy. It reports the per-class IoU
// on the test images, and the best that an intensity threshold can do (ThresholdBaseline.cs) to show the task is
// not trivial.
//   dotnet run -c Release --project samples/UNet [-- --epochs N --seed N --train N --test N --batch N --width N --lr X --out DIR]
//   (--baseline-only: generate the data, print the threshold baseline and save the data preview, without training)
using System.Diagnostics;
using DeepLearning;
using DeepLearning.Losses;
using DeepLearning.Metrics;
using DeepLearning.Optimizers;
using DeepLearning.Plotting;
using DeepLearning.Samples;
using DeepLearning.Samples.UNet;
using DeepLearning.Schedules;

var clock = Stopwatch.StartNew();
var options = new SampleArgs(args, defaultEpochs: 12);
int trainCount = options.Int("--train", 4000), testCount = options.Int("--test", 400);
int batchSize = options.Int("--batch", 32), width = options.Int("--width", 16);
Generator.Seed((ulong)options.Seed);

var (trainImages, trainMasks) = ShapesDataset.Generate(trainCount, options.Seed);
var (testImages, testMasks) = ShapesDataset.Generate(testCount, options.Seed + 1_000_000);
Console.WriteLine($"Generated {trainCount:N0} training and {testCount:N0} test images in {clock.Elapsed.TotalSeconds:0.0}s");
float[] testPixels = testImages.ToArray<float>();
int[] testTruth = testMasks.ToArray<int>();
Directory.CreateDirectory(options.OutputDirectory);

var baseline = ThresholdBaseline.Search(testPixels, testTruth);
Console.WriteLine($"Best intensity threshold: {(baseline.Brighter ? ">" : "<")} {baseline.Threshold:F2} on the " +
    $"{(baseline.Smoothed ? "3×3-smoothed" : "raw")} image; IoU background {baseline.PerClass[0]:F4}, interior {baseline.PerClass[1]:F4}, border {baseline.PerClass[2]:F4}");
if (options.Has("--baseline-only"))
{
    SaveGrid(Path.Combine(options.OutputDirectory, "unet-data.png"), null);
    Console.WriteLine($"threshold_mean_iou={baseline.MeanIoU:F4}");
    return;
}

var model = UNetBuilder.Build(ShapesDataset.Size, width, levels: 3, classes: 3);
const double validationSplit = 0.1;
long steps = options.Epochs * (long)Math.Ceiling(trainCount * (1 - validationSplit) / batchSize);
model.Compile(new Adam(new CosineDecay(options.Double("--lr", 3e-3), steps)), new SparseCategoricalCrossentropy(),
    [new MeanIoU(3, sparseYPred: false)]);
model.Summary();
var history = model.Fit(trainImages, trainMasks, epochs: options.Epochs, batchSize: batchSize, validationSplit: validationSplit);

var probabilities = model.Predict(testImages, batchSize: 64);
var predicted = probabilities.ArgMax(-1);
var iou = new MeanIoU(3);
iou.UpdateState(testMasks, predicted);
var perClass = iou.ResultPerClass();

LearningCurves.Save(history, Path.Combine(options.OutputDirectory, "unet-loss.png"), title: "Shapes U-Net (A19)");
SaveGrid(Path.Combine(options.OutputDirectory, "unet-predictions.png"), predicted.ToArray<int>());
model.Save(Path.Combine(options.OutputDirectory, "unet.dlmodel"));

Console.WriteLine($"threshold_mean_iou={baseline.MeanIoU:F4}");
Console.WriteLine($"iou_background={perClass[0]:F4}");
Console.WriteLine($"iou_interior={perClass[1]:F4}");
Console.WriteLine($"iou_border={perClass[2]:F4}");
Console.WriteLine($"wall_clock_seconds={clock.Elapsed.TotalSeconds:F0}");
Console.WriteLine($"mean_iou={iou.Result():F4}");

// Rows of test examples: the image, the true mask, the U-Net's mask (when trained) and the best threshold's mask.
void SaveGrid(string path, int[]? predictions)
{
    const int s = ShapesDataset.Size, n = s * s;
    var rows = new List<IReadOnlyList<ImageTile>>();
    for (int i = 0; i < 6; i++)
    {
        var image = testPixels[(i * n)..((i + 1) * n)];
        var row = new List<ImageTile> { new(image, s, s, 1, "image"), MaskTile(testTruth[(i * n)..((i + 1) * n)], "true mask") };
        if (predictions is not null) row.Add(MaskTile(predictions[(i * n)..((i + 1) * n)], "U-Net"));
        row.Add(MaskTile(ThresholdMask(image), "threshold"));
        rows.Add(row);
    }
    ImageGrid.Save(path, rows, scale: 2);
}

// A mask as colours: background dark blue, interior yellow, border red.
ImageTile MaskTile(int[] classes, string caption)
{
    float[][] palette = [[30 / 255f, 40 / 255f, 90 / 255f], [240 / 255f, 220 / 255f, 60 / 255f], [220 / 255f, 40 / 255f, 40 / 255f]];
    return new ImageTile([.. classes.SelectMany(c => palette[c])], ShapesDataset.Size, ShapesDataset.Size, 3, caption);
}

int[] ThresholdMask(float[] image)
{
    var source = baseline.Smoothed ? ThresholdBaseline.BoxFilter(image, 1) : image;
    var labels = source.Select(v => (v > baseline.Threshold) == baseline.Brighter ? 1 : 0).ToArray();
    var classes = new int[labels.Length];
    ShapesDataset.LabelsToClasses(labels, classes);
    return classes;
}
