using DeepLearning.Optimizers;

namespace DeepLearning.Tests.Optimizers;

/// <summary>SEEDS §4 item 18: the defaults the course notes quote (Keras 3's, from the optimizers' signatures in
/// keras/src/optimizers/*.py): Adam lr 0.001, β₁ 0.9, β₂ 0.999, ε 1e-7; RMSprop lr 0.001, ρ 0.9, ε 1e-7;
/// Adagrad lr 0.001, initial_accumulator_value 0.1, ε 1e-7; SGD lr 0.01, momentum 0.0.</summary>
public class OptimizerDefaultsTests
{
    [Fact]
    public void AdamDefaults()
    {
        var adam = new Adam();
        Assert.Equal(0.001, adam.LearningRate);
        Assert.Equal(0.9, adam.Beta1);
        Assert.Equal(0.999, adam.Beta2);
        Assert.Equal(1e-7, adam.Epsilon);
        Assert.False(adam.AmsGrad);
        Assert.Null(adam.WeightDecay);
        Assert.Equal(["momentum", "velocity"], adam.SlotNames);
        Assert.Equal(["momentum", "velocity", "velocity_hat"], new Adam(amsgrad: true).SlotNames);
    }

    [Fact]
    public void RMSpropDefaults()
    {
        var rmsprop = new RMSprop();
        Assert.Equal(0.001, rmsprop.LearningRate);
        Assert.Equal(0.9, rmsprop.Rho);
        Assert.Equal(1e-7, rmsprop.Epsilon);
        Assert.Equal(0.0, rmsprop.Momentum);
        Assert.False(rmsprop.Centered);
        Assert.Equal(["velocity"], rmsprop.SlotNames);
        Assert.Equal(["velocity", "momentum", "average_gradient"], new RMSprop(momentum: 0.9, centered: true).SlotNames);
    }

    [Fact]
    public void AdagradDefaults()
    {
        var adagrad = new Adagrad();
        Assert.Equal(0.001, adagrad.LearningRate);
        Assert.Equal(0.1, adagrad.InitialAccumulatorValue);
        Assert.Equal(1e-7, adagrad.Epsilon);
    }

    [Fact]
    public void SgdDefaults()
    {
        var sgd = new SGD();
        Assert.Equal(0.01, sgd.LearningRate);
        Assert.Equal(0.0, sgd.Momentum);
        Assert.False(sgd.Nesterov);
        Assert.Empty(sgd.SlotNames);
        Assert.Equal(["momentum"], new SGD(momentum: 0.9).SlotNames);
    }

    [Fact]
    public void OtherKerasDefaults()
    {
        var adamW = new AdamW();
        Assert.Equal(0.001, adamW.LearningRate);
        Assert.Equal(0.004, adamW.WeightDecay);
        Assert.Equal(0.9, adamW.Beta1);
        var nadam = new Nadam();
        Assert.Equal((0.001, 0.9, 0.999, 1e-7), (nadam.LearningRate, nadam.Beta1, nadam.Beta2, nadam.Epsilon));
        var adamax = new Adamax();
        Assert.Equal((0.001, 0.9, 0.999, 1e-7), (adamax.LearningRate, adamax.Beta1, adamax.Beta2, adamax.Epsilon));
        var adadelta = new Adadelta();
        Assert.Equal((0.001, 0.95, 1e-7), (adadelta.LearningRate, adadelta.Rho, adadelta.Epsilon));
        Assert.Equal(["accumulated_grad", "accumulated_delta_var"], adadelta.SlotNames);
        Assert.Equal(["momentum", "norm"], adamax.SlotNames);
    }

    [Fact]
    public void ClippingIsOffByDefaultAndNamesAreClassNames()
    {
        var adam = new Adam();
        Assert.Null(adam.ClipNorm);
        Assert.Null(adam.ClipValue);
        Assert.Null(adam.GlobalClipNorm);
        Assert.Equal("Adam", adam.Name);
        Assert.Equal("head", new SGD(name: "head").Name);
        Assert.Equal(0, adam.Iterations);
    }
}
