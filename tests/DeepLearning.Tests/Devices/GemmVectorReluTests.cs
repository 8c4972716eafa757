using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using DeepLearning.Devices.Cpu;

namespace DeepLearning.Tests.Devices;

/// <summary>The fused kernels' in-register ReLU (<c>IGemmVector.Relu</c>) against the rule of the element-wise ReLU,
/// <c>TensorPrimitives.Max(x, 0)</c>: NaN stays NaN, −0 becomes +0, every other value max(x, 0), bit for bit.</summary>
public class GemmVectorReluTests
{
    private static readonly float[] Values =
        [float.NaN, -0f, 0f, -1f, 1f, float.NegativeInfinity, float.PositiveInfinity, float.Epsilon, -float.Epsilon, 3.5f, -2.25f,
         float.MaxValue, float.MinValue, 1e-30f, -1e-30f, BitConverter.Int32BitsToSingle(unchecked((int)0xFFC00001))];

    private static float Expected(float x) => float.IsNaN(x) ? x : x > 0 ? x : 0f;

    private static void Check(float[] input, float[] output)
    {
        var elementwise = new float[input.Length];
        System.Numerics.Tensors.TensorPrimitives.Max(input, 0f, elementwise);
        for (int i = 0; i < input.Length; i++)
        {
            float e = Expected(input[i]);
            Assert.True(float.IsNaN(e) ? float.IsNaN(output[i]) && float.IsNaN(elementwise[i])
                : BitConverter.SingleToInt32Bits(e) == BitConverter.SingleToInt32Bits(output[i])
                  && BitConverter.SingleToInt32Bits(e) == BitConverter.SingleToInt32Bits(elementwise[i]),
                $"relu({input[i]:R}) gave {output[i]:R}, expected {e:R} (element-wise {elementwise[i]:R})");
        }
    }

    [SkippableFact]
    public void Relu512MatchesTheElementwiseRule()
    {
        Skip.IfNot(Avx512F.IsSupported, "the processor has no AVX-512F");
        var input = Values;
        var output = new float[input.Length];
        var v = Vector512.Create(input);
        GemmVector512<float>.Relu(v).CopyTo(output);
        Check(input, output);
        var d = Vector512.Create(-0d, double.NaN, -1d, 2d, 0d, double.NegativeInfinity, -double.Epsilon, 1e300);
        var r = GemmVector512<double>.Relu(d);
        Assert.Equal(0L, BitConverter.DoubleToInt64Bits(r[0]));
        Assert.True(double.IsNaN(r[1]));
        Assert.Equal([0d, 2d, 0d, 0d, 0d, 1e300], new[] { r[2], r[3], r[4], r[5], r[6], r[7] });
    }

    [SkippableFact]
    public void Relu256MatchesTheElementwiseRule()
    {
        Skip.IfNot(Avx.IsSupported, "the processor has no AVX");
        var output = new float[Values.Length];
        for (int i = 0; i < Values.Length; i += 8)
            GemmVector256<float>.Relu(Vector256.Create(Values, i)).CopyTo(output, i);
        Check(Values, output);
    }
}
