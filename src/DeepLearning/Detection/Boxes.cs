namespace DeepLearning.Detection;

/// <summary>
/// Bounding-box arithmetic on tensors whose last axis holds four numbers (<see cref="BoxFormat"/>). Every function is
/// composed from differentiable tensor ops, so an IoU can also serve as a training loss.
/// </summary>
public static class Boxes
{
    /// <summary>Converts (cx, cy, w, h) to (x1, y1, x2, y2) = (cx − w/2, cy − h/2, cx + w/2, cy + h/2).</summary>
    /// <param name="boxes">(…, 4) in <see cref="BoxFormat.Center"/>.</param>
    /// <returns>(…, 4) in <see cref="BoxFormat.Corners"/>.</returns>
    /// <exception cref="ArgumentException">The last axis is not of size 4.</exception>
    public static Tensor CenterToCorners(Tensor boxes)
    {
        var (a, b, w, h) = Split(boxes, nameof(CenterToCorners));
        var halfW = w * 0.5;
        var halfH = h * 0.5;
        return Tensor.Concat([a - halfW, b - halfH, a + halfW, b + halfH], -1);
    }

    /// <summary>Converts (x1, y1, x2, y2) to (cx, cy, w, h) = ((x1 + x2)/2, (y1 + y2)/2, x2 − x1, y2 − y1).</summary>
    /// <param name="boxes">(…, 4) in <see cref="BoxFormat.Corners"/>.</param>
    /// <returns>(…, 4) in <see cref="BoxFormat.Center"/>.</returns>
    /// <exception cref="ArgumentException">The last axis is not of size 4.</exception>
    public static Tensor CornersToCenter(Tensor boxes)
    {
        var (x1, y1, x2, y2) = Split(boxes, nameof(CornersToCenter));
        return Tensor.Concat([(x1 + x2) * 0.5, (y1 + y2) * 0.5, x2 - x1, y2 - y1], -1);
    }

    /// <summary>
    /// Intersection over union of matching boxes, broadcasting over the leading axes:
    /// IoU = |A ∩ B| / (|A| + |B| − |A ∩ B|), with |A ∩ B| = max(0, min(x2, x2') − max(x1, x1'))·max(0, min(y2, y2') −
    /// max(y1, y1')) and |A| = max(0, x2 − x1)·max(0, y2 − y1) (a box with x2 &lt; x1 has no area). Two boxes whose
    /// union is empty have IoU 0. In [0, 1]; 1 for identical boxes, 0 for disjoint ones.
    /// </summary>
    /// <param name="a">(…, 4) boxes.</param>
    /// <param name="b">(…, 4) boxes, broadcastable with <paramref name="a"/>.</param>
    /// <param name="format">The layout of both.</param>
    /// <returns>The broadcast shape of a and b without the last axis.</returns>
    /// <exception cref="ArgumentException">A last axis not of size 4, or shapes that do not broadcast.</exception>
    public static Tensor Iou(Tensor a, Tensor b, BoxFormat format = BoxFormat.Corners)
    {
        if (format == BoxFormat.Center)
        {
            a = CenterToCorners(a);
            b = CenterToCorners(b);
        }
        var (ax1, ay1, ax2, ay2) = Split(a, nameof(Iou));
        var (bx1, by1, bx2, by2) = Split(b, nameof(Iou));
        var interW = (Tensor.Minimum(ax2, bx2) - Tensor.Maximum(ax1, bx1)).Relu();
        var interH = (Tensor.Minimum(ay2, by2) - Tensor.Maximum(ay1, by1)).Relu();
        var inter = interW * interH;
        var union = (ax2 - ax1).Relu() * (ay2 - ay1).Relu() + (bx2 - bx1).Relu() * (by2 - by1).Relu() - inter;
        // An empty union has an empty intersection: 0 / tiny = 0 instead of 0 / 0.
        var iou = inter / Tensor.Maximum(union, Tensor.Scalar(1e-30, union.DType, union.Device));
        return iou.Squeeze(-1);
    }

    /// <summary>The IoU of every box of <paramref name="a"/> with every box of <paramref name="b"/>.</summary>
    /// <param name="a">(N, 4) boxes.</param>
    /// <param name="b">(M, 4) boxes.</param>
    /// <param name="format">The layout of both.</param>
    /// <returns>(N, M): element (i, j) is IoU(a[i], b[j]).</returns>
    /// <exception cref="ArgumentException">An input that is not (n, 4).</exception>
    public static Tensor PairwiseIou(Tensor a, Tensor b, BoxFormat format = BoxFormat.Corners)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Rank != 2 || b.Rank != 2)
            throw new ArgumentException($"PairwiseIou: expects (N, 4) and (M, 4) boxes; got {a.Shape} and {b.Shape}.");
        return Iou(a.Unsqueeze(1), b.Unsqueeze(0), format);
    }

    private static (Tensor, Tensor, Tensor, Tensor) Split(Tensor boxes, string op)
    {
        ArgumentNullException.ThrowIfNull(boxes);
        if (boxes.Rank == 0 || boxes.Shape[-1] != 4)
            throw new ArgumentException($"{op}: boxes need a last axis of 4 numbers; got shape {boxes.Shape}.");
        if (!boxes.DType.IsFloating())
            throw new ArgumentException($"{op}: boxes must be floating point; got {boxes.DType}.");
        return (boxes.Narrow(-1, 0, 1), boxes.Narrow(-1, 1, 1), boxes.Narrow(-1, 2, 1), boxes.Narrow(-1, 3, 1));
    }
}
