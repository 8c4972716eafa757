using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DeepLearning.Serialization;

namespace DeepLearning.Tests.Serialization;

public class SafeTensorsFormatTests
{
    // Written by safetensors_reference.py (beside this file), which follows the format's specification and
    // orders tensors as safetensors.numpy.save_file does: `/usr/bin/python3 safetensors_reference.py golden FILE`.
    // It has no checksum (a file from another tool).
    private const string GoldenHex =
        "58010000000000007b225f5f6d657461646174615f5f223a7b2270726f6475636572223a227265666572656e63652e7079227d2c2262696173223a7b226474797065223a22463634222c227368617065223a5b325d2c22646174615f6f666673657473223a5b302c31365d7d2c22656d707479223a7b226474797065223a22463332222c227368617065223a5b302c335d2c22646174615f6f666673657473223a5b31362c31365d7d2c22696473223a7b226474797065223a22493332222c227368617065223a5b335d2c22646174615f6f666673657473223a5b31362c32385d7d2c227363616c6172223a7b226474797065223a22463332222c227368617065223a5b5d2c22646174615f6f666673657473223a5b32382c33325d7d2c22776569676874223a7b226474797065223a22463332222c227368617065223a5b322c335d2c22646174615f6f666673657473223a5b33322c35365d7d7d20202020000000000000e03f000000000000e0bf07000000fdffffffffffff7f000028420000c03f000000c00000803e000040406f12833a0000f8c0";

    [Fact]
    public void ReadsAFileWrittenByTheSpecReference()
    {
        using var reader = SafeTensorsFile.Open(new MemoryStream(Convert.FromHexString(GoldenHex)), "golden", requireChecksum: false);
        Assert.False(reader.HasChecksum);
        Assert.Equal("reference.py", reader.Metadata["producer"]);
        Assert.Equal(["bias", "empty", "ids", "scalar", "weight"], reader.Entries.Select(e => e.Name));
        Assert.Equal([0.5, -0.5], reader.ReadTensor("bias").ToArray<double>());
        Assert.Equal(DType.Float64, reader["bias"].DType);
        Assert.Equal(new Shape(0, 3), reader.ReadTensor("empty").Shape);
        Assert.Equal([7, -3, int.MaxValue], reader.ReadTensor("ids").ToArray<int>());
        var scalar = reader.ReadTensor("scalar");
        Assert.Equal(0, scalar.Rank);
        Assert.Equal(42f, scalar.Item<float>());
        var w = reader.ReadTensor("weight");
        Assert.Equal(new Shape(2, 3), w.Shape);
        Assert.Equal([1.5f, -2f, 0.25f, 3f, 1e-3f, -7.75f], w.ToArray<float>());
    }

    [Fact]
    public void AFileWithoutChecksumIsRejectedUnlessAllowed()
    {
        var e = Assert.Throws<InvalidDataException>(() => SafeTensorsFile.Open(new MemoryStream(Convert.FromHexString(GoldenHex)), "golden"));
        Assert.Contains("golden", e.Message);
        Assert.Contains("no 'checksum'", e.Message);
    }

