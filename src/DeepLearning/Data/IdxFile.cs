using System.Buffers.Binary;
using System.IO.Compression;

namespace DeepLearning.Data;

/// <summary>
/// Reads IDX files, the format of MNIST and Fashion-MNIST (yann.lecun.com/exdb/mnist): a 4-byte magic number
/// (0, 0, element type, number of dimensions), the dimensions as big-endian int32, then the elements in row-major
/// order, big-endian. Raw and gzip-compressed files are both accepted (recognised by content, not by name).
/// </summary>
public static class IdxFile
{
    /// <summary>Reads an IDX file (raw or .gz) into a tensor of its shape: unsigned bytes (type 0x08), signed bytes
    /// (0x09), int16 (0x0B) and int32 (0x0C) become int32; float (0x0D) float32; double (0x0E) float64.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not IDX, or is truncated or corrupt.</exception>
    public static Tensor Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var (type, dims, data) = ReadRaw(path);
        Shape shape = dims;
        int n = shape.ElementCount;
        switch (type)
        {
            case 0x08: return Tensor.FromArray(Array.ConvertAll(data, b => (int)b), shape);
            case 0x09: return Tensor.FromArray(Array.ConvertAll(data, b => (int)(sbyte)b), shape);
            case 0x0B:
            {
                var v = new int[n];
                for (int i = 0; i < n; i++) v[i] = BinaryPrimitives.ReadInt16BigEndian(data.AsSpan(2 * i));
                return Tensor.FromArray(v, shape);
            }
            case 0x0C:
            {
                var v = new int[n];
                for (int i = 0; i < n; i++) v[i] = BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(4 * i));
                return Tensor.FromArray(v, shape);
            }
            case 0x0D:
            {
                var v = new float[n];
                for (int i = 0; i < n; i++) v[i] = BinaryPrimitives.ReadSingleBigEndian(data.AsSpan(4 * i));
                return Tensor.FromArray(v, shape);
            }
            default:
            {
                var v = new double[n];
                for (int i = 0; i < n; i++) v[i] = BinaryPrimitives.ReadDoubleBigEndian(data.AsSpan(8 * i));
                return Tensor.FromArray(v, shape);
            }
        }
    }

    /// <summary>The element type code, the dimensions and the raw (big-endian) element bytes of an IDX file.</summary>
    internal static (byte Type, int[] Dims, byte[] Data) ReadRaw(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"IdxFile: no file at '{path}'.", path);
        using var file = File.OpenRead(path);
        Span<byte> probe = stackalloc byte[2];
        int got = file.ReadAtLeast(probe, 2, throwOnEndOfStream: false);
        file.Position = 0;
        bool gzip = got == 2 && probe[0] == 0x1F && probe[1] == 0x8B;
        using Stream stream = gzip ? new GZipStream(file, CompressionMode.Decompress) : file;
        try
        {
            return Parse(stream, path);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException && !e.Message.StartsWith("IdxFile:", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"IdxFile: '{path}' is corrupt: its gzip data cannot be decompressed ({e.Message}).", e);
        }
    }

    private static (byte Type, int[] Dims, byte[] Data) Parse(Stream stream, string path)
    {
        Span<byte> header = stackalloc byte[4];
        if (stream.ReadAtLeast(header, 4, throwOnEndOfStream: false) < 4)
            throw new InvalidDataException($"IdxFile: '{path}' is truncated: it has no 4-byte IDX header.");
        byte type = header[2];
        int rank = header[3];
        int size = type switch { 0x08 or 0x09 => 1, 0x0B => 2, 0x0C or 0x0D => 4, 0x0E => 8, _ => 0 };
        if (header[0] != 0 || header[1] != 0 || size == 0 || rank is 0 or > Shape.MaxRank)
            throw new InvalidDataException($"IdxFile: '{path}' is not an IDX file (magic bytes {header[0]:X2} {header[1]:X2} {header[2]:X2} {header[3]:X2}; expected 00 00, a type in 08 09 0B 0C 0D 0E and 1 to {Shape.MaxRank} dimensions).");
        Span<byte> dimBytes = stackalloc byte[4 * rank];
        if (stream.ReadAtLeast(dimBytes, dimBytes.Length, throwOnEndOfStream: false) < dimBytes.Length)
            throw new InvalidDataException($"IdxFile: '{path}' is truncated inside its list of {rank} dimensions.");
        var dims = new int[rank];
        long count = 1;
        for (int i = 0; i < rank; i++)
        {
            dims[i] = BinaryPrimitives.ReadInt32BigEndian(dimBytes[(4 * i)..]);
            if (dims[i] < 0) throw new InvalidDataException($"IdxFile: '{path}' declares a negative dimension {dims[i]}.");
            count = count > Array.MaxLength ? count : count * dims[i];   // saturates: eight dimensions cannot overflow
        }
        long expected = count * size;
        if (count > Array.MaxLength || expected > Array.MaxLength)
            throw new InvalidDataException($"IdxFile: '{path}' declares dimensions ({string.Join(", ", dims)}), too large to load.");
        // Never allocate what the header claims before the data is known to be there: a raw file's length is checked
        // first, a gzip stream is read into a buffer that grows with what it really holds.
        if (stream.CanSeek && stream.Length - stream.Position < expected)
            throw Truncated(path, dims, expected, stream.Length - stream.Position);
        var data = new byte[stream.CanSeek ? expected : Math.Min(expected, 1 << 20)];
        int read = 0;
        while (true)
        {
            int n = stream.Read(data, read, data.Length - read);
            read += n;
            if (read == expected || n == 0) break;
            if (read == data.Length) Array.Resize(ref data, (int)Math.Min(expected, 2L * data.Length));
        }
        if (read < expected) throw Truncated(path, dims, expected, read);
        return (type, dims, data);
    }

    private static InvalidDataException Truncated(string path, int[] dims, long expected, long available) =>
        new($"IdxFile: '{path}' is truncated: its header declares ({string.Join(", ", dims)}), {expected} bytes of data, but only {available} follow.");
}
