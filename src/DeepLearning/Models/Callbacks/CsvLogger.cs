using System.Globalization;
using System.Text;

namespace DeepLearning.Models.Callbacks;

/// <summary>Writes every epoch's logs to a CSV file (Keras's CSVLogger). The file is rewritten atomically after
/// each epoch, so it is always complete; with <paramref name="append"/> the rows of an existing file are kept.</summary>
/// <param name="path">The CSV file.</param>
/// <param name="separator">The field separator.</param>
/// <param name="append">Keep an existing file's rows (resumed training).</param>
public sealed class CsvLogger(string path, char separator = ',', bool append = false) : Callback
{
    private readonly List<string> _lines = [];
    private string[]? _keys;

    /// <inheritdoc />
    public override void OnTrainBegin(Logs logs)
    {
        _lines.Clear();
        _keys = null;
        if (append && File.Exists(path))
        {
            var existing = File.ReadAllLines(path);
            if (existing.Length > 0)
            {
                _keys = existing[0].Split(separator)[1..];
                _lines.AddRange(existing);
            }
        }
    }

    /// <inheritdoc />
    public override void OnEpochEnd(int epoch, Logs logs)
    {
        if (!Model.Communicator.IsPrimary) return;
        if (_keys is null)
        {
            _keys = [.. logs.Keys];
            _lines.Add("epoch" + separator + string.Join(separator, _keys));
        }
        var row = new StringBuilder(epoch.ToString(CultureInfo.InvariantCulture));
        foreach (var k in _keys)
            row.Append(separator).Append(logs.TryGetValue(k, out var v) ? v.ToString("R", CultureInfo.InvariantCulture) : "");
        _lines.Add(row.ToString());
        Serialization.AtomicFile.WriteAllText(path, string.Join('\n', _lines) + "\n");
    }
}
