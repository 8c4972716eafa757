using DeepLearning.Devices;
using DeepLearning.Optimizers;
using DeepLearning.Schedules;

namespace DeepLearning.Tests.Optimizers;

/// <summary>Four steps of every optimizer (and of clipping, weight decay and schedules inside a step) against the
/// numpy transcription of Keras 3 in <see cref="OptimizerGoldens"/>.</summary>
public class OptimizerTrajectoryTests
{
    public static Optimizer Create(string config) => config switch
    {
        "SgdPlain" => new SGD(0.1),
        "SgdMomentum" => new SGD(0.1, momentum: 0.9),
        "SgdNesterov" => new SGD(0.1, momentum: 0.9, nesterov: true),
        "SgdMomentumWeightDecay" => new SGD(0.1, momentum: 0.5, weightDecay: 0.1),
        "Adagrad" => new Adagrad(0.1),
        "RMSprop" => new RMSprop(0.01),
        "RMSpropCenteredMomentum" => new RMSprop(0.01, rho: 0.8, momentum: 0.5, centered: true),
        "Adam" => new Adam(0.1),
        "AdamAmsgrad" => new Adam(0.1, beta2: 0.5, amsgrad: true),
        "AdamW" => new AdamW(0.1, weightDecay: 0.05),
        "Nadam" => new Nadam(0.1),
        "Adamax" => new Adamax(0.1),
        "Adadelta" => new Adadelta(1.0),
        "SgdClipNorm" => new SGD(0.1, clipNorm: 1.0),
        "SgdGlobalClipNorm" => new SGD(0.1, globalClipNorm: 1.0),
        "AdamClipValue" => new Adam(0.1, clipValue: 0.5),
        "SgdExponentialDecay" => new SGD(new ExponentialDecay(0.1, 2, 0.5), momentum: 0.9),
        "AdamInverseTimeDecayWeightDecay" => new Adam(new InverseTimeDecay(0.1, 1, 0.5), weightDecay: 0.1),
        _ => throw new ArgumentException(config),
    };

    public static TheoryData<string> Configs() => [.. OptimizerGoldens.Trajectories.Keys];

    [Theory]
    [MemberData(nameof(Configs))]
    public void Float64TrajectoryMatchesKeras(string config) => Run(config, DType.Float64, Device.Cpu, 1e-12);

    [Theory]
    [InlineData("SgdNesterov")]
    [InlineData("RMSpropCenteredMomentum")]
    [InlineData("AdamAmsgrad")]
    [InlineData("Nadam")]
    [InlineData("Adadelta")]
    [InlineData("SgdGlobalClipNorm")]
    public void ReferenceDeviceTrajectoryMatchesKeras(string config) => Run(config, DType.Float64, TestHelpers.Reference, 1e-12);

    [Theory]
    [InlineData("SgdMomentum")]
    [InlineData("Adam")]
    [InlineData("AdamW")]
    [InlineData("RMSprop")]
    public void Float32TrajectoryMatchesKerasToFloatPrecision(string config) => Run(config, DType.Float32, Device.Cpu, 2e-5);

    private static void Run(string config, DType dtype, Device device, double tolerance)
    {
        var expected = OptimizerGoldens.Trajectories[config];
        var problem = new QuadraticProblem(dtype, device);
        var optimizer = Create(config);
        for (int step = 0; step < expected.Length; step++)
        {
            problem.ComputeGradients();
            optimizer.Step(problem.Parameters);
            Assert.Equal(step + 1, optimizer.Iterations);
            var actual = problem.Values();
            for (int i = 0; i < actual.Length; i++)
                Assert.True(Math.Abs(actual[i] - expected[step][i]) <= tolerance * Math.Max(1, Math.Abs(expected[step][i])),
                    $"{config} step {step + 1} value {i}: {actual[i]:R}, expected {expected[step][i]:R}");
        }
    }
}
