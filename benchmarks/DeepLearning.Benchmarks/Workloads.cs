namespace DeepLearning.Benchmarks;

/// <summary>The workloads of BENCHMARKS.md by id.</summary>
internal static class Workloads
{
    public static readonly string[] Ids = ["gemm-128", "gemm-256", "gemm-512", "gemm-1024", "gemm-2048"];

    public static string Run(string id, int repeats) => id switch
    {
        _ when id.StartsWith("gemm-") => GemmWorkload.Run(int.Parse(id[5..]), repeats),
        _ => throw new ArgumentException($"unknown workload {id}"),
    };
}
