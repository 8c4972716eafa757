using DeepLearning;

namespace DeepLearning.Samples.Sequences;

/// <summary>
/// Géron's <c>generate_time_series</c> (Hands-On Machine Learning, 2nd ed., chapter 15): each series is two sines with
/// random frequencies and offsets plus uniform noise, sampled at <c>steps</c> evenly spaced times in [0, 1]:
/// s(t) = 0.5·sin((t − o₁)(10f₁ + 10)) + 0.2·sin((t − o₂)(20f₂ + 20)) + 0.1·(u − 0.5), with f₁, f₂, o₁, o₂, u ~ U[0, 1).
/// </summary>
public static class TimeSeries
{
    /// <summary>A batch of series, shape (count, steps, 1), float32, drawn from <paramref name="generator"/>.</summary>
    public static Tensor Generate(int count, int steps, Generator generator)
    {
        var freq1 = Tensor.RandomUniform([count, 1], generator: generator);
        var freq2 = Tensor.RandomUniform([count, 1], generator: generator);
        var offset1 = Tensor.RandomUniform([count, 1], generator: generator);
        var offset2 = Tensor.RandomUniform([count, 1], generator: generator);
        var time = Tensor.Linspace(0, 1, steps).Reshape(1, steps);
        var series = 0.5 * ((time - offset1) * (freq1 * 10 + 10)).Sin();
        series += 0.2 * ((time - offset2) * (freq2 * 20 + 20)).Sin();
        series += 0.1 * (Tensor.RandomUniform([count, steps], generator: generator) - 0.5);
        return series.Reshape(count, steps, 1);
    }
}