    [Fact]
    public void WritesTheSpecLayoutWithAVerifiableChecksum()
    {
        var stream = new MemoryStream();
        var a = Tensor.FromArray(new float[] { 1, 2, 3, 4, 5, 6 }, [2, 3]);
        var b = Tensor.FromArray(new[] { -1.5, 2.25 });
        var c = Tensor.FromArray(new[] { 5, -6, 7 });
        SafeTensorsFile.Write(stream, [new("a", a.Transpose(0, 1)), new("b", b), new("c", c)], new Dictionary<string, string> { ["k"] = "v" });
        var bytes = stream.ToArray();

        long n = (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0, (8 + n) % 8);
        var headerText = Encoding.UTF8.GetString(bytes, 8, (int)n);
        Assert.StartsWith("{\"__metadata__\":{\"k\":\"v\",\"checksum\":\"sha256:", headerText);
        Assert.EndsWith("}", headerText.TrimEnd(' '));
        using var json = JsonDocument.Parse(headerText);
        var entryA = json.RootElement.GetProperty("a");
        Assert.Equal("F32", entryA.GetProperty("dtype").GetString());
        Assert.Equal([3, 2], entryA.GetProperty("shape").EnumerateArray().Select(x => x.GetInt32()));
        Assert.Equal([0L, 24L], entryA.GetProperty("data_offsets").EnumerateArray().Select(x => x.GetInt64()));
        Assert.Equal([24L, 40L], json.RootElement.GetProperty("b").GetProperty("data_offsets").EnumerateArray().Select(x => x.GetInt64()));
        Assert.Equal([40L, 52L], json.RootElement.GetProperty("c").GetProperty("data_offsets").EnumerateArray().Select(x => x.GetInt64()));
        Assert.Equal(8 + n + 52, bytes.Length);

        // The transposed view is written in row-major order of its shape (3, 2): 1 4 2 5 3 6, little-endian.
        var data = bytes.AsSpan((int)(8 + n));
        float[] expectedA = [1, 4, 2, 5, 3, 6];
        for (int i = 0; i < 6; i++) Assert.Equal(expectedA[i], BinaryPrimitives.ReadSingleLittleEndian(data[(4 * i)..]));
        Assert.Equal(-1.5, BinaryPrimitives.ReadDoubleLittleEndian(data[24..]));
        Assert.Equal(7, BinaryPrimitives.ReadInt32LittleEndian(data[48..]));

        // The checksum is SHA-256 of the whole file with its 64 digits zeroed.
        string checksum = json.RootElement.GetProperty("__metadata__").GetProperty("checksum").GetString()!;
        int at = headerText.IndexOf(checksum, StringComparison.Ordinal) + 8 + "sha256:".Length;
        var zeroed = (byte[])bytes.Clone();
        zeroed.AsSpan(at, 64).Fill((byte)'0');
        Assert.Equal("sha256:" + Convert.ToHexString(SHA256.HashData(zeroed)).ToLowerInvariant(), checksum);

        stream.Position = 0;
        using var reader = SafeTensorsFile.Open(stream, "written");
        Assert.True(reader.HasChecksum);
        Assert.Equal(expectedA, reader.ReadTensor("a").ToArray<float>());
        Assert.Equal([-1.5, 2.25], reader.ReadTensor("b").ToArray<double>());
        Assert.Equal([5, -6, 7], reader.ReadTensor("c").ToArray<int>());
    }

    [Fact]
    public void LargeTensorsRoundTripAcrossChunks()
    {
        var big = Tensor.RandomNormal([300, 129], generator: new Generator(3));
        var stream = new MemoryStream();
        SafeTensorsFile.Write(stream, [new("big", big)]);
        stream.Position = 0;
        using var reader = SafeTensorsFile.Open(stream, "big");
        Assert.Equal(big.ToArray<float>(), reader.ReadTensor("big").ToArray<float>());
    }

    [Fact]
    public void WriteRejectsBadNames()
    {
        var t = Tensor.Zeros([2]);
        Assert.Throws<ArgumentException>(() => SafeTensorsFile.Write(new MemoryStream(), [new("x", t), new("x", t)]));
        Assert.Throws<ArgumentException>(() => SafeTensorsFile.Write(new MemoryStream(), [new("__metadata__", t)]));
        Assert.Throws<ArgumentException>(() => SafeTensorsFile.Write(new MemoryStream(), [new("", t)]));
        Assert.Throws<ArgumentException>(() => SafeTensorsFile.Write(new MemoryStream(), [new("x", t)], new Dictionary<string, string> { ["checksum"] = "x" }));
    }

