using DeepLearning.Layers;
using DeepLearning.Models;

namespace DeepLearning.Tests.Models;

/// <summary>Model.Summary against the tables the course notes print (SEEDS.md §4 items 1–3).</summary>
public class SummaryTests
{
    private static string[] Lines(string text) => text.TrimEnd('\n').Split('\n');

    [Fact]
    public void Item1_TheFashionMnistMlp()
    {
        var model = new Sequential(
            new Input(28, 28),
            new Flatten(name: "input"),
            new Dense(300, Activation.ReLU, name: "hidden1"),
            new Dense(100, Activation.ReLU, name: "hidden2"),
            new Dense(10, Activation.Softmax, name: "output"));
        var lines = Lines(model.GetSummary());
        Assert.Equal($"Model: \"{model.Name}\"", lines[0]);
        Assert.Matches(@"^ Layer \(type\) +Output Shape +Param # *$", lines[2]);
        Assert.Matches(@"^ input \(Flatten\) +\(None, 784\) +0 *$", lines[4]);
        Assert.Matches(@"^ hidden1 \(Dense\) +\(None, 300\) +235500 *$", lines[6]);
        Assert.Matches(@"^ hidden2 \(Dense\) +\(None, 100\) +30100 *$", lines[8]);
        Assert.Matches(@"^ output \(Dense\) +\(None, 10\) +1010 *$", lines[10]);
        Assert.Equal("Total params: 266,610", lines[12]);
        Assert.Equal("Trainable params: 266,610", lines[13]);
        Assert.Equal("Non-trainable params: 0", lines[14]);
        // Summary prints those same lines, once each, and returns nothing.
        var printed = new List<string>();
        model.Summary(printed.Add);
        Assert.Equal(lines, printed);
    }

    [Fact]
    public void Item1_TheFunctionalVersionAddsTheInputLayerRow()
    {
        var input = new Input([28, 28], name: "input_probe");
        var x = new Flatten().Call(input);
        x = new Dense(300, Activation.ReLU).Call(x);
        x = new Dense(100, Activation.ReLU).Call(x);
        var model = new Model(input, new Dense(10, Activation.Softmax).Call(x));
        var text = model.GetSummary();
        Assert.Matches(@"\n input_probe \(InputLayer\) +\[\(None, 28, 28\)\] +0 +\[\] *\n", text);
        Assert.Contains("Total params: 266,610", text);
    }

    [Fact]
    public void Item2_DenseOnThreeDimensionalInput()
    {
        var model = new Sequential(new Input(10, 5), new Dense(100, Activation.ReLU), new Dense(20, Activation.ReLU), new Dense(1, Activation.Sigmoid));
        var text = model.GetSummary();
        Assert.Matches(@"\(None, 10, 100\) +600 ", text);
        Assert.Matches(@"\(None, 10, 20\) +2020 ", text);   // the notes print 200, a typo for (100·20) + 20
        Assert.Matches(@"\(None, 10, 1\) +21 ", text);
        Assert.Contains("Total params: 2,641", text);
    }

    [Fact]
    public void Item3_TheTwoInputFunctionalModel()
    {
        var input1 = new Input(16);
        var input2 = new Input(32);
        var x1 = new Dense(8, Activation.ReLU, name: "dense_50").Call(input1);
        var x2 = new Dense(8, Activation.ReLU, name: "dense_51").Call(input2);
        var merged = new Concatenate(name: "concatenate_3").Call(x1, x2);
        var output = new Dense(4, name: "dense_52").Call(merged);
        var model = new Model([input1, input2], [output]);
        var text = model.GetSummary();
        Assert.Matches(@"\n dense_50 \(Dense\) +\(None, 8\) +136 +\['" + input1.Name + @"\[0\]\[0\]'\]", text);
        Assert.Matches(@"\n dense_51 \(Dense\) +\(None, 8\) +264 ", text);
        Assert.Matches(@"\n concatenate_3 \(Concatenate\) +\(None, 16\) +0 +\['dense_50\[0\]\[0\]', 'dense_51\[0\]\[0\]'\]", text);
        Assert.Matches(@"\n dense_52 \(Dense\) +\(None, 4\) +68 ", text);
        Assert.Contains("Total params: 468", text);
    }

    [Fact]
    public void Item28_BatchNormalizationAfterActivations()
    {
        // Flatten → BN → Dense 300 relu → BN → Dense 100 relu → BN → Dense 10 softmax: 271,346 parameters, 2,368 non-trainable.
        var model = new Sequential(new Input(28, 28), new Flatten(), new BatchNormalization(), new Dense(300, Activation.ReLU),
            new BatchNormalization(), new Dense(100, Activation.ReLU), new BatchNormalization(), new Dense(10, Activation.Softmax));
        var text = model.GetSummary();
        Assert.Contains("Total params: 271,346", text);
        Assert.Contains("Trainable params: 268,978", text);
        Assert.Contains("Non-trainable params: 2,368", text);
    }

    [Fact]
    public void AModelThatIsNotBuiltSaysSo()
    {
        var model = new Sequential(new Dense(3));
        var e = Assert.Throws<InvalidOperationException>(() => model.GetSummary());
        Assert.Contains("not built", e.Message);
        model.Call(Tensor.Ones([2, 4]));
        Assert.Contains("Total params: 15", model.GetSummary());
    }

    [Fact]
    public void ToDotDescribesTheGraph()
    {
        var input = new Input([4], name: "in_dot");
        var dense = new Dense(2, name: "dense_dot");
        var model = new Model(input, dense.Call(input));
        var dot = model.ToDot();
        Assert.StartsWith("digraph", dot);
        Assert.Contains("\"in_dot\" -> \"dense_dot\";", dot);
        Assert.Contains("dense_dot | Dense | (None, 2)", dot);
    }
}
