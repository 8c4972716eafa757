using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace DeepLearning.Serialization;

/// <summary>Where training stands at the end of an epoch: what a backup needs besides weights and optimizer state
/// to resume bit-identically.</summary>
/// <param name="Epoch">The next epoch to run (0-based).</param>
/// <param name="GeneratorKey">The default generator's key.</param>
/// <param name="GeneratorOffset">The default generator's counter offset.</param>
/// <param name="ShuffleSeed">The seed of Fit's data loader.</param>
internal sealed record TrainingPosition(int Epoch, ulong GeneratorKey, long GeneratorOffset, ulong? ShuffleSeed)
{
    public string ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("epoch", Epoch);
            w.WriteString("generator_key", GeneratorKey.ToString(CultureInfo.InvariantCulture));
            w.WriteString("generator_offset", GeneratorOffset.ToString(CultureInfo.InvariantCulture));
            if (ShuffleSeed is ulong s) w.WriteString("shuffle_seed", s.ToString(CultureInfo.InvariantCulture));
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static TrainingPosition FromJson(string json, string source)
    {
        try
        {
            using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 4 });
            var r = doc.RootElement;
            JsonKeys.RequireKnown(r, source, "the training state", "epoch", "generator_key", "generator_offset", "shuffle_seed");
            int epoch = r.GetProperty("epoch").GetInt32();
            ulong key = ulong.Parse(r.GetProperty("generator_key").GetString()!, NumberStyles.None, CultureInfo.InvariantCulture);
            long offset = long.Parse(r.GetProperty("generator_offset").GetString()!, NumberStyles.None, CultureInfo.InvariantCulture);
            ulong? seed = r.TryGetProperty("shuffle_seed", out var s) ? ulong.Parse(s.GetString()!, NumberStyles.None, CultureInfo.InvariantCulture) : null;
            if (epoch < 0) throw new FormatException($"epoch {epoch} is negative");
            return new TrainingPosition(epoch, key, offset, seed);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or OverflowException or ArgumentNullException)
        {
            throw new InvalidDataException($"{source}: the training state is malformed ({e.Message})", e);
        }
    }
}
