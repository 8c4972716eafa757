using System.Buffers.Binary;
using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace DeepLearning.Onnx;

/// <summary>A constant of an imported graph (an initializer or a Constant node): float values or integer values with
/// their ONNX dims.</summary>
internal sealed class OnnxConstant(int[] dims, float[]? floats, long[]? ints)
{
    public int[] Dims { get; } = dims;

    /// <summary>Float data (float, double and float16 tensors are read as float32); null for integer tensors.</summary>
    public float[]? Floats { get; } = floats;

    /// <summary>Integer data (int64, int32, …); null for floating tensors.</summary>
    public long[]? Ints { get; } = ints;

    public int Count => Dims.Aggregate(1, (a, b) => a * b);

    /// <summary>The values as floats whatever the stored type.</summary>
    public float[] AsFloats() => Floats ?? Ints!.Select(v => (float)v).ToArray();

    /// <summary>The values as integers (shapes, axes, pads).</summary>
    public long[] AsInts(string what) => Ints ?? throw new InvalidDataException($"ONNX import: {what} must be an integer tensor.");

    /// <summary>Reads a TensorProto (raw_data little-endian or the typed repeated fields).</summary>
    /// <exception cref="InvalidDataException">The data does not match the dims, or the type is not numeric, or the data
    /// is stored outside the file.</exception>
    public static OnnxConstant Read(TensorProto t)
    {
        if (t.DataLocation == TensorProto.Types.DataLocation.External)
            throw new InvalidDataException($"ONNX import: tensor '{t.Name}' is stored in an external file; load models with their weights inside the .onnx file.");
        var dims = t.Dims.Select(d => d is >= 0 and <= int.MaxValue ? (int)d
            : throw new InvalidDataException($"ONNX import: tensor '{t.Name}' has an invalid dimension {d}.")).ToArray();
        long count = dims.Aggregate(1L, (a, b) => a * b);
        if (count > int.MaxValue) throw new InvalidDataException($"ONNX import: tensor '{t.Name}' has {count} elements, too many.");
        var raw = t.RawData.Span;
        bool hasRaw = t.HasRawData;
        var type = (DataType)t.DataType;
        // One arm per element type: raw_data (little-endian) or the typed repeated field the type is stored in.
        float[]? floats = type switch
        {
            DataType.Float => hasRaw ? Raw(raw, 4, count, t.Name, s => BinaryPrimitives.ReadSingleLittleEndian(s)) : [.. t.FloatData],
            DataType.Double => hasRaw ? Raw(raw, 8, count, t.Name, s => (float)BinaryPrimitives.ReadDoubleLittleEndian(s)) : t.DoubleData.Select(v => (float)v).ToArray(),
            DataType.Float16 => hasRaw ? Raw(raw, 2, count, t.Name, s => (float)BinaryPrimitives.ReadHalfLittleEndian(s))
                : t.Int32Data.Select(v => (float)BitConverter.UInt16BitsToHalf((ushort)v)).ToArray(),
            _ => null,
        };
        long[]? ints = floats is not null ? null : type switch
        {
            DataType.Int64 => hasRaw ? Raw(raw, 8, count, t.Name, s => BinaryPrimitives.ReadInt64LittleEndian(s)) : [.. t.Int64Data],
            DataType.Int32 => hasRaw ? Raw(raw, 4, count, t.Name, s => (long)BinaryPrimitives.ReadInt32LittleEndian(s)) : t.Int32Data.Select(v => (long)v).ToArray(),
            DataType.Bool or DataType.Uint8 or DataType.Int8 => hasRaw
                ? Raw(raw, 1, count, t.Name, s => type == DataType.Int8 ? (long)(sbyte)s[0] : s[0]) : t.Int32Data.Select(v => (long)v).ToArray(),
            _ => throw new InvalidDataException($"ONNX import: tensor '{t.Name}' has element type {type}, which the import does not read."),
        };
        int n = floats?.Length ?? ints!.Length;
        if (n != count)
            throw new InvalidDataException($"ONNX import: tensor '{t.Name}' holds {n} values for dims [{string.Join(", ", dims)}].");
        return new OnnxConstant(dims, floats, ints);
    }

    private delegate T Reader<T>(ReadOnlySpan<byte> bytes);

    private static T[] Raw<T>(ReadOnlySpan<byte> raw, int size, long count, string name, Reader<T> read)
    {
        if (raw.Length != count * size)
            throw new InvalidDataException($"ONNX import: tensor '{name}' has {raw.Length} bytes of raw data for {count} elements of {size} bytes.");
        var result = new T[count];
        for (int i = 0; i < result.Length; i++) result[i] = read(raw.Slice(i * size, size));
        return result;
    }
}
