using System.Diagnostics;
using DeepLearning.Data;
using DeepLearning.Models;
using DeepLearning.Models.Callbacks;

namespace DeepLearning.Tuning;

/// <summary>
/// k-fold cross-validation (course notes S0 §1.2.6, S3 §3.4: "partition the data into k subsets, train on k − 1 and
/// validate on the remaining one", k times; scikit-learn's <c>KFold</c>, <c>StratifiedKFold</c> and
/// <c>cross_val_score</c>). Every example is held out exactly once.
/// </summary>
/// <example><code>
/// // SEEDS A8: the regression builder, scored as scikit-learn's cross_val_score(KerasRegressor(build_model), X, y, cv=3)
/// var cv = CrossValidation.KFold(() =&gt; BuildModel(nHidden: 1, nNeurons: 30, learningRate: 1e-3), x, y, k: 3, epochs: 20);
/// Console.WriteLine($"{cv.Mean():G4} ± {cv.Std():G4}");
/// </code></example>
public static class CrossValidation
{
    /// <summary>
    /// The folds of scikit-learn's <c>KFold(n_splits=k, shuffle)</c>: the (optionally permuted) order 0 … n − 1 is cut
    /// into k consecutive blocks, the first n mod k of size ⌊n/k⌋ + 1 and the others ⌊n/k⌋; fold i validates on
    /// block i and trains on the rest. Without shuffle, fold i holds out a contiguous range.
    /// </summary>
    /// <param name="n">The number of examples.</param>
    /// <param name="k">The number of folds, 2 ≤ k ≤ n.</param>
    /// <param name="shuffle">Permute the examples before cutting (seeded).</param>
    /// <param name="seed">The permutation's seed; null draws one from <see cref="Generator.Default"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">k &lt; 2 or k &gt; n.</exception>
    public static IReadOnlyList<FoldSplit> KFoldSplits(int n, int k, bool shuffle = false, ulong? seed = null)
    {
        CheckK(n, k, "CrossValidation.KFoldSplits");
        var order = Order(n, shuffle, seed);
        var fold = new int[n];
        for (int f = 0, start = 0; f < k; f++)
        {
            int size = n / k + (f < n % k ? 1 : 0);
            for (int i = start; i < start + size; i++) fold[order[i]] = f;
            start += size;
        }
        return Splits(fold, k);
    }

    /// <summary>
    /// The folds of scikit-learn's <c>StratifiedKFold</c>: every fold holds about the same share of each class. As in
    /// scikit-learn, classes are numbered by first appearance; the labels sorted by class are dealt round-robin to the
    /// k folds, which fixes how many of each class every fold gets (⌊n_c/k⌋ or ⌈n_c/k⌉, fold sizes within one of each
    /// other); the examples of a class then fill the folds in index order (or in a seeded random order with shuffle).
    /// </summary>
    /// <param name="labels">One class label per example.</param>
    /// <param name="k">The number of folds, 2 ≤ k ≤ n.</param>
    /// <param name="shuffle">Assign each class's examples to folds in a seeded random order.</param>
    /// <param name="seed">The seed; null draws one from <see cref="Generator.Default"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">k &lt; 2, k &gt; n, or k exceeds the size of every class.</exception>
    /// <remarks>A class with fewer than k members is missing from some folds; that raises a warning on
    /// <see cref="Diagnostics"/> (scikit-learn warns too).</remarks>
    public static IReadOnlyList<FoldSplit> StratifiedKFoldSplits(IReadOnlyList<int> labels, int k, bool shuffle = false, ulong? seed = null)
    {
        ArgumentNullException.ThrowIfNull(labels);
        int n = labels.Count;
        CheckK(n, k, "CrossValidation.StratifiedKFoldSplits");
        var code = new Dictionary<int, int>();
        var encoded = new int[n];
        for (int i = 0; i < n; i++)
        {
            if (!code.TryGetValue(labels[i], out int c)) code[labels[i]] = c = code.Count;
            encoded[i] = c;
        }
        int classes = code.Count;
        var counts = new int[classes];
        foreach (int c in encoded) counts[c]++;
        if (counts.All(c => c < k))
            throw new ArgumentOutOfRangeException(nameof(k), k,
                $"{nameof(StratifiedKFoldSplits)}: k = {k} is greater than the number of members of every class (largest {counts.Max()}).");
        if (counts.Min() < k)
            Diagnostics.Warn(nameof(CrossValidation),
                $"{nameof(StratifiedKFoldSplits)}: the smallest class has {counts.Min()} member(s), fewer than k = {k}; some folds will lack it.");

        // allocation[f, c] = how many of class c the round-robin deal of the class-sorted labels gives fold f.
        var allocation = new int[k, classes];
        for (int c = 0, position = 0; c < classes; c++)
            for (int j = 0; j < counts[c]; j++, position++) allocation[position % k, c]++;
        var fold = new int[n];
        var stream = shuffle ? new SeededStream(seed ?? Generator.Default.NextSeed(), SeededStream.Folds) : null;
        for (int c = 0; c < classes; c++)
        {
            var foldsForClass = new int[counts[c]];
            for (int f = 0, p = 0; f < k; f++)
                for (int j = 0; j < allocation[f, c]; j++) foldsForClass[p++] = f;
            if (stream is not null)
                for (int i = foldsForClass.Length - 1; i > 0; i--)
                {
                    int j = (int)(stream.NextDouble() * (i + 1));
                    (foldsForClass[i], foldsForClass[j]) = (foldsForClass[j], foldsForClass[i]);
                }
            for (int i = 0, p = 0; i < n; i++)
                if (encoded[i] == c) fold[i] = foldsForClass[p++];
        }
        return Splits(fold, k);
    }

