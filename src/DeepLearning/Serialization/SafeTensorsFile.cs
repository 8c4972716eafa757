using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace DeepLearning.Serialization;

/// <summary>
/// Reads and writes the safetensors format (Hugging Face's, which PyTorch, JAX and other tools read): an 8-byte
/// little-endian header length N, N bytes of UTF-8 JSON
/// <c>{"__metadata__": {string: string}, "name": {"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}, …}</c>
/// padded with spaces so that 8 + N is a multiple of 8, then the raw little-endian data, the tensors contiguous
/// with no gaps or overlaps, offsets relative to the data section.
/// </summary>
/// <remarks>
/// <para>Files written here carry <c>"checksum": "sha256:&lt;64 lower-case hex digits&gt;"</c> in
/// <c>__metadata__</c>: the SHA-256 of the whole file with those 64 digits replaced by ASCII '0', so a changed byte
/// anywhere (length prefix, header, padding or data) is detected. Other tools ignore the entry.</para>
/// <para>Reading (<see cref="Open(string, bool)"/>) validates before it allocates anything sized by the file's
/// claims: N against the file length and <see cref="MaxHeaderBytes"/>, the JSON, every dtype, shape (non-negative
/// dimensions, rank ≤ 8, sizes that neither overflow nor exceed the data section), offsets (matching
/// shape × element size, covering the data section exactly), unique names, string metadata; then the checksum over
/// the whole file, streamed; only then can tensors be created. Every failure is an
/// <see cref="InvalidDataException"/> naming the file, the tensor and the problem.</para>
/// <para>Files are written with the library's dtypes (F32, F64, I32); reading also accepts F16, BF16 and I64, the
/// dtypes of PyTorch and Hugging Face checkpoints, converted exactly (<see cref="SafeTensorsReader.ReadTensor(SafeTensorEntry, DType)"/>). Writes through a path are atomic
/// (<see cref="AtomicFile"/>). Little-endian hosts only (all .NET platforms in use).</para>
/// </remarks>
public static class SafeTensorsFile
{
    /// <summary>The metadata key of the checksum.</summary>
    public const string ChecksumKey = "checksum";

    /// <summary>The largest header accepted, 100 MB (the limit of the reference Rust implementation).</summary>
    public const long MaxHeaderBytes = 100_000_000;

    internal const string MetadataKey = "__metadata__";
    internal const string ChecksumPrefix = "sha256:";
    internal const int ChecksumHexLength = 64;
    internal const int ChunkBytes = 1 << 16;

    internal static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes tensors and metadata to a file atomically (temporary file, flush, rename).</summary>
    /// <param name="path">The file.</param>
    /// <param name="tensors">Named tensors, written in this order (any device, contiguous or not).</param>
    /// <param name="metadata">String metadata (the key "checksum" is reserved).</param>
    /// <exception cref="ArgumentException">A name is empty, repeated or "__metadata__", a tensor is null, or the
    /// metadata uses the reserved key.</exception>
    public static void Write(string path, IEnumerable<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var list = Validate(tensors, metadata);
        AtomicFile.Write(path, s => WriteValidated(s, list, metadata));
    }

