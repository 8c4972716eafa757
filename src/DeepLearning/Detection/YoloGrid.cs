namespace DeepLearning.Detection;

/// <summary>
/// The YOLO output layout (Redmon et al. 2016; anchors and the location parameterisation of YOLO9000, Redmon and
/// Farhadi 2017, §2 "Direct location prediction"; the course notes' "YOLO algorithm"): an S×S grid over the image,
/// A anchor boxes per cell, and per (cell, anchor) a vector of 5 + C numbers
/// (t_o, t_x, t_y, t_w, t_h, class scores c_1 … c_C). Coordinates are fractions of the image (0 … 1).
/// </summary>
/// <remarks>
/// Decoding (cell row r, column c, anchor (p_w, p_h)): P(object) = σ(t_o); centre x = (c + σ(t_x))/S, centre
/// y = (r + σ(t_y))/S; w = p_w·e^{t_w}, h = p_h·e^{t_h}; P(class | object) = softmax(c_1 … c_C); score =
/// P(object)·max P(class | object). Encoding writes the values these activations should reach: 1 in slot 0, the
/// centre's offsets inside its cell (the targets of σ(t_x), σ(t_y)), ln(w/p_w), ln(h/p_h) (the targets of t_w, t_h) and
/// a one-hot class; all other slots are 0.
/// </remarks>
public sealed class YoloGrid
{
    private readonly (double Width, double Height)[] _anchors;

    /// <summary>A grid of <paramref name="gridSize"/>² cells, each with the given anchors.</summary>
    /// <param name="gridSize">S, the cells per side; ≥ 1.</param>
    /// <param name="anchors">The anchors' (width, height) as fractions of the image; at least one, each &gt; 0.</param>
    /// <param name="classes">C; ≥ 1.</param>
    /// <exception cref="ArgumentException">A value out of range.</exception>
    public YoloGrid(int gridSize, IReadOnlyList<(double Width, double Height)> anchors, int classes)
    {
        ArgumentNullException.ThrowIfNull(anchors);
        if (gridSize < 1) throw new ArgumentOutOfRangeException(nameof(gridSize), gridSize, $"YoloGrid: gridSize must be ≥ 1; got {gridSize}.");
        if (classes < 1) throw new ArgumentOutOfRangeException(nameof(classes), classes, $"YoloGrid: classes must be ≥ 1; got {classes}.");
        if (anchors.Count == 0 || anchors.Any(a => !(a.Width > 0 && a.Height > 0) || !double.IsFinite(a.Width) || !double.IsFinite(a.Height)))
            throw new ArgumentException($"YoloGrid: anchors must be one or more finite (width, height) pairs > 0; got [{string.Join(", ", anchors)}].", nameof(anchors));
        GridSize = gridSize;
        _anchors = [.. anchors];
        Classes = classes;
    }

    /// <summary>S, the cells per side.</summary>
    public int GridSize { get; }

    /// <summary>The anchors' (width, height).</summary>
    public IReadOnlyList<(double Width, double Height)> Anchors => _anchors;

    /// <summary>C, the number of classes.</summary>
    public int Classes { get; }

    /// <summary>5 + C, the numbers per (cell, anchor).</summary>
    public int VectorLength => 5 + Classes;

    /// <summary>The shape of one image's target or output: (S, S, A, 5 + C).</summary>
    public Shape OutputShape => new(GridSize, GridSize, _anchors.Length, VectorLength);

