namespace DeepLearning.Data;

/// <summary>
/// A labelled image dataset laid out one sub-folder per class (as Keras's <c>image_dataset_from_directory</c> and
/// torchvision's <c>ImageFolder</c>): <c>root/cat/001.png</c>, <c>root/dog/a.pgm</c>, … Classes are the sub-folder
/// names in ordinal order, labelled 0, 1, …; the images of a class are all supported files below its folder, in
/// ordinal order of their relative paths. Images are decoded on demand in <see cref="Dataset.GetBatch"/> (nothing is
/// cached), so the dataset can be larger than memory; the loader's prefetch thread hides the decoding time.
/// </summary>
/// <remarks>Batches hold float32 images (batch, height, width, channels) in [0, 1] and int32 labels (batch).
/// The formats are those of the <see cref="IImageDecoder"/> given: by default <see cref="ImageFile.BuiltInDecoder"/>
/// (PNG and binary PGM/PPM); the DeepLearning.Images package's <c>SkiaImageDecoder</c> adds JPEG, BMP, GIF and WebP.
/// A folder holding image files the decoder cannot read (.jpg, .jpeg, .gif, .bmp, .webp, .tif, .tiff) raises
/// <see cref="NotSupportedException"/> when the dataset is created, rather than silently skipping them. Other files
/// are ignored, as are files directly in the root.</remarks>
public sealed class ImageFolderDataset : Dataset
{
    private readonly string[] _files;
    private readonly int[] _labels;
    private readonly bool _resize;
    private readonly int _channels;
    private readonly string _root;
    private readonly IImageDecoder _decoder;

    /// <summary>Indexes the images below <paramref name="directory"/> and reads the first one to fix the image shape.</summary>
    /// <param name="directory">The root folder with one sub-folder per class.</param>
    /// <param name="channels">1, 3 or 4 to convert every image to; null takes the first image's channel count.</param>
    /// <param name="height">Resize every image to this height (bilinear); null requires all images to share the first image's size.</param>
    /// <param name="width">Resize every image to this width; given together with <paramref name="height"/>.</param>
    /// <param name="decoder">Decodes the files; null uses <see cref="ImageFile.BuiltInDecoder"/> (PNG, PGM, PPM).</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="ArgumentException">No class folder holds a supported image, or only one of height and width is given.</exception>
    /// <exception cref="NotSupportedException">A class folder holds an image format the decoder does not read.</exception>
    /// <exception cref="InvalidDataException">The first image is corrupt.</exception>
    public ImageFolderDataset(string directory, int? channels = null, int? height = null, int? width = null, IImageDecoder? decoder = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (!Directory.Exists(directory)) throw new DirectoryNotFoundException($"ImageFolderDataset: no folder at '{directory}'.");
        if (height.HasValue != width.HasValue)
            throw new ArgumentException($"ImageFolderDataset: give both height and width to resize, or neither (got height {height?.ToString() ?? "null"}, width {width?.ToString() ?? "null"}).");
        if (height is <= 0 || width is <= 0)
            throw new ArgumentOutOfRangeException(nameof(height), $"ImageFolderDataset: the size must be positive; got {height} × {width}.");
        if (channels is not null and not (1 or 3 or 4))
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "ImageFolderDataset: channels must be 1, 3, 4 or null.");

        _decoder = decoder ?? ImageFile.BuiltInDecoder;
        var extensions = _decoder.Extensions.Select(e => e.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        var unreadable = ImageFile.UnsupportedExtensions.Where(e => !extensions.Contains(e)).ToHashSet(StringComparer.Ordinal);
        var classDirs = Directory.GetDirectories(directory).OrderBy(d => Path.GetFileName(d), StringComparer.Ordinal).ToArray();
        var classNames = new List<string>();
        var files = new List<string>();
        var labels = new List<int>();
        foreach (var dir in classDirs)
        {
            var all = Directory.GetFiles(dir, "*", SearchOption.AllDirectories)
                .OrderBy(f => Path.GetRelativePath(dir, f), StringComparer.Ordinal).ToArray();
            var unsupported = all.Where(f => unreadable.Contains(Path.GetExtension(f).ToLowerInvariant())).ToArray();
            if (unsupported.Length > 0)
                throw new NotSupportedException($"ImageFolderDataset: '{unsupported[0]}' ({unsupported.Length} such files in '{dir}') is in a format the decoder {_decoder.GetType().Name} does not read (it reads {string.Join(", ", extensions.Order(StringComparer.Ordinal))}). Pass decoder: new SkiaImageDecoder() from the DeepLearning.Images package for JPEG, BMP, GIF and WebP, or convert the images to PNG.");
            var images = all.Where(f => extensions.Contains(Path.GetExtension(f).ToLowerInvariant())).ToArray();
            int label = classNames.Count;
            classNames.Add(Path.GetFileName(dir));
            files.AddRange(images);
            labels.AddRange(Enumerable.Repeat(label, images.Length));
        }
        if (files.Count == 0)
            throw new ArgumentException($"ImageFolderDataset: no image ({string.Join(", ", extensions.Order(StringComparer.Ordinal))}) in any sub-folder of '{directory}' (one sub-folder per class is expected).");
        ClassNames = classNames;
        _files = [.. files];
        _labels = [.. labels];

        var first = ImageFile.Read(_files[0], channels, _decoder);
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
            var image = ImageFile.Read(file, _channels, _decoder);
            if (_resize) image = image.Resized(h, w);
            else if (image.Height != h || image.Width != w)
                throw new InvalidDataException($"ImageFolderDataset: '{file}' is {image.Height} × {image.Width}, but the images of '{_root}' are {h} × {w}; pass height and width to resize them.");
            image.Data.CopyTo(pixels, i * per);
            labels[i] = _labels[indices[i]];
        }
        return new Batch([Tensor.FromArray(pixels, [indices.Length, h, w, c])], [Tensor.FromArray(labels)]);
    }
}
