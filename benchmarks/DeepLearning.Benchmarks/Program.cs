// The benchmark runner: the workloads of BENCHMARKS.md, printed in the anchor's format, and the foundation's
// speed floors. Usage:
//   dotnet run -c Release --project benchmarks/DeepLearning.Benchmarks -- workloads [id ...] [--repeats N] [--threads N]
//   dotnet run -c Release --project benchmarks/DeepLearning.Benchmarks -- floors [--repeats N]
//   dotnet run -c Release --project benchmarks/DeepLearning.Benchmarks -- loader
//   dotnet run -c Release --project benchmarks/DeepLearning.Benchmarks -- validation [--repeats N]
//   dotnet run -c Release --project benchmarks/DeepLearning.Benchmarks -- soak mlp128|cnn [--steps N]   (default 100,000)
//   mpirun -np N dotnet benchmarks/DeepLearning.Benchmarks/bin/Release/net10.0/DeepLearning.Benchmarks.dll distributed mlp128|cnn [--repeats N] [--threads N] [--overlap]
//     (data-parallel scale: the global rate, the all-reduce time per step and bandwidth; kernel threads default to cores / N)
//   dotnet run -c Release --project benchmarks/DeepLearning.Benchmarks -- micro [BenchmarkDotNet arguments]
//     (the kernel micro-benchmarks of Micro/ through BenchmarkDotNet's switcher, e.g. --filter '*Gemm*' --job short)
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using DeepLearning;
using DeepLearning.Benchmarks;
using DeepLearning.Benchmarks.Micro;

var mode = args.Length > 0 ? args[0] : "workloads";
int repeats = 7;
int ri = Array.IndexOf(args, "--repeats");
if (ri >= 0 && ri + 1 < args.Length) repeats = int.Parse(args[ri + 1]);
int ti = Array.IndexOf(args, "--threads");
if (ti >= 0 && ti + 1 < args.Length) DeepLearning.Devices.Cpu.KernelPool.ThreadCount = int.Parse(args[ti + 1]);
var ids = args.Skip(1).TakeWhile(a => !a.StartsWith("--")).ToList();
Generator.Seed(42);

switch (mode)
{
    case "workloads":
        var all = Workloads.Ids;
        foreach (var id in ids.Count > 0 ? [.. ids] : all)
        {
            if (!all.Contains(id))
            {
                Console.Error.WriteLine($"unknown workload '{id}'; known: {string.Join(", ", all)}");
                return 2;
            }
            Console.WriteLine(Workloads.Run(id, repeats));
        }
        return 0;
    case "floors":
        Console.WriteLine(Floors.Describe());
        foreach (var line in Floors.Run(repeats)) Console.WriteLine(line);
        return 0;
    case "loader":
        foreach (var line in LoaderWait.Run()) Console.WriteLine(line);
        return 0;
    case "validation":
        foreach (var line in ValidationCost.Run(ri >= 0 ? repeats : 300)) Console.WriteLine(line);
        return 0;
    case "soak":
        int si = Array.IndexOf(args, "--steps");
        int steps = si >= 0 && si + 1 < args.Length ? int.Parse(args[si + 1]) : 100_000;
        int failed = 0;
        foreach (var id in ids.Count > 0 ? [.. ids] : new[] { "mlp128", "cnn" }) failed |= Soak.Run(id, steps);
        return failed;
    case "distributed":
        foreach (var id in ids.Count > 0 ? [.. ids] : new[] { "mlp128", "cnn" })
            foreach (var line in DistributedWorkload.Run(id, repeats, ti >= 0 ? int.Parse(args[ti + 1]) : null, args.Contains("--overlap"))) Console.WriteLine(line);
        return 0;
    case "micro":
        // BenchmarkDotNet builds a separate host project first; its 2-minute default is too short on a busy machine.
        var config = ManualConfig.Create(DefaultConfig.Instance).WithBuildTimeout(TimeSpan.FromMinutes(15));
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(GemmBenchmarks).Assembly).Run(args[1..], config);
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    default:
        Console.Error.WriteLine("usage: workloads [id ...] [--repeats N] | floors [--repeats N] | loader | validation [--repeats N] | micro [BenchmarkDotNet arguments] | soak [mlp128|cnn] [--steps N] | distributed [mlp128|cnn] [--repeats N] [--threads N] [--overlap]");
        return 2;
}
