using DeepLearning.Data;

namespace DeepLearning.Tests.Data;

public class DatasetTests
{
    // x[i] = [10i, 10i + 1], y[i] = i.
    private static TensorDataset Numbers(int n)
    {
        var x = new float[n * 2];
        for (int i = 0; i < n; i++) { x[2 * i] = 10 * i; x[2 * i + 1] = 10 * i + 1; }
        return new TensorDataset(Tensor.FromArray(x, [n, 2]), Tensor.Arange(n, DType.Int32));
    }

    [Fact]
    public void TensorDatasetGathersRowsInRequestedOrder()
    {
        var data = Numbers(5);
        var batch = data.GetBatch([3, 0, 3]);
        Assert.Equal(new Shape(3, 2), batch.Input.Shape);
        Assert.Equal([30f, 31f, 0f, 1f, 30f, 31f], batch.Input.ToArray<float>());
        Assert.Equal([3, 0, 3], batch.Target.ToArray<int>());
        Assert.Equal(3, batch.Count);
        Assert.Null(batch.SampleWeights);
    }

    [Fact]
    public void TensorDatasetCarriesSeveralInputsTargetsAndWeights()
    {
        var a = Tensor.Arange(4).Reshape(4, 1);
        var b = Tensor.Arange(8).Reshape(4, 2);
        var y1 = Tensor.Arange(4, DType.Int32);
        var w = Tensor.FromArray(new float[] { 0.1f, 0.2f, 0.3f, 0.4f });
        var data = new TensorDataset([a, b], [y1, y1], w);
        var batch = data.GetBatch([2, 1]);
        Assert.Equal([2f, 1f], batch.Inputs[0].ToArray<float>());
        Assert.Equal([4f, 5f, 2f, 3f], batch.Inputs[1].ToArray<float>());
        Assert.Equal([2, 1], batch.Targets[1].ToArray<int>());
        Assert.Equal([0.3f, 0.2f], batch.SampleWeights!.ToArray<float>());
    }

    [Fact]
    public void TensorDatasetRejectsMismatchedLengthsAndBadIndices()
    {
        var ex = Assert.Throws<ArgumentException>(() => new TensorDataset(Tensor.Zeros([4, 2]), Tensor.Zeros([3])));
        Assert.Contains("(3,)", ex.Message);
        Assert.Contains("4 examples", ex.Message);
        Assert.Throws<ArgumentException>(() => new TensorDataset(Tensor.Scalar(1)));
        Assert.Throws<ArgumentException>(() => new TensorDataset(Tensor.Zeros([4, 2]), null, Tensor.Zeros([4], DType.Int32)));
        var data = Numbers(4);
        var oob = Assert.Throws<ArgumentOutOfRangeException>(() => data.GetBatch([1, 4]));
        Assert.Contains("index 4 at position 1", oob.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => data.GetBatch([-1]));
        Assert.Throws<ArgumentException>(() => data.GetBatch([]));
    }

    [Fact]
    public void GatheredBatchesOutliveTheCallersScopeAndRecordNoGradient()
    {
        var x = Tensor.Arange(6).Reshape(3, 2);
        x.RequiresGrad = true;
        var data = new TensorDataset(x);
        var batch = data.GetBatch([2]);
        Assert.False(batch.Input.RequiresGrad);
        Assert.Equal([4f, 5f], batch.Input.ToArray<float>());
    }

    [Fact]
    public void SubsetMapsIndicesAndValidates()
    {
        var data = Numbers(6);
        var sub = data.Subset([5, 2, 4]);
        Assert.Equal(3, sub.Count);
        Assert.Equal([4, 5], sub.GetBatch([2, 0]).Target.ToArray<int>());
        var range = data.Subset(1..3);
        Assert.Equal([1, 2], range.GetAll().Target.ToArray<int>());
        Assert.Throws<ArgumentOutOfRangeException>(() => data.Subset([6]));
        Assert.Throws<ArgumentOutOfRangeException>(() => data.Subset(2..9));
    }

    [Fact]
    public void SplitIsSeededDisjointAndSizedByCeiling()
    {
        var data = Numbers(10);
        var (train, test) = data.Split(0.25, seed: 7);
        // scikit-learn: n_test = ceil(0.25·10) = 3, n_train = 7.
        Assert.Equal(7, train.Count);
        Assert.Equal(3, test.Count);
        var all = train.Indices.Concat(test.Indices).OrderBy(i => i).ToArray();
        Assert.Equal(Enumerable.Range(0, 10), all);
        var (train2, test2) = data.Split(0.25, seed: 7);
        Assert.Equal(train.Indices, train2.Indices);
        Assert.Equal(test.Indices, test2.Indices);
        var (_, test3) = data.Split(0.25, seed: 8);
        Assert.NotEqual(test.Indices, test3.Indices);
        // Without shuffling the test part is the tail, as Keras's validation_split.
        var (head, tail) = data.Split(0.2, shuffle: false);
        Assert.Equal([8, 9], tail.Indices);
        Assert.Equal(Enumerable.Range(0, 8), head.Indices);
        Assert.Throws<ArgumentOutOfRangeException>(() => data.Split(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => data.Split(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Numbers(1).Split(0.5));
    }

    [Fact]
    public void TrainTestSplitUsesTheSamePermutationForXAndY()
    {
        var x = Tensor.Arange(20).Reshape(10, 2);
        var y = Tensor.Arange(10, DType.Int32);
        var (xTrain, xTest, yTrain, yTest) = TrainTestSplit.Split(x, y, 0.3, seed: 3);
        Assert.Equal(new Shape(7, 2), xTrain.Shape);
        Assert.Equal(new Shape(3, 2), xTest.Shape);
        var yt = yTest.ToArray<int>();
        var xt = xTest.ToArray<float>();
        for (int i = 0; i < yt.Length; i++) Assert.Equal(2 * yt[i], xt[2 * i]);
        Assert.Equal(Enumerable.Range(0, 10), yTrain.ToArray<int>().Concat(yt).OrderBy(v => v));
        // Same rule as Dataset.Split with the same seed.
        var (_, test) = new TensorDataset(x, y).Split(0.3, seed: 3);
        Assert.Equal(test.Indices, yt);
        Assert.Throws<ArgumentException>(() => TrainTestSplit.Split(x, Tensor.Zeros([9]), 0.3));
    }

    [Fact]
    public void OneHotEncodesAndRejectsOutOfRangeLabels()
    {
        var t = OneHot.Encode([2, 0, 1], 3);
        Assert.Equal(new Shape(3, 3), t.Shape);
        Assert.Equal([0f, 0, 1, 1, 0, 0, 0, 1, 0], t.ToArray<float>());
        Assert.Equal(new Shape(2, 4), OneHot.Encode([3, 1]).Shape);   // classes = max + 1
        var fromTensor = OneHot.Encode(Tensor.FromArray(new[] { 1, 2, 0, 1 }, [2, 2]), 3, DType.Float64);
        Assert.Equal(new Shape(2, 2, 3), fromTensor.Shape);
        Assert.Equal(DType.Float64, fromTensor.DType);
        Assert.Equal([1, 2, 0, 1], OneHot.Decode(fromTensor).ToArray<int>());
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => OneHot.Encode([0, 3], 3));
        Assert.Contains("label 3 at position 1", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => OneHot.Encode([-1]));
        Assert.Throws<ArgumentException>(() => OneHot.Encode(Tensor.Zeros([2])));
    }
}
