using DeepLearning.Data;

namespace DeepLearning.Tests.Data;

public class StreamingDatasetTests
{
    private sealed class Source(int n)
    {
        public int Opened, Yielded;

        public IEnumerable<Example> Open()
        {
            Opened++;
            for (int i = 0; i < n; i++)
            {
                Yielded++;
                yield return new Example([Tensor.FromArray(new float[] { i, -i })], [Tensor.Scalar(i, DType.Int32)]);
            }
        }
    }

    [Fact]
    public void SequentialLoaderReadsEveryExampleOncePerEpoch()
    {
        var source = new Source(10);
        var data = new StreamingDataset(source.Open, 10, bufferSize: 4);
        var loader = new DataLoader(data, batchSize: 3, prefetch: false);
        var labels = loader.SelectMany(b => b.Target.ToArray<int>()).ToArray();
        Assert.Equal(Enumerable.Range(0, 10), labels);
        Assert.Equal(10, source.Yielded);
        Assert.Equal(1, source.Opened);
        // A second epoch starts from index 0, behind the buffer: one restart.
        labels = loader.SelectMany(b => b.Target.ToArray<int>()).ToArray();
        Assert.Equal(Enumerable.Range(0, 10), labels);
        Assert.Equal(1, data.Restarts);
        Assert.Equal(20, source.Yielded);
    }

    [Fact]
    public void StacksExamplesAndServesRecentIndicesFromTheBuffer()
    {
        var source = new Source(10);
        var data = new StreamingDataset(source.Open, 10, bufferSize: 4);
        var batch = data.GetBatch([5, 3, 4]);
        Assert.Equal(new Shape(3, 2), batch.Input.Shape);
        Assert.Equal([5f, -5f, 3f, -3f, 4f, -4f], batch.Input.ToArray<float>());
        Assert.Equal([5, 3, 4], batch.Target.ToArray<int>());
        Assert.Equal(6, source.Yielded);
        Assert.Equal([2], data.GetBatch([2]).Target.ToArray<int>());   // within the 4 most recent (2 … 5)
        Assert.Equal(0, data.Restarts);
        Assert.Equal([1], data.GetBatch([1]).Target.ToArray<int>());   // behind the buffer: restart
        Assert.Equal(1, data.Restarts);
        Assert.Equal(2, source.Opened);
    }

    [Fact]
    public void ASequenceShorterThanDeclaredRaisesClearly()
    {
        var data = new StreamingDataset(new Source(3).Open, 5);
        var ex = Assert.Throws<InvalidDataException>(() => data.GetBatch([4]));
        Assert.Contains("ended after 3 examples", ex.Message);
        Assert.Contains("declares 5", ex.Message);
    }

    [Fact]
    public void ExamplesThatDoNotStackRaise()
    {
        IEnumerable<Example> Ragged()
        {
            yield return new Example([Tensor.Zeros([2])], []);
            yield return new Example([Tensor.Zeros([3])], []);
        }
        var ex = Assert.Throws<InvalidDataException>(() => new StreamingDataset(Ragged, 2).GetBatch([0, 1]));
        Assert.Contains("must stack", ex.Message);
    }
}
