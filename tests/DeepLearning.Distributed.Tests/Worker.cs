using System.Globalization;

namespace DeepLearning.Distributed.Tests;

/// <summary>The program mpirun starts on every rank: <c>dotnet DeepLearning.Distributed.Tests.dll worker
/// &lt;scenario&gt; &lt;folder&gt;</c>. Each rank writes what the test compares into the folder.</summary>
public static class Worker
{
    public static int Main(string[] args)
    {
        if (args.Length != 3 || args[0] != "worker")
        {
            Console.Error.WriteLine("usage: worker (train|batchnorm|overlap|resume|die) <folder>");
            return 2;
        }
        string folder = args[2];
        using var comm = MpiCommunicator.Initialize(TimeSpan.FromSeconds(args[1] == "die" ? 20 : 300));
        switch (args[1])
        {
            case "train":
            {
                double firstLoss = double.NaN;
                var probe = new Models.Callbacks.LambdaCallback { BatchEnd = (batch, logs) => { if (double.IsNaN(firstLoss)) firstLoss = logs["loss"]; } };
                var (model, history) = Scenario.Train(comm, [probe]);
                File.WriteAllText(Path.Combine(folder, $"first-loss.{comm.Rank}"), firstLoss.ToString("R", CultureInfo.InvariantCulture));
                var weights = Scenario.Flatten(model);
                File.WriteAllBytes(Path.Combine(folder, $"weights.{comm.Rank}.bin"), System.Runtime.InteropServices.MemoryMarshal.AsBytes(weights.AsSpan()).ToArray());
                if (comm.IsPrimary)
                    File.WriteAllLines(Path.Combine(folder, "history.txt"), History(history));
                // Predict shards 95 examples (47 and 48 rows) and gathers them; compare with this rank predicting all.
                var x = Scenario.Data().X.Narrow(0, 0, 95);
                var counter = new PredictBatchCounter();
                var sharded = model.Predict(x, batchSize: 10, callbacks: [counter]).ToArray<float>();
                File.WriteAllText(Path.Combine(folder, $"predict-batches.{comm.Rank}"), counter.Batches.ToString(CultureInfo.InvariantCulture));
                model.Communicator = Communicator.SingleProcess;
                var whole = model.Predict(x, batchSize: 10).ToArray<float>();
                File.WriteAllBytes(Path.Combine(folder, $"predict-sharded.{comm.Rank}.bin"), System.Runtime.InteropServices.MemoryMarshal.AsBytes(sharded.AsSpan()).ToArray());
                File.WriteAllBytes(Path.Combine(folder, $"predict-whole.{comm.Rank}.bin"), System.Runtime.InteropServices.MemoryMarshal.AsBytes(whole.AsSpan()).ToArray());
                return 0;
            }
            case "batchnorm":
            {
                foreach (bool synchronized in new[] { true, false })
                {
                    var weights = Scenario.Flatten(Scenario.Train(comm, build: () => Scenario.WithBatchNormalization(synchronized)).Model);
                    File.WriteAllBytes(Path.Combine(folder, $"bn-{(synchronized ? "sync" : "local")}.{comm.Rank}.bin"),
                        System.Runtime.InteropServices.MemoryMarshal.AsBytes(weights.AsSpan()).ToArray());
                }
                return 0;
            }
            case "overlap":
            {
                foreach (bool overlap in new[] { false, true })
                {
                    var weights = Scenario.Flatten(Scenario.Train(comm, build: Scenario.Wide, overlap: overlap).Model);
                    File.WriteAllBytes(Path.Combine(folder, $"overlap-{overlap}.{comm.Rank}.bin"),
                        System.Runtime.InteropServices.MemoryMarshal.AsBytes(weights.AsSpan()).ToArray());
                }
                File.WriteAllText(Path.Combine(folder, $"thread-level.{comm.Rank}"), comm.SupportsCollectivesFromAnyThread.ToString());
                return 0;
            }
            case "resume":
            {
                // Uninterrupted, then interrupted after epoch 1 (every rank stops, as when a job is killed) and resumed
                // from the backup rank 0 wrote.
                var straight = Scenario.Flatten(Scenario.Train(comm).Model);
                var backup = Path.Combine(folder, "backup");
                var stop = new Models.Callbacks.LambdaCallback { EpochEnd = (epoch, _) => { if (epoch == 1) throw new OperationCanceledException("interrupted"); } };
                try { Scenario.Train(comm, [new Models.Callbacks.BackupAndRestore(backup), stop]); }
                catch (OperationCanceledException) { }
                var (resumedModel, resumedHistory) = Scenario.Train(comm, [new Models.Callbacks.BackupAndRestore(backup)]);
                var resumed = Scenario.Flatten(resumedModel);
                File.WriteAllText(Path.Combine(folder, $"resumed-epochs.{comm.Rank}"), string.Join(",", resumedHistory.Epochs));
                File.WriteAllBytes(Path.Combine(folder, $"straight.{comm.Rank}.bin"), System.Runtime.InteropServices.MemoryMarshal.AsBytes(straight.AsSpan()).ToArray());
                File.WriteAllBytes(Path.Combine(folder, $"resumed.{comm.Rank}.bin"), System.Runtime.InteropServices.MemoryMarshal.AsBytes(resumed.AsSpan()).ToArray());
                return 0;
            }
            case "die":
            {
                var dying = new Models.Callbacks.LambdaCallback
                {
                    BatchEnd = (batch, _) =>
                    {
                        if (comm.Rank == 1 && batch == 2) System.Diagnostics.Process.GetCurrentProcess().Kill();   // SIGKILL
                    },
                };
                Scenario.Train(comm, [dying]);
                File.WriteAllText(Path.Combine(folder, $"finished.{comm.Rank}"), "");
                return 0;
            }
            default:
                Console.Error.WriteLine($"unknown scenario {args[1]}");
                return 2;
        }
    }

    /// <summary>One line per history key, "key=v1,v2,…" with round-trip values, keys sorted.</summary>
    public static IEnumerable<string> History(Models.Callbacks.History history) =>
        history.Keys.Order(StringComparer.Ordinal).Select(k => k + "=" + string.Join(",", history[k].Select(v => v.ToString("R", CultureInfo.InvariantCulture))));

    /// <summary>Counts the batches Predict ran on this rank.</summary>
    private sealed class PredictBatchCounter : Models.Callbacks.Callback
    {
        public int Batches { get; private set; }

        public override void OnPredictBatchEnd(int batch, Models.Callbacks.Logs logs) => Batches++;
    }
}