    /// <summary>
    /// Cross-validates a model: for each of the k folds it seeds the global generator, builds a fresh compiled model
    /// with <paramref name="build"/>, trains it on the other folds and evaluates it on the held-out one (scikit-learn's
    /// <c>cross_val_score</c> with a wrapped Keras model). Returns every fold's scores with their mean and standard
    /// deviation.
    /// </summary>
    /// <param name="build">Builds and compiles a fresh model (called k times).</param>
    /// <param name="x">Inputs (N, …).</param>
    /// <param name="y">Targets (N, …).</param>
    /// <param name="k">The number of folds, 2 ≤ k ≤ N (scikit-learn's default 5).</param>
    /// <param name="shuffle">Permute the examples before cutting the folds (scikit-learn's KFold shuffle; off by
    /// default, as there). Training batches are reshuffled every epoch regardless, as Fit does.</param>
    /// <param name="seed">Seeds the fold permutation and, per fold, <see cref="Generator.Seed"/> before the model is
    /// built (fold i's seed is derived from this seed and i), so the result is repeatable; null draws one from
    /// <see cref="Generator.Default"/>. The global generator is left reseeded by the last fold.</param>
    /// <param name="stratified">Keep each class's share in every fold (<see cref="StratifiedKFoldSplits"/>); y must hold
    /// class labels: int32 or whole numbers of shape (N) or (N, 1), or one-hot rows (N, C).</param>
    /// <param name="epochs">Epochs per fold.</param>
    /// <param name="batchSize">Examples per gradient step (and per evaluation batch).</param>
    /// <param name="callbacks">Makes each fold's callbacks (called once per fold).</param>
    /// <param name="validateDuringFit">Also pass the held-out fold to Fit as validation data, so "val_" entries are
    /// logged every epoch and callbacks such as EarlyStopping can monitor them (the score is then no longer
    /// independent of when training stopped).</param>
    /// <param name="validationData">Separate validation data given to every fold's Fit (as Géron's
    /// <c>RandomizedSearchCV.fit(…, validation_data=(X_valid, y_valid), callbacks=[EarlyStopping(patience=10)])</c>),
    /// for callbacks that monitor "val_" entries; the fold score is still the held-out fold's.</param>
    /// <param name="verbose">Fit's verbosity (default 0: silent).</param>
    /// <param name="cancellationToken">Stops at the next batch boundary with <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="ArgumentNullException">build, x or y is null.</exception>
    /// <exception cref="ArgumentException">x and y differ in length; stratified labels are not class labels; the builder
    /// returned null or an uncompiled model; both validationData and validateDuringFit.</exception>
    /// <exception cref="ArgumentOutOfRangeException">k &lt; 2, k &gt; N, epochs or batchSize &lt; 1.</exception>
    /// <remarks>An exception while training a fold propagates (nothing is averaged over a failed fold).</remarks>
    public static CrossValidationResult KFold(Func<Model> build, Tensor x, Tensor y, int k = 5, bool shuffle = false, ulong? seed = null,
        bool stratified = false, int epochs = 1, int batchSize = 32, Func<IReadOnlyList<Callback>>? callbacks = null,
        bool validateDuringFit = false, (Tensor X, Tensor Y)? validationData = null, int verbose = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(build);
        const string op = "CrossValidation.KFold";
        var data = Examples(x, y, op);
        CheckK(data.Count, k, op);
        CheckTraining(epochs, batchSize, validateDuringFit, validationData, op);
        ulong baseSeed = seed ?? Generator.Default.NextSeed();
        var splits = stratified ? StratifiedKFoldSplits(ClassLabels(y), k, shuffle, baseSeed) : KFoldSplits(data.Count, k, shuffle, baseSeed);
        var validation = validationData is { } v ? Examples(v.X, v.Y, op + " (validation)") : null;
        return Run(build, data, splits, baseSeed, epochs, batchSize, callbacks, validateDuringFit, validation, verbose, cancellationToken);
    }

