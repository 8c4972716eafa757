using System.Text.Json;

namespace DeepLearning.Serialization;

/// <summary>Refuses JSON objects of the library's own file formats that hold keys the reader does not know, so a
/// misspelled or unsupported key is an error instead of a silent fallback to a default.</summary>
internal static class JsonKeys
{
    /// <summary>Throws when <paramref name="obj"/> (an object; anything else is left to the caller's checks) has a key
    /// outside <paramref name="known"/>.</summary>
    /// <exception cref="InvalidDataException">An unknown key; the message names the source, the place and the key.</exception>
    public static void RequireKnown(JsonElement obj, string source, string where, params IEnumerable<string> known)
    {
        if (obj.ValueKind != JsonValueKind.Object) return;
        var set = known as IReadOnlySet<string> ?? known.ToHashSet(StringComparer.Ordinal);
        foreach (var p in obj.EnumerateObject())
            if (!set.Contains(p.Name)) throw Unknown(source, where, p.Name);
    }

    /// <summary>Throws when <paramref name="keys"/> holds a key outside <paramref name="known"/>.</summary>
    /// <exception cref="InvalidDataException">An unknown key.</exception>
    public static void RequireKnown(IEnumerable<string> keys, string source, string where, params IEnumerable<string> known)
    {
        var set = known.ToHashSet(StringComparer.Ordinal);
        foreach (var k in keys)
            if (!set.Contains(k)) throw Unknown(source, where, k);
    }

    /// <summary>The keys of the object at <paramref name="path"/> in the JSON value <paramref name="write"/> writes:
    /// what a writer writes is what its reader knows.</summary>
    public static HashSet<string> Written(Action<Utf8JsonWriter> write, params string[] path)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer)) write(w);
        using var doc = JsonDocument.Parse(buffer.WrittenMemory);
        var e = doc.RootElement;
        foreach (var key in path) e = e.GetProperty(key);
        return [.. e.EnumerateObject().Select(p => p.Name)];
    }

    private static InvalidDataException Unknown(string source, string where, string key) =>
        new($"{source}: {where}: unknown key '{key}'; the file is damaged or was written by a newer version of the library.");
}
