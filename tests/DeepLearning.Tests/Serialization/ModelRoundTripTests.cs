using DeepLearning.Layers;
using DeepLearning.Losses;
using DeepLearning.Metrics;
using DeepLearning.Models;
using DeepLearning.Optimizers;
using DeepLearning.Serialization;

namespace DeepLearning.Tests.Serialization;

[Collection(GlobalGeneratorCollection.Name)]
public class ModelRoundTripTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static Tensor Data(Shape shape, ulong seed) => Tensor.RandomNormal(shape, generator: new Generator(seed));

    private static void AssertBitIdentical(Tensor expected, Tensor actual)
    {
        Assert.Equal(expected.Shape, actual.Shape);
        var e = expected.ToArray<float>();
        var a = actual.ToArray<float>();
        for (int i = 0; i < e.Length; i++)
            Assert.True(BitConverter.SingleToInt32Bits(e[i]) == BitConverter.SingleToInt32Bits(a[i]), $"element {i}: {a[i]:R} vs {e[i]:R}");
    }

    [Fact]
    public void SequentialSaveLoadPredictIsBitIdentical()
    {
        var model = new Sequential(new Input(5), new Dense(8, Activation.ReLU), new Dense(3, Activation.Softmax));
        var x = Data([7, 5], 1);
        var before = model.Predict(x);
        string path = _dir.File("seq.dlmodel");
        model.Save(path);

        var loaded = Model.Load(path);
        Assert.IsType<Sequential>(loaded);
        Assert.Equal(model.Name, loaded.Name);
        Assert.Equal(model.Layers.Select(l => l.Name), loaded.Layers.Select(l => l.Name));
        Assert.False(loaded.IsCompiled);
        AssertBitIdentical(before, loaded.Predict(x));
        Assert.Equal(model.CountParams(), loaded.CountParams());
    }

    [Fact]
    public void FunctionalModelWithSharedLayersAndTwoInputsAndOutputs()
    {
        var a = new Input([4], name: "a");
        var b = new Input([4], name: "b");
        var shared = new Dense(6, Activation.Tanh, name: "shared");
        var ha = shared.Call(a);
        var hb = shared.Call(b);
        var merged = new Dense(5, name: "merge_a").Call(ha);
        var sum = new Dense(5, name: "merge_b").Call(hb);
        var head = new Dense(2, Activation.Sigmoid, name: "head").Call(merged);
        var model = new Model([a, b], [head, sum], "siamese");

        var xa = Data([3, 4], 2);
        var xb = Data([3, 4], 3);
        var before = model.PredictMultiple([xa, xb]);
        string path = _dir.File("siamese.dlmodel");
        model.Save(path);
        var loaded = Model.Load(path);

        Assert.Equal("siamese", loaded.Name);
        Assert.Equal(["a", "b"], loaded.SymbolicInputs!.Select(s => s.Layer.Name));
        Assert.Equal(["head", "merge_b"], loaded.SymbolicOutputs!.Select(s => s.Layer.Name));
        // The shared layer is one layer with two calls: its weights exist once.
        Assert.Single(loaded.Layers, l => l.Name == "shared");
        Assert.Equal(model.Weights.Count, loaded.Weights.Count);
        var after = loaded.PredictMultiple([xa, xb]);
        AssertBitIdentical(before[0], after[0]);
        AssertBitIdentical(before[1], after[1]);
        // The graph is the same graph: swapping inputs swaps the shared branch (merge_b sees b).
        AssertBitIdentical(model.PredictMultiple([xb, xa])[1], loaded.PredictMultiple([xb, xa])[1]);
    }

    [Fact]
    public void NestedModelsAndARegisteredCustomLayer()
    {
        var inner = new Sequential([new Input(3), new Dense(4, Activation.Elu, name: "inner_dense"), new Scale(0.5, name: "scale")], "encoder");
        var input = new Input([3], name: "x");
        var encoded = inner.Call(input);
        var output = new Dense(2, name: "out").Call(new Scale(2.0, name: "outer_scale").Call(encoded));
        var model = new Model(input, output, "outer");
        var x = Data([6, 3], 4);
        var before = model.Predict(x);
        string path = _dir.File("nested.dlmodel");
        model.Save(path);

        var e = Assert.Throws<InvalidDataException>(() => Model.Load(path));
        Assert.Contains("nested.dlmodel", e.Message);
        Assert.Contains("'Scale' is not known", e.Message);
        Assert.Contains("Register(\"Scale\"", e.Message);

        var registry = new LayerRegistry().Register("Scale", Scale.FromConfig);
        var loaded = Model.Load(path, registry);
        AssertBitIdentical(before, loaded.Predict(x));
        var loadedInner = Assert.IsType<Sequential>(loaded.GetLayer("encoder"));
        Assert.Equal(0.5, Assert.IsType<Scale>(loadedInner.GetLayer("scale")).Factor);
        // Nested weights are named by their path below the root.
        using var reader = SafeTensorsFile.Open(path);
        Assert.Equal(["encoder/inner_dense/kernel", "encoder/inner_dense/bias", "encoder/scale/gamma", "outer_scale/gamma", "out/kernel", "out/bias"],
            reader.Entries.Select(en => en.Name));
    }

    [Fact]
    public void SubclassedModelLoadsThroughTheRegistryAndIsBuiltFromTheSavedShapes()
    {
        var model = new TwoTower(3, "towers");
        var x = Data([4, 2], 5);
        var before = model.Predict(x);
        string path = _dir.File("towers.dlmodel");
        model.Save(path);
        var loaded = Model.Load(path, new LayerRegistry().Register("TwoTower", TwoTower.FromConfig));
        Assert.IsType<TwoTower>(loaded);
        Assert.True(loaded.Built);
        AssertBitIdentical(before, loaded.Predict(x));
    }

    [Fact]
    public void SequentialWithoutInputIsBuiltFromTheSavedShapes()
    {
        var model = new Sequential(new Dense(3, Activation.Sigmoid), new Dense(1));
        var x = Data([5, 4], 6);
        var before = model.Predict(x);
        string path = _dir.File("noinput.dlmodel");
        model.Save(path);
        var loaded = Model.Load(path);
        Assert.True(loaded.Built);
        AssertBitIdentical(before, loaded.Predict(x));
    }

    [Fact]
    public void CompileConfigurationAndOptimizerStateRoundTripSoTrainingContinuesIdentically()
    {
        var x = Data([16, 3], 7);
        var y = Tensor.FromArray(Enumerable.Range(0, 16).Select(i => i % 3).ToArray());
        Sequential Build() => new([new Input(3), new Dense(8, Activation.Tanh, name: "h"), new Dense(3, name: "logits")], "clf");
        var model = Build();
        model.Compile(new Adam(0.01, beta1: 0.8, amsgrad: true), new SparseCategoricalCrossentropy(fromLogits: true), [Metric.Accuracy]);
        model.Fit(x, y, new FitOptions { Epochs = 3, BatchSize = 4, Shuffle = false, Verbose = 0 });
        string path = _dir.File("compiled.dlmodel");
        model.Save(path);

        var loaded = Model.Load(path);
        Assert.True(loaded.IsCompiled);
        var adam = Assert.IsType<Adam>(loaded.Optimizer);
        Assert.Equal(0.01, adam.LearningRate);
        Assert.Equal(0.8, adam.Beta1);
        Assert.True(adam.AmsGrad);
        Assert.Equal(12, adam.Iterations);
        Assert.True(Assert.IsType<SparseCategoricalCrossentropy>(Assert.Single(loaded.LossFunctions)).FromLogits);

        // Two more epochs on each: the same steps, the same weights, bit for bit.
        var h1 = model.Fit(x, y, new FitOptions { Epochs = 2, BatchSize = 4, Shuffle = false, Verbose = 0 });
        var h2 = loaded.Fit(x, y, new FitOptions { Epochs = 2, BatchSize = 4, Shuffle = false, Verbose = 0 });
        Assert.Equal(h1["loss"], h2["loss"]);
        Assert.Equal(h1["accuracy"], h2["accuracy"]);
        for (int i = 0; i < model.Weights.Count; i++) AssertBitIdentical(model.Weights[i], loaded.Weights[i]);

        // Without the optimizer state, Adam restarts (its first step differs).
        string bare = _dir.File("bare.dlmodel");
        model.Save(bare, includeOptimizer: false);
        var restarted = Model.Load(bare);
        Assert.Equal(0, restarted.Optimizer!.Iterations);
        var uncompiled = Model.Load(path, compile: false);
        Assert.False(uncompiled.IsCompiled);
    }

    [Fact]
    public void WeightsOnlyByNameAndByPosition()
    {
        var source = new Sequential([new Input(4), new Dense(3, name: "d1"), new Dense(2, name: "d2")], "m");
        string path = _dir.File("w.safetensors");
        source.SaveWeights(path);
        var x = Data([3, 4], 8);

        var same = new Sequential([new Input(4), new Dense(3, name: "d1"), new Dense(2, name: "d2")], "other_name");
        same.LoadWeights(path);
        AssertBitIdentical(source.Predict(x), same.Predict(x));

        var renamed = new Sequential(new Input(4), new Dense(3), new Dense(2));
        var e = Assert.Throws<InvalidDataException>(() => renamed.LoadWeights(path));
        Assert.Contains("Missing from the file: '" + renamed.Layers[0].Name + "/kernel'", e.Message);
        Assert.Contains("Unexpected in the file: 'd1/kernel', 'd1/bias', 'd2/kernel', 'd2/bias'", e.Message);
        Assert.Contains("ByPosition", e.Message);
        renamed.LoadWeights(path, WeightMatching.ByPosition);
        AssertBitIdentical(source.Predict(x), renamed.Predict(x));

        var wrongShape = new Sequential([new Input(4), new Dense(5, name: "d1"), new Dense(2, name: "d2")], "m");
        var before = wrongShape.GetWeights();
        var s = Assert.Throws<InvalidDataException>(() => wrongShape.LoadWeights(path));
        Assert.Contains("tensor 'd1/kernel' has shape (4, 3), but the model's weight 'd1/kernel' has shape (4, 5)", s.Message);
        // Nothing changed.
        for (int i = 0; i < before.Count; i++) AssertBitIdentical(before[i], wrongShape.Weights[i]);

        var fewer = new Sequential(new Input(4), new Dense(3));
        Assert.Contains("holds 4 weights but model", Assert.Throws<InvalidDataException>(() => fewer.LoadWeights(path, WeightMatching.ByPosition)).Message);
        // A weights file is not a model file.
        Assert.Contains("LoadWeights", Assert.Throws<InvalidDataException>(() => Model.Load(path)).Message);
    }

    [Fact]
    public void LoadWeightsAcceptsAWholeModelFile()
    {
        var source = new Sequential([new Input(2), new Dense(2, name: "d")], "m");
        source.Compile(new SGD(0.1, momentum: 0.9), new MeanSquaredError());
        source.Fit(Data([4, 2], 9), Data([4, 2], 10), epochs: 1, verbose: 0);
        string path = _dir.File("full.dlmodel");
        source.Save(path);
        var target = new Sequential([new Input(2), new Dense(2, name: "d")], "t");
        target.LoadWeights(path);
        AssertBitIdentical(source.Weights[0], target.Weights[0]);
        AssertBitIdentical(source.Weights[1], target.Weights[1]);
    }

    [Fact]
    public void CloneModelHasTheSameArchitectureAndFreshWeights()
    {
        var a = new Input([3], name: "in");
        var d = new Dense(4, Activation.ReLU, name: "d");
        var model = new Model(a, new Dense(1, name: "o").Call(d.Call(a)), "orig");
        model.Compile("sgd", "mse");
        var clone = model.CloneModel();
        Assert.NotSame(model, clone);
        Assert.False(clone.IsCompiled);
        Assert.Equal(model.Layers.Select(l => (l.GetType(), l.Name)), clone.Layers.Select(l => (l.GetType(), l.Name)));
        Assert.Equal(model.Weights.Select(w => w.Shape), clone.Weights.Select(w => w.Shape));
        Assert.NotEqual(model.Weights[0].ToArray<float>(), clone.Weights[0].ToArray<float>());
        Assert.Equal(4, ((Dense)clone.GetLayer("d")).Units);
        // Copying the weights over makes it compute the same function.
        clone.SetWeights(model.GetWeights());
        var x = Data([2, 3], 12);
        AssertBitIdentical(model.Predict(x), clone.Predict(x));
        Assert.Throws<InvalidDataException>(() => new TwoTower(2).CloneModel());
    }

    [Fact]
    public void AFunctionalModelWithDuplicateLayerNamesCannotBeSaved()
    {
        var a = new Input(2);
        var model = new Model(a, new Dense(1, name: "same").Call(new Dense(2, name: "same").Call(a)));
        var e = Assert.Throws<InvalidOperationException>(() => model.Save(_dir.File("dup.dlmodel")));
        Assert.Contains("two layers are named 'same'", e.Message);
    }

    [Fact]
    public void FrozenLayersStayFrozen()
    {
        var model = new Sequential(new Input(2), new Dense(2, name: "frozen") { Trainable = false }, new Dense(1, name: "free"));
        string path = _dir.File("frozen.dlmodel");
        model.Save(path);
        var loaded = Model.Load(path);
        Assert.False(loaded.GetLayer("frozen").Trainable);
        Assert.Equal(2, loaded.TrainableWeights.Count);
        Assert.Equal(2, loaded.NonTrainableWeights.Count);
    }
}
