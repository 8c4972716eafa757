using System.Buffers.Binary;
using System.Formats.Tar;
using System.IO.Compression;
using System.Text;

namespace DeepLearning.Tests.Data;

/// <summary>Writers of small synthetic data files for the tests.</summary>
internal static class DataTestFiles
{
    /// <summary>An IDX file: magic 00 00 08 rank, big-endian dims, then the bytes.</summary>
    public static byte[] Idx(byte[] data, params int[] dims)
    {
        var bytes = new byte[4 + 4 * dims.Length + data.Length];
        bytes[2] = 0x08;
        bytes[3] = (byte)dims.Length;
        for (int i = 0; i < dims.Length; i++) BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * i), dims[i]);
        data.CopyTo(bytes, 4 + 4 * dims.Length);
        return bytes;
    }

    public static byte[] Gzip(byte[] data)
    {
        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true)) gz.Write(data);
        return ms.ToArray();
    }

    /// <summary>Deterministic pixel bytes: image i, pixel p of class k.</summary>
    public static byte Pixel(int k, int i, int p) => (byte)((k * 37 + i * 11 + p * 3) % 256);

    /// <summary>An npm-style tarball: package/&lt;folder&gt;/k.json for every class k with counts[k] images.
    /// Unit scale writes a flat array of round3(v/255); byte scale writes one array per image (plus optional empty ones).</summary>
    public static void NpmTarball(string path, string folder, int[] counts, bool unitScale, int emptyEntriesInClass0 = 0)
    {
        using var file = System.IO.File.Create(path);
        using var gz = new GZipStream(file, CompressionLevel.Fastest);
        using var tar = new TarWriter(gz, TarEntryFormat.Ustar);
        AddText(tar, "package/package.json", "{\"name\":\"test\"}");
        for (int k = 0; k < counts.Length; k++)
        {
            var sb = new StringBuilder("{\"data\":[");
            bool first = true;
            void Sep() { if (!first) sb.Append(','); first = false; }
            for (int i = 0; i < counts[k]; i++)
            {
                if (unitScale)
                {
                    for (int p = 0; p < 784; p++)
                    {
                        Sep();
                        sb.Append(Math.Round(Pixel(k, i, p) / 255.0, 3).ToString(System.Globalization.CultureInfo.InvariantCulture));
                    }
                }
                else
                {
                    if (k == 0 && i == 1 && emptyEntriesInClass0 > 0) { Sep(); sb.Append("[]"); }
                    Sep();
                    sb.Append('[').Append(string.Join(',', Enumerable.Range(0, 784).Select(p => Pixel(k, i, p)))).Append(']');
                }
            }
            if (!unitScale && k == 0 && emptyEntriesInClass0 > 1) { Sep(); sb.Append("[]"); }
            sb.Append("]}");
            AddText(tar, $"package/{folder}/{k}.json", sb.ToString());
        }
    }

    private static void AddText(TarWriter tar, string name, string text)
    {
        var entry = new UstarTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)) };
        tar.WriteEntry(entry);
    }
}

/// <summary>A minimal PNG encoder (PNG spec §5, §9, §10): IHDR, optional PLTE, one zlib IDAT with a chosen filter per
/// row, IEND, each chunk with its CRC-32.</summary>
internal static class PngWriter
{
    public static byte[] Encode(int width, int height, int colorType, int bitDepth, byte[] rawRows, byte[]? palette = null, int[]? filters = null, bool interlaced = false)
    {
        int channels = colorType switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, _ => 4 };
        int stride = (width * channels * bitDepth + 7) / 8;
        int bpp = Math.Max(1, channels * bitDepth / 8);
        var filtered = new byte[(stride + 1) * height];
        for (int y = 0; y < height; y++)
        {
            int f = filters?[y % filters.Length] ?? 0;
            filtered[y * (stride + 1)] = (byte)f;
            for (int i = 0; i < stride; i++)
            {
                int x = rawRows[y * stride + i];
                int a = i >= bpp ? rawRows[y * stride + i - bpp] : 0;
                int b = y > 0 ? rawRows[(y - 1) * stride + i] : 0;
                int c = y > 0 && i >= bpp ? rawRows[(y - 1) * stride + i - bpp] : 0;
                int pred = f switch { 0 => 0, 1 => a, 2 => b, 3 => (a + b) / 2, _ => Paeth(a, b, c) };
                filtered[y * (stride + 1) + 1 + i] = (byte)(x - pred);
            }
        }
        using var ms = new MemoryStream();
        ms.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = (byte)bitDepth;
        ihdr[9] = (byte)colorType;
        ihdr[12] = (byte)(interlaced ? 1 : 0);
        Chunk(ms, "IHDR", ihdr);
        if (palette is not null) Chunk(ms, "PLTE", palette);
        using (var z = new MemoryStream())
        {
            using (var zl = new ZLibStream(z, CompressionLevel.Optimal, leaveOpen: true)) zl.Write(filtered);
            Chunk(ms, "IDAT", z.ToArray());
        }
        Chunk(ms, "IEND", []);
        return ms.ToArray();
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static void Chunk(Stream s, string type, byte[] data)
    {
        Span<byte> len = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(len, data.Length);
        s.Write(len);
        var typeAndData = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        s.Write(typeAndData);
        BinaryPrimitives.WriteUInt32BigEndian(len, Crc(typeAndData));
        s.Write(len);
    }

    /// <summary>Bit-by-bit CRC-32 (reflected polynomial 0xEDB88320), independent of the library's table version.</summary>
    public static uint Crc(ReadOnlySpan<byte> data)
    {
        uint c = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            c ^= b;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? (c >> 1) ^ 0xEDB88320 : c >> 1;
        }
        return ~c;
    }
}
