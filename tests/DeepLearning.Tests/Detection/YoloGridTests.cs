using DeepLearning.Detection;

namespace DeepLearning.Tests.Detection;

/// <summary>Anchor assignment and YOLO decoding on hand-worked examples.</summary>
public class YoloGridTests
{
    [Fact]
    public void Encode_PicksTheCellAndTheBestAnchor()
    {
        // 3×3 grid, anchors (0.2, 0.4) and (0.4, 0.2), 3 classes. Object centre (0.5, 0.8), size 0.3 × 0.15, class 2:
        // column ⌊0.5·3⌋ = 1, row ⌊0.8·3⌋ = 2, offsets (1.5 − 1, 2.4 − 2) = (0.5, 0.4).
        // Shape IoU with anchor 0: min(0.3,0.2)·min(0.15,0.4) = 0.03, union 0.045 + 0.08 − 0.03 = 0.095 → 0.316;
        // with anchor 1: 0.3·0.15 = 0.045, union 0.045 + 0.08 − 0.045 = 0.08 → 0.5625: anchor 1.
        // t_w = ln(0.3/0.4) = −0.28768, t_h = ln(0.15/0.2) = −0.28768.
        var grid = new YoloGrid(3, [(0.2, 0.4), (0.4, 0.2)], 3);
        var target = grid.Encode([new LabeledBox(0.5, 0.8, 0.3, 0.15, 2)], out int unassigned);
        Assert.Equal(0, unassigned);
        Assert.Equal(new Shape(3, 3, 2, 8), target.Shape);
        TestHelpers.AssertValues([1, 0.5, 0.4, Math.Log(0.75), Math.Log(0.75), 0, 0, 1], target.Select(0, 2).Select(0, 1).Select(0, 1), 1e-6);
        // Nothing else is set: the whole target sums to that slot's 1 + 0.5 + 0.4 + 2·ln 0.75 + 1.
        Assert.Equal(2.9 + 2 * Math.Log(0.75), target.Sum().Item<float>(), 5);
    }

    [Fact]
    public void Encode_SecondObjectInTheCellTakesTheNextAnchor_ThenCountsAsUnassigned()
    {
        var grid = new YoloGrid(2, [(0.5, 0.5), (0.1, 0.1)], 1);
        // Both are 0.4 × 0.4 in cell (0, 0): anchor 0 (IoU 0.64) first, anchor 1 (IoU 0.0625) next, the third finds none.
        var objects = new[] { new LabeledBox(0.1, 0.1, 0.4, 0.4, 0), new LabeledBox(0.2, 0.3, 0.4, 0.4, 0), new LabeledBox(0.3, 0.3, 0.4, 0.4, 0) };
        var target = grid.Encode(objects, out int unassigned);
        Assert.Equal(1, unassigned);
        var cell = target.Select(0, 0).Select(0, 0);
        TestHelpers.AssertValues([1, 0.2, 0.2, Math.Log(0.8), Math.Log(0.8), 1], cell.Select(0, 0), 1e-6);
        TestHelpers.AssertValues([1, 0.4, 0.6, Math.Log(4), Math.Log(4), 1], cell.Select(0, 1), 1e-6);
    }

    [Fact]
    public void Decode_HandComputed()
    {
        // 2×2 grid, one anchor (0.5, 0.5), 2 classes. Cell (row 1, column 0): t_o = ln 4 → σ = 0.8; t_x = t_y = 0 → 0.5;
        // t_w = ln 2 → w = 0.5·2 = 1; t_h = 0 → h = 0.5; class logits (0, ln 3) → (0.25, 0.75).
        // Centre ((0 + 0.5)/2, (1 + 0.5)/2) = (0.25, 0.75); corners (−0.25, 0.5, 0.75, 1); score 0.8·0.75 = 0.6, class 1.
        // Every other cell has t_o = −10 (σ ≈ 4.5e-5): below the threshold.
        var grid = new YoloGrid(2, [(0.5, 0.5)], 2);
        var raw = new float[2 * 2 * 1 * 7];
        for (int cell = 0; cell < 4; cell++) raw[cell * 7] = -10;
        int at = (1 * 2 + 0) * 7;
        raw[at] = (float)Math.Log(4);
        raw[at + 3] = (float)Math.Log(2);
        raw[at + 6] = (float)Math.Log(3);
        var found = grid.Decode(Tensor.FromArray(raw, new Shape(2, 2, 7)), scoreThreshold: 0.5);
        var d = Assert.Single(found);
        Assert.Equal(1, d.Class);
        Assert.Equal(0.6, d.Score, 5);
        Assert.Equal(-0.25, d.X1, 5);
        Assert.Equal(0.5, d.Y1, 5);
        Assert.Equal(0.75, d.X2, 5);
        Assert.Equal(1.0, d.Y2, 5);
    }

    [Fact]
    public void DecodeOfTheEncodedTargetsLogits_GivesTheObjectsBack()
    {
        // Turn a target into the logits that produce it (σ⁻¹ of the offsets, large logits for P(object) and the class),
        // then decode: the boxes come back (to float32 rounding); the empty slots score σ(−20) ≈ 2e-9 and are dropped.
        var grid = new YoloGrid(4, [(0.3, 0.3), (0.6, 0.2)], 2);
        var objects = new[] { new LabeledBox(0.3, 0.6, 0.25, 0.35, 1), new LabeledBox(0.8, 0.15, 0.5, 0.2, 0) };
        var t = grid.Encode(objects, out _).ToArray<float>();
        for (int at = 0; at < t.Length; at += 7)
        {
            bool full = t[at] == 1;
            t[at] = full ? 20 : -20;
            t[at + 1] = (float)Math.Log(t[at + 1] / (1 - t[at + 1]));
            t[at + 2] = (float)Math.Log(t[at + 2] / (1 - t[at + 2]));
            t[at + 5] *= 20;
            t[at + 6] *= 20;
        }
        var found = grid.Decode(Tensor.FromArray(t, grid.OutputShape), 0.5);
        Assert.Equal(2, found.Count);
        foreach (var o in objects)
        {
            var d = Assert.Single(found, f => f.Class == o.Class);
            Assert.Equal(o.CenterX - o.Width / 2, d.X1, 4);
            Assert.Equal(o.CenterY + o.Height / 2, d.Y2, 4);
        }
    }

    [Fact]
    public void BadInputs_Throw()
    {
        Assert.Throws<ArgumentException>(() => new YoloGrid(3, [], 2));
        Assert.Throws<ArgumentException>(() => new YoloGrid(3, [(0.1, 0)], 2));
        var grid = new YoloGrid(3, [(0.2, 0.2)], 2);
        Assert.Throws<ArgumentException>(() => grid.Encode([new LabeledBox(1.2, 0.5, 0.1, 0.1, 0)], out _));
        Assert.Throws<ArgumentException>(() => grid.Encode([new LabeledBox(0.5, 0.5, 0.1, 0.1, 2)], out _));
        Assert.Throws<ArgumentException>(() => grid.Decode(Tensor.Zeros([3, 3, 6])));
    }
}
