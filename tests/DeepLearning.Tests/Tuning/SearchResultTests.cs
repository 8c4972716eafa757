using DeepLearning.Tuning;

namespace DeepLearning.Tests.Tuning;

public class SearchResultTests
{
    private static Trial Make(int number, double lr, TrialStatus status, double objective, int? bestEpoch, int epochs, double seconds, string? error = null) =>
        new(number, new HyperParameters([new("units", 8 * (number + 1)), new("learning_rate", lr)]), (ulong)number,
            status, objective, bestEpoch, epochs, TimeSpan.FromSeconds(seconds), null, error is null ? null : new ArgumentException(error));

    private static IReadOnlyList<Trial> Trials() =>
    [
        Make(0, 0.01, TrialStatus.Completed, 0.5, 3, 10, 1.25),
        Make(1, 0.1, TrialStatus.Failed, double.NaN, null, 0, 0.5, "bad shape, (3, 4)"),
        Make(2, 0.001, TrialStatus.Completed, 0.25, 9, 10, 2),
        Make(3, 1.0, TrialStatus.Completed, double.NaN, null, 4, 0.75),
        Make(4, 0.003, TrialStatus.Completed, 0.75, 1, 2, 0.5),
    ];

    [Fact]
    public void RankingPutsTheBestFirstThenNaNThenFailures()
    {
        var min = new SearchResult("RandomSearch", "val_loss", false, ["units", "learning_rate"], Trials(), null);
        Assert.Equal([2, 0, 4, 3, 1], min.Ranked.Select(t => t.Number));
        Assert.Equal(2, min.BestTrial.Number);
        Assert.Equal(0.001, min.BestHyperParameters.GetDouble("learning_rate"));
        var max = new SearchResult("RandomSearch", "val_accuracy", true, ["units", "learning_rate"], Trials(), null);
        Assert.Equal([4, 0, 2, 3, 1], max.Ranked.Select(t => t.Number));
        var none = new SearchResult("GridSearch", "loss", false, ["units"], [Trials()[1], Trials()[3]], null);
        Assert.Contains("no trial completed with a finite 'loss'", Assert.Throws<InvalidOperationException>(() => none.BestTrial).Message);
    }

    [Fact]
    public void TableAndCsvHaveAlignedColumnsAndExactValues()
    {
        var result = new SearchResult("RandomSearch", "val_loss", false, ["units", "learning_rate"], Trials(), null);
        const string expected =
            "rank  trial  units  learning_rate  val_loss  best epoch  epochs  time (s)  status\n" +
            "----------------------------------------------------------------------------------------------------\n" +
            "   1      2     24          0.001      0.25           9      10      2.00  completed\n" +
            "   2      0      8           0.01       0.5           3      10      1.25  completed\n" +
            "   3      4     40          0.003      0.75           1       2      0.50  completed\n" +
            "   4      3     32              1       NaN           -       4      0.75  completed\n" +
            "   5      1     16            0.1         -           -       0      0.50  failed: bad shape, (3, 4)\n";
        Assert.Equal(expected, result.ToTable());
        var csv = result.ToCsv().Split('\n');
        Assert.Equal("rank,trial,units,learning_rate,val_loss,best_epoch,epochs,seconds,status,seed,error", csv[0]);
        Assert.Equal("1,2,24,0.001,0.25,9,10,2,completed,2,", csv[1]);
        Assert.Equal("5,1,16,0.1,,,0,0.5,failed,1,\"ArgumentException: bad shape, (3, 4)\"", csv[5]);
        Assert.Contains("5 trial(s), 1 failed", result.ToString());
    }
}