    /// <summary>
    /// Assigns each object to the cell holding its centre (row ⌊cy·S⌋, column ⌊cx·S⌋, clamped to S − 1) and to the
    /// anchor of that cell whose shape has the highest IoU with the object's (both centred at the same point); if that
    /// anchor already holds an object, the next best free anchor of the cell is taken.
    /// </summary>
    /// <param name="objects">The image's objects.</param>
    /// <param name="unassigned">How many objects found no free anchor in their cell (they are not in the target).</param>
    /// <returns>The float32 target (S, S, A, 5 + C).</returns>
    /// <exception cref="ArgumentException">An object whose centre is outside [0, 1], whose size is not &gt; 0, or whose class is out of range.</exception>
    public Tensor Encode(IReadOnlyList<LabeledBox> objects, out int unassigned)
    {
        ArgumentNullException.ThrowIfNull(objects);
        int s = GridSize, a = _anchors.Length, v = VectorLength;
        var target = new float[s * s * a * v];
        unassigned = 0;
        var anchorBoxes = new double[a, 4];
        for (int k = 0; k < a; k++) (anchorBoxes[k, 2], anchorBoxes[k, 3]) = _anchors[k];
        using var noGrad = Tensor.NoGrad();
        var anchorTensor = Tensor.FromArray(anchorBoxes);
        for (int i = 0; i < objects.Count; i++)
        {
            var o = objects[i];
            if (!(o.CenterX >= 0 && o.CenterX <= 1 && o.CenterY >= 0 && o.CenterY <= 1) || !(o.Width > 0 && o.Height > 0)
                || !double.IsFinite(o.Width) || !double.IsFinite(o.Height) || o.Class < 0 || o.Class >= Classes)
                throw new ArgumentException($"YoloGrid.Encode: object {i} {o} needs a centre in [0, 1], a finite size > 0 and a class in [0, {Classes}).", nameof(objects));
            int col = Math.Min((int)(o.CenterX * s), s - 1), row = Math.Min((int)(o.CenterY * s), s - 1);
            var shape = Tensor.FromArray(new double[] { 0, 0, o.Width, o.Height });
            var iou = Boxes.Iou(shape, anchorTensor, BoxFormat.Center).ToArray<double>();
            int slot = Enumerable.Range(0, a).OrderByDescending(k => iou[k]).Select(k => ((row * s + col) * a + k) * v)
                .FirstOrDefault(at => target[at] == 0, -1);
            if (slot < 0)
            {
                unassigned++;
                continue;
            }
            int anchor = slot / v % a;
            target[slot] = 1;
            target[slot + 1] = (float)(o.CenterX * s - col);
            target[slot + 2] = (float)(o.CenterY * s - row);
            target[slot + 3] = (float)Math.Log(o.Width / _anchors[anchor].Width);
            target[slot + 4] = (float)Math.Log(o.Height / _anchors[anchor].Height);
            target[slot + 5 + o.Class] = 1;
        }
        return Tensor.FromArray(target, OutputShape);
    }

    /// <summary>Decodes one image's raw output into detections (formulas in the class remarks), keeps those scoring
    /// above <paramref name="scoreThreshold"/>, then applies per-class <see cref="NonMaxSuppression"/>.</summary>
    /// <param name="output">(S, S, A, 5 + C) or (S, S, A·(5 + C)) raw values (logits) for one image.</param>
    /// <param name="scoreThreshold">Minimum score, exclusive.</param>
    /// <param name="iouThreshold">NMS IoU threshold in [0, 1]; null skips suppression.</param>
    /// <returns>Detections in corner format, fractions of the image, highest score first.</returns>
    /// <exception cref="ArgumentException">An output of another shape.</exception>
    public IReadOnlyList<Detection> Decode(Tensor output, double scoreThreshold = 0.5, double? iouThreshold = 0.5)
    {
        ArgumentNullException.ThrowIfNull(output);
        int s = GridSize, a = _anchors.Length, v = VectorLength;
        bool flat = output.Shape == new Shape(s, s, a * v);
        if (output.Shape != OutputShape && !flat)
            throw new ArgumentException($"YoloGrid.Decode: expects one image's output {OutputShape} or ({s}, {s}, {a * v}); got {output.Shape}.", nameof(output));
        var t = output.ToArray<double>();
        var found = new List<Detection>();
        var probabilities = new double[Classes];
        for (int row = 0; row < s; row++)
            for (int col = 0; col < s; col++)
                for (int k = 0; k < a; k++)
                {
                    int at = ((row * s + col) * a + k) * v;
                    double max = double.NegativeInfinity, sum = 0;
                    for (int c = 0; c < Classes; c++) max = Math.Max(max, t[at + 5 + c]);
                    for (int c = 0; c < Classes; c++) sum += probabilities[c] = Math.Exp(t[at + 5 + c] - max);
                    int best = Array.IndexOf(probabilities, probabilities.Max());
                    double score = Sigmoid(t[at]) * probabilities[best] / sum;
                    if (!(score > scoreThreshold)) continue;
                    double cx = (col + Sigmoid(t[at + 1])) / s, cy = (row + Sigmoid(t[at + 2])) / s;
                    double w = _anchors[k].Width * Math.Exp(t[at + 3]), h = _anchors[k].Height * Math.Exp(t[at + 4]);
                    found.Add(new Detection(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2, score, best));
                }
        found.Sort((x, y) => y.Score.CompareTo(x.Score));
        return iouThreshold is double iou ? NonMaxSuppression.Apply(found, iou) : found;
    }

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));
}