    /// <summary>Writes tensors and metadata to a seekable stream, from its current position.</summary>
    /// <exception cref="ArgumentException">As <see cref="Write(string, IEnumerable{KeyValuePair{string, Tensor}}, IReadOnlyDictionary{string, string}?)"/>,
    /// or the stream cannot seek and write.</exception>
    public static void Write(Stream stream, IEnumerable<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanSeek || !stream.CanWrite)
            throw new ArgumentException("SafeTensorsFile.Write: the stream must be writable and seekable (the checksum is written last).", nameof(stream));
        WriteValidated(stream, Validate(tensors, metadata), metadata);
    }

    /// <summary>Opens a file and validates it completely (header, sizes, checksum) before returning a reader.</summary>
    /// <param name="path">The file.</param>
    /// <param name="requireChecksum">True (default) rejects a file without a checksum; false accepts one (e.g.
    /// written by PyTorch) but still verifies a checksum that is present.</param>
    /// <exception cref="InvalidDataException">The file is corrupt, truncated, not safetensors, or fails its
    /// checksum; the message names the file and the problem.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The path is a directory.</exception>
    public static SafeTensorsReader Open(string path, bool requireChecksum = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var stream = OpenRead(path);
        try
        {
            return new SafeTensorsReader(stream, Path.GetFileName(path), requireChecksum, leaveOpen: false);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Opens a file for a sequential read.</summary>
    /// <exception cref="InvalidDataException">The path is a directory (the message says so).</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    internal static FileStream OpenRead(string path)
    {
        if (Directory.Exists(path)) throw new InvalidDataException($"{path}: is a directory, not a file.");
        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 12, FileOptions.SequentialScan);
    }

    /// <summary>Validates safetensors content in a seekable stream (from position 0) and returns a reader.</summary>
    /// <param name="stream">The content; the reader owns it unless <paramref name="leaveOpen"/>.</param>
    /// <param name="sourceName">The name used in messages.</param>
    /// <param name="requireChecksum">See <see cref="Open(string, bool)"/>.</param>
    /// <param name="leaveOpen">Keep the stream open when the reader is disposed.</param>
    /// <exception cref="ArgumentException">The stream cannot read and seek.</exception>
    /// <exception cref="InvalidDataException">As <see cref="Open(string, bool)"/>.</exception>
    public static SafeTensorsReader Open(Stream stream, string sourceName, bool requireChecksum = true, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanSeek || !stream.CanRead)
            throw new ArgumentException("SafeTensorsFile.Open: the stream must be readable and seekable.", nameof(stream));
        try
        {
            return new SafeTensorsReader(stream, sourceName ?? "stream", requireChecksum, leaveOpen);
        }
        catch
        {
            if (!leaveOpen) stream.Dispose();
            throw;
        }
    }

    /// <summary>Reads every tensor of a file (validated as <see cref="Open(string, bool)"/>), in data order.</summary>
    /// <exception cref="InvalidDataException">As <see cref="Open(string, bool)"/>.</exception>
    public static IReadOnlyList<KeyValuePair<string, Tensor>> ReadAll(string path, bool requireChecksum = true)
    {
        using var reader = Open(path, requireChecksum);
        return [.. reader.Entries.Select(e => new KeyValuePair<string, Tensor>(e.Name, reader.ReadTensor(e)))];
    }

    private static List<KeyValuePair<string, Tensor>> Validate(IEnumerable<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("SafeTensorsFile: big-endian hosts are not supported.");
        var list = tensors.ToList();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, tensor) in list)
        {
            if (string.IsNullOrEmpty(name)) throw new ArgumentException("SafeTensorsFile.Write: a tensor has an empty name.", nameof(tensors));
            if (name == MetadataKey) throw new ArgumentException($"SafeTensorsFile.Write: '{MetadataKey}' is reserved and cannot name a tensor.", nameof(tensors));
            if (!seen.Add(name)) throw new ArgumentException($"SafeTensorsFile.Write: the tensor name '{name}' is used twice.", nameof(tensors));
            if (tensor is null) throw new ArgumentException($"SafeTensorsFile.Write: tensor '{name}' is null.", nameof(tensors));
        }
        if (metadata is not null && metadata.ContainsKey(ChecksumKey))
            throw new ArgumentException($"SafeTensorsFile.Write: the metadata key '{ChecksumKey}' is reserved (the writer computes it).", nameof(metadata));
        if (metadata is not null)
            foreach (var (k, v) in metadata)
                if (k is null || v is null) throw new ArgumentException("SafeTensorsFile.Write: metadata keys and values must not be null.", nameof(metadata));
        return list;
    }

    private static void WriteValidated(Stream stream, List<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        long start = stream.Position;
        var (header, checksumAt) = BuildHeader(tensors, metadata);
        Span<byte> prefix = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)header.Length);

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(prefix);
        hash.AppendData(header);
        stream.Write(prefix);
        stream.Write(header);
        foreach (var (_, tensor) in tensors) WriteData(stream, hash, tensor);
        long end = stream.Position;

        var hex = Encoding.ASCII.GetBytes(HexString.Lower(hash.GetHashAndReset()));
        stream.Position = start + 8 + checksumAt;
        stream.Write(hex);
        stream.Position = end;
    }

    /// <summary>The padded header with a zero placeholder checksum, and the offset of its 64 digits in the header.</summary>
    private static (byte[] Header, int ChecksumAt) BuildHeader(List<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        var buffer = new ArrayBufferWriter<byte>();
        int checksumAt;
        using (var w = new Utf8JsonWriter(buffer, JsonOptions))
        {
            w.WriteStartObject();
            w.WriteStartObject(MetadataKey);
            if (metadata is not null)
                foreach (var (k, v) in metadata) w.WriteString(k, v);
            w.WriteString(ChecksumKey, ChecksumPrefix + new string('0', ChecksumHexLength));
            w.Flush();
            // The placeholder digits end just before the closing quote of the value written last.
            checksumAt = buffer.WrittenCount - 1 - ChecksumHexLength;
            w.WriteEndObject();
            long offset = 0;
            foreach (var (name, t) in tensors)
            {
                long bytes = (long)t.ElementCount * t.DType.SizeInBytes();
                w.WriteStartObject(name);
                w.WriteString("dtype", SafeTensorDTypes.Of(t.DType).Code());
                w.WriteStartArray("shape");
                foreach (int d in t.Shape) w.WriteNumberValue(d);
                w.WriteEndArray();
                w.WriteStartArray("data_offsets");
                w.WriteNumberValue(offset);
                w.WriteNumberValue(offset + bytes);
                w.WriteEndArray();
                w.WriteEndObject();
                offset += bytes;
            }
            w.WriteEndObject();
        }
        int length = buffer.WrittenCount;
        int padded = (length + 7) / 8 * 8;
        var header = new byte[padded];
        buffer.WrittenSpan.CopyTo(header);
        header.AsSpan(length).Fill((byte)' ');
        return (header, checksumAt);
    }

    private static void WriteData(Stream stream, IncrementalHash hash, Tensor tensor)
    {
        if (tensor.ElementCount == 0) return;
        using var scope = TensorScope.Begin();
        using var noGrad = Tensor.NoGrad();
        var flat = tensor.Detach().Contiguous().Reshape(-1);
        switch (tensor.DType)
        {
            case DType.Float32: WriteChunks<float>(stream, hash, flat); break;
            case DType.Float64: WriteChunks<double>(stream, hash, flat); break;
            default: WriteChunks<int>(stream, hash, flat); break;
        }
    }

    private static void WriteChunks<T>(Stream stream, IncrementalHash hash, Tensor flat) where T : unmanaged
    {
        int per = ChunkBytes / Marshal.SizeOf<T>();
        var buffer = ArrayPool<T>.Shared.Rent(per);
        try
        {
            int n = flat.ElementCount;
            for (int start = 0; start < n; start += per)
            {
                int count = Math.Min(per, n - start);
                var span = buffer.AsSpan(0, count);
                flat.Narrow(0, start, count).CopyTo<T>(span);
                var bytes = MemoryMarshal.AsBytes(span);
                hash.AppendData(bytes);
                stream.Write(bytes);
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(buffer);
        }
    }
}
