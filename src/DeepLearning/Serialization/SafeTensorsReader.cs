using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace DeepLearning.Serialization;

/// <summary>
/// A validated safetensors file, open for reading tensors (from <see cref="SafeTensorsFile.Open(string, bool)"/>).
/// By the time a reader exists, the header, every entry and the checksum have been checked; reading a tensor
/// allocates exactly its size.
/// </summary>
public sealed class SafeTensorsReader : IDisposable
{
    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdef");

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly long _dataStart;
    private readonly Dictionary<string, SafeTensorEntry> _byName;

    internal SafeTensorsReader(Stream stream, string source, bool requireChecksum, bool leaveOpen)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("SafeTensorsReader: big-endian hosts are not supported.");
        _stream = stream;
        _leaveOpen = leaveOpen;
        Source = source;

        long fileLength = stream.Length;
        if (fileLength < 8) throw Bad($"the file has {fileLength} bytes; a safetensors file starts with an 8-byte header length.");
        stream.Position = 0;
        Span<byte> prefix = stackalloc byte[8];
        ReadExactly(prefix, "the header length");
        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (n > (ulong)(fileLength - 8))
            throw Bad($"the header length is {n} bytes but only {fileLength - 8} bytes follow it (truncated or corrupt).");
        if (n > SafeTensorsFile.MaxHeaderBytes)
            throw Bad($"the header length {n} exceeds the limit of {SafeTensorsFile.MaxHeaderBytes} bytes.");
        if (n < 2) throw Bad($"the header length is {n}; the header must be a JSON object.");
        LoadBudget.Check("reading its header", upcoming: (long)n * LoadBudget.HeaderCostPerByte);
        var header = new byte[(int)n];
        ReadExactly(header, "the header");
        if (header[0] != (byte)'{') throw Bad("the header does not start with '{'.");
        if (!System.Text.Unicode.Utf8.IsValid(header)) throw Bad("the header is not valid UTF-8.");
        _dataStart = 8 + (long)n;
        long dataLength = fileLength - _dataStart;

        var (entries, metadata) = ParseHeader(header, dataLength);
        Metadata = metadata;
        Entries = entries;
        _byName = entries.ToDictionary(e => e.Name, StringComparer.Ordinal);

