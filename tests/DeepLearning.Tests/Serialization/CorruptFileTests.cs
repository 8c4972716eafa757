using DeepLearning.Layers;
using DeepLearning.Losses;
using DeepLearning.Models;
using DeepLearning.Optimizers;
using DeepLearning.Serialization;

namespace DeepLearning.Tests.Serialization;

/// <summary>Fuzzing of a saved model file: every single-byte change, multi-byte corruption or truncation must raise
/// <see cref="InvalidDataException"/> (no other exception type), with bounded allocation.</summary>
public class CorruptFileTests
{
    private static readonly Lazy<byte[]> SavedModel = new(() =>
    {
        var a = new Input([3], name: "a");
        var b = new Input([2], name: "b");
        var shared = new Dense(4, Activation.Tanh, name: "shared");
        var h = new Dense(4, name: "h").Call(shared.Call(a));
        var out1 = new Dense(2, name: "out1").Call(h);
        var out2 = new Dense(1, name: "out2").Call(new Dense(3, name: "hb").Call(b));
        var model = new Model([a, b], [out1, out2], "fuzzed");
        model.Compile(new Adam(0.01), [new MeanSquaredError(), new MeanAbsoluteError()]);
        var g = new Generator(1);
        model.Fit([Tensor.RandomNormal([8, 3], generator: g), Tensor.RandomNormal([8, 2], generator: g)],
            [Tensor.RandomNormal([8, 2], generator: g), Tensor.RandomNormal([8, 1], generator: g)], epochs: 1, batchSize: 4, verbose: 0);
        var stream = new MemoryStream();
        model.Save(stream);
        return stream.ToArray();
    });

    private static void AssertRejected(byte[] bytes, string what)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            Model.Load(new MemoryStream(bytes), sourceName: "fuzz.dlmodel");
            Assert.Fail($"{what}: the corrupt file loaded");
        }
        catch (InvalidDataException e)
        {
            Assert.StartsWith("fuzz.dlmodel: ", e.Message);
        }
        catch (Exception e)
        {
            Assert.Fail($"{what}: {e.GetType().Name} instead of InvalidDataException: {e.Message}");
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        // Parsing the header and hashing: a small multiple of the file, never what a corrupt length claims.
        Assert.True(allocated < 8L * bytes.Length + (1 << 20), $"{what}: allocated {allocated} bytes for a {bytes.Length}-byte file");
    }

    [Fact]
    public void TheIntactFileLoads()
    {
        var model = Model.Load(new MemoryStream(SavedModel.Value));
        Assert.Equal("fuzzed", model.Name);
        Assert.True(model.IsCompiled);
    }

    [Fact]
    public void EverySingleByteChangeIsDetected()
    {
        var original = SavedModel.Value;
        int n = original.Length;
        int headerLength = (int)BitConverter.ToUInt64(original, 0);
        int checksumAt = System.Text.Encoding.ASCII.GetString(original, 8, headerLength).IndexOf("sha256:", StringComparison.Ordinal) + 8 + 7;
        var positions = new SortedSet<int>();
        for (int i = 0; i < 16; i++) positions.Add(i);                                  // length prefix and the start of the header
        for (int i = 0; i < 64; i += 3) positions.Add(checksumAt + i);                  // the checksum digits
        for (int i = 0; i < 8; i++) positions.Add(8 + headerLength - 1 - i);            // the padding and the end of the header
        for (int i = 0; i < 200; i++) positions.Add((int)((long)i * (n - 1) / 199));     // spread over the whole file
        var random = new Random(7);
        while (positions.Count < 300) positions.Add(random.Next(n));
        byte[] masks = [0x01, 0x20, 0x80, 0xFF, 0x10, 0x04];
        int k = 0;
        foreach (int p in positions)
        {
            var bytes = (byte[])original.Clone();
            byte mask = masks[k++ % masks.Length];
            bytes[p] ^= mask;
            AssertRejected(bytes, $"byte {p} of {n} xor 0x{mask:X2}");
        }
        Assert.True(positions.Count >= 300);
    }

    [Fact]
    public void MultiByteCorruptionsAreDetected()
    {
        var original = SavedModel.Value;
        int n = original.Length;
        var random = new Random(11);
        for (int trial = 0; trial < 40; trial++)
        {
            var bytes = (byte[])original.Clone();
            int start = random.Next(n);
            int length = Math.Min(1 + random.Next(32), n - start);
            switch (trial % 4)
            {
                case 0: random.NextBytes(bytes.AsSpan(start, length)); break;
                case 1: bytes.AsSpan(start, length).Clear(); break;
                case 2: bytes.AsSpan(start, length).Fill((byte)' '); break;
                default:
                    int other = random.Next(n - length);
                    original.AsSpan(other, length).CopyTo(bytes.AsSpan(start, length));
                    break;
            }
            if (bytes.AsSpan().SequenceEqual(original)) continue;
            AssertRejected(bytes, $"trial {trial}: {length} bytes at {start}");
        }
        // A huge header length in an otherwise intact file.
        var huge = (byte[])original.Clone();
        BitConverter.TryWriteBytes(huge.AsSpan(0, 8), ulong.MaxValue);
        AssertRejected(huge, "header length 2^64 − 1");
        // Extra bytes after the data.
        AssertRejected([.. original, 0, 0, 0, 0], "4 trailing bytes");
    }

    [Fact]
    public void EveryTruncationIsDetected()
    {
        var original = SavedModel.Value;
        int n = original.Length;
        var cuts = new SortedSet<int>();
        for (int i = 0; i < 20; i++) cuts.Add(i);
        for (int i = 0; i < 180; i++) cuts.Add((int)((long)i * (n - 1) / 179));
        cuts.Add(n - 1);
        foreach (int cut in cuts) AssertRejected(original[..cut], $"cut at {cut} of {n}");
        Assert.True(cuts.Count >= 195);
    }

    [Fact]
    public void ACorruptFileOnDiskNamesTheFile()
    {
        using var dir = new TempDirectory();
        string path = dir.File("broken.dlmodel");
        var bytes = (byte[])SavedModel.Value.Clone();
        bytes[^1] ^= 0x01;
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<InvalidDataException>(() => Model.Load(path));
        Assert.Contains("broken.dlmodel: checksum mismatch", e.Message);
        var w = Assert.Throws<InvalidDataException>(() => new Sequential(new Input(3), new Dense(4)).LoadWeights(path));
        Assert.Contains("checksum mismatch", w.Message);
    }
}
