using System.Diagnostics;
using System.Reflection;
using DeepLearning.Devices;

namespace DeepLearning.Benchmarks;

/// <summary>
/// What the checked kernel entry points cost: a 16-element <see cref="Device.Binary"/> call against the same call
/// to the protected kernel behind it (reached by reflection), and the recorded 16-element add of the dispatch floor,
/// measured in interleaved rounds of about a millisecond. On a shared machine the low percentiles of short
/// interleaved rounds are far steadier than the medians of long blocks.
/// </summary>
internal static class ValidationCost
{
    private delegate void BinaryCall(BinaryOp op, in StridedView a, in StridedView b, in StridedView y, double alpha, double beta);

    public static IEnumerable<string> Run(int rounds)
    {
        var device = Device.Cpu;
        var kernel = (BinaryCall)typeof(Device).GetMethod("BinaryKernel", BindingFlags.NonPublic | BindingFlags.Instance)!
            .CreateDelegate(typeof(BinaryCall), device);
        BinaryCall checkedCall = device.Binary;
        var view = StridedView.Contiguous(device.Allocate(DType.Float32, 16), [16]);
        var a = Tensor.Ones([16]);
        var b = Tensor.Ones([16]);
        b.RequiresGrad = true;
        const int calls = 20_000, adds = 1000;
        var raw = new double[rounds];
        var facade = new double[rounds];
        var dispatch = new double[rounds];
        var sw = new Stopwatch();
        for (int r = 0; r < rounds; r++)
        {
            sw.Restart();
            for (int i = 0; i < calls; i++) kernel(BinaryOp.Add, view, view, view, 0, 0);
            raw[r] = sw.Elapsed.TotalNanoseconds / calls;
            sw.Restart();
            for (int i = 0; i < calls; i++) checkedCall(BinaryOp.Add, view, view, view, 0, 0);
            facade[r] = sw.Elapsed.TotalNanoseconds / calls;
            sw.Restart();
            using (TensorScope.Begin())
                for (int i = 0; i < adds; i++) _ = a + b;
            dispatch[r] = sw.Elapsed.TotalNanoseconds / adds;
        }
        yield return Line("binary-kernel-16", raw);
        yield return Line("binary-checked-16", facade);
        yield return Line("dispatch-add16", dispatch);
    }

    private static string Line(string id, double[] ns)
    {
        Array.Sort(ns);
        return $"{id}: min {ns[0]:F1} ns, p10 {ns[ns.Length / 10]:F1} ns, median {ns[ns.Length / 2]:F1} ns";
    }
}
