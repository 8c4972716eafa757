namespace DeepLearning.Detection;

/// <summary>
/// Greedy non-max suppression (the course notes' YOLO step; tf.image.non_max_suppression, torchvision.ops.batched_nms):
/// drop every box whose score is ≤ the score threshold; then, in decreasing score order, keep a box and suppress every
/// later box of the same class whose IoU with it is &gt; the IoU threshold. Boxes of different classes never suppress
/// each other. Equal scores keep their input order.
/// </summary>
public static class NonMaxSuppression
{
    /// <summary>The indices of the boxes kept, in decreasing score order.</summary>
    /// <param name="boxes">(N, 4) boxes.</param>
    /// <param name="scores">(N) scores (finite).</param>
    /// <param name="classes">(N) int32 class indices, or null: one class for all.</param>
    /// <param name="iouThreshold">A box is suppressed by a kept box of its class when their IoU exceeds this; in [0, 1].</param>
    /// <param name="scoreThreshold">Boxes scoring ≤ this are dropped first (−∞: none).</param>
    /// <param name="maxOutputs">At most this many indices are returned; ≥ 0.</param>
    /// <param name="format">The layout of <paramref name="boxes"/>.</param>
    /// <returns>Indices into the inputs.</returns>
    /// <exception cref="ArgumentException">Shapes that do not match (N, 4), (N) and (N), a NaN score, or a threshold out of range.</exception>
    public static int[] Select(Tensor boxes, Tensor scores, Tensor? classes = null, double iouThreshold = 0.5,
        double scoreThreshold = double.NegativeInfinity, int maxOutputs = int.MaxValue, BoxFormat format = BoxFormat.Corners)
    {
        ArgumentNullException.ThrowIfNull(boxes);
        ArgumentNullException.ThrowIfNull(scores);
        if (boxes.Rank != 2 || boxes.Shape[1] != 4 || scores.Rank != 1 || scores.Shape[0] != boxes.Shape[0]
            || (classes is not null && (classes.Rank != 1 || classes.Shape[0] != boxes.Shape[0] || classes.DType != DType.Int32)))
            throw new ArgumentException(
                $"NonMaxSuppression: expects boxes (N, 4), scores (N) and int32 classes (N); got {boxes.Shape}, {scores.Shape}" +
                (classes is null ? "." : $" and {classes.Shape} {classes.DType}."));
        if (!(iouThreshold >= 0 && iouThreshold <= 1))
            throw new ArgumentOutOfRangeException(nameof(iouThreshold), iouThreshold, $"NonMaxSuppression: iouThreshold must be in [0, 1]; got {iouThreshold}.");
        if (double.IsNaN(scoreThreshold))
            throw new ArgumentOutOfRangeException(nameof(scoreThreshold), scoreThreshold, "NonMaxSuppression: scoreThreshold is NaN.");
        ArgumentOutOfRangeException.ThrowIfNegative(maxOutputs);

        var s = scores.ToArray<double>();
        if (Array.FindIndex(s, double.IsNaN) is int nan and >= 0)
            throw new ArgumentException($"NonMaxSuppression: score {nan} is NaN.", nameof(scores));
        var c = classes?.ToArray<int>();
        var order = Enumerable.Range(0, s.Length).Where(i => s[i] > scoreThreshold).OrderByDescending(i => s[i]).ToArray();
        if (order.Length == 0 || maxOutputs == 0) return [];

        double[] iou;
        using (Tensor.NoGrad())
        {
            var candidates = boxes.Detach().Gather(Tensor.FromArray(order), 0);
            iou = Boxes.PairwiseIou(candidates, candidates, format).ToArray<double>();
        }
        int n = order.Length;
        var suppressed = new bool[n];
        var kept = new List<int>();
        for (int i = 0; i < n && kept.Count < maxOutputs; i++)
        {
            if (suppressed[i]) continue;
            kept.Add(order[i]);
            for (int j = i + 1; j < n; j++)
                if (!suppressed[j] && (c is null || c[order[i]] == c[order[j]]) && iou[i * n + j] > iouThreshold)
                    suppressed[j] = true;
        }
        return [.. kept];
    }

    /// <summary>Non-max suppression of detections (per class), returning those kept in decreasing score order.</summary>
    /// <param name="detections">Candidate detections.</param>
    /// <param name="iouThreshold">IoU above which a lower-scoring detection of the same class is suppressed; in [0, 1].</param>
    /// <param name="scoreThreshold">Detections scoring ≤ this are dropped first.</param>
    /// <param name="maxOutputs">At most this many are returned.</param>
    /// <returns>The detections kept.</returns>
    /// <exception cref="ArgumentException">A NaN score or a threshold out of range.</exception>
    public static IReadOnlyList<Detection> Apply(IReadOnlyList<Detection> detections, double iouThreshold = 0.5,
        double scoreThreshold = double.NegativeInfinity, int maxOutputs = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(detections);
        if (detections.Count == 0) return [];
        var boxes = new double[detections.Count, 4];
        for (int i = 0; i < detections.Count; i++)
            (boxes[i, 0], boxes[i, 1], boxes[i, 2], boxes[i, 3]) = (detections[i].X1, detections[i].Y1, detections[i].X2, detections[i].Y2);
        var kept = Select(Tensor.FromArray(boxes), Tensor.FromArray(detections.Select(d => d.Score).ToArray()),
            Tensor.FromArray(detections.Select(d => d.Class).ToArray()), iouThreshold, scoreThreshold, maxOutputs);
        return [.. kept.Select(i => detections[i])];
    }
}
