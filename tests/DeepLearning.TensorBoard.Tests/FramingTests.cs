using System.Buffers.Binary;

namespace DeepLearning.TensorBoard.Tests;

public class FramingTests
{
    private static readonly byte[] CheckInput = "123456789"u8.ToArray();

    [Fact]
    public void Crc32C_matches_the_standard_check_value()
    {
        // The CRC-32C check value of "123456789" (RFC 3720 §B.4 parameters; the CRC catalogue's "check").
        Assert.Equal(0xE3069283u, EventFileReader.Crc32C(CheckInput));
        Assert.Equal(0xE3069283u, Crc32.Castagnoli.Compute(CheckInput));
        // The ISO 3309 CRC-32 of PNG chunks: check value 0xCBF43926.
        Assert.Equal(0xCBF43926u, Crc32.Png.Compute(CheckInput));
    }

    [Fact]
    public void Mask_rotates_right_by_15_and_adds_the_delta()
    {
        // Mask(crc) = ((crc >> 15) | (crc << 17)) + 0xa282ead8, by hand for crc = 0xE3069283:
        // crc >> 15 = 0x0001C60D, crc << 17 = 0x25060000 (mod 2^32), or: 0x2507C60D; + 0xA282EAD8 = 0xC78AB0E5.
        Assert.Equal(0xC78AB0E5u, Crc32.Mask(0xE3069283u));
        Assert.Equal(0xC78AB0E5u, EventFileReader.Masked(CheckInput));
    }

    [Fact]
    public void First_record_is_the_file_version_event_framed_as_TFRecord()
    {
        using var folder = new TempFolder();
        string path;
        using (var writer = new SummaryWriter(folder.Path)) path = writer.FilePath;
        var name = Path.GetFileName(path);
        Assert.StartsWith("events.out.tfevents.", name);
        var parts = name.Split('.');
        long seconds = long.Parse(parts[3], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(seconds, DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 600, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        Assert.Equal(Environment.MachineName, string.Join('.', parts[4..]));

        var bytes = File.ReadAllBytes(path);
        ulong length = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal((ulong)bytes.Length - 16, length); // one record: 12-byte header, data, 4-byte footer
        var events = EventFileReader.Read(path);
        var first = Assert.Single(events);
        Assert.Equal("brain.Event:2", first.FileVersion);
        Assert.InRange(first.WallTime, seconds - 1, seconds + 600);
    }

    [Fact]
    public void Reader_rejects_a_flipped_byte()
    {
        using var folder = new TempFolder();
        string path;
        using (var writer = new SummaryWriter(folder.Path))
        {
            writer.AddScalar("x", 1.5, 3);
            path = writer.FilePath;
        }
        var bytes = File.ReadAllBytes(path);
        bytes[^6] ^= 0x10; // inside the last record's data
        File.WriteAllBytes(path, bytes);
        var error = Assert.Throws<InvalidDataException>(() => EventFileReader.Records(path));
        Assert.Contains("data CRC", error.Message);
    }

    [Fact]
    public void Each_writer_gets_a_new_file()
    {
        using var folder = new TempFolder();
        using var a = new SummaryWriter(folder.Path);
        using var b = new SummaryWriter(folder.Path);
        Assert.NotEqual(a.FilePath, b.FilePath);
        Assert.Equal(2, Directory.GetFiles(folder.Path).Length);
    }
}
