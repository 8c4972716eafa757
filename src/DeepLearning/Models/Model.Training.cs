using System.Diagnostics;
using DeepLearning.Data;
using DeepLearning.Losses;
using DeepLearning.Metrics;
using DeepLearning.Models.Callbacks;
using DeepLearning.Optimizers;

namespace DeepLearning.Models;

public partial class Model
{
    private Loss[]? _losses;
    private double[]? _lossWeights;
    private Metric[][]? _metrics;

    /// <summary>The optimizer given to <see cref="Compile(Optimizer, Loss, IReadOnlyList{Metric}?)"/> (null before).</summary>
    public Optimizer? Optimizer { get; private set; }

    /// <summary>The loss of each output.</summary>
    public IReadOnlyList<Loss> LossFunctions => _losses ?? [];

    /// <summary>True once compiled.</summary>
    public bool IsCompiled => Optimizer is not null;

    /// <summary>Set by a callback to end <c>Fit</c> after the current batch's epoch (Keras's stop_training).</summary>
    public bool StopTraining { get; set; }

    /// <summary>Configures training with one loss for a single-output model.</summary>
    /// <param name="optimizer">The optimizer.</param>
    /// <param name="loss">The loss.</param>
    /// <param name="metrics">Metrics to report (e.g. <c>[Metric.Accuracy]</c>, which picks the binary, categorical or
    /// sparse accuracy from the shapes as Keras's "accuracy" does).</param>
    public void Compile(Optimizer optimizer, Loss loss, IReadOnlyList<Metric>? metrics = null) =>
        Compile(optimizer, [loss], null, metrics is null ? null : [metrics]);

    /// <summary>Configures training by Keras names: <c>Compile("adam", "sparse_categorical_crossentropy", ["accuracy"])</c>.</summary>
    /// <exception cref="ArgumentException">An unknown name; the message lists the known ones.</exception>
    public void Compile(string optimizer, string loss, IReadOnlyList<string>? metrics = null)
    {
        var lossObject = Loss.FromName(loss);
        Compile(Optimizer.FromName(optimizer), [lossObject], null,
            metrics is null ? null : [[.. metrics.Select(m => Metric.FromName(m, lossObject))]]);
    }

    /// <summary>Configures training of a model with several outputs: one loss per output, combined as
    /// Σ weightᵢ·lossᵢ (Keras's loss_weights), and metrics per output.</summary>
    /// <exception cref="ArgumentException">The counts do not match the model's outputs, or a weight is negative.</exception>
    public void Compile(Optimizer optimizer, IReadOnlyList<Loss> losses, IReadOnlyList<double>? lossWeights = null,
        IReadOnlyList<IReadOnlyList<Metric>>? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        if (losses.Count == 0) throw new ArgumentException($"Compile: model '{Name}' needs at least one loss.");
        int outputs = SymbolicOutputs?.Count ?? losses.Count;
        if (losses.Count != outputs)
            throw new ArgumentException($"Compile: model '{Name}' has {outputs} output(s) but {losses.Count} loss(es) were given.");
        if (lossWeights is not null && (lossWeights.Count != losses.Count || lossWeights.Any(w => !(w >= 0))))
            throw new ArgumentException($"Compile: model '{Name}' needs {losses.Count} non-negative loss weights; got [{string.Join(", ", lossWeights)}].");
        if (metrics is not null && metrics.Count != losses.Count)
            throw new ArgumentException($"Compile: model '{Name}' needs one metric list per output ({losses.Count}); got {metrics.Count}.");
        Optimizer = optimizer;
        _losses = [.. losses];
        _lossWeights = lossWeights is null ? [.. Enumerable.Repeat(1.0, losses.Count)] : [.. lossWeights];
        _metrics = [.. Enumerable.Range(0, losses.Count).Select(i => metrics is null ? Array.Empty<Metric>() : metrics[i].ToArray())];
    }

