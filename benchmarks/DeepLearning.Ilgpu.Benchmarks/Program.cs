// Benchmarks of the ILGPU device.
//   micro: every hot kernel on ILGPU's CPU accelerator, in seconds: time per call and the largest difference from
//          the CPU device, to check a kernel change for correctness and rough cost before a GPU is at hand.
//   gpu:   what tools/gpu-bench.sh runs on a GPU machine: SGEMM GFLOP/s, the cnn/mlp128/lstm training workloads of
//          BENCHMARKS.md on the device and on the CPU device, and the device's bytes in use over many steps.
//
//   dotnet run -c Release --project benchmarks/DeepLearning.Ilgpu.Benchmarks -- micro
//   DeepLearning.Ilgpu.Benchmarks gpu [--device cuda|cpu-accelerator] [--sizes 1024,4096,8192] [--workloads cnn,mlp128,lstm]
//       [--memory-workload mlp128] [--memory-steps 10000, 0 skips] [--repeats 5] [--no-cpu] [--tf32]
using DeepLearning;
using DeepLearning.Ilgpu.Benchmarks;

Generator.Seed(42);
string mode = args.Length > 0 ? args[0] : "micro";
try
{
    return mode switch
    {
        "micro" => Micro.Run(),
        "gpu" => GpuBench.Run(GpuBenchOptions.Parse(args.Skip(1).ToArray())),
        _ => Usage($"unknown mode '{mode}'"),
    };
}
catch (ArgumentException e)
{
    return Usage(e.Message);
}

static int Usage(string problem)
{
    Console.Error.WriteLine($"{problem}\nusage: micro | gpu [--device cuda|cpu-accelerator] [--sizes N,...] [--workloads id,...] " +
        "[--memory-workload id] [--memory-steps N] [--repeats N] [--no-cpu] [--tf32]");
    return 2;
}
