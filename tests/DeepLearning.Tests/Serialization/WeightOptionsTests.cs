using DeepLearning.Layers;
using DeepLearning.Models;
using DeepLearning.Regularizers;

namespace DeepLearning.Tests.Serialization;

/// <summary>Regularizers and constraints survive Save/Load and CloneModel (written under Keras's keys), and a
/// regularizer the loader could not rebuild makes saving fail instead of being dropped.</summary>
[Collection(GlobalGeneratorCollection.Name)]
public class WeightOptionsTests
{
    private static Model Build()
    {
        Generator.Seed(11);
        var input = new Input(5, 3);
        var lstm = new LSTM(4, returnSequences: true, kernelRegularizer: Regularizer.L2(0.02), recurrentRegularizer: Regularizer.L1(0.03),
            recurrentConstraint: Constraint.MaxNorm(1.5, axis: 1), name: "lstm").Call(input);
        var norm = new BatchNormalization(gammaRegularizer: Regularizer.L1AndL2(0.01, 0.04), betaConstraint: Constraint.NonNeg(),
            name: "norm").Call(lstm);
        var wrapped = new TimeDistributed(new Dense(2, biasRegularizer: Regularizer.L2(0.5), name: "inner"), name: "td").Call(norm);
        var output = new Dense(1, kernelConstraint: Constraint.NonNeg(), activityRegularizer: Regularizer.L1(0.25), name: "out")
            .Call(new Flatten().Call(wrapped));
        return new Model(input, output, name: "options");
    }

    private static double TotalPenalty(Model model, Tensor x)
    {
        model.Predict(x);
        return model.Losses.Sum(l => l.Item());
    }

    private static void AssertSameOptions(Model original, Model copy)
    {
        var lstm = (LSTM)copy.GetLayer("lstm");
        Assert.Equal(0.02, Assert.IsType<L1L2>(lstm.KernelRegularizer).L2Factor);
        Assert.Equal(0.03, Assert.IsType<L1L2>(lstm.RecurrentRegularizer).L1Factor);
        Assert.NotNull(lstm.RecurrentConstraint);
        Assert.Null(lstm.BiasRegularizer);
        var norm = (BatchNormalization)copy.GetLayer("norm");
        var gamma = Assert.IsType<L1L2>(norm.GammaRegularizer);
        Assert.Equal((0.01, 0.04), (gamma.L1Factor, gamma.L2Factor));
        Assert.NotNull(norm.BetaConstraint);
        var inner = (Dense)((TimeDistributed)copy.GetLayer("td")).WrappedLayer;
        Assert.Equal(0.5, Assert.IsType<L1L2>(inner.BiasRegularizer).L2Factor);
        var output = (Dense)copy.GetLayer("out");
        Assert.NotNull(output.KernelConstraint);
        Assert.Equal(0.25, Assert.IsType<L1L2>(output.ActivityRegularizer).L1Factor);

        var x = Tensor.RandomNormal([2, 5, 3]);
        double expected = TotalPenalty(original, x);
        Assert.True(expected > 0);
        Assert.Equal(expected, TotalPenalty(copy, x), 6);
    }

    [Fact]
    public void SaveAndLoadKeepRegularizersAndConstraints()
    {
        var model = Build();
        using var dir = new TempDirectory();
        model.Save(dir.File("m.dlmodel"));
        AssertSameOptions(model, Model.Load(dir.File("m.dlmodel")));
    }

    [Fact]
    public void CloneModelKeepsThem()
    {
        var model = Build();
        var clone = model.CloneModel();
        clone.SetWeights(model.GetWeights());
        AssertSameOptions(model, clone);
    }

    [Fact]
    public void TheLoadedConstraintProjectsAfterEachStep()
    {
        var model = Build();
        using var dir = new TempDirectory();
        model.Save(dir.File("m.dlmodel"));
        var loaded = Model.Load(dir.File("m.dlmodel"));
        var kernel = ((Dense)loaded.GetLayer("out")).Kernel!;
        using (Tensor.NoGrad()) kernel.Assign(-kernel.Abs());
        loaded.Compile(new DeepLearning.Optimizers.SGD(0.01), new DeepLearning.Losses.MeanSquaredError());
        loaded.TrainOnBatch(Tensor.RandomNormal([2, 5, 3]), Tensor.RandomNormal([2, 1]));
        Assert.True(kernel.Min().Item() >= 0, "NonNeg was not applied after the step");
    }

    private sealed class Custom : Regularizer
    {
        public override Tensor Penalty(Tensor x) => x.Sum();
    }

    [Fact]
    public void ACustomRegularizerCannotBeSavedAndSaysSo()
    {
        var model = new Sequential(new Input(3), new Dense(2, kernelRegularizer: new Custom(), name: "d"));
        using var dir = new TempDirectory();
        var e = Assert.Throws<NotSupportedException>(() => model.Save(dir.File("m.dlmodel")));
        Assert.Contains("Dense 'd'", e.Message);
        Assert.Contains("kernel_regularizer", e.Message);
        Assert.False(File.Exists(dir.File("m.dlmodel")));
    }
}
