namespace DeepLearning.Serialization;

/// <summary>
/// One tensor listed in a safetensors header: its name, element type, shape and the byte range of its data,
/// relative to the start of the data section (the safetensors format's <c>data_offsets</c>).
/// </summary>
/// <param name="Name">The tensor's name (a key of the header).</param>
/// <param name="DType">The element type (safetensors "F32", "F64" or "I32").</param>
/// <param name="Shape">The shape (rank ≤ <see cref="Shape.MaxRank"/>).</param>
/// <param name="Begin">The first byte of the data, relative to the data section.</param>
/// <param name="End">One past the last byte; End − Begin = elements × element size.</param>
public sealed record SafeTensorEntry(string Name, DType DType, Shape Shape, long Begin, long End)
{
    /// <summary>The number of data bytes, End − Begin.</summary>
    public long ByteLength => End - Begin;

    /// <summary>The safetensors dtype code of <see cref="DType"/>: "F32", "F64" or "I32".</summary>
    public string DTypeCode => SafeTensorsFile.DTypeCode(DType);
}
