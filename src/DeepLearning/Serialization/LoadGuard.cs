using DeepLearning.Devices;
using DeepLearning.Layers;

namespace DeepLearning.Serialization;

/// <summary>
/// Bounds what rebuilding a model's architecture may allocate while a model file is loaded, so that a small crafted
/// file cannot make the loader allocate gigabytes before it is refused. While a guard is active on the thread:
/// <list type="bullet">
/// <item>every weight a layer creates (<c>AddWeight</c>) is checked before its memory is allocated against the
/// file's tensor entries: an entry named "…{layer}/{weight}" must exist with exactly the shape the architecture
/// implies, and the weights created so far may not hold more elements than the file's weight entries together;</item>
/// <item>every per-sample shape the architecture feeds through a layer while it is built (an Input's shape, the
/// stored build shapes) holds at most <see cref="MaxSampleElements"/> elements.</item>
/// </list>
/// A shape-only guard (<see cref="BeginShapeOnly"/>) also makes a fresh <see cref="MetaDevice"/> the thread's default
/// device and has <c>AddWeight</c> create empty weights on it without running their initializers: the architecture is
/// then rebuilt with every output and weight shape computed by the layers' own code and no tensor memory at all, which
/// is how <c>Model.Load</c> validates a file before it builds the model for real.
/// </summary>
internal sealed class LoadGuard : IDisposable
{
    /// <summary>The largest per-sample tensor (elements) a loaded architecture may build with: 2^26 (256 MiB of
    /// float32), above any single sample of the library's workloads.</summary>
    public const long MaxSampleElements = 1L << 26;

    [ThreadStatic] private static LoadGuard? t_current;

    private readonly LoadGuard? _previous;
    private readonly string _source;
    private readonly Dictionary<string, List<Shape>> _shapesByLocalName = new(StringComparer.Ordinal);
    private readonly long _fileElements;
    private readonly MetaDevice? _meta;
    private readonly Device? _previousDefault;
    private long _created;

    private LoadGuard(string source, IEnumerable<SafeTensorEntry> weightEntries, bool shapeOnly)
    {
        _source = source;
        foreach (var e in weightEntries)
        {
            _fileElements += Elements(e.Shape);
            // "encoder/dense_3/kernel#1" is found as "dense_3/kernel": the last two path components, without a suffix.
            string name = e.Name;
            int hash = name.LastIndexOf('#');
            if (hash > 0) name = name[..hash];
            int last = name.LastIndexOf('/');
            int before = last > 0 ? name.LastIndexOf('/', last - 1) : -1;
            string local = name[(before + 1)..];
            if (!_shapesByLocalName.TryGetValue(local, out var list)) _shapesByLocalName[local] = list = [];
            list.Add(e.Shape);
        }
        if (shapeOnly)
        {
            _meta = new MetaDevice();
            _previousDefault = Device.ThreadDefault;
            Device.ThreadDefault = _meta;
        }
        _previous = t_current;
        t_current = this;
    }

    /// <summary>Activates a guard for the load of <paramref name="source"/> whose weight entries are
    /// <paramref name="weightEntries"/>; dispose it when the architecture is built.</summary>
    public static LoadGuard Begin(string source, IEnumerable<SafeTensorEntry> weightEntries) => new(source, weightEntries, shapeOnly: false);

    /// <summary>Activates a guard as <see cref="Begin"/> does, for a shape-only rebuild: until it is disposed, tensors
    /// created on this thread without a device live on a <see cref="MetaDevice"/> (no memory), and weights are created
    /// there empty (<see cref="ShapeOnlyDevice"/>).</summary>
    public static LoadGuard BeginShapeOnly(string source, IEnumerable<SafeTensorEntry> weightEntries) => new(source, weightEntries, shapeOnly: true);

    /// <summary>The meta device of the shape-only guard active on this thread, or null: <c>AddWeight</c> then
    /// creates its weight there, empty, instead of running the initializer.</summary>
    public static Device? ShapeOnlyDevice => t_current?._meta;

    /// <summary>Refuses, before it is allocated, a weight the file being loaded cannot hold (no guard: no check).</summary>
    /// <exception cref="InvalidDataException">The file has no entry of that name and shape, or the weights would
    /// exceed the file's.</exception>
    public static void CheckWeight(string layerName, string weightName, Shape shape)
    {
        if (t_current is not { } guard) return;
        LoadBudget.Check("creating a weight of layer", layerName);
        string local = $"{layerName}/{weightName}";
        if (!guard._shapesByLocalName.TryGetValue(local, out var shapes))
            throw new InvalidDataException($"{guard._source}: layer '{layerName}' creates the weight '{weightName}' of shape {shape}, but the file holds no tensor named '{local}'.");
        if (!shapes.Contains(shape))
            throw new InvalidDataException($"{guard._source}: layer '{layerName}' creates the weight '{weightName}' of shape {shape}, but the file's tensor '{local}' has shape {string.Join(" or ", shapes)}; the architecture and the weights disagree.");
        guard._created += Elements(shape);
        if (guard._created > guard._fileElements)
            throw new InvalidDataException($"{guard._source}: the architecture creates more weight elements ({guard._created} at layer '{layerName}') than the file holds ({guard._fileElements}).");
    }

    /// <summary>Refuses a per-sample shape larger than <see cref="MaxSampleElements"/> while a file loads, and one whose
    /// element count overflows at any time.</summary>
    /// <exception cref="InvalidDataException">While loading: the shape is too large.</exception>
    /// <exception cref="ArgumentException">Outside a load: the shape has more than int.MaxValue elements.</exception>
    public static void CheckSample(Shape sample, string what)
    {
        long n = Elements(sample);
        LoadBudget.Check("building", what);
        if (t_current is { } guard && n > MaxSampleElements)
            throw new InvalidDataException($"{guard._source}: {what} has per-sample shape {sample} ({n} elements); a loaded model may use at most {MaxSampleElements} elements per sample.");
        if (n > int.MaxValue)
            throw new ArgumentException($"{what}: the per-sample shape {sample} has {n} elements, more than a tensor can hold ({int.MaxValue}).");
    }

    /// <summary>The element count of a shape, saturating instead of overflowing.</summary>
    public static long Elements(Shape shape)
    {
        const long Saturated = 1L << 40;
        long n = 1;
        for (int i = 0; i < shape.Rank; i++)
        {
            if (shape[i] == 0) return 0;
            n = n > Saturated / shape[i] ? Saturated : n * shape[i];
        }
        return n;
    }

    /// <summary>Deactivates the guard (and restores the thread's default device after a shape-only one).</summary>
    public void Dispose()
    {
        t_current = _previous;
        if (_meta is null) return;
        Device.ThreadDefault = _previousDefault;
        _meta.Dispose();
    }
}
