using DeepLearning.Layers;
using DeepLearning.Losses;
using DeepLearning.Metrics;
using DeepLearning.Models;
using DeepLearning.Optimizers;
using DeepLearning.Tuning;

namespace DeepLearning.Tests.Tuning;

[Collection(nameof(TuningCollection))]
public class CrossValidationTests
{
    private static void AssertPartition(IReadOnlyList<FoldSplit> splits, int n)
    {
        var held = splits.SelectMany(s => s.Validation).Order().ToArray();
        Assert.Equal(Enumerable.Range(0, n), held);   // every example held out exactly once
        foreach (var s in splits)
        {
            Assert.Equal(Enumerable.Range(0, n).Except(s.Validation), s.Train);
            Assert.Equal(s.Train.Order(), s.Train);
            Assert.Equal(s.Validation.Order(), s.Validation);
        }
    }

    [Fact]
    public void KFoldSplitsCutContiguousBlocksLikeScikitLearn()
    {
        // sklearn KFold(3) on 10 examples: fold sizes [4, 3, 3] (the first n mod k folds get one more).
        var splits = CrossValidation.KFoldSplits(10, 3);
        Assert.Equal([0, 1, 2, 3], splits[0].Validation);
        Assert.Equal([4, 5, 6], splits[1].Validation);
        Assert.Equal([7, 8, 9], splits[2].Validation);
        AssertPartition(splits, 10);
    }

    [Fact]
    public void ShuffledKFoldSplitsArePartitionsRepeatableFromTheSeed()
    {
        var a = CrossValidation.KFoldSplits(23, 4, shuffle: true, seed: 5);
        var b = CrossValidation.KFoldSplits(23, 4, shuffle: true, seed: 5);
        var c = CrossValidation.KFoldSplits(23, 4, shuffle: true, seed: 6);
        AssertPartition(a, 23);
        Assert.Equal([6, 6, 6, 5], a.Select(s => s.Validation.Count));
        Assert.Equal(a.Select(s => s.Validation), b.Select(s => s.Validation));
        Assert.NotEqual(a.Select(s => s.Validation), c.Select(s => s.Validation));
        Assert.NotEqual(CrossValidation.KFoldSplits(23, 4).Select(s => s.Validation), a.Select(s => s.Validation));
    }

    [Fact]
    public void StratifiedSplitsMatchScikitLearnsAllocation()
    {
        // numpy transcription of scikit-learn 1.3 StratifiedKFold._make_test_folds (shuffle=False):
        //   y = np.array([1,1,0,0,0,0,1,0,0,1,2,2,2,0,1]); n_splits = 3
        //   _, y_idx, y_inv = np.unique(y, return_index=True, return_inverse=True)
        //   _, class_perm = np.unique(y_idx, return_inverse=True); y_encoded = class_perm[y_inv]
        //   y_order = np.sort(y_encoded)
        //   allocation = np.asarray([np.bincount(y_order[i::n_splits], minlength=3) for i in range(n_splits)])
        //   for k in range(3): test_folds[y_encoded == k] = np.arange(n_splits).repeat(allocation[:, k])
        // → allocation [[2,2,1],[2,2,1],[1,3,1]]; folds [0,1,2,3,10], [4,5,6,9,11], [7,8,12,13,14]
        int[] labels = [1, 1, 0, 0, 0, 0, 1, 0, 0, 1, 2, 2, 2, 0, 1];
        var splits = CrossValidation.StratifiedKFoldSplits(labels, 3);
        Assert.Equal([0, 1, 2, 3, 10], splits[0].Validation);
        Assert.Equal([4, 5, 6, 9, 11], splits[1].Validation);
        Assert.Equal([7, 8, 12, 13, 14], splits[2].Validation);
        AssertPartition(splits, labels.Length);
    }

    [Fact]
    public void StratificationKeepsClassProportions()
    {
        // 60 of class 0, 30 of class 1, 15 of class 2, shuffled order; 5 folds → 12 / 6 / 3 per fold exactly.
        var rng = new Random(4);
        int[] labels = [.. Enumerable.Repeat(0, 60).Concat(Enumerable.Repeat(1, 30)).Concat(Enumerable.Repeat(2, 15)).OrderBy(_ => rng.Next())];
        foreach (bool shuffle in new[] { false, true })
        {
            var splits = CrossValidation.StratifiedKFoldSplits(labels, 5, shuffle, seed: 9);
            AssertPartition(splits, labels.Length);
            foreach (var s in splits)
            {
                Assert.Equal(12, s.Validation.Count(i => labels[i] == 0));
                Assert.Equal(6, s.Validation.Count(i => labels[i] == 1));
                Assert.Equal(3, s.Validation.Count(i => labels[i] == 2));
            }
        }
        // Uneven counts: each class differs by at most one between folds, fold sizes too.
        int[] uneven = [.. Enumerable.Range(0, 37).Select(i => i % 7 == 0 ? 1 : 0)];
        var folds = CrossValidation.StratifiedKFoldSplits(uneven, 4, shuffle: true, seed: 1);
        AssertPartition(folds, 37);
        var ones = folds.Select(s => s.Validation.Count(i => uneven[i] == 1)).ToArray();
        var sizes = folds.Select(s => s.Validation.Count).ToArray();
        Assert.True(ones.Max() - ones.Min() <= 1, string.Join(",", ones));
        Assert.True(sizes.Max() - sizes.Min() <= 1, string.Join(",", sizes));
    }

