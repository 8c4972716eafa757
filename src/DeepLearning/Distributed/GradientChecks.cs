namespace DeepLearning.Distributed;

/// <summary>The checks data-parallel training makes on the gradients it averages.</summary>
internal static class GradientChecks
{
    /// <exception cref="NotSupportedException"><paramref name="parameter"/> is not float32 (only float32 gradients are
    /// averaged across ranks).</exception>
    public static void Float32(Tensor parameter)
    {
        if (parameter.DType != DType.Float32)
            throw new NotSupportedException($"Fit: data-parallel training averages float32 gradients; parameter of shape {parameter.Shape} is {parameter.DType}.");
    }
}
