using System.Buffers.Binary;
using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using DeepLearning.Data;
using DeepLearning.Layers;
using DeepLearning.Losses;
using DeepLearning.Metrics;
using DeepLearning.Models;
using DeepLearning.Optimizers;
using DeepLearning.Serialization;
using DeepLearning.Tests.Data;
using DeepLearning.Tests.Serialization;

namespace DeepLearning.Tests.Fuzz;

/// <summary>
/// A deterministic fuzz corpus for every reader of untrusted bytes: model files, safetensors weights, IDX, npm
/// tarballs, PNG/PNM images and CSV. Each reader gets a valid seed file and its mutations — truncation at every
/// offset (sampled for large seeds), single-bit flips, random bytes, huge 32- and 64-bit length fields, duplicated and
/// deleted chunks, and format-aware cases (model headers edited with a recomputed checksum, NaN/Inf payloads, deep
/// JSON nesting, gzip'd tar entries rewritten before compression). Every case must either load or end in the reader's
/// documented exception, within 1 s and 64 MB allocated. The corpus has ≥ 5,000 cases; set DL_FUZZ_SCALE=N to run N
/// times as many random mutations (docs/reliability.md).
/// </summary>
public sealed class ReaderFuzzTests : IDisposable
{
    private const long MaxBytes = 64L << 20;
    private static readonly TimeSpan MaxTime = TimeSpan.FromSeconds(1);
    private static readonly int Scale = int.TryParse(Environment.GetEnvironmentVariable("DL_FUZZ_SCALE"), out int s) && s > 0 ? s : 1;

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>Runs every mutation of <paramref name="seed"/> through <paramref name="read"/>; returns the number of cases.</summary>
    private static int Fuzz(string reader, byte[] seed, Action<byte[]> read, ulong rngSeed, int randomCases, params Type[] documented)
    {
        read(seed); // the seed itself is valid
        int cases = 0;
        foreach (var (what, bytes) in Mutations(seed, new Random((int)rngSeed), randomCases * Scale))
        {
            cases++;
            AssertBounded($"{reader}, {what}", () => read(bytes), documented);
        }
        return cases;
    }

