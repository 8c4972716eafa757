using System.Text;

namespace DeepLearning.Layers;

/// <summary>Keras-style automatic layer names: the class name in snake case, numbered from the second instance
/// ("dense", "dense_1", …), unique within the process.</summary>
internal static class LayerNames
{
    private static readonly Dictionary<string, int> Counts = new();

    public static string Unique(string prefix)
    {
        lock (Counts)
        {
            int n = Counts.TryGetValue(prefix, out int c) ? c : 0;
            Counts[prefix] = n + 1;
            return n == 0 ? prefix : $"{prefix}_{n}";
        }
    }

    /// <summary>"MaxPooling2D" → "max_pooling2d", "LSTM" → "lstm", "GRU" → "gru".</summary>
    public static string SnakeCase(string name)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (char.IsUpper(c))
            {
                bool boundary = i > 0 && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]) && char.IsUpper(name[i - 1])));
                if (boundary) sb.Append('_');
                sb.Append(char.ToLowerInvariant(c));
            }
            else sb.Append(c);
        }
        return sb.ToString();
    }
}
