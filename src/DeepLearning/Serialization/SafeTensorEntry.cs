namespace DeepLearning.Serialization;

/// <summary>
/// One tensor listed in a safetensors header: its name, element type, shape and the byte range of its data,
/// relative to the start of the data section (the safetensors format's <c>data_offsets</c>).
/// </summary>
/// <param name="Name">The tensor's name (a key of the header).</param>
/// <param name="DType">The library dtype the tensor reads into by default (<see cref="SafeTensorsReader.ReadTensor(SafeTensorEntry)"/>):
/// float32 for F16, BF16 and F32 data, float64 for F64, int32 for I32 and I64.</param>
/// <param name="Shape">The shape (rank ≤ <see cref="Shape.MaxRank"/>).</param>
/// <param name="Begin">The first byte of the data, relative to the data section.</param>
/// <param name="End">One past the last byte; End − Begin = elements × element size.</param>
public sealed record SafeTensorEntry(string Name, DType DType, Shape Shape, long Begin, long End)
{
    /// <summary>The number of data bytes, End − Begin.</summary>
    public long ByteLength => End - Begin;

    /// <summary>The element type stored in the file (the library's own files: F32, F64 or I32).</summary>
    public SafeTensorDType StoredDType { get; init; } = SafeTensorDTypes.Of(DType);

    /// <summary>The safetensors dtype code of <see cref="StoredDType"/>: "F16", "BF16", "F32", "F64", "I32" or "I64".</summary>
    public string DTypeCode => StoredDType.Code();
}
