using System.Buffers.Binary;
using System.Text;

namespace DeepLearning.TensorBoard.Tests;

/// <summary>A reader of TensorBoard event files written for the tests, independent of the package: TFRecord framing
/// (tensorflow/core/lib/io/record_reader.cc) with both masked CRC-32C checked, and a hand-written protobuf wire
/// decoder that knows the field numbers of TensorBoard's event.proto and summary.proto.</summary>
internal static class EventFileReader
{
    /// <summary>CRC-32C bit by bit (reflected polynomial 0x82F63B78), no table.</summary>
    public static uint Crc32C(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc >> 1) ^ (0x82F63B78u & (uint)-(int)(crc & 1));
        }
        return ~crc;
    }

    public static uint Masked(ReadOnlySpan<byte> data)
    {
        uint crc = Crc32C(data);
        return unchecked(((crc >> 15) | (crc << 17)) + 0xa282ead8u);
    }

    /// <summary>The records of a TFRecord file; throws on a bad length or data CRC, or a truncated record.</summary>
    public static List<byte[]> Records(string path)
    {
        byte[] bytes;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        {
            bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
        }
        var records = new List<byte[]>();
        int at = 0;
        while (at < bytes.Length)
        {
            if (bytes.Length - at < 12) throw new InvalidDataException($"truncated header at {at}");
            ulong length = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(at));
            uint lengthCrc = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 8));
            if (lengthCrc != Masked(bytes.AsSpan(at, 8))) throw new InvalidDataException($"bad length CRC at {at}");
            at += 12;
            if ((ulong)(bytes.Length - at) < length + 4) throw new InvalidDataException($"truncated record at {at}");
            var data = bytes.AsSpan(at, (int)length);
            uint dataCrc = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + (int)length));
            if (dataCrc != Masked(data)) throw new InvalidDataException($"bad data CRC at {at}");
            records.Add(data.ToArray());
            at += (int)length + 4;
        }
        return records;
    }

    public static List<Event> Read(string path) => [.. Records(path).Select(ParseEvent)];

    public sealed record Event(double WallTime, long Step, string? FileVersion, List<Value> Values);

    public sealed record Value(string Tag, float? Simple, Histogram? Histo, Image? Image);

    public sealed record Histogram(double Min, double Max, double Num, double Sum, double SumSquares, List<double> BucketLimit, List<double> Bucket);

    public sealed record Image(int Height, int Width, int Colorspace, byte[] Png);

    // Event: wall_time 1 (double), step 2 (int64), file_version 3 (string), summary 5 (Summary).
    private static Event ParseEvent(byte[] data)
    {
        double wall = 0; long step = 0; string? version = null; var values = new List<Value>();
        foreach (var f in Fields(data))
        {
            switch (f.Number)
            {
                case 1: wall = BitConverter.Int64BitsToDouble((long)f.Scalar); break;
                case 2: step = (long)f.Scalar; break;
                case 3: version = Encoding.UTF8.GetString(f.Bytes!); break;
                case 5: values.AddRange(Fields(f.Bytes!).Where(v => v.Number == 1).Select(v => ParseValue(v.Bytes!))); break;
                default: throw new InvalidDataException($"unexpected Event field {f.Number}");
            }
        }
        return new Event(wall, step, version, values);
    }

    // Summary.Value: tag 1, simple_value 2 (float), image 4, histo 5.
    private static Value ParseValue(byte[] data)
    {
        string tag = ""; float? simple = null; Histogram? histo = null; Image? image = null;
        foreach (var f in Fields(data))
        {
            switch (f.Number)
            {
                case 1: tag = Encoding.UTF8.GetString(f.Bytes!); break;
                case 2: simple = BitConverter.Int32BitsToSingle((int)f.Scalar); break;
                case 4: image = ParseImage(f.Bytes!); break;
                case 5: histo = ParseHistogram(f.Bytes!); break;
                default: throw new InvalidDataException($"unexpected Summary.Value field {f.Number}");
            }
        }
        return new Value(tag, simple, histo, image);
    }

    // Summary.Image: height 1, width 2, colorspace 3, encoded_image_string 4.
    private static Image ParseImage(byte[] data)
    {
        int h = 0, w = 0, c = 0; byte[] png = [];
        foreach (var f in Fields(data))
        {
            if (f.Number == 1) h = (int)f.Scalar;
            else if (f.Number == 2) w = (int)f.Scalar;
            else if (f.Number == 3) c = (int)f.Scalar;
            else if (f.Number == 4) png = f.Bytes!;
        }
        return new Image(h, w, c, png);
    }

    // HistogramProto: min 1, max 2, num 3, sum 4, sum_squares 5, bucket_limit 6 (packed doubles), bucket 7 (packed).
    private static Histogram ParseHistogram(byte[] data)
    {
        var d = new double[6];
        List<double> limits = [], buckets = [];
        foreach (var f in Fields(data))
        {
            if (f.Number is >= 1 and <= 5) d[f.Number] = BitConverter.Int64BitsToDouble((long)f.Scalar);
            else if (f.Number == 6) limits.AddRange(PackedDoubles(f.Bytes!));
            else if (f.Number == 7) buckets.AddRange(PackedDoubles(f.Bytes!));
        }
        return new Histogram(d[1], d[2], d[3], d[4], d[5], limits, buckets);
    }

    private static IEnumerable<double> PackedDoubles(byte[] bytes)
    {
        if (bytes.Length % 8 != 0) throw new InvalidDataException("packed doubles of a length not a multiple of 8");
        for (int i = 0; i < bytes.Length; i += 8) yield return BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan(i));
    }

    private readonly record struct Field(int Number, ulong Scalar, byte[]? Bytes);

    /// <summary>The fields of one message: varint (wire type 0), fixed64 (1), length-delimited (2), fixed32 (5).</summary>
    private static List<Field> Fields(byte[] data)
    {
        var fields = new List<Field>();
        int at = 0;
        while (at < data.Length)
        {
            ulong key = Varint(data, ref at);
            int number = (int)(key >> 3), wire = (int)(key & 7);
            switch (wire)
            {
                case 0: fields.Add(new(number, Varint(data, ref at), null)); break;
                case 1: fields.Add(new(number, BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan(at)), null)); at += 8; break;
                case 2:
                    int length = checked((int)Varint(data, ref at));
                    fields.Add(new(number, 0, data.AsSpan(at, length).ToArray()));
                    at += length;
                    break;
                case 5: fields.Add(new(number, BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(at)), null)); at += 4; break;
                default: throw new InvalidDataException($"wire type {wire}");
            }
        }
        return fields;
    }

    private static ulong Varint(byte[] data, ref int at)
    {
        ulong value = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte b = data[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return value;
        }
    }
}
