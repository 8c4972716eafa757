namespace DeepLearning;

/// <summary>One warning sent through <see cref="Diagnostics"/>.</summary>
/// <param name="Source">What raised it: a loss, layer or model name (e.g. <c>"categorical_crossentropy"</c>).</param>
/// <param name="Message">The text, naming the problem and what to do about it.</param>
public sealed record DiagnosticMessage(string Source, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Source}: {Message}";
}
