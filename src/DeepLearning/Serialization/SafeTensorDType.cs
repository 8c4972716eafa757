using System.Buffers.Binary;

namespace DeepLearning.Serialization;

/// <summary>
/// The element types a safetensors file may store that this library reads: the codes of the format's
/// <c>"dtype"</c> field. Half-precision and 64-bit integer data are converted when read (see
/// <see cref="SafeTensorsReader.ReadTensor(SafeTensorEntry, DType)"/>); the library's own files hold F32, F64 and I32.
/// </summary>
public enum SafeTensorDType
{
    /// <summary>"F16": IEEE 754 binary16 (1 sign, 5 exponent, 10 fraction bits), as <c>torch.float16</c>.</summary>
    F16,

    /// <summary>"BF16": bfloat16, the upper 16 bits of a binary32 (1 sign, 8 exponent, 7 fraction bits), as
    /// <c>torch.bfloat16</c>.</summary>
    BF16,

    /// <summary>"F32": IEEE 754 binary32.</summary>
    F32,

    /// <summary>"F64": IEEE 754 binary64.</summary>
    F64,

    /// <summary>"I32": 32-bit two's-complement integer.</summary>
    I32,

    /// <summary>"I64": 64-bit two's-complement integer, as <c>torch.int64</c> (e.g. BatchNorm's
    /// <c>num_batches_tracked</c>).</summary>
    I64,
}

/// <summary>Codes, sizes and the decoding of <see cref="SafeTensorDType"/> values.</summary>
internal static class SafeTensorDTypes
{
    public const string Supported = "F16, BF16, F32, F64, I32 and I64";

    public static bool TryParse(string code, out SafeTensorDType dtype)
    {
        switch (code)
        {
            case "F16": dtype = SafeTensorDType.F16; return true;
            case "BF16": dtype = SafeTensorDType.BF16; return true;
            case "F32": dtype = SafeTensorDType.F32; return true;
            case "F64": dtype = SafeTensorDType.F64; return true;
            case "I32": dtype = SafeTensorDType.I32; return true;
            case "I64": dtype = SafeTensorDType.I64; return true;
            default: dtype = default; return false;
        }
    }

    public static string Code(this SafeTensorDType dtype) => dtype.ToString();

    public static int SizeInBytes(this SafeTensorDType dtype) => dtype switch
    {
        SafeTensorDType.F16 or SafeTensorDType.BF16 => 2,
        SafeTensorDType.F64 or SafeTensorDType.I64 => 8,
        _ => 4,
    };

    public static bool IsFloating(this SafeTensorDType dtype) => dtype is not (SafeTensorDType.I32 or SafeTensorDType.I64);

    /// <summary>The library dtype a stored dtype reads into by default: every float format except F64 into float32
    /// (exact: F16 and BF16 values are all float32 values), F64 into float64, integers into int32.</summary>
    public static DType LibraryDType(this SafeTensorDType dtype) => dtype switch
    {
        SafeTensorDType.F64 => DType.Float64,
        SafeTensorDType.I32 or SafeTensorDType.I64 => DType.Int32,
        _ => DType.Float32,
    };

    /// <summary>The stored dtype the library writes for one of its dtypes.</summary>
    public static SafeTensorDType Of(DType dtype) => dtype switch
    {
        DType.Float32 => SafeTensorDType.F32,
        DType.Float64 => SafeTensorDType.F64,
        _ => SafeTensorDType.I32,
    };

    /// <summary>One F16 value: binary16 widened to binary32, exact for every value (subnormals, ±∞, NaN).</summary>
    public static float HalfToSingle(ushort bits) => (float)BitConverter.UInt16BitsToHalf(bits);

    /// <summary>One BF16 value: bfloat16 is the upper half of a binary32, so the widening is a 16-bit shift (exact,
    /// NaN payloads included).</summary>
    public static float BFloat16ToSingle(ushort bits) => BitConverter.Int32BitsToSingle(bits << 16);

    /// <summary>Decodes little-endian floating-point elements of <paramref name="stored"/> into float32 or float64:
    /// exact for F16, BF16 and F32 (every such value is a float32), and for F64 into float64; F64 into float32 rounds to
    /// nearest, ties to even (a C# cast).</summary>
    public static void DecodeFloats<T>(SafeTensorDType stored, ReadOnlySpan<byte> bytes, Span<T> destination)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        switch (stored)
        {
            case SafeTensorDType.F16:
                for (int i = 0; i < destination.Length; i++) destination[i] = T.CreateTruncating(HalfToSingle(BinaryPrimitives.ReadUInt16LittleEndian(bytes[(2 * i)..])));
                break;
            case SafeTensorDType.BF16:
                for (int i = 0; i < destination.Length; i++) destination[i] = T.CreateTruncating(BFloat16ToSingle(BinaryPrimitives.ReadUInt16LittleEndian(bytes[(2 * i)..])));
                break;
            case SafeTensorDType.F32:
                for (int i = 0; i < destination.Length; i++) destination[i] = T.CreateTruncating(BinaryPrimitives.ReadSingleLittleEndian(bytes[(4 * i)..]));
                break;
            default:
                for (int i = 0; i < destination.Length; i++) destination[i] = T.CreateTruncating(BinaryPrimitives.ReadDoubleLittleEndian(bytes[(8 * i)..]));
                break;
        }
    }

    /// <summary>Reads element <paramref name="i"/> of little-endian integer data (I32 or I64) as a long.</summary>
    public static long ReadInteger(SafeTensorDType stored, ReadOnlySpan<byte> bytes, int i) => stored == SafeTensorDType.I32
        ? BinaryPrimitives.ReadInt32LittleEndian(bytes[(4 * i)..])
        : BinaryPrimitives.ReadInt64LittleEndian(bytes[(8 * i)..]);
}