    /// <summary>
    /// Trains on in-memory tensors for a number of epochs (Keras's fit) and returns the <see cref="History"/>: the
    /// named-argument form of the common case. Every other option (shuffle, class weights, resuming, steps per
    /// epoch) is in the <see cref="FitOptions"/> overload.
    /// </summary>
    /// <param name="x">Inputs, examples on the first axis.</param>
    /// <param name="y">Targets, examples on the first axis.</param>
    /// <param name="epochs">See <see cref="FitOptions.Epochs"/>.</param>
    /// <param name="batchSize">See <see cref="FitOptions.BatchSize"/>.</param>
    /// <param name="validationSplit">See <see cref="FitOptions.ValidationSplit"/>.</param>
    /// <param name="validationData">Explicit validation data (overrides validationSplit).</param>
    /// <param name="callbacks">See <see cref="FitOptions.Callbacks"/>.</param>
    /// <param name="verbose">See <see cref="FitOptions.Verbose"/>.</param>
    /// <param name="cancellationToken">Stops at the next batch boundary (throws <see cref="OperationCanceledException"/>;
    /// the weights are those after the last completed step).</param>
    /// <exception cref="InvalidOperationException">The model is not compiled.</exception>
    /// <exception cref="ArgumentException">x and y differ in length, or an argument is out of range.</exception>
    public History Fit(Tensor x, Tensor y, int epochs = 1, int batchSize = 32, double validationSplit = 0,
        (Tensor X, Tensor Y)? validationData = null, IReadOnlyList<Callback>? callbacks = null, int verbose = 1,
        CancellationToken cancellationToken = default) =>
        Fit([x], [y], epochs, batchSize, validationSplit, validationData is { } v ? ([v.X], [v.Y]) : null, callbacks, verbose,
            cancellationToken);

    /// <summary>Trains a model with several inputs or outputs on in-memory tensors, e.g.
    /// <c>model.Fit([images, metadata], [labels], epochs: 5)</c> (see the single-tensor overload).</summary>
    /// <exception cref="InvalidOperationException">The model is not compiled.</exception>
    /// <exception cref="ArgumentException">The tensors differ in length, or an argument is out of range.</exception>
    public History Fit(IReadOnlyList<Tensor> x, IReadOnlyList<Tensor> y, int epochs = 1, int batchSize = 32,
        double validationSplit = 0, (IReadOnlyList<Tensor> X, IReadOnlyList<Tensor> Y)? validationData = null,
        IReadOnlyList<Callback>? callbacks = null, int verbose = 1, CancellationToken cancellationToken = default) =>
        Fit(x, y, new FitOptions
        {
            Epochs = epochs, BatchSize = batchSize, ValidationSplit = validationSplit, Callbacks = callbacks, Verbose = verbose,
            ValidationData = validationData is { } v ? MakeDataset(v.X, v.Y, null, "Fit (validation)") : null,
        }, null, cancellationToken);

    /// <summary>Trains from a <see cref="Dataset"/> (batched by a <see cref="DataLoader"/> with prefetching): the
    /// named-argument form of the common case.</summary>
    /// <param name="training">The training examples.</param>
    /// <param name="epochs">See <see cref="FitOptions.Epochs"/>.</param>
    /// <param name="batchSize">See <see cref="FitOptions.BatchSize"/>.</param>
    /// <param name="validation">See <see cref="FitOptions.ValidationData"/>.</param>
    /// <param name="callbacks">See <see cref="FitOptions.Callbacks"/>.</param>
    /// <param name="verbose">See <see cref="FitOptions.Verbose"/>.</param>
    /// <param name="cancellationToken">Stops at the next batch boundary.</param>
    /// <exception cref="InvalidOperationException">The model is not compiled.</exception>
    public History Fit(Dataset training, int epochs = 1, int batchSize = 32, Dataset? validation = null,
        IReadOnlyList<Callback>? callbacks = null, int verbose = 1, CancellationToken cancellationToken = default) =>
        Fit(training, new FitOptions
        {
            Epochs = epochs, BatchSize = batchSize, ValidationData = validation, Callbacks = callbacks, Verbose = verbose,
        }, cancellationToken);

