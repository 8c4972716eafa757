namespace DeepLearning;

/// <summary>
/// Writes each distinct warning once: the fallback of <see cref="Diagnostics"/> when no logger is configured.
/// It remembers at most <c>capacity</c> warnings; the first new warning past that writes one note instead and nothing
/// new is written afterwards, so memory stays bounded however many distinct texts a program raises.
/// </summary>
internal sealed class WarnOnceWriter(int capacity)
{
    private readonly HashSet<DiagnosticMessage> _written = [];
    private bool _overflowNoted;

    /// <summary>Writes <c>warning: {source}: {message}</c> to <paramref name="output"/> unless written before.</summary>
    public void Write(DiagnosticMessage warning, TextWriter output)
    {
        string? text;
        lock (_written)
        {
            if (_written.Contains(warning)) text = null;
            else if (_written.Count < capacity) text = _written.Add(warning) ? "warning: " + warning : null;
            else if (_overflowNoted) text = null;
            else
            {
                _overflowNoted = true;
                text = $"warning: {capacity} distinct warnings were written; further ones are not shown. " +
                       "Set Diagnostics.Logger to receive them all.";
            }
        }
        if (text is not null) output.WriteLine(text);
    }
}
