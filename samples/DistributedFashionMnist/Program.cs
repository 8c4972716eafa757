// The main job's CNN (SEEDS A9) on Fashion-MNIST, trained data-parallel on MPI: every rank runs this program, trains on
// its share of every batch, and the gradients are averaged across ranks before each Adam step. Rank 0 prints.
//   mpirun -np 2 dotnet samples/DistributedFashionMnist/bin/Release/net10.0/DistributedFashionMnist.dll [--epochs N --seed N]
//   dotnet run -c Release --project samples/DistributedFashionMnist      (one process, the same program: the baseline)
// Options: --batch N (the global batch, default 64), --threads N (kernel threads per rank; default: cores / ranks),
// --train N (use the first N training images; default all 60,000).
using System.Diagnostics;
using DeepLearning;
using DeepLearning.Devices.Cpu;
using DeepLearning.Distributed;
using DeepLearning.Losses;
using DeepLearning.Metrics;
using DeepLearning.Models;
using DeepLearning.Optimizers;
using DeepLearning.Samples;

var clock = Stopwatch.StartNew();
var options = new SampleArgs(args, defaultEpochs: 8);
// Under mpirun (OpenMPI sets OMPI_COMM_WORLD_SIZE) train on MPI; otherwise the group of one.
using Communicator comm = Environment.GetEnvironmentVariable("OMPI_COMM_WORLD_SIZE") is null
    ? Communicator.SingleProcess : MpiCommunicator.Initialize();
KernelPool.ThreadCount = options.Int("--threads", Math.Max(1, Environment.ProcessorCount / comm.Size));
int batchSize = options.Int("--batch", 64);
Generator.Seed((ulong)options.Seed);

var (train, test) = SampleData.FashionMnist(options.DataDirectory);
int count = Math.Min(options.Int("--train", train.Images.Shape[0]), train.Images.Shape[0]);

var model = A9Cnn.Build();
model.Compile(new Adam(learningRate: 1e-3), new SparseCategoricalCrossentropy(), [Metric.Accuracy]);
if (comm.IsPrimary) model.Summary();

var history = model.Fit(train.Images.Narrow(0, 0, count), train.Labels.Narrow(0, 0, count), new FitOptions
{
    Epochs = options.Epochs, BatchSize = batchSize, ValidationSplit = 0.1, Communicator = comm,
});
var result = model.Evaluate(test.Images, test.Labels, batchSize: 256);   // sharded across ranks, reduced

if (comm.IsPrimary)
{
    Console.WriteLine($"ranks={comm.Size}");
    Console.WriteLine($"kernel_threads_per_rank={KernelPool.ThreadCount}");
    Console.WriteLine($"wall_clock_seconds={clock.Elapsed.TotalSeconds:F0}");
    if (comm is MpiCommunicator mpi)
        Console.WriteLine($"allreduce_ms_per_call={mpi.AllReduceTime.TotalMilliseconds / Math.Max(1, mpi.AllReduceCalls):F2} (calls={mpi.AllReduceCalls})");
    Console.WriteLine($"test_loss={result["loss"]:F4}");
    Console.WriteLine($"test_accuracy={result["accuracy"]:F4}");
}
