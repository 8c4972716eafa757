namespace DeepLearning;

/// <summary>
/// The library's one channel for warnings (DESIGN.md §1): a likely mistake that is not an error, such as a softmax
/// output given to a loss built with <c>fromLogits: true</c>. The library never writes warnings to the console;
/// subscribe to <see cref="Warning"/> to see them, or set <see cref="Silenced"/> to drop them.
/// </summary>
/// <remarks>
/// With no subscriber a warning goes to <see cref="System.Diagnostics.Trace.TraceWarning(string)"/> (a debugger's
/// output window or any configured trace listener). Handlers run synchronously on the thread that raised the warning;
/// an exception thrown by a handler propagates to that caller.
/// </remarks>
/// <example><code>
/// Diagnostics.Warning += m =&gt; Console.Error.WriteLine($"warning: {m}");
/// </code></example>
public static class Diagnostics
{
    /// <summary>Raised for every warning while <see cref="Silenced"/> is false.</summary>
    public static event Action<DiagnosticMessage>? Warning;

    /// <summary>When true, warnings are dropped (neither raised nor traced). Process-wide; default false.</summary>
    public static bool Silenced { get; set; }

    /// <summary>Sends a warning to the subscribers of <see cref="Warning"/> (or to the trace when there are none).</summary>
    /// <param name="source">What raises it (a loss, layer or model name).</param>
    /// <param name="message">What is wrong and what to do about it.</param>
    /// <exception cref="ArgumentNullException">source or message is null.</exception>
    public static void Warn(string source, string message)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(message);
        if (Silenced) return;
        var message1 = new DiagnosticMessage(source, message);
        var handlers = Warning;
        if (handlers is null) System.Diagnostics.Trace.TraceWarning(message1.ToString());
        else handlers(message1);
    }
}
