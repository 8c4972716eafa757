using DeepLearning.Activations;
using DeepLearning.Hdf5;
using DeepLearning.Layers;
using DeepLearning.Models;
using DeepLearning.Serialization;

namespace DeepLearning.Hdf5.Tests;

/// <summary>
/// Keras HDF5 weight files written by h5py (Fixtures/make_keras_fixtures.py and the project's PyTorch reference
/// data) load into the equivalent models and reproduce PyTorch 1.13's outputs within 1e-5.
/// </summary>
public class KerasH5Tests
{
    private const double Tolerance = 1e-5;

    private static string PathOf(string file) => Path.Combine(AppContext.BaseDirectory, "Fixtures", file);

    private static Dictionary<string, Tensor> Io(string file) =>
        SafeTensorsFile.ReadAll(PathOf(file), requireChecksum: false).ToDictionary(p => p.Key, p => p.Value);

    private static void AssertClose(Tensor expected, Tensor actual, string what)
    {
        Assert.Equal(expected.Shape, actual.Shape);
        var e = expected.ToArray<float>();
        var a = actual.ToArray<float>();
        for (int i = 0; i < e.Length; i++)
            Assert.True(Math.Abs(a[i] - e[i]) <= Tolerance, $"{what}: element {i} is {a[i]:R}, PyTorch gives {e[i]:R}");
    }

    private static Sequential Cnn(int units = 5) => new(
        new Input(8, 8, 3),
        new Conv2D(4, 3, padding: Padding.Same, activation: Activation.ReLU),
        new BatchNormalization(epsilon: 1e-5),
        new MaxPooling2D(2),
        new Flatten(),
        new Dense(units));

    private static Sequential Rnn() => new(
        new Input(6, 4),
        new LSTM(5, returnSequences: true, name: "lstm"),
        new GRU(3, name: "gru"),
        new Dense(2, name: "dense"));

    [Fact]
    public void Keras3WeightsLoadByKerasSavingNames()
    {
        var model = Cnn();
        var report = KerasH5.LoadWeights(model, PathOf("keras3_cnn.weights.h5"));
        Assert.Equal(3, report.LoadedLayers.Count);
        Assert.Empty(report.SkippedLayers);
        Assert.Empty(report.UnusedTensors);
        var io = Io("keras_fixtures.io.safetensors");
        AssertClose(io["cnn_output"], model.Predict(io["cnn_input_nhwc"]), "keras3 cnn");
    }

    [Fact]
    public void TheReferenceMlpWeightsH5ReproducesPyTorch()
    {
        var model = new Sequential(new Input(784), new Dense(128, activation: Activation.ReLU), new Dense(64, activation: Activation.ReLU), new Dense(10));
        var (layers, format) = KerasH5.ReadLayers(PathOf("mlp.weights.h5"));
        Assert.Equal(KerasH5Format.Keras3, format);
        Assert.Equal(["dense", "dense_1", "dense_2"], layers.Keys.Order());
        KerasH5.LoadWeights(model, PathOf("mlp.weights.h5"));
        var io = Io("mlp.io.safetensors");
        AssertClose(io["output"], model.Predict(io["input"]), "mlp.weights.h5");
    }

    [Theory]
    [InlineData("keras2_rnn.h5")]
    [InlineData("keras2_rnn.weights.h5")]
    public void LegacyKeras2FilesLoadByLayerName(string file)
    {
        var model = Rnn();
        var (layers, format) = KerasH5.ReadLayers(PathOf(file));
        Assert.Equal(KerasH5Format.Keras2, format);
        Assert.Empty(layers["input_1"]);
        var report = KerasH5.LoadWeights(model, PathOf(file));
        Assert.Equal(["lstm", "gru", "dense"], report.LoadedLayers);
        var io = Io("keras_fixtures.io.safetensors");
        AssertClose(io["rnn_output"], model.Predict(io["rnn_input"]), file);
    }

    [Fact]
    public void StrictModeListsEveryMismatchWithBothShapes()
    {
        var model = Cnn(units: 6);
        var dense = model.StackedLayers[^1];
        var e = Assert.Throws<InvalidDataException>(() => KerasH5.LoadWeights(model, PathOf("keras3_cnn.weights.h5")));
        Assert.Contains("keras3_cnn.weights.h5", e.Message);
        Assert.Contains($"layer '{dense.Name}' (Dense): tensor 0 of 'dense' has shape (64, 5) in the file, but the layer's {dense.Name}/kernel has (64, 6)", e.Message);
        Assert.Contains($"layer '{dense.Name}' (Dense): tensor 1 of 'dense' has shape (5,) in the file, but the layer's {dense.Name}/bias has (6,)", e.Message);

        var lenient = KerasH5.LoadWeights(model, PathOf("keras3_cnn.weights.h5"), new WeightImportOptions { Strict = false });
        Assert.Equal(2, lenient.LoadedLayers.Count);
        Assert.Single(lenient.SkippedLayers);
        Assert.Empty(lenient.UnusedTensors); // the entry was matched to the layer, which was skipped
    }

    [Fact]
    public void ALegacyLayerOfAnotherNameIsReportedOrRenamed()
    {
        var model = new Sequential(new Input(6, 4), new LSTM(5, returnSequences: true, name: "encoder"), new GRU(3, name: "gru"), new Dense(2, name: "dense"));
        var e = Assert.Throws<InvalidDataException>(() => KerasH5.LoadWeights(model, PathOf("keras2_rnn.h5")));
        Assert.Contains("layer 'encoder' (LSTM): the file has no weights for 'encoder' (the layer needs encoder/kernel (4, 20), encoder/recurrent_kernel (5, 20), encoder/bias (20,))", e.Message);
        Assert.Contains("tensor 'lstm' ((4, 20), (5, 20), (20,)) is used by no layer", e.Message);
        var report = KerasH5.LoadWeights(model, PathOf("keras2_rnn.h5"), new WeightImportOptions { LayerNames = p => p == "encoder" ? "lstm" : p });
        Assert.Equal(["encoder", "gru", "dense"], report.LoadedLayers);
    }

    [Fact]
    public void FilesThatAreNotKerasWeightsAreRejected()
    {
        var model = Cnn();
        var notHdf5 = Assert.Throws<InvalidDataException>(() => KerasH5.LoadWeights(model, PathOf("keras_fixtures.io.safetensors")));
        Assert.Contains("keras_fixtures.io.safetensors: cannot be read as HDF5", notHdf5.Message);
        var notKeras = Assert.Throws<InvalidDataException>(() => KerasH5.LoadWeights(model, PathOf("not_keras.h5")));
        Assert.Contains("not_keras.h5: not a Keras weights file", notKeras.Message);
        var ints = Assert.Throws<InvalidDataException>(() => KerasH5.ReadLayers(PathOf("int_weight.weights.h5")));
        Assert.Contains("'dense/vars/0' holds FixedPoint data of 4 bytes; only float32 and float64 weights are read", ints.Message);
        Assert.Throws<FileNotFoundException>(() => KerasH5.ReadLayers(PathOf("missing.h5")));
    }
}
