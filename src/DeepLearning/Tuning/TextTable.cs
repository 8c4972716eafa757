using System.Text;

namespace DeepLearning.Tuning;

/// <summary>Fixed-width text tables and RFC 4180 CSV for the results of searches and cross-validation.</summary>
internal static class TextTable
{
    /// <summary>Columns padded to their widest cell (headers included), separated by two spaces, with a rule under the
    /// header; columns flagged in <paramref name="rightAlign"/> are right-aligned (numbers).</summary>
    public static string Render(IReadOnlyList<string> headers, IReadOnlyList<string[]> rows, IReadOnlyList<bool> rightAlign)
    {
        var widths = headers.Select(h => h.Length).ToArray();
        foreach (var row in rows)
            for (int c = 0; c < widths.Length; c++) widths[c] = Math.Max(widths[c], row[c].Length);
        var sb = new StringBuilder();
        void Line(IReadOnlyList<string> cells)
        {
            var line = string.Join("  ", cells.Select((cell, c) => rightAlign[c] ? cell.PadLeft(widths[c]) : cell.PadRight(widths[c])));
            sb.Append(line.TrimEnd()).Append('\n');
        }
        Line(headers);
        sb.Append(new string('-', widths.Sum() + 2 * (widths.Length - 1))).Append('\n');
        foreach (var row in rows) Line(row);
        return sb.ToString();
    }

    /// <summary>CSV with a header line; cells holding a comma, quote or line break are quoted, quotes doubled.</summary>
    public static string Csv(IReadOnlyList<string> headers, IReadOnlyList<string[]> rows)
    {
        var sb = new StringBuilder();
        void Line(IReadOnlyList<string> cells) => sb.Append(string.Join(",", cells.Select(Quote))).Append('\n');
        Line(headers);
        foreach (var row in rows) Line(row);
        return sb.ToString();
    }

    private static string Quote(string cell) =>
        cell.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + cell.Replace("\"", "\"\"") + "\"" : cell;
}
