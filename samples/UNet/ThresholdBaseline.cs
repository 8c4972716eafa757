namespace DeepLearning.Samples.UNet;

/// <summary>
/// The best segmentation an intensity threshold can give, to show the task is not trivial. For a threshold t
/// (0.01 … 0.99 in steps of 0.01) and a polarity (foreground = pixels brighter than t, or darker than t), the
/// foreground becomes label 1 and the rest label 0, and the 3-class mask follows with the same rule as the true
/// masks (<see cref="ShapesDataset.LabelsToClasses"/>: border where the 3×3 neighbourhood is not constant, i.e. the
/// morphological gradient, dilation minus erosion, of the thresholded mask). The search also tries the image
/// smoothed by a 3×3 box filter (which removes most of the pixel noise before thresholding). The result is the
/// highest mean IoU over all images together, computed as <see cref="Metrics.MeanIoU"/> does.
/// </summary>
public static class ThresholdBaseline
{
    /// <summary>The best (mean IoU, per-class IoU, threshold, polarity, smoothed) over the search.</summary>
    public static (double MeanIoU, double[] PerClass, double Threshold, bool Brighter, bool Smoothed) Search(float[] images, int[] masks)
    {
        const int n = ShapesDataset.Size * ShapesDataset.Size;
        int count = images.Length / n;
        var smoothed = BoxFilter(images, count);
        var best = (MeanIoU: -1.0, PerClass: Array.Empty<double>(), Threshold: 0.0, Brighter: true, Smoothed: false);
        var labels = new int[n];
        var predicted = new int[n];
        foreach (bool smooth in new[] { false, true })
            foreach (bool brighter in new[] { true, false })
                for (int step = 1; step <= 99; step++)
                {
                    double t = step / 100.0;
                    var confusion = new double[3, 3];
                    var source = smooth ? smoothed : images;
                    for (int i = 0; i < count; i++)
                    {
                        for (int p = 0; p < n; p++)
                            labels[p] = (source[i * n + p] > t) == brighter ? 1 : 0;
                        ShapesDataset.LabelsToClasses(labels, predicted);
                        for (int p = 0; p < n; p++) confusion[masks[i * n + p], predicted[p]]++;
                    }
                    var (mean, perClass) = IoU(confusion);
                    if (mean > best.MeanIoU) best = (mean, perClass, t, brighter, smooth);
                }
        return best;
    }

    /// <summary>Per-class IoU = C[k,k] / (row k + column k − C[k,k]) of a confusion matrix (rows true, columns
    /// predicted) and their mean over the classes with a nonzero denominator.</summary>
    public static (double Mean, double[] PerClass) IoU(double[,] confusion)
    {
        int k = confusion.GetLength(0), valid = 0;
        var iou = new double[k];
        for (int c = 0; c < k; c++)
        {
            double row = 0, column = 0;
            for (int j = 0; j < k; j++) { row += confusion[c, j]; column += confusion[j, c]; }
            double union = row + column - confusion[c, c];
            if (union <= 0) continue;
            valid++;
            iou[c] = confusion[c, c] / union;
        }
        return (iou.Sum() / Math.Max(valid, 1), iou);
    }

    /// <summary>The mean of each pixel's 3×3 neighbourhood (clipped to the image) for <paramref name="count"/> images.</summary>
    public static float[] BoxFilter(float[] images, int count)
    {
        const int s = ShapesDataset.Size;
        var result = new float[images.Length];
        for (int i = 0; i < count; i++)
            for (int y = 0; y < s; y++)
                for (int x = 0; x < s; x++)
                {
                    double sum = 0;
                    int m = 0;
                    for (int yy = Math.Max(0, y - 1); yy <= Math.Min(s - 1, y + 1); yy++)
                        for (int xx = Math.Max(0, x - 1); xx <= Math.Min(s - 1, x + 1); xx++)
                        {
                            sum += images[i * s * s + yy * s + xx];
                            m++;
                        }
                    result[i * s * s + y * s + x] = (float)(sum / m);
                }
        return result;
    }
}
