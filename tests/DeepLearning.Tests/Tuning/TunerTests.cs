using DeepLearning.Layers;
using DeepLearning.Losses;
using DeepLearning.Models;
using DeepLearning.Models.Callbacks;
using DeepLearning.Optimizers;
using DeepLearning.Tuning;

namespace DeepLearning.Tests.Tuning;

[Collection(nameof(TuningCollection))]
public class TunerTests
{
    private static SearchSpace A8Space() => new SearchSpace()
        .IntRange("n_hidden", 0, 2)
        .IntRange("n_neurons", 4, 32, 4)
        .LogUniform("learning_rate", 1e-4, 1e-1);

    [Fact]
    public void RandomSearchOnTheA8BuilderFindsAClearlyBetterConfigurationAndTablesEveryTrial()
    {
        var (x, y) = RegressionProblem.Data(240, seed: 8);
        var tuner = new RandomSearch(RegressionProblem.Build, A8Space(), "val_loss", maxTrials: 6, seed: 2013);
        var result = tuner.Search(x, y, epochs: 8, batchSize: 32, validationSplit: 0.2);

        Assert.Equal(6, result.Trials.Count);
        Assert.All(result.Trials, t => Assert.Equal(TrialStatus.Completed, t.Status));
        Assert.Equal(6, result.Trials.Select(t => t.HyperParameters).Distinct().Count());
        var objectives = result.Trials.Where(t => t.HasObjective).Select(t => t.Objective).ToArray();
        double best = result.BestTrial.Objective, worst = objectives.Max();
        Assert.Equal(objectives.Min(), best);
        Assert.True(best < 0.5 * worst, $"best {best} vs worst {worst}\n{result.ToTable()}");
        // The objective is the best val_loss over the epochs of the trial.
        var bestHistory = result.BestTrial.History!["val_loss"];
        Assert.Equal(bestHistory.Min(), best);
        Assert.Equal(bestHistory.ToList().IndexOf(best), result.BestTrial.BestEpoch);
        Assert.Same(result.BestTrial.HyperParameters, result.BestHyperParameters);

        // BestModel is the best trial's trained model: evaluating it on the validation part (the last 20 %) reproduces
        // the last epoch's val_loss.
        Assert.NotNull(result.BestModel);
        var xValid = x.Narrow(0, 192, 48);
        var yValid = y.Narrow(0, 192, 48);
        Assert.Equal(bestHistory[^1], result.BestModel!.Evaluate(xValid, yValid, batchSize: 32)["loss"], 1e-5);

        // The table lists every trial, best first.
        var lines = result.ToTable().TrimEnd('\n').Split('\n');
        Assert.Equal(2 + 6, lines.Length);
        Assert.Equal(["rank", "trial", "n_hidden", "n_neurons", "learning_rate", "val_loss", "best", "epoch", "epochs", "time", "(s)", "status"],
            lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        var ranked = lines.Skip(2).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToArray();
        Assert.Equal(Enumerable.Range(1, 6).Select(i => i.ToString()), ranked.Select(r => r[0]));
        Assert.Equal(result.Ranked.Select(t => t.Number.ToString()), ranked.Select(r => r[1]));
        Assert.Equal(Enumerable.Range(0, 6).Select(i => i.ToString()), ranked.Select(r => r[1]).Order());
        var tableObjectives = ranked.Select(r => double.Parse(r[5], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(tableObjectives.Order(), tableObjectives);
    }

    [Fact]
    public void TheSameSeedRepeatsTheSearchExactly()
    {
        var (x, y) = RegressionProblem.Data(96, seed: 9);
        SearchResult Run(ulong seed) => new RandomSearch(RegressionProblem.Build, A8Space(), "val_loss", maxTrials: 3, seed: seed)
            .Search(x, y, epochs: 3, batchSize: 32, validationSplit: 0.25);
        var a = Run(11);
        var b = Run(11);
        var c = Run(12);
        Assert.Equal(a.Trials.Select(t => t.HyperParameters), b.Trials.Select(t => t.HyperParameters));
        Assert.Equal(a.Trials.Select(t => t.Objective), b.Trials.Select(t => t.Objective));   // bitwise
        Assert.Equal(a.Trials.Select(t => t.Seed), b.Trials.Select(t => t.Seed));
        Assert.NotEqual(a.Trials.Select(t => t.HyperParameters), c.Trials.Select(t => t.HyperParameters));
        // The candidates are SearchSpace.Sample's stream under the same seed.
        Assert.Equal(A8Space().Sample(3, 11), a.Trials.Select(t => t.HyperParameters));

        // A trial can be replayed alone from its seed.
        var trial = a.Trials[1];
        Generator.Seed(trial.Seed);
        var model = RegressionProblem.Build(trial.HyperParameters);
        var history = model.Fit(x.Narrow(0, 0, 72), y.Narrow(0, 0, 72), epochs: 3, batchSize: 32,
            validationData: (x.Narrow(0, 72, 24), y.Narrow(0, 72, 24)), verbose: 0);
        Assert.Equal(trial.Objective, history["val_loss"].Min());
    }

    [Fact]
    public void GridSearchRunsEveryCombinationInGridOrderAndTrialsDoNotDependOnEachOther()
    {
        var (x, y) = RegressionProblem.Data(64, seed: 10);
        var space = new SearchSpace().Choice("n_hidden", 0, 1).Add("learning_rate", Distribution.LogUniform(1e-3, 1e-1).Discretize(3));
        var grid = new GridSearch(RegressionProblem.Build, space, "loss", seed: 5);
        Assert.Equal(6, grid.GridSize);
        var all = grid.Search(x, y, epochs: 2, batchSize: 32);
        Assert.Equal(space.Grid(), all.Trials.Select(t => t.HyperParameters));
        Assert.Equal(0.1, all.Trials[5].HyperParameters.GetDouble("learning_rate"), 1e-15);

        var firstTwo = new GridSearch(RegressionProblem.Build, space, "loss", maxTrials: 2, seed: 5).Search(x, y, epochs: 2, batchSize: 32);
        Assert.Equal(2, firstTwo.Trials.Count);
        Assert.Equal(all.Trials.Take(2).Select(t => t.Objective), firstTwo.Trials.Select(t => t.Objective));
    }

    [Fact]
    public void EarlyStoppingInsideTrialsStopsBeforeTheLastEpochWithFreshCallbacksPerTrial()
    {
        var (x, y) = RegressionProblem.Data(64, seed: 11);
        var made = new List<EarlyStopping>();
        // A learning rate of 0 never improves val_loss, so patience 1 stops after epoch 1: 2 epochs run of 20.
        var space = new SearchSpace().Choice("learning_rate", 0.0, 0.05).Fixed("n_hidden", 0);
        var result = new GridSearch(RegressionProblem.Build, space, seed: 1).Search(x, y, epochs: 20, batchSize: 16, validationSplit: 0.25,
            callbacks: () =>
            {
                var stop = new EarlyStopping("val_loss", patience: 1);
                made.Add(stop);
                return [stop];
            });
        Assert.Equal(2, made.Count);
        Assert.NotSame(made[0], made[1]);
        var frozen = result.Trials[0];
        Assert.Equal(2, frozen.EpochsRun);
        Assert.Equal(1, made[0].StoppedEpoch);
        Assert.Equal(0, frozen.BestEpoch);
        Assert.True(result.Trials[1].EpochsRun <= 20);
        Assert.Equal(1, result.BestTrial.Number);
    }

    [Fact]
    public void AFailingTrialIsRecordedAndTheSearchGoesOn()
    {
        var (x, y) = RegressionProblem.Data(64, seed: 12);
        var space = new SearchSpace().Choice("n_hidden", 0, 1, 2).Fixed("learning_rate", 0.01);
        Model Build(HyperParameters hp) => hp.GetInt("n_hidden") == 1
            ? throw new InvalidOperationException("no GPU for this one")
            : RegressionProblem.Build(hp);
        var seen = new List<int>();
        var tuner = new GridSearch(Build, space, "loss", seed: 3);
        tuner.TrialEnded += t => seen.Add(t.Number);
        var result = tuner.Search(x, y, epochs: 2, batchSize: 32);

        Assert.Equal([0, 1, 2], seen);
        var failed = result.Trials[1];
        Assert.Equal(TrialStatus.Failed, failed.Status);
        Assert.IsType<InvalidOperationException>(failed.Error);
        Assert.True(double.IsNaN(failed.Objective));
        Assert.False(failed.HasObjective);
        Assert.Equal(TrialStatus.Completed, result.Trials[0].Status);
        Assert.Equal(TrialStatus.Completed, result.Trials[2].Status);
        Assert.Same(failed, result.Ranked[^1]);
        Assert.NotEqual(1, result.BestTrial.Number);
        var last = result.ToTable().TrimEnd('\n').Split('\n')[^1];
        Assert.EndsWith("failed: no GPU for this one", last);
        Assert.Contains(",failed,", result.ToCsv());
        Assert.Contains("InvalidOperationException: no GPU for this one", result.ToCsv());
    }

    [Fact]
    public void WhenEveryTrialFailsTheSearchThrowsWithTheFirstError()
    {
        var (x, y) = RegressionProblem.Data(32, seed: 13);
        var space = new SearchSpace().Choice("n_hidden", 0, 1);
        var e = Assert.Throws<InvalidOperationException>(() =>
            new GridSearch(_ => new Sequential(new Input(8), new Dense(1)), space, "loss").Search(x, y, epochs: 1));
        Assert.Contains("all 2 trial(s) failed", e.Message);
        Assert.Contains("uncompiled", e.Message);
        Assert.IsType<InvalidOperationException>(e.InnerException);
    }

    [Fact]
    public void ConfigurationErrorsAreReportedUpFront()
    {
        var (x, y) = RegressionProblem.Data(32, seed: 14);
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => new RandomSearch(RegressionProblem.Build, new SearchSpace())).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new RandomSearch(RegressionProblem.Build, A8Space(), maxTrials: 0));
        var continuous = Assert.Throws<ArgumentException>(() => new GridSearch(RegressionProblem.Build, A8Space()));
        Assert.Contains("GridSearch: 'learning_rate' is LogUniform(0.0001, 0.1)", continuous.Message);
        var noValidation = Assert.Throws<ArgumentException>(() =>
            new RandomSearch(RegressionProblem.Build, A8Space(), "val_loss", maxTrials: 2).Search(x, y, epochs: 1));
        Assert.Contains("needs validation data", noValidation.Message);
        var unknown = Assert.Throws<ArgumentException>(() =>
            new RandomSearch(RegressionProblem.Build, A8Space(), "val_accuracy", maxTrials: 2).Search(x, y, epochs: 1, validationSplit: 0.25));
        Assert.Contains("'val_accuracy' is not in the training logs; logged: loss, val_loss, learning_rate", unknown.Message);
        Assert.Contains("same number of examples", Assert.Throws<ArgumentException>(() =>
            new RandomSearch(RegressionProblem.Build, A8Space(), "loss").Search(x, y.Narrow(0, 0, 16))).Message);
    }

    [Fact]
    public void RandomSearchStopsWhenASmallDiscreteSpaceIsExhausted()
    {
        var (x, y) = RegressionProblem.Data(32, seed: 15);
        var space = new SearchSpace().Choice("n_neurons", 2, 4, 8).Fixed("learning_rate", 0.01);
        var result = new RandomSearch(RegressionProblem.Build, space, "loss", maxTrials: 10, seed: 4).Search(x, y, epochs: 1);
        Assert.Equal(3, result.Trials.Count);
        Assert.Equal([2, 4, 8], result.Trials.Select(t => t.HyperParameters.GetInt("n_neurons")).Order());
    }

    [Fact]
    public void CancellationStopsTheSearch()
    {
        var (x, y) = RegressionProblem.Data(32, seed: 16);
        using var cts = new CancellationTokenSource();
        var tuner = new RandomSearch(RegressionProblem.Build, A8Space(), "loss", maxTrials: 5, seed: 1);
        int ended = 0;
        tuner.TrialEnded += _ => { ended++; cts.Cancel(); };
        Assert.ThrowsAny<OperationCanceledException>(() => tuner.Search(x, y, epochs: 1, cancellationToken: cts.Token));
        Assert.Equal(1, ended);
    }

    [Fact]
    public void CsvIsWrittenAtomicallyWithExactNumbers()
    {
        var (x, y) = RegressionProblem.Data(32, seed: 17);
        var result = new RandomSearch(RegressionProblem.Build, A8Space(), "loss", maxTrials: 2, seed: 6).Search(x, y, epochs: 2);
        var dir = Path.Combine(Path.GetTempPath(), "dl-tuning-" + Guid.NewGuid().ToString("N"));
        try
        {
            var path = Path.Combine(dir, "results.csv");
            result.SaveCsv(path);
            var lines = File.ReadAllLines(path);
            Assert.Equal("rank,trial,n_hidden,n_neurons,learning_rate,loss,best_epoch,epochs,seconds,status,seed,error", lines[0]);
            Assert.Equal(3, lines.Length);
            Assert.Single(Directory.GetFiles(dir));   // no temporary file left behind
            var best = lines[1].Split(',');
            var inv = System.Globalization.CultureInfo.InvariantCulture;
            Assert.Equal(result.BestTrial.Objective, double.Parse(best[5], inv));
            Assert.Equal(result.BestHyperParameters.GetDouble("learning_rate"), double.Parse(best[4], inv));
            Assert.Equal(result.BestTrial.Seed.ToString(inv), best[10]);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void CrossValidatedSearchScoresEveryTrialOnTheSameFoldsAndRefitsTheBest()
    {
        // SEEDS A8 as in the course: RandomizedSearchCV(KerasRegressor(build_model), param_distribs, cv=3).
        var (x, y) = RegressionProblem.Data(90, seed: 18);
        var tuner = new RandomSearch(RegressionProblem.Build, A8Space(), maxTrials: 3, seed: 21);
        var result = tuner.SearchWithCrossValidation(x, y, k: 3, shuffle: true, epochs: 3, batchSize: 16);

        Assert.Equal(3, result.Trials.Count);
        foreach (var t in result.Trials)
        {
            var cv = t.CrossValidation!;
            Assert.Equal(3, cv.Folds.Count);
            Assert.Equal(cv.Mean("loss"), t.Objective);
            Assert.Equal(cv.Std("loss"), t.ObjectiveStd);
            Assert.Equal(3, t.EpochsRun);
            Assert.Null(t.BestEpoch);
            // Every trial is compared on the same folds.
            Assert.Equal(result.Trials[0].CrossValidation!.Folds.Select(f => f.Split.Validation), cv.Folds.Select(f => f.Split.Validation));
        }
        Assert.Equal(result.Trials.Min(t => t.Objective), result.BestTrial.Objective);

        // refit: the best hyperparameters trained on all the data from the best trial's seed.
        Generator.Seed(result.BestTrial.Seed);
        var replay = RegressionProblem.Build(result.BestHyperParameters);
        replay.Fit(x, y, epochs: 3, batchSize: 16, verbose: 0);
        Assert.Equal(replay.Predict(x).ToArray<float>(), result.BestModel!.Predict(x).ToArray<float>());

        var header = result.ToTable().Split('\n')[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["rank", "trial", "n_hidden", "n_neurons", "learning_rate", "val_loss", "std"], header[..7]);
        Assert.StartsWith("rank,trial,n_hidden,n_neurons,learning_rate,val_loss,val_loss_std,", result.ToCsv());

        var noRefit = new RandomSearch(RegressionProblem.Build, A8Space(), maxTrials: 1, seed: 21)
            .SearchWithCrossValidation(x, y, k: 2, epochs: 1, refit: false);
        Assert.Null(noRefit.BestModel);
        var unknown = Assert.Throws<ArgumentException>(() => new RandomSearch(RegressionProblem.Build, A8Space(), "val_accuracy", maxTrials: 1)
            .SearchWithCrossValidation(x, y, k: 2, epochs: 1));
        Assert.Contains("reads the held-out score 'accuracy', which the folds do not report; they report: loss", unknown.Message);
    }
}
