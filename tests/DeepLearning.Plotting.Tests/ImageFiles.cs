using System.Buffers.Binary;
using System.Xml.Linq;

namespace DeepLearning.Plotting.Tests;

/// <summary>Checks written image files against their format specifications, independently of the code that wrote
/// them: the PNG signature and IHDR chunk (PNG spec §5.2, §11.2.2), and an SVG root element that parses as XML.</summary>
internal static class ImageFiles
{
    private static readonly byte[] PngSignature = [137, 80, 78, 71, 13, 10, 26, 10];

    /// <summary>Asserts a PNG file whose IHDR says width × height; returns its bytes.</summary>
    public static byte[] AssertPng(string path, int width, int height)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 33, $"{path}: {bytes.Length} bytes is too short for a PNG");
        Assert.Equal(PngSignature, bytes[..8]);
        Assert.Equal(13, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(8)));
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        Assert.Equal(width, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)));
        Assert.Equal(height, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
        Assert.Equal("IEND", System.Text.Encoding.ASCII.GetString(bytes, bytes.Length - 8, 4));
        return bytes;
    }

    /// <summary>Asserts an SVG file that parses as XML, with an &lt;svg&gt; root of the given width and height.</summary>
    public static XDocument AssertSvg(string path, int width, int height)
    {
        var document = XDocument.Load(path);
        var root = document.Root!;
        Assert.Equal("svg", root.Name.LocalName);
        Assert.Equal("http://www.w3.org/2000/svg", root.Name.NamespaceName);
        Assert.Equal(width, ParseLength(root.Attribute("width")?.Value));
        Assert.Equal(height, ParseLength(root.Attribute("height")?.Value));
        return document;
    }

    private static double ParseLength(string? value)
    {
        Assert.NotNull(value);
        return double.Parse(value.Replace("px", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
    }

}
