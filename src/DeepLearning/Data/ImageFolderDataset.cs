namespace DeepLearning.Data;

/// <summary>
/// A labelled image dataset laid out one sub-folder per class (as Keras's <c>image_dataset_from_directory</c> and
/// torchvision's <c>ImageFolder</c>): <c>root/cat/001.png</c>, <c>root/dog/a.pgm</c>, … Classes are the sub-folder
/// names in ordinal order, labelled 0, 1, …; the images of a class are all supported files below its folder, in
/// ordinal order of their relative paths. Images are decoded on demand in <see cref="Dataset.GetBatch"/> (nothing is
/// cached), so the dataset can be larger than memory; the loader's prefetch thread hides the decoding time.
/// </summary>
/// <remarks>Batches hold float32 images (batch, height, width, channels) in [0, 1] and int32 labels (batch).
/// Supported formats are those of <see cref="ImageFile"/>: PNG and binary PGM/PPM. JPEG is not supported yet: a
/// folder holding .jpg/.jpeg (or .gif, .bmp, .webp, .tif) files raises <see cref="NotSupportedException"/> when the
/// dataset is created. Other files are ignored, as are files directly in the root.</remarks>
public sealed class ImageFolderDataset : Dataset
{
    private readonly string[] _files;
    private readonly int[] _labels;
    private readonly bool _resize;
    private readonly int _channels;
    private readonly string _root;

    /// <summary>Indexes the images below <paramref name="directory"/> and reads the first one to fix the image shape.</summary>
    /// <param name="directory">The root folder with one sub-folder per class.</param>
    /// <param name="channels">1, 3 or 4 to convert every image to; null takes the first image's channel count.</param>
    /// <param name="height">Resize every image to this height (bilinear); null requires all images to share the first image's size.</param>
    /// <param name="width">Resize every image to this width; given together with <paramref name="height"/>.</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="ArgumentException">No class folder holds a supported image, or only one of height and width is given.</exception>
    /// <exception cref="NotSupportedException">A class folder holds JPEG or another unsupported image format.</exception>
    /// <exception cref="InvalidDataException">The first image is corrupt.</exception>
    public ImageFolderDataset(string directory, int? channels = null, int? height = null, int? width = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (!Directory.Exists(directory)) throw new DirectoryNotFoundException($"ImageFolderDataset: no folder at '{directory}'.");
        if (height.HasValue != width.HasValue)
            throw new ArgumentException($"ImageFolderDataset: give both height and width to resize, or neither (got height {height?.ToString() ?? "null"}, width {width?.ToString() ?? "null"}).");
        if (height is <= 0 || width is <= 0)
            throw new ArgumentOutOfRangeException(nameof(height), $"ImageFolderDataset: the size must be positive; got {height} × {width}.");
        if (channels is not null and not (1 or 3 or 4))
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "ImageFolderDataset: channels must be 1, 3, 4 or null.");

        var classDirs = Directory.GetDirectories(directory).OrderBy(d => Path.GetFileName(d), StringComparer.Ordinal).ToArray();
        var classNames = new List<string>();
        var files = new List<string>();
        var labels = new List<int>();
        foreach (var dir in classDirs)
        {
            var all = Directory.GetFiles(dir, "*", SearchOption.AllDirectories)
                .OrderBy(f => Path.GetRelativePath(dir, f), StringComparer.Ordinal).ToArray();
            var unsupported = all.Where(f => ImageFile.UnsupportedExtensions.Contains(Path.GetExtension(f).ToLowerInvariant())).ToArray();
            if (unsupported.Length > 0)
                throw new NotSupportedException($"ImageFolderDataset: '{unsupported[0]}' ({unsupported.Length} such files in '{dir}') is in a format that is not supported yet; JPEG decoding is not available. Convert the images to PNG.");
            var images = all.Where(f => ImageFile.SupportedExtensions.Contains(Path.GetExtension(f).ToLowerInvariant())).ToArray();
            int label = classNames.Count;
            classNames.Add(Path.GetFileName(dir));
            files.AddRange(images);
            labels.AddRange(Enumerable.Repeat(label, images.Length));
        }
        if (files.Count == 0)
            throw new ArgumentException($"ImageFolderDataset: no PNG, PGM or PPM image in any sub-folder of '{directory}' (one sub-folder per class is expected).");
        ClassNames = classNames;
        _files = [.. files];
        _labels = [.. labels];

        var first = ImageFile.Read(_files[0], channels);
        _resize = height is not null;
        ImageShape = [height ?? first.Height, width ?? first.Width, first.Channels];
        _channels = first.Channels;
        _root = directory;
    }

    /// <summary>The class names (sub-folder names) in label order.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>The image files, in example order.</summary>
    public IReadOnlyList<string> Files => _files;

    /// <summary>The label of every example.</summary>
    public IReadOnlyList<int> Labels => _labels;

    /// <summary>The shape of one image: (height, width, channels).</summary>
    public Shape ImageShape { get; }

    /// <inheritdoc />
    public override int Count => _files.Length;

    /// <inheritdoc />
    /// <exception cref="InvalidDataException">An image is corrupt, or its size differs from <see cref="ImageShape"/>
    /// while no resize was requested.</exception>
    protected override Batch GetBatchCore(ReadOnlySpan<int> indices)
    {
        int h = ImageShape[0], w = ImageShape[1], c = ImageShape[2];
        int per = h * w * c;
        var pixels = new float[indices.Length * per];
        var labels = new int[indices.Length];
        for (int i = 0; i < indices.Length; i++)
        {
            string file = _files[indices[i]];
            var image = ImageFile.Read(file, _channels);
            if (_resize) image = image.Resized(h, w);
            else if (image.Height != h || image.Width != w)
                throw new InvalidDataException($"ImageFolderDataset: '{file}' is {image.Height} × {image.Width}, but the images of '{_root}' are {h} × {w}; pass height and width to resize them.");
            image.Data.CopyTo(pixels, i * per);
            labels[i] = _labels[indices[i]];
        }
        using var persistent = TensorScope.Persistent();
        return new Batch([Tensor.FromArray(pixels, [indices.Length, h, w, c])], [Tensor.FromArray(labels)]);
    }
}
