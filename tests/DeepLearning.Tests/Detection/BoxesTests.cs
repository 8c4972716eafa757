using DeepLearning.Detection;

namespace DeepLearning.Tests.Detection;

/// <summary>IoU and box conversions on hand-computed examples.</summary>
public class BoxesTests
{
    private static Tensor B(params double[] values) => Tensor.FromArray(values, new Shape(values.Length / 4, 4));

    [Fact]
    public void Iou_Corners_HandComputed()
    {
        // (0,0,2,2) and (1,1,3,3): intersection 1×1 = 1, union 4 + 4 − 1 = 7 → 1/7.
        // (0,0,4,4) and (1,1,2,2): the small box inside, 1/16.
        // (0,0,1,1) and (2,2,3,3): disjoint → 0. (0,0,2,1) and (1,0,3,1): intersection 1×1 = 1, union 2 + 2 − 1 → 1/3.
        // Identical boxes → 1; touching edges (0,0,1,1) and (1,0,2,1) → 0.
        var a = B(0, 0, 2, 2, 0, 0, 4, 4, 0, 0, 1, 1, 0, 0, 2, 1, 5, 5, 7, 8, 0, 0, 1, 1);
        var b = B(1, 1, 3, 3, 1, 1, 2, 2, 2, 2, 3, 3, 1, 0, 3, 1, 5, 5, 7, 8, 1, 0, 2, 1);
        TestHelpers.AssertValues([1.0 / 7, 1.0 / 16, 0, 1.0 / 3, 1, 0], Boxes.Iou(a, b), 1e-12);
    }

    [Fact]
    public void Iou_Center_MatchesTheCornerExample()
    {
        // (1,1,2,2) in centre format is corners (0,0,2,2); (2,2,2,2) is (1,1,3,3): IoU 1/7 as above.
        // Centre (0.5,0.5,1,1) vs (1,0.5,1,1): corners (0,0,1,1) and (0.5,0,1.5,1), overlap 0.5 → 0.5/1.5 = 1/3.
        var a = B(1, 1, 2, 2, 0.5, 0.5, 1, 1);
        var b = B(2, 2, 2, 2, 1, 0.5, 1, 1);
        TestHelpers.AssertValues([1.0 / 7, 1.0 / 3], Boxes.Iou(a, b, BoxFormat.Center), 1e-12);
        TestHelpers.AssertValues([0, 0, 2, 2, -0.5, 0, 0.5, 1], Boxes.CenterToCorners(B(1, 1, 2, 2, 0, 0.5, 1, 1)), 1e-12);
        TestHelpers.AssertValues([1, 1, 2, 2], Boxes.CornersToCenter(B(0, 0, 2, 2)), 1e-12);
    }

    [Fact]
    public void PairwiseIou_IsTheMatrixOfAllPairs()
    {
        var a = B(0, 0, 2, 2, 0, 0, 4, 4);
        var b = B(1, 1, 3, 3, 1, 1, 2, 2, 10, 10, 11, 11);
        // (0,0,2,2)·(1,1,2,2): the second is inside the first, 1/4. (0,0,4,4)·(1,1,3,3): 4/16.
        var m = Boxes.PairwiseIou(a, b);
        Assert.Equal(new Shape(2, 3), m.Shape);
        TestHelpers.AssertValues([1.0 / 7, 0.25, 0, 0.25, 1.0 / 16, 0], m, 1e-12);
    }

    [Fact]
    public void Iou_HasAGradient()
    {
        // IoU((x1,y1,x2,y2), (1,1,3,3)) at (0,0,2,2): I = (x2 − 1)(y2 − 1) = 1, U = (x2 − x1)(y2 − y1) + 4 − I = 7,
        // dIoU = (U·dI − I·dU)/U². x2: dI = 1, dU = 2 − 1 → (7 − 1)/49 = 6/49 (y2 alike).
        // x1: dI = 0 (the intersection starts at the other box's 1), dU = −2 → 2/49 (y1 alike).
        var a = B(0, 0, 2, 2);
        a.RequiresGrad = true;
        Boxes.Iou(a, B(1, 1, 3, 3)).Sum().Backward();
        TestHelpers.AssertValues([2.0 / 49, 2.0 / 49, 6.0 / 49, 6.0 / 49], a.Grad!, 1e-12);
    }

    [Fact]
    public void BadShapes_Throw()
    {
        Assert.Throws<ArgumentException>(() => Boxes.Iou(Tensor.Zeros([2, 3]), Tensor.Zeros([2, 3])));
        Assert.Throws<ArgumentException>(() => Boxes.PairwiseIou(Tensor.Zeros([4]), Tensor.Zeros([1, 4])));
        Assert.Throws<ArgumentException>(() => Boxes.Iou(Tensor.Zeros([2, 4]), Tensor.Zeros([3, 4])));
    }
}