    /// <summary>Trains on in-memory tensors with every option of <see cref="FitOptions"/>, e.g.
    /// <c>model.Fit(x, y, new FitOptions { Epochs = 10, Shuffle = false })</c>.</summary>
    /// <param name="x">Inputs, examples on the first axis.</param>
    /// <param name="y">Targets, examples on the first axis.</param>
    /// <param name="options">The options.</param>
    /// <param name="sampleWeight">Per-example loss weights, shape (N), multiplied by any class weight; or per-step
    /// weights of shape (N, steps) for a per-step output (Keras's temporal weighting; not combined with class weights).
    /// Where the model's output carries a mask m (e.g. Embedding with maskZero → LSTM with returnSequences → Dense),
    /// each batch's loss is Keras 3's masked "sum_over_batch_size" (keras/src/losses/loss.py, apply_mask):
    /// loss = Σ m·w·ℓ / Σ m, and the metrics are weighted by m·w.</param>
    /// <param name="cancellationToken">Stops at the next batch boundary.</param>
    /// <exception cref="InvalidOperationException">The model is not compiled.</exception>
    /// <exception cref="ArgumentException">x and y differ in length, or an option is out of range for this data.</exception>
    public History Fit(Tensor x, Tensor y, FitOptions options, Tensor? sampleWeight = null,
        CancellationToken cancellationToken = default) =>
        Fit([x], [y], options, sampleWeight, cancellationToken);

    /// <summary>Trains a model with several inputs or outputs with every option of <see cref="FitOptions"/>.</summary>
    /// <exception cref="InvalidOperationException">The model is not compiled.</exception>
    /// <exception cref="ArgumentException">The tensors differ in length, or an option is out of range for this data.</exception>
    public History Fit(IReadOnlyList<Tensor> x, IReadOnlyList<Tensor> y, FitOptions options, Tensor? sampleWeight = null,
        CancellationToken cancellationToken = default)
    {
        RequireCompiled("Fit");
        ArgumentNullException.ThrowIfNull(options);
        var weights = CombineWeights(y, sampleWeight, options.ClassWeight, "Fit");
        return Fit(MakeDataset(x, y, weights, "Fit"), options with { ClassWeight = null }, cancellationToken);
    }

