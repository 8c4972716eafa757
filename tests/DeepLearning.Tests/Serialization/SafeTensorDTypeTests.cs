using System.Buffers.Binary;
using DeepLearning.Serialization;

namespace DeepLearning.Tests.Serialization;

/// <summary>
/// The half-precision and 64-bit integer dtypes of the reader. Every expected value is derived by hand from the IEEE
/// 754 binary16 layout (1 sign, 5 exponent bits with bias 15, 10 fraction bits: normal (1 + f/1024)·2^(e−15),
/// subnormal f/1024·2^−14) and the bfloat16 layout (the upper 16 bits of a binary32: 1 sign, 8 exponent bits with
/// bias 127, 7 fraction bits).
/// </summary>
public class SafeTensorDTypeTests
{
    /// <summary>A safetensors file with one tensor "t" of the given dtype code, shape and raw little-endian data.</summary>
    private static byte[] OneTensor(string code, int[] shape, byte[] data) => SafeTensorsFormatTests.Build(
        $"{{\"t\":{{\"dtype\":\"{code}\",\"shape\":[{string.Join(",", shape)}],\"data_offsets\":[0,{data.Length}]}}}}", data);

    private static byte[] U16(params ushort[] values)
    {
        var bytes = new byte[2 * values.Length];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(2 * i), values[i]);
        return bytes;
    }

    private static byte[] I64(params long[] values)
    {
        var bytes = new byte[8 * values.Length];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(8 * i), values[i]);
        return bytes;
    }

    private static SafeTensorsReader Open(byte[] file) => SafeTensorsFile.Open(new MemoryStream(file), "test.safetensors", requireChecksum: false);

    [Fact]
    public void F16DecodesNormalsSubnormalsInfinitiesAndNaN()
    {
        ushort[] bits = [0x3C00, 0xC000, 0x3555, 0x7BFF, 0x0400, 0x03FF, 0x0001, 0x8000, 0x7C00, 0xFC00, 0x7E00];
        double[] expected =
        [
            1.0,                          // e = 15, f = 0
            -2.0,                         // sign, e = 16
            (1 + 341.0 / 1024) / 4,       // e = 13, f = 0x155 = 341: 0.333251953125
            (1 + 1023.0 / 1024) * 32768,  // the largest finite value, 65504
            Math.Pow(2, -14),             // the smallest normal
            1023.0 / 1024 * Math.Pow(2, -14), // the largest subnormal
            Math.Pow(2, -24),             // the smallest subnormal
            -0.0,
            double.PositiveInfinity,
            double.NegativeInfinity,
            double.NaN,
        ];
        using var reader = Open(OneTensor("F16", [bits.Length], U16(bits)));
        var entry = reader["t"];
        Assert.Equal(SafeTensorDType.F16, entry.StoredDType);
        Assert.Equal("F16", entry.DTypeCode);
        Assert.Equal(DType.Float32, entry.DType);
        var asFloat = reader.ReadTensor("t").ToArray<float>();
        var asDouble = reader.ReadTensor("t", DType.Float64).ToArray<double>();
        for (int i = 0; i < bits.Length; i++)
        {
            if (double.IsNaN(expected[i])) Assert.True(float.IsNaN(asFloat[i]) && double.IsNaN(asDouble[i]), $"element {i}");
            else
            {
                Assert.Equal(double.IsNegative(expected[i]), float.IsNegative(asFloat[i]));
                Assert.Equal(expected[i], (double)asFloat[i]);
                Assert.Equal(expected[i], asDouble[i]);
            }
        }
    }

    [Fact]
    public void BF16IsTheUpperHalfOfABinary32()
    {
        ushort[] bits = [0x3F80, 0xC000, 0x3EAB, 0x7F7F, 0x0080, 0x0001, 0x8000, 0x7F80, 0xFF80, 0x7FC0];
        double[] expected =
        [
            1.0,                             // e = 127, f = 0
            -2.0,
            (1 + 43.0 / 128) / 4,            // e = 125, f = 0x2B = 43: 0.333984375
            (1 + 127.0 / 128) * Math.Pow(2, 127), // the largest finite value
            Math.Pow(2, -126),               // the smallest normal
            Math.Pow(2, -133),               // the smallest subnormal: f = 1 at 2^(−126−7)
            -0.0,
            double.PositiveInfinity,
            double.NegativeInfinity,
            double.NaN,
        ];
        using var reader = Open(OneTensor("BF16", [2, 5], U16(bits)));
        Assert.Equal(SafeTensorDType.BF16, reader["t"].StoredDType);
        var t = reader.ReadTensor("t");
        Assert.Equal(new Shape(2, 5), t.Shape);
        var values = t.ToArray<float>();
        for (int i = 0; i < bits.Length; i++)
        {
            if (double.IsNaN(expected[i])) Assert.True(float.IsNaN(values[i]));
            else
            {
                Assert.Equal(double.IsNegative(expected[i]), float.IsNegative(values[i]));
                Assert.Equal(expected[i], (double)values[i]);
            }
        }
        Assert.Equal(0x7FC00000, BitConverter.SingleToInt32Bits(values[9])); // the NaN keeps its bits
    }

    [Fact]
    public void F64ReadAsFloat32RoundsToNearestEven()
    {
        var data = new byte[24];
        BinaryPrimitives.WriteDoubleLittleEndian(data, 0.1);
        BinaryPrimitives.WriteDoubleLittleEndian(data.AsSpan(8), 1 + Math.Pow(2, -24));             // halfway: ties to even 1
        BinaryPrimitives.WriteDoubleLittleEndian(data.AsSpan(16), 1 + 3 * Math.Pow(2, -24));        // halfway: ties to even 1 + 2^−22
        using var reader = Open(OneTensor("F64", [3], data));
        Assert.Equal(DType.Float64, reader["t"].DType);
        Assert.Equal([0.1, 1 + Math.Pow(2, -24), 1 + 3 * Math.Pow(2, -24)], reader.ReadTensor("t").ToArray<double>());
        var f = reader.ReadTensor("t", DType.Float32).ToArray<float>();
        Assert.Equal(BitConverter.Int32BitsToSingle(0x3DCCCCCD), f[0]); // 0.1f
        Assert.Equal(1f, f[1]);
        Assert.Equal((float)(1 + Math.Pow(2, -22)), f[2]);
    }

    [Fact]
    public void I64ReadsIntoInt32AndFloatsWhereExact()
    {
        using (var reader = Open(OneTensor("I64", [4], I64(3, -5, int.MaxValue, -int.MaxValue))))
        {
            Assert.Equal(DType.Int32, reader["t"].DType);
            Assert.Equal([3, -5, int.MaxValue, -int.MaxValue], reader.ReadTensor("t").ToArray<int>());
            Assert.Equal([3.0, -5, int.MaxValue, -int.MaxValue], reader.ReadTensor("t", DType.Float64).ToArray<double>());
        }
        using (var reader = Open(OneTensor("I64", [2], I64(7, 1L << 40))))
        {
            var e = Assert.Throws<InvalidDataException>(() => reader.ReadTensor("t"));
            Assert.Contains("'t'", e.Message);
            Assert.Contains("element 1 is 1099511627776", e.Message);
            Assert.Equal([7.0, 1L << 40], reader.ReadTensor("t", DType.Float64).ToArray<double>());
            Assert.Throws<InvalidDataException>(() => reader.ReadTensor("t", DType.Float32));
        }
        using (var reader = Open(OneTensor("I64", [1], I64((1L << 53) + 1))))
            Assert.Throws<InvalidDataException>(() => reader.ReadTensor("t", DType.Float64));
    }

    [Fact]
    public void FloatDataCannotBeReadAsIntegers()
    {
        using var reader = Open(OneTensor("BF16", [1], U16(0x3F80)));
        var e = Assert.Throws<ArgumentException>(() => reader.ReadTensor("t", DType.Int32));
        Assert.Contains("'t'", e.Message);
        Assert.Contains("BF16", e.Message);
    }

    [Theory]
    [InlineData("F16", 3, 2, 5)]   // 3 elements of 2 bytes need 6, not 5
    [InlineData("BF16", 2, 2, 8)]
    [InlineData("I64", 1, 8, 4)]
    public void TheByteCountFollowsTheStoredElementSize(string code, int elements, int size, int bytes)
    {
        var e = Assert.Throws<InvalidDataException>(() => Open(OneTensor(code, [elements], new byte[bytes])));
        Assert.Contains($"needs {elements * size} bytes", e.Message);
    }

    [Fact]
    public void AnUnsupportedDTypeIsNamed()
    {
        var e = Assert.Throws<InvalidDataException>(() => Open(OneTensor("U8", [2], new byte[2])));
        Assert.Contains("dtype 'U8' is not supported (F16, BF16, F32, F64, I32 and I64 are)", e.Message);
    }

    [Fact]
    public void LargeHalfTensorsConvertAcrossChunks()
    {
        // More elements than one read chunk (64 KiB / 2 bytes), so the conversion crosses chunk boundaries.
        int n = 40_000;
        var bits = new ushort[n];
        for (int i = 0; i < n; i++) bits[i] = (ushort)(0x3C00 + (i % 1024)); // 1 + (i mod 1024)/1024
        using var reader = Open(OneTensor("F16", [n], U16(bits)));
        var values = reader.ReadTensor("t").ToArray<float>();
        for (int i = 0; i < n; i++) Assert.Equal(1 + (i % 1024) / 1024f, values[i]);
    }
}
