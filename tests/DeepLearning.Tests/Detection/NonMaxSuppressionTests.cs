using DeepLearning.Detection;

namespace DeepLearning.Tests.Detection;

/// <summary>Non-max suppression on a hand-worked example.</summary>
public class NonMaxSuppressionTests
{
    // 0: (0,0,2,2) 0.9 class 0
    // 1: (0.1,0.1,2.1,2.1) 0.8 class 0: IoU with 0 = 1.9²/(4 + 4 − 3.61) = 3.61/4.39 = 0.8223 > 0.5 → suppressed by 0
    // 2: (3,3,5,5) 0.7 class 0: disjoint from 0 → kept
    // 3: (0,0,2,2) 0.3 class 0: score ≤ 0.4 → dropped before suppression
    // 4: (1,0,3,2) 0.85 class 0: IoU with 0 = 2/(4 + 4 − 2) = 1/3 ≤ 0.5 → kept (second by score)
    // 5: (0,0,2,2) 0.6 class 1: same box as 0 but another class → kept
    private static readonly double[,] BoxData = { { 0, 0, 2, 2 }, { 0.1, 0.1, 2.1, 2.1 }, { 3, 3, 5, 5 }, { 0, 0, 2, 2 }, { 1, 0, 3, 2 }, { 0, 0, 2, 2 } };
    private static readonly double[] Scores = [0.9, 0.8, 0.7, 0.3, 0.85, 0.6];
    private static readonly int[] ClassData = [0, 0, 0, 0, 0, 1];

    [Fact]
    public void PerClass_WithScoreAndIouThresholds()
    {
        var kept = NonMaxSuppression.Select(Tensor.FromArray(BoxData), Tensor.FromArray(Scores), Tensor.FromArray(ClassData),
            iouThreshold: 0.5, scoreThreshold: 0.4);
        Assert.Equal([0, 4, 2, 5], kept);
    }

    [Fact]
    public void WithoutClasses_TheSameBoxOfAnotherClassIsSuppressed_AndThresholdsMove()
    {
        var boxes = Tensor.FromArray(BoxData);
        var scores = Tensor.FromArray(Scores);
        Assert.Equal([0, 4, 2], NonMaxSuppression.Select(boxes, scores, iouThreshold: 0.5, scoreThreshold: 0.4));
        // IoU threshold 0.9: box 1 (0.8223) survives; box 5 (IoU 1 with 0) and 3 (IoU 1) do not.
        Assert.Equal([0, 4, 1, 2], NonMaxSuppression.Select(boxes, scores, iouThreshold: 0.9));
        // IoU threshold 0.3: box 4 (1/3 with 0) is now suppressed as well.
        Assert.Equal([0, 2], NonMaxSuppression.Select(boxes, scores, iouThreshold: 0.3));
        Assert.Equal([0, 4], NonMaxSuppression.Select(boxes, scores, maxOutputs: 2));
    }

    [Fact]
    public void Detections_AreFilteredTheSameWay()
    {
        var detections = Enumerable.Range(0, 6).Select(i =>
            new DeepLearning.Detection.Detection(BoxData[i, 0], BoxData[i, 1], BoxData[i, 2], BoxData[i, 3], Scores[i], ClassData[i])).ToList();
        var kept = NonMaxSuppression.Apply(detections, 0.5, 0.4);
        Assert.Equal([0.9, 0.85, 0.7, 0.6], kept.Select(d => d.Score));
        Assert.Empty(NonMaxSuppression.Apply([]));
    }

    [Fact]
    public void BadInputs_Throw()
    {
        var boxes = Tensor.FromArray(BoxData);
        Assert.Throws<ArgumentException>(() => NonMaxSuppression.Select(boxes, Tensor.Zeros([5])));
        Assert.Throws<ArgumentException>(() => NonMaxSuppression.Select(boxes, Tensor.FromArray(new[] { 1.0, double.NaN, 0, 0, 0, 0 })));
        Assert.Throws<ArgumentOutOfRangeException>(() => NonMaxSuppression.Select(boxes, Tensor.FromArray(Scores), iouThreshold: 1.5));
        Assert.Throws<ArgumentException>(() => NonMaxSuppression.Select(boxes, Tensor.FromArray(Scores), Tensor.Zeros([6])));
    }
}
