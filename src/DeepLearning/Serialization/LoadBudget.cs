namespace DeepLearning.Serialization;

/// <summary>
/// The managed memory a model load may allocate before its file is validated: twice the file's size plus 16 MB,
/// counted on the loading thread (<see cref="GC.GetAllocatedBytesForCurrentThread"/>, so garbage counts too) from the
/// start of the load. While a budget is active, the steps that grow with the file's header — reading and parsing the
/// header, parsing the architecture, creating each layer and each weight of the shape-only rebuild — check it first,
/// the two parses against a prediction of their cost, and a file that would exceed it is refused with an
/// <see cref="InvalidDataException"/>. A real model's weights make its file far larger than its header, so only a
/// file whose header is most of it (a crafted one, or an architecture of thousands of layers with almost no weights)
/// meets the limit.
/// </summary>
internal sealed class LoadBudget : IDisposable
{
    /// <summary>The allowance above twice the file's size, in bytes.</summary>
    public const long Slack = 16L << 20;

    /// <summary>What the checks keep in reserve below the limit: the step after the last check and the refusal itself
    /// (its exception and message) allocate too.</summary>
    public const long Reserve = 1L << 20;

    /// <summary>Bytes allocated per header byte while the header is read and parsed (measured 4.6 for a header that
    /// is almost all architecture: the bytes, the JSON document and the metadata strings in UTF-16).</summary>
    public const int HeaderCostPerByte = 5;

    /// <summary>Bytes allocated per character while the architecture string is parsed (its UTF-8 copy and the JSON
    /// document).</summary>
    public const int ArchitectureCostPerChar = 3;

    [ThreadStatic] private static LoadBudget? t_current;

    private readonly LoadBudget? _previous;
    private readonly string _source;
    private readonly long _fileLength, _start;

    private LoadBudget(string source, long fileLength)
    {
        _source = source;
        _fileLength = fileLength;
        Limit = 2 * fileLength + Slack;
        _start = GC.GetAllocatedBytesForCurrentThread();
        _previous = t_current;
        t_current = this;
    }

    /// <summary>Activates the budget of a load of <paramref name="source"/>, a file of <paramref name="fileLength"/>
    /// bytes, on this thread until it is disposed.</summary>
    public static LoadBudget Begin(string source, long fileLength) => new(source, fileLength);

    /// <summary>The most bytes the load may allocate before validation ends.</summary>
    public long Limit { get; }

    /// <summary>Bytes allocated on this thread since the budget began.</summary>
    public long Used => GC.GetAllocatedBytesForCurrentThread() - _start;

    /// <summary>Refuses the file when what the load allocated so far plus <paramref name="upcoming"/> (a predicted
    /// cost of the next step) exceeds the budget; does nothing when no budget is active. The step is named by
    /// <paramref name="step"/> and <paramref name="subject"/>, joined only for the message.</summary>
    /// <exception cref="InvalidDataException">The budget would be exceeded.</exception>
    public static void Check(string step, string? subject = null, long upcoming = 0)
    {
        if (t_current is not { } budget) return;
        long total = budget.Used + upcoming;
        if (total > budget.Limit - Reserve)
            throw new InvalidDataException($"{budget._source}: {step}{(subject is null ? "" : " " + subject)} would take the memory allocated " +
                $"to load this {budget._fileLength:N0}-byte model file to about {total / (1 << 20):N0} MB before it is validated, more than " +
                $"such a file may use (twice its size plus {Slack >> 20} MB: {budget.Limit / (1 << 20):N0} MB); its header is too large for its weights.");
    }

    /// <summary>Deactivates the budget (a second call does nothing).</summary>
    public void Dispose()
    {
        if (t_current == this) t_current = _previous;
    }
}