    private static IEnumerable<(string, byte[])> Mutations(byte[] seed, Random random, int randomCases)
    {
        int n = seed.Length;
        // Truncation at every offset up to 512 and at 256 more spread over the rest.
        var offsets = new SortedSet<int>(Enumerable.Range(0, Math.Min(n, 512)));
        for (int i = 0; i < 256 && n > 512; i++) offsets.Add(512 + (int)((long)i * (n - 513) / 255));
        foreach (int o in offsets) yield return ($"truncated at {o}", seed[..o]);
        for (int i = 0; i < randomCases; i++)
        {
            var bytes = (byte[])seed.Clone();
            int kind = random.Next(6);
            int at = random.Next(n);
            switch (kind)
            {
                case 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    yield return ($"bit flip at {at}", bytes);
                    break;
                case 1:
                    for (int k = 0; k < 8; k++) bytes[random.Next(n)] = (byte)random.Next(256);
                    yield return ($"8 random bytes (case {i})", bytes);
                    break;
                case 2:
                    if (at + 4 <= n)
                    {
                        uint huge = random.Next(2) == 0 ? 0x7FFFFFFFu : 0xFFFFFFF0u;
                        if (random.Next(2) == 0) BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(at), huge);
                        else BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at), huge);
                    }
                    yield return ($"huge 32-bit value at {at}", bytes);
                    break;
                case 3:
                    if (at + 8 <= n) BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(at), random.Next(2) == 0 ? long.MaxValue : 1UL << 40);
                    yield return ($"huge 64-bit value at {at}", bytes);
                    break;
                case 4:
                    {
                        int length = Math.Min(random.Next(1, 64), n - at);
                        yield return ($"{length} bytes duplicated at {at}", [.. seed[..(at + length)], .. seed[at..]]);
                        break;
                    }
                default:
                    {
                        int length = Math.Min(random.Next(1, 64), n - at);
                        yield return ($"{length} bytes deleted at {at}", [.. seed[..at], .. seed[(at + length)..]]);
                        break;
                    }
            }
        }
    }

    private static readonly Lazy<byte[]> ModelSeed = new(() =>
    {
        var a = new Input([3], name: "a");
        var h = new Dense(4, Activation.Tanh, name: "h").Call(a);
        var y = new Dense(2, name: "y").Call(new Dropout(0.2, name: "drop").Call(h));
        var model = new Model(a, y, "fuzzed");
        model.Compile(new Adam(0.01), new MeanSquaredError(), [Metric.Accuracy]);
        var g = new Generator(1);
        model.Fit(Tensor.RandomNormal([8, 3], generator: g), Tensor.RandomNormal([8, 2], generator: g), epochs: 1, batchSize: 4, verbose: 0);
        var stream = new MemoryStream();
        model.Save(stream);
        return stream.ToArray();
    });

    private static void LoadModel(byte[] bytes) => Model.Load(new MemoryStream(bytes), sourceName: "fuzz.dlmodel");

    [Fact]
    public void ModelFiles()
    {
        int cases = Fuzz("model file", ModelSeed.Value, LoadModel, 1, 1500, typeof(InvalidDataException));

        // Structure-aware cases: the architecture and metadata edited with a valid checksum, so they reach the builder.
        var random = new Random(2);
        string architecture;
        using (var reader = SafeTensorsFile.Open(new MemoryStream(ModelSeed.Value), "seed")) architecture = reader.Metadata["architecture"];
        string[] numbers = ["0", "-1", "1073741824", "2147483647", "99999999999", "1e308", "0.5", "null", "\"x\"", "[]", "{}", "true"];
        var edited = new List<byte[]>();
        for (int i = 0; i < 300 * Scale; i++)
        {
            // Replace one JSON number, string or key of the architecture with a hostile value.
            var text = new StringBuilder(architecture);
            int at = random.Next(text.Length);
            int end = at;
            while (end < text.Length && text[end] is not (',' or '}' or ']' or ':')) end++;
            text.Remove(at, end - at).Insert(at, numbers[random.Next(numbers.Length)]);
            edited.Add(CraftedFileTests.WithMetadata(ModelSeed.Value, m => m["architecture"] = text.ToString()));
        }
        edited.Add(CraftedFileTests.WithMetadata(ModelSeed.Value, m => m["architecture"] = new string('[', 100_000) + new string(']', 100_000)));
        edited.Add(CraftedFileTests.WithMetadata(ModelSeed.Value, m => m["compile"] = new string('[', 100_000)));
        edited.Add(CraftedFileTests.WithMetadata(ModelSeed.Value, m => m["optimizer_state"] = "{\"class_name\":\"Adam\",\"iterations\":-5,\"scalars\":{}}"));
        edited.Add(CraftedFileTests.WithMetadata(ModelSeed.Value, m => m.Remove("architecture")));
        foreach (var bytes in edited)
        {
            cases++;
            AssertBounded("model file (edited architecture)", () => LoadModel(bytes), typeof(InvalidDataException));
        }
        Assert.True(cases >= 2000, $"{cases} cases");
    }

    /// <summary>Runs one case: it must succeed or throw one of <paramref name="documented"/>, within 1 s and 64 MB.</summary>
    private static void AssertBounded(string what, Action read, params Type[] documented)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        try
        {
            read();
        }
        catch (Exception e) when (documented.Any(t => t.IsInstanceOfType(e)))
        {
        }
        catch (Exception e)
        {
            Assert.Fail($"{what}: {e.GetType().Name} is not a documented exception: {e.Message}\n{e.StackTrace}");
        }
        clock.Stop();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(clock.Elapsed < MaxTime, $"{what}: took {clock.ElapsedMilliseconds} ms");
        Assert.True(allocated < MaxBytes, $"{what}: allocated {allocated} bytes");
    }

    private static byte[] WeightsSeed(float fill = 0.25f)
    {
        var stream = new MemoryStream();
        SafeTensorsFile.Write(stream, [
            new("a", Tensor.Full([3, 4], fill)),
            new("b", Tensor.FromArray(new[] { 1.0, double.NaN, double.PositiveInfinity }, [3])),
            new("c", Tensor.FromArray(new[] { 1, 2, 3, 4 }, [2, 2])),
        ], new Dictionary<string, string> { ["note"] = "fuzz" });
        return stream.ToArray();
    }

    private static void ReadWeights(byte[] bytes)
    {
        using var reader = SafeTensorsFile.Open(new MemoryStream(bytes), "fuzz.safetensors", requireChecksum: false);
        foreach (var e in reader.Entries) reader.ReadTensor(e);
    }

    [Fact]
    public void SafeTensorsWeights()
    {
        int cases = Fuzz("safetensors", WeightsSeed(), ReadWeights, 3, 1200, typeof(InvalidDataException));
        // Hand-made headers: wrong dtypes, huge shapes and offsets, deep nesting, NaN payloads without a checksum.
        string[] headers =
        [
            """{"a":{"dtype":"F16","shape":[1],"data_offsets":[0,2]}}""",
            """{"a":{"dtype":"Q4","shape":[1],"data_offsets":[0,4]}}""",
            """{"a":{"dtype":"F32","shape":[2147483647,2147483647],"data_offsets":[0,4]}}""",
            """{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,9223372036854775807]}}""",
            """{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}""",
            """{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,0]}}""",
            """{"a":{"dtype":"F32","shape":[1,1,1,1,1,1,1,1,1],"data_offsets":[0,4]}}""",
            """{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""",
            """{"__metadata__":{"checksum":"sha256:00"},"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""",
            """{"__metadata__":{"x":1},"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""",
            new string('[', 10_000) + new string(']', 10_000),
            "{" + string.Concat(Enumerable.Range(0, 5000).Select(i => $"\"t{i}\":{{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]}},")) + "\"z\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}",
        ];
        foreach (var h in headers)
        {
            var header = Encoding.UTF8.GetBytes(h);
            var bytes = new byte[8 + header.Length + 4];
            BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)header.Length);
            header.CopyTo(bytes, 8);
            BitConverter.GetBytes(float.NaN).CopyTo(bytes, 8 + header.Length);
            cases++;
            AssertBounded($"safetensors header {h[..Math.Min(h.Length, 60)]}", () => ReadWeights(bytes), typeof(InvalidDataException));
        }
        Assert.True(cases >= 1500, $"{cases} cases");
    }

    private void ReadIdx(byte[] bytes)
    {
        var path = _dir.File("fuzz.idx");
        File.WriteAllBytes(path, bytes);
        IdxFile.Read(path);
    }

    [Fact]
    public void IdxFiles()
    {
        var raw = DataTestFiles.Idx([.. Enumerable.Range(0, 48).Select(i => (byte)i)], 3, 4, 4);
        int cases = Fuzz("IDX", raw, ReadIdx, 4, 600, typeof(InvalidDataException));
        cases += Fuzz("IDX (gzip)", DataTestFiles.Gzip(raw), ReadIdx, 5, 400, typeof(InvalidDataException));
        Assert.True(cases >= 1000, $"{cases} cases");
    }

    private void ReadTarball(byte[] gzipped)
    {
        var path = _dir.File("fuzz.tgz");
        File.WriteAllBytes(path, gzipped);
        NpmImagePackage.Read(path, "data", 2, 784, NpmImagePackage.PixelScale.Byte, CancellationToken.None);
    }

    [Fact]
    public void NpmTarballs()
    {
        var path = _dir.File("seed.tgz");
        DataTestFiles.NpmTarball(path, "data", [1, 1], unitScale: false);
        var gzipped = File.ReadAllBytes(path);
        int cases = Fuzz("npm tarball (gzip)", gzipped, ReadTarball, 6, 200, typeof(InvalidDataException));
        // The tar itself mutated, then compressed again, so the mutations reach the tar and JSON parsers.
        byte[] tar;
        using (var gz = new GZipStream(new MemoryStream(gzipped), CompressionMode.Decompress))
        using (var ms = new MemoryStream())
        {
            gz.CopyTo(ms);
            tar = ms.ToArray();
        }
        cases += Fuzz("npm tarball (tar)", tar, t => ReadTarball(DataTestFiles.Gzip(t)), 7, 500, typeof(InvalidDataException));
        Assert.True(cases >= 1000, $"{cases} cases");
    }

    [Fact]
    public void Images()
    {
        var rows = new byte[4 * (1 + 3 * 4)];
        for (int i = 0; i < rows.Length; i++) rows[i] = (byte)(i % 13 == 0 ? 0 : i * 7);
        for (int r = 0; r < 4; r++) rows[r * 13] = (byte)(r % 5);   // every filter type
        var png = PngWriter.Encode(4, 4, 2, 8, rows);
        int cases = Fuzz("PNG", png, b => ImageFile.Decode(b), 8, 900, typeof(InvalidDataException), typeof(NotSupportedException));
        var pnm = Encoding.ASCII.GetBytes("P6\n# comment\n4 3\n255\n").Concat(Enumerable.Range(0, 36).Select(i => (byte)(i * 7))).ToArray();
        cases += Fuzz("PNM", pnm, b => ImageFile.Decode(b), 9, 300, typeof(InvalidDataException), typeof(NotSupportedException));
        Assert.True(cases >= 1000, $"{cases} cases");
    }

    [Fact]
    public void CsvText()
    {
        var csv = Encoding.UTF8.GetBytes("x1,x2,label\n0.5,1e-3,1\n-2,3.25,0\n\"4\",NaN,1\n7,8,0\n");
        static void Read(byte[] b) => _ = new CsvDataset(new StringReader(Encoding.UTF8.GetString(b)), new CsvOptions { TargetColumnNames = ["label"] }, "fuzz.csv");
        int cases = Fuzz("CSV", csv, Read, 10, 700, typeof(InvalidDataException), typeof(ArgumentException));
        Assert.True(cases >= 700, $"{cases} cases");
    }
}