    /// <summary>Trains and scores one model per split: fold i seeds the global generator with the i-th seed derived
    /// from <paramref name="seed"/>, builds, fits on the training indices and evaluates on the held-out ones.</summary>
    internal static CrossValidationResult Run(Func<Model> build, TensorDataset data, IReadOnlyList<FoldSplit> splits, ulong seed,
        int epochs, int batchSize, Func<IReadOnlyList<Callback>>? callbacks, bool validateDuringFit, Dataset? validation, int verbose,
        CancellationToken ct)
    {
        var folds = new List<FoldResult>(splits.Count);
        foreach (var split in splits)
        {
            ct.ThrowIfCancellationRequested();
            ulong foldSeed = SeededStream.Derive(seed, SeededStream.FoldSeeds, split.Fold);
            Generator.Seed(foldSeed);
            var clock = Stopwatch.StartNew();
            var model = build() ?? throw new ArgumentException($"CrossValidation: the builder returned null for fold {split.Fold}.", nameof(build));
            if (!model.IsCompiled)
                throw new ArgumentException($"CrossValidation: the builder returned model '{model.Name}' uncompiled; call Compile(optimizer, loss, metrics) in the builder.", nameof(build));
            var train = data.Subset([.. split.Train]);
            var held = data.Subset([.. split.Validation]);
            var history = model.Fit(train, epochs, batchSize, validateDuringFit ? held : validation,
                callbacks: callbacks?.Invoke() ?? [], verbose: verbose, cancellationToken: ct);
            var scores = model.Evaluate(held, batchSize, cancellationToken: ct);
            folds.Add(new FoldResult(split, foldSeed, scores, history, clock.Elapsed));
        }
        return new CrossValidationResult(folds);
    }

    internal static TensorDataset Examples(Tensor x, Tensor y, string op)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Rank == 0 || y.Rank == 0 || x.Shape[0] != y.Shape[0])
            throw new ArgumentException($"{op}: x {x.Shape} and y {y.Shape} need the same number of examples on the first axis.");
        return new TensorDataset(x, y);
    }

    internal static void CheckTraining(int epochs, int batchSize, bool validateDuringFit, (Tensor X, Tensor Y)? validationData, string op)
    {
        if (epochs < 1) throw new ArgumentOutOfRangeException(nameof(epochs), epochs, $"{op}: epochs must be ≥ 1.");
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, $"{op}: batchSize must be ≥ 1.");
        if (validateDuringFit && validationData is not null)
            throw new ArgumentException($"{op}: give validationData or validateDuringFit, not both.", nameof(validationData));
    }

    /// <summary>Class labels from targets: int32 or whole-number values of shape (N) or (N, 1), or the argmax of
    /// one-hot rows (N, C) with C &gt; 1.</summary>
    /// <exception cref="ArgumentException">Another shape, or non-integral values.</exception>
    internal static int[] ClassLabels(Tensor y)
    {
        bool column = y.Rank == 1 || (y.Rank == 2 && y.Shape[1] == 1);
        if (y.DType == DType.Int32 && column) return y.Reshape(-1).ToArray<int>();
        if (y.DType.IsFloating() && y.Rank == 2 && y.Shape[1] > 1) return y.ArgMax(-1).ToArray<int>();
        if (y.DType.IsFloating() && column)
        {
            var values = y.Reshape(-1).ToArray<double>();
            var labels = new int[values.Length];
            for (int i = 0; i < values.Length; i++)
            {
                if (values[i] != Math.Floor(values[i]) || Math.Abs(values[i]) > int.MaxValue)
                    throw new ArgumentException($"CrossValidation: stratification needs class labels; y[{i}] = {values[i]} is not a whole number.", nameof(y));
                labels[i] = (int)values[i];
            }
            return labels;
        }
        throw new ArgumentException($"CrossValidation: stratification needs class labels of shape (N), (N, 1) or one-hot (N, C); got {y.DType} {y.Shape}.", nameof(y));
    }

    internal static void CheckK(int n, int k, string op)
    {
        if (k < 2)
            throw new ArgumentOutOfRangeException(nameof(k), k, $"{op}: k must be ≥ 2 (one fold trains on nothing held out).");
        if (k > n)
            throw new ArgumentOutOfRangeException(nameof(k), k, $"{op}: k = {k} folds need at least {k} examples; got {n}.");
    }

    private static int[] Order(int n, bool shuffle, ulong? seed)
    {
        if (shuffle) return Permutations.Create(n, Permutations.KeyOf(seed ?? Generator.Default.NextSeed()), SeededStream.Folds);
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        return order;
    }

    private static FoldSplit[] Splits(int[] fold, int k)
    {
        var splits = new FoldSplit[k];
        for (int f = 0; f < k; f++)
        {
            var train = new List<int>();
            var validation = new List<int>();
            for (int i = 0; i < fold.Length; i++) (fold[i] == f ? validation : train).Add(i);
            splits[f] = new FoldSplit(f, [.. train], [.. validation]);
        }
        return splits;
    }
}
