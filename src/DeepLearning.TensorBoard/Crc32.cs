namespace DeepLearning.TensorBoard;

/// <summary>A table-driven reflected CRC-32 (Sarwate's byte-wise algorithm) for one polynomial: CRC-32C
/// (Castagnoli, 0x82F63B78; RFC 3720 §B.4), the checksum of TFRecord files, whose check value is
/// CRC("123456789") = 0xE3069283; and the ISO 3309 CRC-32 (0xEDB88320) of PNG chunks, check value 0xCBF43926.</summary>
internal sealed class Crc32
{
    private const uint MaskDelta = 0xa282ead8u;
    private readonly uint[] _table = new uint[256];

    private Crc32(uint reflectedPolynomial)
    {
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? reflectedPolynomial ^ (c >> 1) : c >> 1;
            _table[n] = c;
        }
    }

    /// <summary>CRC-32C (Castagnoli), TFRecord's checksum.</summary>
    public static Crc32 Castagnoli { get; } = new(0x82F63B78u);

    /// <summary>The ISO 3309 / ITU-T V.42 CRC-32 of PNG chunks and zlib's crc32.</summary>
    public static Crc32 Png { get; } = new(0xEDB88320u);

    /// <summary>Continues a CRC over more bytes (start with 0).</summary>
    public uint Update(uint crc, ReadOnlySpan<byte> data)
    {
        uint c = ~crc;
        foreach (byte b in data) c = _table[(c ^ b) & 0xFF] ^ (c >> 8);
        return ~c;
    }

    /// <summary>The CRC of the bytes.</summary>
    public uint Compute(ReadOnlySpan<byte> data) => Update(0, data);

    /// <summary>TensorFlow's masked CRC (tensorflow/core/lib/hash/crc32c.h, <c>Mask</c>):
    /// ((crc &gt;&gt; 15) | (crc &lt;&lt; 17)) + 0xa282ead8, so that a CRC stored inside checksummed data does not
    /// checksum to a fixed value.</summary>
    public static uint Mask(uint crc) => unchecked(((crc >> 15) | (crc << 17)) + MaskDelta);

    /// <summary>The masked CRC-32C of the bytes, as TFRecord stores it.</summary>
    public static uint Masked(ReadOnlySpan<byte> data) => Mask(Castagnoli.Compute(data));
}
