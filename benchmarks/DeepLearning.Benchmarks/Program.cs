// Entry point of the benchmark runner; see docs/performance.md for the commands and results.
Console.WriteLine("usage: dotnet run -c Release --project benchmarks/DeepLearning.Benchmarks -- workloads [id ...] [--repeats N]");