        if (metadata.TryGetValue(SafeTensorsFile.ChecksumKey, out var checksum)) VerifyChecksum(prefix, header, checksum);
        else if (requireChecksum)
            throw Bad($"the metadata has no '{SafeTensorsFile.ChecksumKey}' entry, so its integrity cannot be verified (a file written by another tool can be read with requireChecksum: false).");
        HasChecksum = checksum is not null;
    }

    /// <summary>The name used in messages (the file name).</summary>
    public string Source { get; }

    /// <summary>The tensors, in the order of their data in the file.</summary>
    public IReadOnlyList<SafeTensorEntry> Entries { get; }

    /// <summary>The <c>__metadata__</c> entries (including the checksum).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>True when the file carried a checksum (it was verified).</summary>
    public bool HasChecksum { get; }

    /// <summary>True when a tensor has this name.</summary>
    public bool Contains(string name) => _byName.ContainsKey(name);

    /// <summary>The entry of a tensor.</summary>
    /// <exception cref="InvalidDataException">No tensor has this name.</exception>
    public SafeTensorEntry this[string name] => _byName.TryGetValue(name, out var e) ? e
        : throw Bad($"no tensor is named '{name}'.");

    /// <summary>Reads a tensor by name into its default dtype (<see cref="SafeTensorEntry.DType"/>: F16, BF16 and F32
    /// into float32, F64 into float64, I32 and I64 into int32), as a new tensor on <see cref="Devices.Device.Default"/>
    /// created in the current <see cref="TensorScope"/>.</summary>
    /// <exception cref="InvalidDataException">No tensor has this name, an I64 value lies outside the int32 range, or
    /// the file was truncated since it was opened.</exception>
    public Tensor ReadTensor(string name) => ReadTensor(this[name]);

    /// <summary>Reads a tensor by name, converted to <paramref name="dtype"/> (see
    /// <see cref="ReadTensor(SafeTensorEntry, DType)"/>).</summary>
    /// <exception cref="InvalidDataException">No tensor has this name, a value cannot be represented exactly, or the
    /// file was truncated since it was opened.</exception>
    /// <exception cref="ArgumentException">Floating-point data was asked for as int32.</exception>
    public Tensor ReadTensor(string name, DType dtype) => ReadTensor(this[name], dtype);

    /// <summary>Reads the tensor of an entry of <see cref="Entries"/> into its default dtype
    /// (<see cref="SafeTensorEntry.DType"/>).</summary>
    /// <exception cref="ArgumentException">The entry is not one of this file's.</exception>
    /// <exception cref="InvalidDataException">An I64 value lies outside the int32 range, or the file was truncated
    /// since it was opened.</exception>
    public Tensor ReadTensor(SafeTensorEntry entry) => ReadTensor(entry, entry?.DType ?? DType.Float32);

    /// <summary>
    /// Reads the tensor of an entry of <see cref="Entries"/>, converted to <paramref name="dtype"/>:
    /// <list type="bullet">
    /// <item>F16 (IEEE binary16) and BF16 (bfloat16, the upper 16 bits of a binary32) widen exactly to float32 or
    /// float64, subnormals, ±∞ and NaN included: the file already holds the rounded (round-to-nearest-even) values,
    /// so no second rounding happens. F32 is exact in both; F64 is exact in float64 and rounds to nearest, ties to
    /// even, in float32.</item>
    /// <item>I32 and I64 read into int32 when every value lies in [−2³¹ + 1, 2³¹ − 1], into float32 when in [−2²⁴, 2²⁴],
    /// into float64 when in [−2⁵³, 2⁵³] (where each is exact); otherwise an <see cref="InvalidDataException"/> names the tensor, the element and its value.</item>
    /// </list>
    /// </summary>
    /// <param name="entry">An entry of this file.</param>
    /// <param name="dtype">The dtype of the new tensor.</param>
    /// <exception cref="ArgumentException">The entry is not one of this file's, or floating-point data was asked for as
    /// int32.</exception>
    /// <exception cref="InvalidDataException">A value cannot be represented exactly, or the file was truncated since it
    /// was opened.</exception>
    public Tensor ReadTensor(SafeTensorEntry entry, DType dtype)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (!_byName.TryGetValue(entry.Name, out var own) || own != entry)
            throw new ArgumentException($"{Source}: the entry '{entry.Name}' does not belong to this file.", nameof(entry));
        if (entry.StoredDType.IsFloating() && !dtype.IsFloating())
            throw new ArgumentException($"{Source}: tensor '{entry.Name}' holds {entry.DTypeCode} floating-point data and cannot be read as {dtype}.", nameof(dtype));
        var t = Tensor.Empty(entry.Shape, dtype, Devices.Device.Default);
        // The shape-only device of Model.Load's validation holds no values: nothing to read.
        if (entry.ByteLength == 0 || t.Device is Devices.MetaDevice) return t;
        _stream.Position = _dataStart + entry.Begin;
        var flat = t.Reshape(-1);
        if (SafeTensorDTypes.Of(dtype) == entry.StoredDType)
        {
            switch (dtype)
            {
                case DType.Float32: ReadChunks<float>(flat, entry.Name); break;
                case DType.Float64: ReadChunks<double>(flat, entry.Name); break;
                default: ReadChunks<int>(flat, entry.Name); break;
            }
        }
        else
        {
            switch (dtype)
            {
                case DType.Float32: ReadConverted<float>(flat, entry); break;
                case DType.Float64: ReadConverted<double>(flat, entry); break;
                default: ReadConverted<int>(flat, entry); break;
            }
        }
        return t;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_leaveOpen) _stream.Dispose();
    }

    private void ReadChunks<T>(Tensor flat, string name) where T : unmanaged
    {
        int per = SafeTensorsFile.ChunkBytes / Marshal.SizeOf<T>();
        var buffer = ArrayPool<T>.Shared.Rent(per);
        try
        {
            using var noGrad = Tensor.NoGrad();
            int n = flat.ElementCount;
            for (int start = 0; start < n; start += per)
            {
                int count = Math.Min(per, n - start);
                var span = buffer.AsSpan(0, count);
                ReadExactly(MemoryMarshal.AsBytes(span), $"the data of tensor '{name}'");
                flat.Narrow(0, start, count).CopyFrom<T>(span);
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(buffer);
        }
    }

    /// <summary>Reads stored elements of another type chunk by chunk and converts them to <typeparamref name="T"/>
    /// (float, double or int) as <see cref="ReadTensor(SafeTensorEntry, DType)"/> describes.</summary>
    private void ReadConverted<T>(Tensor flat, SafeTensorEntry entry) where T : unmanaged, System.Numerics.INumber<T>
    {
        var stored = entry.StoredDType;
        int size = stored.SizeInBytes();
        int per = SafeTensorsFile.ChunkBytes / size;
        // The integers T represents exactly: the int32 range, or those whose magnitude fits the float's significand.
        long limit = typeof(T) == typeof(int) ? int.MaxValue : typeof(T) == typeof(float) ? 1L << 24 : 1L << 53;
        var bytes = ArrayPool<byte>.Shared.Rent(per * size);
        var values = ArrayPool<T>.Shared.Rent(per);
        try
        {
            using var noGrad = Tensor.NoGrad();
            int n = flat.ElementCount;
            for (int start = 0; start < n; start += per)
            {
                int count = Math.Min(per, n - start);
                var raw = bytes.AsSpan(0, count * size);
                ReadExactly(raw, $"the data of tensor '{entry.Name}'");
                var span = values.AsSpan(0, count);
                if (stored.IsFloating())
                {
                    if (typeof(T) == typeof(float)) SafeTensorDTypes.DecodeFloats(stored, raw, MemoryMarshal.Cast<T, float>(span));
                    else SafeTensorDTypes.DecodeFloats(stored, raw, MemoryMarshal.Cast<T, double>(span));
                }
                else
                {
                    for (int i = 0; i < count; i++)
                    {
                        long v = SafeTensorDTypes.ReadInteger(stored, raw, i);
                        if (v < -limit || v > limit)
                            throw Bad($"tensor '{entry.Name}': element {start + i} is {v}, outside the range [{-limit}, {limit}] that {typeof(T).Name} holds exactly.");
                        span[i] = T.CreateTruncating(v);
                    }
                }
                flat.Narrow(0, start, count).CopyFrom<T>(span);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
            ArrayPool<T>.Shared.Return(values);
        }
    }

    private (List<SafeTensorEntry> Entries, Dictionary<string, string> Metadata) ParseHeader(byte[] header, long dataLength)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(header, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            throw Bad($"the header is not valid JSON ({e.Message})");
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw Bad("the header is not a JSON object.");
            var names = new HashSet<string>(StringComparer.Ordinal);
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var entries = new List<SafeTensorEntry>();
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                string name = property.Name;
                if (!names.Add(name)) throw Bad($"the header names '{name}' twice.");
                if (name == SafeTensorsFile.MetadataKey)
                {
                    if (property.Value.ValueKind != JsonValueKind.Object) throw Bad("'__metadata__' is not an object.");
                    foreach (var m in property.Value.EnumerateObject())
                    {
                        if (m.Value.ValueKind != JsonValueKind.String) throw Bad($"the metadata entry '{m.Name}' is not a string.");
                        if (!metadata.TryAdd(m.Name, m.Value.GetString()!)) throw Bad($"the metadata names '{m.Name}' twice.");
                    }
                    continue;
                }
                entries.Add(ParseEntry(name, property.Value, dataLength));
            }
            entries.Sort((a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
            long expected = 0;
            foreach (var e in entries)
            {
                if (e.Begin != expected)
                    throw Bad(e.Begin > expected
                        ? $"tensor '{e.Name}' starts at byte {e.Begin} of the data, leaving a gap after byte {expected}."
                        : $"tensor '{e.Name}' starts at byte {e.Begin} of the data, overlapping the previous tensor (which ends at {expected}).");
                expected = e.End;
            }
            if (expected != dataLength)
                throw Bad($"the tensors cover {expected} bytes of data but the data section has {dataLength} bytes (truncated, or trailing bytes).");
            return (entries, metadata);
        }
    }

    private SafeTensorEntry ParseEntry(string name, JsonElement value, long dataLength)
    {
        if (value.ValueKind != JsonValueKind.Object) throw Bad($"tensor '{name}': the entry is not an object.");
        if (!value.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String)
            throw Bad($"tensor '{name}': missing or non-string 'dtype'.");
        string code = dtypeElement.GetString()!;
        if (!SafeTensorDTypes.TryParse(code, out var stored))
            throw Bad($"tensor '{name}': dtype '{code}' is not supported ({SafeTensorDTypes.Supported} are).");
        if (!value.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array)
            throw Bad($"tensor '{name}': missing or non-array 'shape'.");
        int rank = shapeElement.GetArrayLength();
        if (rank > Shape.MaxRank) throw Bad($"tensor '{name}': rank {rank} exceeds the maximum rank {Shape.MaxRank}.");
        Span<int> dims = stackalloc int[rank];
        long elements = 1;
        int i = 0;
        foreach (var d in shapeElement.EnumerateArray())
        {
            if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt64(out long dim) || dim < 0)
                throw Bad($"tensor '{name}': shape entry {i} ({d.GetRawText()}) is not a non-negative integer.");
            if (dim > int.MaxValue) throw Bad($"tensor '{name}': dimension {i} is {dim}, larger than {int.MaxValue}.");
            dims[i++] = (int)dim;
            // Bounded by the data section before it can overflow: elements ≤ dataLength at every step unless a 0 follows.
            elements = elements > 0 && dim > long.MaxValue / elements ? long.MaxValue : elements * dim;
        }
        if (!value.TryGetProperty("data_offsets", out var offsets) || offsets.ValueKind != JsonValueKind.Array || offsets.GetArrayLength() != 2)
            throw Bad($"tensor '{name}': missing 'data_offsets' [begin, end].");
        var b = offsets[0];
        var e = offsets[1];
        if (b.ValueKind != JsonValueKind.Number || e.ValueKind != JsonValueKind.Number || !b.TryGetInt64(out long begin) || !e.TryGetInt64(out long end) || begin < 0 || end < begin)
            throw Bad($"tensor '{name}': data_offsets [{b.GetRawText()}, {e.GetRawText()}] are not integers with 0 ≤ begin ≤ end.");
        if (end > dataLength)
            throw Bad($"tensor '{name}': data_offsets [{begin}, {end}] run past the data section of {dataLength} bytes (truncated or corrupt).");
        string shapeText = "[" + string.Join(", ", dims.ToArray()) + "]";
        int size = stored.SizeInBytes();
        if (elements == long.MaxValue || elements > int.MaxValue)
            throw Bad($"tensor '{name}': shape {shapeText} has too many elements.");
        if (elements * size != end - begin)
            throw Bad($"tensor '{name}': shape {shapeText} of {code} needs {elements * size} bytes but data_offsets [{begin}, {end}] hold {end - begin}.");
        return new SafeTensorEntry(name, stored.LibraryDType(), new Shape(dims), begin, end) { StoredDType = stored };
    }

    private void VerifyChecksum(ReadOnlySpan<byte> prefix, byte[] header, string checksum)
    {
        if (!checksum.StartsWith(SafeTensorsFile.ChecksumPrefix, StringComparison.Ordinal)
            || checksum.Length != SafeTensorsFile.ChecksumPrefix.Length + SafeTensorsFile.ChecksumHexLength
            || checksum.AsSpan(SafeTensorsFile.ChecksumPrefix.Length).ContainsAnyExcept(HexDigits))
            throw Bad($"the checksum '{checksum}' is not 'sha256:' followed by 64 lower-case hex digits.");
        // The digits as they appear in the header, with their quotes: exactly one occurrence is accepted.
        var needle = Encoding.ASCII.GetBytes("\"" + checksum + "\"");
        int at = header.AsSpan().IndexOf(needle);
        if (at < 0 || header.AsSpan(at + 1).IndexOf(needle) >= 0)
            throw Bad("the checksum does not appear exactly once, verbatim, in the header.");
        int digits = at + 1 + SafeTensorsFile.ChecksumPrefix.Length;

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(prefix);
        hash.AppendData(header, 0, digits);
        Span<byte> zeros = stackalloc byte[SafeTensorsFile.ChecksumHexLength];
        zeros.Fill((byte)'0');
        hash.AppendData(zeros);
        hash.AppendData(header, digits + SafeTensorsFile.ChecksumHexLength, header.Length - digits - SafeTensorsFile.ChecksumHexLength);
        var buffer = ArrayPool<byte>.Shared.Rent(SafeTensorsFile.ChunkBytes);
        try
        {
            _stream.Position = _dataStart;
            long remaining = _stream.Length - _dataStart;
            while (remaining > 0)
            {
                int count = (int)Math.Min(buffer.Length, remaining);
                ReadExactly(buffer.AsSpan(0, count), "the data");
                hash.AppendData(buffer, 0, count);
                remaining -= count;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        string actual = SafeTensorsFile.ChecksumPrefix + HexString.Lower(hash.GetHashAndReset());
        if (!string.Equals(actual, checksum, StringComparison.Ordinal))
            throw Bad($"checksum mismatch: the metadata says {checksum} but the content hashes to {actual}; the file is corrupt.");
    }

    private void ReadExactly(Span<byte> destination, string what)
    {
        try
        {
            _stream.ReadExactly(destination);
        }
        catch (EndOfStreamException)
        {
            throw Bad($"the file ends inside {what} (truncated).");
        }
    }

    private InvalidDataException Bad(string problem) => new($"{Source}: {problem}");
}