    public static TheoryData<string, string, string> BadHeaders => new()
    {
        { "{\"t\":{\"dtype\":\"F8_E4M3\",\"shape\":[2],\"data_offsets\":[0,4]}}", "0000", "dtype 'F8_E4M3' is not supported" },
        { "{\"t\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", "00000000", "is not a non-negative integer" },
        { "{\"t\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", "0000000000000000", "needs 12 bytes" },
        { "{\"t\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", "0000000000000000", "leaving a gap" },
        { "{\"t\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"u\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", "0000000000000000", "overlapping" },
        { "{\"t\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"t\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", "0000000000000000", "names 't' twice" },
        { "{\"t\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", "0000000000000000", "data section has 8 bytes" },
        { "{\"t\":{\"dtype\":\"F32\",\"shape\":[1,1,1,1,1,1,1,1,1],\"data_offsets\":[0,4]}}", "00000000", "rank 9" },
        { "{\"__metadata__\":{\"a\":1}}", "", "is not a string" },
        { "[1,2]", "", "not start with '{'" },
        { "{\"t\":", "", "not valid JSON" },
        { "{\"t\":{\"dtype\":\"F32\",\"shape\":[1]}}", "00000000", "missing 'data_offsets'" },
        { "{\"t\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,1e3]}}", "00000000", "are not integers" },
    };

    [Theory]
    [MemberData(nameof(BadHeaders))]
    public void MalformedHeadersRaiseInvalidDataWithAClearMessage(string header, string dataHex, string expected)
    {
        var bytes = Build(header, Convert.FromHexString(dataHex));
        var e = Assert.Throws<InvalidDataException>(() => SafeTensorsFile.Open(new MemoryStream(bytes), "bad.safetensors", requireChecksum: false));
        Assert.Contains("bad.safetensors", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void HugeClaimsAreRejectedWithoutAllocating()
    {
        // A header length of 2^60, one just over the limit, and shapes of 2^40 and 2^93 elements.
        var hugeLength = new byte[64];
        BinaryPrimitives.WriteUInt64LittleEndian(hugeLength, 1UL << 60);
        var overLimit = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(overLimit, (ulong)SafeTensorsFile.MaxHeaderBytes + 1);
        var overLimitInBigFile = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(overLimitInBigFile, (ulong)SafeTensorsFile.MaxHeaderBytes + 1);
        var bigShape = Build("{\"t\":{\"dtype\":\"F32\",\"shape\":[1048576,1048576],\"data_offsets\":[0,4398046511104]}}", new byte[8]);
        var overflow = Build("{\"t\":{\"dtype\":\"F64\",\"shape\":[2147483647,2147483647,2147483647,2147483647],\"data_offsets\":[0,8]}}", new byte[8]);
        foreach (var (bytes, expected) in new[] { (hugeLength, "only 56 bytes follow"), (overLimit, "only 8 bytes follow"), (overLimitInBigFile, "exceeds the limit"),
                     (bigShape, "run past the data section"), (overflow, "too many elements") })
        {
            // The 100 MB limit needs a file longer than that: a stream that claims 1 GiB and reads zeros past its prefix.
            Stream stream = ReferenceEquals(bytes, overLimitInBigFile) ? new SparseStream(bytes, 1L << 30) : new MemoryStream(bytes);
            // Warm up the exception path once, then measure.
            Assert.Throws<InvalidDataException>(() => SafeTensorsFile.Open(stream, "huge", requireChecksum: false, leaveOpen: true));
            long before = GC.GetAllocatedBytesForCurrentThread();
            var e = Assert.Throws<InvalidDataException>(() => SafeTensorsFile.Open(stream, "huge", requireChecksum: false, leaveOpen: true));
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Contains(expected, e.Message);
            Assert.True(allocated < 64 * 1024, $"{expected}: allocated {allocated} bytes");
        }
    }

    [Fact]
    public void ReadAllReadsAFileWrittenAtomically()
    {
        string dir = Path.Combine(Path.GetTempPath(), "dl-st-" + Guid.NewGuid().ToString("N"));
        try
        {
            string path = Path.Combine(dir, "t.safetensors");
            SafeTensorsFile.Write(path, [new("x", Tensor.FromArray(new float[] { 1, 2 }))]);
            SafeTensorsFile.Write(path, [new("y", Tensor.FromArray(new float[] { 3 }))]);
            var all = SafeTensorsFile.ReadAll(path);
            Assert.Equal("y", Assert.Single(all).Key);
            Assert.Equal([3f], all[0].Value.ToArray<float>());
            Assert.Single(Directory.GetFiles(dir));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>A read-only stream of <paramref name="length"/> bytes: the prefix, then zeros (nothing allocated).</summary>
    private sealed class SparseStream(byte[] prefix, long length) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get; set; }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));
        public override int Read(Span<byte> buffer)
        {
            int n = (int)Math.Min(buffer.Length, Length - Position);
            for (int i = 0; i < n; i++) buffer[i] = Position + i < prefix.Length ? prefix[Position + i] : (byte)0;
            Position += n;
            return n;
        }
        public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => Position + offset,
            _ => Length + offset,
        };
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    internal static byte[] Build(string header, byte[] data)
    {
        var h = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + h.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)h.Length);
        h.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + h.Length);
        return bytes;
    }
}
