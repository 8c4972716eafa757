using DeepLearning.Losses;
using static DeepLearning.Tests.TestHelpers;

namespace DeepLearning.Tests.Losses;

/// <summary>Serialises the tests that subscribe to or silence the process-wide <see cref="Diagnostics"/> channel.</summary>
[CollectionDefinition("Diagnostics", DisableParallelization = true)]
public class DiagnosticsCollection;

/// <summary>The fromLogits diagnostic (DESIGN.md §1, SEEDS.md §5.16): a Softmax/Sigmoid output given to a cross-entropy
/// built with fromLogits: true warns once per loss instance, through the subscribable channel. Each test gives its loss
/// a unique name and only counts messages from that source.</summary>
[Collection("Diagnostics")]
public class DiagnosticsTests
{
    private static List<DiagnosticMessage> Capture(string source, Action action)
    {
        var seen = new List<DiagnosticMessage>();
        void Handler(DiagnosticMessage m)
        {
            if (m.Source == source) lock (seen) seen.Add(m);
        }
        Diagnostics.Warning += Handler;
        try { action(); }
        finally { Diagnostics.Warning -= Handler; }
        return seen;
    }

    private static Tensor Logits()
    {
        var x = D([0.5, -1, 2, 0.1, 0.2, 0.3], [2, 3]);
        x.RequiresGrad = true;
        return x;
    }

    [Fact]
    public void SigmoidOutputWithFromLogitsWarnsOnce()
    {
        // S4's mismatch: Dense(1, activation='sigmoid') compiled with BinaryCrossentropy(from_logits=True).
        var loss = new BinaryCrossentropy(fromLogits: true, name: "bce_sigmoid_warns");
        var y = D([1, 0, 1, 0, 0, 1], [2, 3]);
        var seen = Capture(loss.Name, () =>
        {
            loss.Call(y, Logits().Sigmoid()).Backward();
            loss.Call(y, Logits().Sigmoid());
        });
        var message = Assert.Single(seen);
        Assert.Contains("Sigmoid", message.Message);
        Assert.Contains("fromLogits", message.Message);
        Assert.Equal("bce_sigmoid_warns: " + message.Message, message.ToString());
    }

    [Fact]
    public void SoftmaxOutputWithFromLogitsWarnsForBothCategoricalLosses()
    {
        var cce = new CategoricalCrossentropy(fromLogits: true, name: "cce_softmax_warns");
        var scce = new SparseCategoricalCrossentropy(fromLogits: true, name: "scce_softmax_warns");
        var seenC = Capture(cce.Name, () => cce.Call(D([0, 1, 0, 0, 0, 1], [2, 3]), Logits().Softmax()));
        var seenS = Capture(scce.Name, () => scce.Call(Tensor.FromArray(new[] { 1, 2 }), Logits().Softmax()));
        Assert.Contains("Softmax", Assert.Single(seenC).Message);
        Assert.Contains("Softmax", Assert.Single(seenS).Message);
    }

    [Fact]
    public void NoWarningWhenThePairingIsRightOrNotRecorded()
    {
        var y = D([0, 1, 0, 0, 0, 1], [2, 3]);
        var probabilities = new CategoricalCrossentropy(name: "cce_probs_quiet");
        var logits = new CategoricalCrossentropy(fromLogits: true, name: "cce_logits_quiet");
        var wrongActivation = new BinaryCrossentropy(fromLogits: true, name: "bce_softmax_quiet");
        var unrecorded = new CategoricalCrossentropy(fromLogits: true, name: "cce_nograd_quiet");
        Assert.Empty(Capture(probabilities.Name, () => probabilities.Call(y, Logits().Softmax())));
        Assert.Empty(Capture(logits.Name, () => logits.Call(y, Logits())));
        // BCE only looks for Sigmoid, as Keras does.
        Assert.Empty(Capture(wrongActivation.Name, () => wrongActivation.Call(y, Logits().Softmax())));
        // Documented limitation: without recording there is no producer to see.
        Assert.Empty(Capture(unrecorded.Name, () =>
        {
            using var noGrad = Tensor.NoGrad();
            unrecorded.Call(y, Logits().Softmax());
        }));
    }

    [Fact]
    public void SilencedDropsWarnings()
    {
        var y = D([1, 0], [2, 1]);
        Tensor Recorded()
        {
            var x = D([0.3, -2], [2, 1]);
            x.RequiresGrad = true;
            return x.Sigmoid();
        }
        List<DiagnosticMessage> seen;
        Diagnostics.Silenced = true;
        try { seen = Capture("bce_silenced", () => new BinaryCrossentropy(fromLogits: true, name: "bce_silenced").Call(y, Recorded())); }
        finally { Diagnostics.Silenced = false; }
        Assert.Empty(seen);
        // The same call warns once silencing is off.
        Assert.Single(Capture("bce_silenced", () => new BinaryCrossentropy(fromLogits: true, name: "bce_silenced").Call(y, Recorded())));
    }

    [Fact]
    public void SingleClassCategoricalWarns()
    {
        var loss = new CategoricalCrossentropy(name: "cce_single_class");
        var seen = Capture(loss.Name, () => loss.Call(D([1, 1], [2, 1]), D([0.3, 0.9], [2, 1])));
        Assert.Contains("binary_crossentropy", Assert.Single(seen).Message);
    }
}
