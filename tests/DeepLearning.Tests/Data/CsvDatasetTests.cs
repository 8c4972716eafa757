using DeepLearning.Data;

namespace DeepLearning.Tests.Data;

public class CsvDatasetTests
{
    private const string Housing = """
        rooms,age,"price",label
        3, 10.5 ,200000,1
        4,2,1.5e5,0

        "2",-7,NaN,2
        """;

    [Fact]
    public void ParsesFeaturesAndTargetsByName()
    {
        var data = new CsvDataset(new StringReader(Housing), new CsvOptions { TargetColumnNames = ["price"] });
        Assert.Equal(["rooms", "age", "price", "label"], data.ColumnNames);
        Assert.Equal([0, 1, 3], data.FeatureColumns);
        Assert.Equal(3, data.Count);
        Assert.Equal(new Shape(3, 3), data.Features.Shape);
        Assert.Equal([3f, 10.5f, 1, 4, 2, 0, 2, -7, 2], data.Features.ToArray<float>());
        Assert.Equal(new Shape(3, 1), data.Targets!.Shape);
        var y = data.Targets.ToArray<float>();
        Assert.Equal(200000f, y[0]);
        Assert.Equal(150000f, y[1]);
        Assert.True(float.IsNaN(y[2]));
        var batch = data.GetBatch([1]);
        Assert.Equal([4f, 2, 0], batch.Input.ToArray<float>());
    }

    [Fact]
    public void IntegerTargetsByPositionWithoutHeader()
    {
        var text = "1,2,0\n3,4,2\n5,6,1\n";
        var data = new CsvDataset(new StringReader(text), new CsvOptions { HasHeader = false, TargetColumns = [-1], TargetDType = DType.Int32 });
        Assert.Equal(["column 0", "column 1", "column 2"], data.ColumnNames);
        Assert.Equal(DType.Int32, data.Targets!.DType);
        Assert.Equal(new Shape(3), data.Targets.Shape);
        Assert.Equal([0, 2, 1], data.Targets.ToArray<int>());
        var semicolons = new CsvDataset(new StringReader("a;b\n1;2\n"), new CsvOptions { Delimiter = ';' });
        Assert.Null(semicolons.Targets);
        Assert.Equal([1f, 2f], semicolons.Features.ToArray<float>());
    }

    [Fact]
    public void BadRowsRaiseWithTheLineNumber()
    {
        var wrongCount = Assert.Throws<InvalidDataException>(() => new CsvDataset(new StringReader("a,b\n1,2\n3\n"), sourceName: "t.csv"));
        Assert.Contains("'t.csv' line 3 has 1 fields; expected 2", wrongCount.Message);
        var notNumber = Assert.Throws<InvalidDataException>(() => new CsvDataset(new StringReader("a,b\n1,2\n\n3,x7\n"), sourceName: "t.csv"));
        Assert.Contains("line 4, column 2 ('b'): 'x7' is not a number", notNumber.Message);
        var notInteger = Assert.Throws<InvalidDataException>(() => new CsvDataset(new StringReader("a,y\n1,2.5\n"),
            new CsvOptions { TargetColumnNames = ["y"], TargetDType = DType.Int32 }));
        Assert.Contains("line 2, column 2 ('y'): int32 target '2.5' is not an integer", notInteger.Message);
        Assert.Throws<InvalidDataException>(() => new CsvDataset(new StringReader("a,b\n")));
        var noColumn = Assert.Throws<ArgumentException>(() => new CsvDataset(new StringReader("a,b\n1,2\n"), new CsvOptions { TargetColumnNames = ["c"] }));
        Assert.Contains("no column named 'c'", noColumn.Message);
        Assert.Throws<ArgumentException>(() => new CsvDataset(new StringReader("a,b\n1,2\n"), new CsvOptions { TargetColumns = [2] }));
        Assert.Throws<FileNotFoundException>(() => new CsvDataset("/no/such/file.csv"));
    }

    [Fact]
    public void StreamingReadsTheSameExamplesLazily()
    {
        using var dir = new TempDirectory();
        string path = dir.File("data.csv");
        var lines = new List<string> { "x1,x2,y" };
        for (int i = 0; i < 25; i++) lines.Add($"{i},{i * 0.5},{i % 3}");
        File.WriteAllLines(path, lines);
        var options = new CsvOptions { TargetColumns = [2], TargetDType = DType.Int32 };
        var inMemory = new CsvDataset(path, options);
        var streamed = CsvDataset.Stream(path, options, bufferSize: 8);
        Assert.Equal(25, streamed.Count);
        var a = new DataLoader(inMemory, 10).ToList();
        var b = new DataLoader(streamed, 10).ToList();
        Assert.Equal(a.Count, b.Count);
        for (int i = 0; i < a.Count; i++)
        {
            Assert.Equal(a[i].Input.Shape, b[i].Input.Shape);
            Assert.Equal(a[i].Input.ToArray<float>(), b[i].Input.ToArray<float>());
            Assert.Equal(a[i].Target.ToArray<int>(), b[i].Target.ToArray<int>());
        }
        File.AppendAllText(path, "1,oops,2\n");
        var broken = CsvDataset.Stream(path, options);
        var ex = Assert.Throws<InvalidDataException>(() => new DataLoader(broken, 100, prefetch: true).ToList());
        Assert.Contains("line 27", ex.Message);
    }
}
