using System.Buffers.Binary;

namespace DeepLearning.TensorBoard;

/// <summary>Appends TFRecord records to a stream (tensorflow/core/lib/io/record_writer.cc): uint64 length
/// (little-endian), masked CRC-32C of those 8 bytes, the data, masked CRC-32C of the data.</summary>
internal sealed class RecordWriter(Stream stream)
{
    private readonly byte[] _header = new byte[12];
    private readonly byte[] _footer = new byte[4];

    /// <summary>Writes one record (buffered until <see cref="Stream.Flush()"/>).</summary>
    public void Write(ReadOnlySpan<byte> data)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(_header, (ulong)data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(_header.AsSpan(8), Crc32.Masked(_header.AsSpan(0, 8)));
        BinaryPrimitives.WriteUInt32LittleEndian(_footer, Crc32.Masked(data));
        stream.Write(_header);
        stream.Write(data);
        stream.Write(_footer);
    }
}