    [Fact]
    public void KFoldFitsKModelsAndReportsTheMeanAndStdOfTheFoldScores()
    {
        var (x, y) = RegressionProblem.Data(90, seed: 20);
        int builds = 0;
        Model Build()
        {
            builds++;
            return RegressionProblem.Build(new HyperParameters([new("n_hidden", 1), new("n_neurons", 16), new("learning_rate", 0.05)]));
        }
        var cv = CrossValidation.KFold(Build, x, y, k: 3, shuffle: true, seed: 1, epochs: 5, batchSize: 16);
        Assert.Equal(3, builds);
        Assert.Equal(3, cv.Folds.Count);
        AssertPartition([.. cv.Folds.Select(f => f.Split)], 90);
        Assert.All(cv.Folds, f => Assert.Equal(5, f.History.Epochs.Count));
        Assert.Equal(["loss"], cv.Keys);

        var s = cv.Scores("loss");
        Assert.Equal(cv.Folds.Select(f => f.Scores["loss"]), s);
        double mean = (s[0] + s[1] + s[2]) / 3;
        double std = Math.Sqrt(((s[0] - mean) * (s[0] - mean) + (s[1] - mean) * (s[1] - mean) + (s[2] - mean) * (s[2] - mean)) / 3);
        Assert.Equal(mean, cv.Mean(), 1e-12);
        Assert.Equal(std, cv.Std(), 1e-12);
        Assert.Equal(std * Math.Sqrt(3.0 / 2), cv.Std(correction: 1), 1e-12);
        // Trained models beat predicting zero: the targets' mean square is about 0.95 here.
        double meanSquare = y.Square().Mean().Item<double>();
        Assert.True(cv.Mean() < 0.6 * meanSquare, $"{cv}; mean square of y {meanSquare}");
        Assert.Contains("mean", cv.ToTable());
        Assert.Equal(2 + 3 + 2, cv.ToTable().TrimEnd('\n').Split('\n').Length);

        // Repeatable from the seed, fold by fold.
        var again = CrossValidation.KFold(Build, x, y, k: 3, shuffle: true, seed: 1, epochs: 5, batchSize: 16);
        Assert.Equal(s, again.Scores());
    }

    [Fact]
    public void StratifiedKFoldOnOneHotTargetsKeepsClassSharesAndScoresMetrics()
    {
        var g = new Generator(21);
        int n = 60;
        var x = Tensor.RandomNormal([n, 4], generator: g);
        int[] labels = [.. Enumerable.Range(0, n).Select(i => i % 3 == 0 ? 1 : 0)];   // 20 of class 1, 40 of class 0
        var y = Tensor.OneHot(Tensor.FromArray(labels), 2);
        Model Build()
        {
            var m = new Sequential(new Input(4), new Dense(2, Activation.Softmax));
            m.Compile(new SGD(0.1), new CategoricalCrossentropy(), [Metric.Accuracy]);
            return m;
        }
        var cv = CrossValidation.KFold(Build, x, y, k: 4, stratified: true, shuffle: true, seed: 2, epochs: 1, batchSize: 16,
            validateDuringFit: true);
        foreach (var f in cv.Folds)
        {
            Assert.Equal(15, f.Split.Validation.Count);
            Assert.Equal(5, f.Split.Validation.Count(i => labels[i] == 1));
            Assert.Contains("val_loss", f.History.Keys);
        }
        Assert.Equal(["loss", "accuracy"], cv.Keys);
        Assert.Equal(cv.Scores("accuracy").Average(), cv.Mean("accuracy"), 1e-12);
    }

    [Fact]
    public void BadInputRaisesClearErrors()
    {
        var (x, y) = RegressionProblem.Data(10, seed: 22);
        Model Build() => RegressionProblem.Build(HyperParameters.Empty);
        Assert.Contains("k must be ≥ 2", Assert.Throws<ArgumentOutOfRangeException>(() => CrossValidation.KFold(Build, x, y, k: 1)).Message);
        Assert.Contains("k = 11 folds need at least 11 examples; got 10",
            Assert.Throws<ArgumentOutOfRangeException>(() => CrossValidation.KFold(Build, x, y, k: 11)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => CrossValidation.KFoldSplits(5, 6));
        Assert.Contains("same number of examples", Assert.Throws<ArgumentException>(() => CrossValidation.KFold(Build, x, y.Narrow(0, 0, 9))).Message);
        Assert.Contains("not a whole number", Assert.Throws<ArgumentException>(() => CrossValidation.KFold(Build, x, y, k: 2, stratified: true)).Message);
        Assert.Contains("greater than the number of members of every class",
            Assert.Throws<ArgumentOutOfRangeException>(() => CrossValidation.StratifiedKFoldSplits([0, 0, 1, 1, 2, 2], 3)).Message);
        Assert.Contains("uncompiled", Assert.Throws<ArgumentException>(() =>
            CrossValidation.KFold(() => new Sequential(new Input(8), new Dense(1)), x, y, k: 2)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => CrossValidation.KFold(Build, x, y, k: 2, epochs: 0));
        var cv = CrossValidation.KFold(Build, x, y, k: 2, epochs: 1);
        Assert.Contains("no 'accuracy'", Assert.Throws<KeyNotFoundException>(() => cv.Mean("accuracy")).Message);
    }
}