    /// <summary>Trains from a <see cref="Dataset"/> with every option of <see cref="FitOptions"/>; the one training
    /// loop every other overload calls.</summary>
    /// <exception cref="InvalidOperationException">The model is not compiled.</exception>
    /// <exception cref="ArgumentException">The data is empty, <see cref="FitOptions.InitialEpoch"/> exceeds
    /// <see cref="FitOptions.Epochs"/>, the validation split leaves a part empty, or class weights are given with a
    /// dataset.</exception>
    public History Fit(Dataset training, FitOptions options, CancellationToken cancellationToken = default)
    {
        RequireCompiled("Fit");
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(options);
        if (options.InitialEpoch > options.Epochs)
            throw new ArgumentOutOfRangeException(nameof(options), options.InitialEpoch,
                $"Fit: InitialEpoch must be in [0, Epochs = {options.Epochs}].");
        if (options.ClassWeight is not null)
            throw new ArgumentException("Fit: ClassWeight needs in-memory target tensors; give the Dataset per-example weights instead.", nameof(options));
        if (training.Count == 0) throw new ArgumentException("Fit: the training data is empty.", nameof(training));
        var validation = options.ValidationData;
        if (validation is null && options.ValidationSplit > 0)
        {
            int split = (int)Math.Ceiling(training.Count * (1 - options.ValidationSplit));
            if (split <= 0 || split >= training.Count)
                throw new ArgumentException($"Fit: validationSplit {options.ValidationSplit} of {training.Count} examples leaves an empty training or validation set.");
            validation = training.Subset(split..);
            training = training.Subset(..split);
        }
        int epochs = options.Epochs, batchSize = options.BatchSize, initialEpoch = options.InitialEpoch;
        bool shuffle = options.Shuffle;
        if (options.Communicator is not null) Communicator = options.Communicator;
        if (options.OverlapGradientReduction is { } overlap) OverlapGradientReduction = overlap;
        bool distributed = Communicator.Size > 1;
        using var logScope = Diagnostics.UseLogger(options.Logger);
        using var reducerScope = ReducerScope();
        var meter = new TrainingMeter(Name);

        var loader = distributed ? DistributedLoader(training, batchSize, shuffle) : new DataLoader(training, batchSize, shuffle);
        int steps = options.StepsPerEpoch ?? loader.BatchCount;
        var history = new History();
        var list = new List<Callback> { history };
        var callbacks = options.Callbacks;
        if (options.Verbose > 0 && Communicator.IsPrimary && callbacks?.OfType<ProgressBar>().Any() != true) list.Add(new ProgressBar(options.Verbose));
        if (callbacks is not null) list.AddRange(callbacks);
        foreach (var bar in list.OfType<ProgressBar>()) bar.Configure(epochs, steps);
        var events = new CallbackList(this, list);

        StopTraining = false;
        FitShuffleSeed = shuffle ? loader.Seed : null;
        _ = TakeResume();
        var trainLogs = new Logs();
        events.TrainBegin(trainLogs);
        if (TakeResume() is { } resume)
        {
            // A callback (BackupAndRestore) restored a backup: continue where it was taken, with its data order.
            initialEpoch = Math.Min(resume.Epoch, epochs);
            if (shuffle && resume.ShuffleSeed is ulong seed && seed != loader.Seed)
            {
                loader = distributed ? DistributedLoader(training, batchSize, shuffle, seed) : new DataLoader(training, batchSize, shuffle, seed);
                FitShuffleSeed = seed;
            }
        }
        if (distributed) BroadcastWeights(training);
        using var batches = LoopedBatches(loader, initialEpoch, cancellationToken).GetEnumerator();
        for (int epoch = initialEpoch; epoch < epochs && !StopTraining; epoch++)
        {
            ResetMetrics();
            var tracker = new RunningLoss(_losses!.Length);
            events.EpochBegin(epoch, new Logs());
            for (int step = 0; step < steps; step++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!batches.MoveNext()) throw new InvalidOperationException("Fit: the data loader ended early.");
                events.TrainBatchBegin(step, new Logs());
                long started = Stopwatch.GetTimestamp();
                TrainStep(batches.Current, tracker);
                meter.Step(started, batches.Current.Count, tracker.Last);
                events.TrainBatchEnd(step, EpochLogs(tracker, null));
                if (StopTraining) break;
            }
            if (distributed) ReduceAcrossRanks(tracker);
            meter.EpochEnd();
            var logs = EpochLogs(tracker, null);
            if (validation is not null)
            {
                var valLogs = EvaluateCore(validation, batchSize, events, cancellationToken);
                foreach (var (k, value) in valLogs) logs["val_" + k] = value;
            }
            logs["learning_rate"] = Optimizer!.CurrentLearningRate;
            events.EpochEnd(epoch, logs);
            trainLogs = logs;
        }
        events.TrainEnd(trainLogs);
        return history;
    }

    /// <summary>Batches for successive epochs, each epoch reshuffled; an epoch may span several passes when
    /// stepsPerEpoch exceeds the data (Keras's repeat).</summary>
    private static IEnumerable<Batch> LoopedBatches(DataLoader loader, int firstEpoch, CancellationToken ct)
    {
        for (int pass = firstEpoch; ; pass++)
            foreach (var batch in loader.GetEpoch(pass, ct)) yield return batch;
    }

    /// <summary>One optimisation step on a batch (Keras's train_on_batch); returns the batch's loss and metrics.</summary>
    /// <exception cref="InvalidOperationException">The model is not compiled.</exception>
    public Logs TrainOnBatch(Tensor x, Tensor y, Tensor? sampleWeight = null)
    {
        RequireCompiled("TrainOnBatch");
        ResetMetrics();
        var tracker = new RunningLoss(_losses!.Length);
        TrainStep(new Batch([x], [y], sampleWeight), tracker);
        return EpochLogs(tracker, null);
    }

    /// <summary>The loss and metrics on one batch without training (Keras's test_on_batch).</summary>
    public Logs TestOnBatch(Tensor x, Tensor y, Tensor? sampleWeight = null)
    {
        RequireCompiled("TestOnBatch");
        ResetMetrics();
        var tracker = new RunningLoss(_losses!.Length);
        TestStep(new Batch([x], [y], sampleWeight), tracker);
        return EpochLogs(tracker, null);
    }

    /// <summary>The model's output on one batch in inference mode (Keras's predict_on_batch).</summary>
    public Tensor PredictOnBatch(Tensor x)
    {
        using var noGrad = Tensor.NoGrad();
        return Call(x, training: false);
    }

    /// <summary>The loss and metrics over a whole dataset, in batches, in inference mode (Keras's evaluate).</summary>
    /// <returns>"loss" (and per-output losses) and the metrics.</returns>
    /// <exception cref="InvalidOperationException">The model is not compiled.</exception>
    public Logs Evaluate(Tensor x, Tensor y, int batchSize = 32, Tensor? sampleWeight = null, int verbose = 0,
        IReadOnlyList<Callback>? callbacks = null, CancellationToken cancellationToken = default) =>
        Evaluate([x], [y], batchSize, sampleWeight, verbose, callbacks, cancellationToken);

    /// <summary>Evaluates a model with several inputs or outputs.</summary>
    public Logs Evaluate(IReadOnlyList<Tensor> x, IReadOnlyList<Tensor> y, int batchSize = 32, Tensor? sampleWeight = null,
        int verbose = 0, IReadOnlyList<Callback>? callbacks = null, CancellationToken cancellationToken = default)
    {
        RequireCompiled("Evaluate");
        return Evaluate(MakeDataset(x, y, sampleWeight, "Evaluate"), batchSize, verbose, callbacks, cancellationToken);
    }

    /// <summary>Evaluates on a <see cref="Dataset"/>.</summary>
    public Logs Evaluate(Dataset data, int batchSize = 32, int verbose = 0, IReadOnlyList<Callback>? callbacks = null,
        CancellationToken cancellationToken = default)
    {
        RequireCompiled("Evaluate");
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "Evaluate: batchSize must be ≥ 1.");
        var events = new CallbackList(this, callbacks ?? []);
        var logs = EvaluateCore(data, batchSize, events, cancellationToken);
        if (verbose > 0) Console.WriteLine(logs.ToString());
        return logs;
    }

    private Logs EvaluateCore(Dataset data, int batchSize, CallbackList events, CancellationToken ct)
    {
        ResetMetrics();
        var tracker = new RunningLoss(_losses!.Length);
        events.TestBegin(new Logs());
        int step = 0;
        foreach (var batch in new DataLoader(Shard(data), batchSize).GetEpoch(0, ct))
        {
            events.TestBatchBegin(step, new Logs());
            TestStep(batch, tracker);
            events.TestBatchEnd(step++, EpochLogs(tracker, null));
        }
        if (Communicator.Size > 1) ReduceAcrossRanks(tracker);
        var logs = EpochLogs(tracker, null);
        events.TestEnd(logs);
        return logs;
    }

    /// <summary>The model's outputs for every example, computed in batches in inference mode (Keras's predict).</summary>
    /// <exception cref="ArgumentException">The model has several outputs (use <see cref="PredictMultiple"/>).</exception>
    public Tensor Predict(Tensor x, int batchSize = 32, int verbose = 0, IReadOnlyList<Callback>? callbacks = null,
        CancellationToken cancellationToken = default) =>
        Predict([x], batchSize, verbose, callbacks, cancellationToken);

    /// <summary>The output of a model with several inputs and one output, e.g. <c>model.Predict([images, metadata])</c>
    /// (Keras's predict on a list of inputs).</summary>
    /// <exception cref="ArgumentException">The model has several outputs (use <see cref="PredictMultiple"/>), or the
    /// inputs differ in length.</exception>
    public Tensor Predict(IReadOnlyList<Tensor> x, int batchSize = 32, int verbose = 0, IReadOnlyList<Callback>? callbacks = null,
        CancellationToken cancellationToken = default)
    {
        var outputs = PredictMultiple(x, batchSize, verbose, callbacks, cancellationToken);
        if (outputs.Count != 1)
            throw new ArgumentException($"Predict: model '{Name}' has {outputs.Count} outputs; use PredictMultiple, which returns one tensor per output.");
        return outputs[0];
    }

    /// <summary>Predicts every output of a model with several inputs or outputs. With a <see cref="Communicator"/> of
    /// several ranks, each rank predicts its contiguous share of the examples and the shares are gathered, so every rank
    /// returns all n rows, bit-identical to a single process's result.</summary>
    public IReadOnlyList<Tensor> PredictMultiple(IReadOnlyList<Tensor> x, int batchSize = 32, int verbose = 0,
        IReadOnlyList<Callback>? callbacks = null, CancellationToken cancellationToken = default)
    {
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "Predict: batchSize must be ≥ 1.");
        int n = CheckSameLength(x, "Predict", "x");
        var (first, end) = ShardRange(n, Communicator.Rank);
        var local = PredictRange(x, first, end, batchSize, callbacks, cancellationToken);
        return Communicator.Size == 1 ? local : GatherShards(local, n);
    }

    /// <summary>The outputs for examples [first, end), in batches, with the predict callbacks.</summary>
    private Tensor[] PredictRange(IReadOnlyList<Tensor> x, int first, int end, int batchSize, IReadOnlyList<Callback>? callbacks,
        CancellationToken cancellationToken)
    {
        int n = end - first;
        var events = new CallbackList(this, callbacks ?? []);
        events.PredictBegin(new Logs());
        Tensor[]? results = null;
        int step = 0;
        using var noGrad = Tensor.NoGrad();
        for (int start = 0; start < n; start += batchSize, step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int count = Math.Min(batchSize, n - start);
            events.PredictBatchBegin(step, new Logs());
            using (TensorScope.Begin())
            {
                var outputs = CallMultiple([.. x.Select(t => t.Narrow(0, first + start, count).To(Device))], training: false);
                if (results is null)
                {
                    using var persistent = TensorScope.Persistent();
                    results = [.. outputs.Select(o => Tensor.Zeros([n, .. o.Shape.ToArray()[1..]], o.DType, o.Device))];
                }
                for (int i = 0; i < outputs.Count; i++) results[i].Narrow(0, start, count).Assign(outputs[i]);
            }
            events.PredictBatchEnd(step, new Logs());
        }
        events.PredictEnd(new Logs());
        if (results is null)
        {
            using var scope = TensorScope.Begin();
            var probe = CallMultiple([.. x.Select(t => Tensor.Zeros([1, .. t.Shape.ToArray()[1..]], t.DType, t.Device))], training: false);
            using var persistent = TensorScope.Persistent();
            results = [.. probe.Select(o => Tensor.Zeros([0, .. o.Shape.ToArray()[1..]], o.DType, o.Device))];
        }
        return results;
    }

    /// <summary>The batch with its tensors on the model's device.</summary>
    private Batch OnDevice(Batch batch)
    {
        var device = Device;
        bool here = batch.Inputs.All(t => t.Device == device) && batch.Targets.All(t => t.Device == device)
            && (batch.SampleWeights is null || batch.SampleWeights.Device == device);
        return here ? batch : new Batch([.. batch.Inputs.Select(t => t.To(device))], [.. batch.Targets.Select(t => t.To(device))], batch.SampleWeights?.To(device));
    }

    /// <summary>One optimisation step. It reads from the device once: the loss values, the metric states and the
    /// label checks travel together (<see cref="DeviceReadout"/>), after the gradients are computed and before the
    /// optimizer changes any weight, so a bad label stops the step with the weights intact.</summary>
    private void TrainStep(Batch batch, RunningLoss tracker)
    {
        using var scope = TensorScope.Begin();
        var readout = DeviceReadout.Begin();
        try
        {
            batch = OnDevice(batch);
            IReadOnlyList<Tensor> outputs;
            bool backwardCollective;
            using (DeepLearning.Distributed.Communicator.BeginTraining(Communicator))
            {
                outputs = CallMultiple(batch.Inputs, training: true);
                backwardCollective = DeepLearning.Distributed.Communicator.BackwardCollectiveRecorded;
            }
            var total = ComputeLoss(batch, outputs, tracker, readout);
            UpdateMetrics(batch, outputs);
            var parameters = TrainableWeights;
            // Zeroed lazily: the backward pass writes each gradient instead of adding it to zeros.
            foreach (var p in parameters) p.ZeroGradLazily();
            if (OverlappedReducer(backwardCollective) is { } reducer)
            {
                try
                {
                    using (reducer.Begin(parameters)) total.Backward();
                    readout.Read();
                    reducer.Finish();
                }
                catch
                {
                    reducer.Abandon();
                    throw;
                }
            }
            else
            {
                total.Backward();
                readout.Read();
                if (Communicator.Size > 1) AverageGradients(parameters);
            }
            Optimizer!.Step(parameters);
            ApplyConstraints();
        }
        finally
        {
            readout.End();
        }
    }

    /// <summary>One evaluation step, with one read from the device like <see cref="TrainStep"/>.</summary>
    private void TestStep(Batch batch, RunningLoss tracker)
    {
        using var scope = TensorScope.Begin();
        using var noGrad = Tensor.NoGrad();
        var readout = DeviceReadout.Begin();
        try
        {
            batch = OnDevice(batch);
            var outputs = CallMultiple(batch.Inputs, training: false);
            ComputeLoss(batch, outputs, tracker, readout);
            UpdateMetrics(batch, outputs);
            readout.Read();
        }
        finally
        {
            readout.End();
        }
    }

    /// <summary>Σ wᵢ·lossᵢ(yᵢ, outputᵢ) plus the regularization losses; the values reach the logs' tracker through
    /// the step's readout. An output's mask m is passed to the loss, which (sum over batch size) gives
    /// Σ m·w·ℓ / Σ m as Keras 3's apply_mask does, w the sample weights.</summary>
    private Tensor ComputeLoss(Batch batch, IReadOnlyList<Tensor> outputs, RunningLoss tracker, DeviceReadout readout)
    {
        if (batch.Targets.Length != outputs.Count)
            throw new ArgumentException($"Model '{Name}': {outputs.Count} output(s) but the data has {batch.Targets.Length} target tensor(s).");
        Tensor? total = null;
        var values = new Tensor[outputs.Count + 1];
        for (int i = 0; i < outputs.Count; i++)
        {
            var value = _losses![i].Call(batch.Targets[i], outputs[i], batch.SampleWeights, outputs[i].Mask);
            values[i + 1] = value;
            var weighted = _lossWeights![i] == 1 ? value : value * _lossWeights[i];
            total = total is null ? weighted : total + weighted;
        }
        var sum = total!;
        foreach (var penalty in Losses) sum += penalty.Cast(sum.DType);
        values[0] = sum;
        int examples = batch.Count;
        using (Tensor.NoGrad())
            readout.Add(Tensor.Stack([.. values.Select(v => v.Detach().Cast(DeepLearning.DType.Float64).Reshape(Shape.Scalar))]),
                host => tracker.Add(host[0], host[1..].ToArray(), examples));
        return sum;
    }

    private void UpdateMetrics(Batch batch, IReadOnlyList<Tensor> outputs)
    {
        using var noGrad = Tensor.NoGrad();
        for (int i = 0; i < outputs.Count; i++)
        {
            var weight = CombineMask(batch.SampleWeights, outputs[i].Mask);
            foreach (var metric in _metrics![i]) metric.UpdateState(batch.Targets[i], outputs[i], weight);
        }
    }

    private static Tensor? CombineMask(Tensor? sampleWeight, Tensor? mask)
    {
        if (mask is null) return sampleWeight;
        var m = mask.Cast(DeepLearning.DType.Float32);
        if (sampleWeight is null) return m;
        var w = sampleWeight.Cast(DeepLearning.DType.Float32);
        while (w.Rank < m.Rank) w = w.Unsqueeze(-1);
        return m * w;
    }

    private void ResetMetrics()
    {
        foreach (var list in _metrics!)
            foreach (var metric in list) metric.ResetState();
    }

    private Logs EpochLogs(RunningLoss tracker, string? prefix)
    {
        var logs = new Logs { [prefix + "loss"] = tracker.Mean };
        if (_losses!.Length > 1)
        {
            var names = OutputNames();
            for (int i = 0; i < _losses.Length; i++) logs[$"{prefix}{names[i]}_loss"] = tracker.MeanOf(i);
        }
        for (int i = 0; i < _metrics!.Length; i++)
        {
            string outputPrefix = _metrics.Length > 1 ? OutputNames()[i] + "_" : "";
            foreach (var metric in _metrics[i]) logs[prefix + outputPrefix + metric.Name] = metric.Result();
        }
        return logs;
    }

    private string[] OutputNames() =>
        SymbolicOutputs is { } outs ? [.. outs.Select(o => o.Layer.Name)] : [.. Enumerable.Range(0, _losses!.Length).Select(i => $"output_{i}")];

    private void RequireCompiled(string what)
    {
        if (!IsCompiled)
            throw new InvalidOperationException($"{what}: model '{Name}' is not compiled; call Compile(optimizer, loss, metrics) first.");
    }

    private static int CheckSameLength(IReadOnlyList<Tensor> tensors, string what, string name)
    {
        if (tensors.Count == 0) throw new ArgumentException($"{what}: no {name} tensors given.");
        int n = -1;
        foreach (var t in tensors)
        {
            if (t.Rank == 0) throw new ArgumentException($"{what}: {name} tensors need an example axis; got a scalar.");
            if (n >= 0 && t.Shape[0] != n)
                throw new ArgumentException($"{what}: {name} tensors disagree on the number of examples ({n} vs {t.Shape[0]}).");
            n = t.Shape[0];
        }
        return n;
    }

    private TensorDataset MakeDataset(IReadOnlyList<Tensor> x, IReadOnlyList<Tensor> y, Tensor? weights, string what)
    {
        int nx = CheckSameLength(x, what, "x"), ny = CheckSameLength(y, what, "y");
        if (nx != ny) throw new ArgumentException($"{what}: x has {nx} examples but y has {ny} (shapes {x[0].Shape} and {y[0].Shape}).");
        if (weights is not null && (weights.Rank == 0 || weights.Shape[0] != nx))
            throw new ArgumentException($"{what}: sampleWeight of shape {weights.Shape} does not match {nx} examples.");
        return new TensorDataset([.. x], [.. y], weights);
    }

    /// <summary>sampleWeight × classWeight[label] per example (labels from int targets or the argmax of one-hot ones).</summary>
    private static Tensor? CombineWeights(IReadOnlyList<Tensor> y, Tensor? sampleWeight, IReadOnlyDictionary<int, double>? classWeight, string what)
    {
        if (classWeight is null) return sampleWeight;
        if (sampleWeight is { Rank: > 1 })
            throw new ArgumentException($"{what}: classWeight needs per-example sample weights of shape (N); got per-step weights of shape {sampleWeight.Shape}.");
        if (y.Count != 1) throw new ArgumentException($"{what}: classWeight needs a single target tensor.");
        var target = y[0];
        var labels = target.DType == DeepLearning.DType.Int32
            ? target.Reshape(target.Shape[0], -1).Select(1, 0)
            : target.Shape[-1] == 1 ? target.Reshape(-1).Round().Cast(DeepLearning.DType.Int32) : target.ArgMax(-1).Reshape(target.Shape[0], -1).Select(1, 0);
        var ids = labels.ToArray<int>();
        var w = new float[ids.Length];
        for (int i = 0; i < ids.Length; i++)
            w[i] = classWeight.TryGetValue(ids[i], out var cw) ? (float)cw
                : throw new ArgumentException($"{what}: classWeight has no entry for class {ids[i]}.");
        var classTensor = Tensor.FromArray(w);
        return sampleWeight is null ? classTensor : sampleWeight.Cast(DeepLearning.DType.Float32) * classTensor;
    }

    /// <summary>Running means of the total and per-output losses, weighted by batch size (Keras 3's loss tracker).</summary>
    private sealed class RunningLoss(int outputs)
    {
        private double _sum;
        private readonly double[] _sums = new double[outputs];
        private long _count;

        public void Add(double total, double[] perOutput, int examples)
        {
            Last = total;
            _sum += total * examples;
            for (int i = 0; i < perOutput.Length; i++) _sums[i] += perOutput[i] * examples;
            _count += examples;
        }

        public double Mean => _count == 0 ? 0 : _sum / _count;

        /// <summary>Sums the running totals over the ranks (the means then cover every rank's examples).</summary>
        public void AllReduce(Distributed.Communicator communicator)
        {
            var values = new double[_sums.Length + 2];
            values[0] = _sum;
            values[1] = _count;
            _sums.CopyTo(values, 2);
            communicator.AllReduce(values, Distributed.ReduceOperation.Sum);
            _sum = values[0];
            _count = (long)values[1];
            values.AsSpan(2).CopyTo(_sums);
        }
        /// <summary>The total loss of the last batch added.</summary>
        public double Last { get; private set; }

        public double MeanOf(int i) => _count == 0 ? 0 : _sums[i] / _count;
    }
}
