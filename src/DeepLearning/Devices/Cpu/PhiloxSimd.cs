using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DeepLearning.Devices.Cpu;

/// <summary>
/// Philox-4×32-10 for several consecutive counters at once, bit-identical to <see cref="Philox.Block"/>: each
/// 64-bit vector lane carries one block's 32-bit words, so the 32×32→64 multiplies of a round are single
/// vpmuludq instructions (eight blocks per AVX-512 vector, four per AVX2 vector).
/// </summary>
internal static class PhiloxSimd
{
    private const uint M0 = 0xD2511F53, M1 = 0xCD9E8D57, W0 = 0x9E3779B9, W1 = 0xBB67AE85;

    /// <summary>Blocks per call: 8 with AVX-512, 4 with AVX2, 1 otherwise.</summary>
    public static int Width => Avx512F.IsSupported ? 8 : Avx2.IsSupported ? 4 : 1;

    /// <summary>Writes the four outputs of blocks <paramref name="firstCounter"/> … + <see cref="Width"/> − 1 to
    /// <paramref name="output"/> word-major: output[r·Width + b] = r-th word of block b.</summary>
    public static void Blocks(ulong key, ulong firstCounter, uint counterHigh, Span<uint> output)
    {
        if (Avx512F.IsSupported) Blocks512(key, firstCounter, counterHigh, output);
        else if (Avx2.IsSupported) Blocks256(key, firstCounter, counterHigh, output);
        else
        {
            Philox.Block(key, firstCounter, counterHigh, out output[0], out output[1], out output[2], out output[3]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Blocks512(ulong key, ulong first, uint high, Span<uint> output)
    {
        var mask = Vector512.Create(0xFFFFFFFFUL);
        var counters = Vector512.Create(first) + Vector512.Create(0UL, 1, 2, 3, 4, 5, 6, 7);
        var c0 = counters & mask;
        var c1 = counters >> 32;
        var c2 = Vector512.Create((ulong)high);
        var c3 = Vector512<ulong>.Zero;
        var k0 = Vector512.Create(key & 0xFFFFFFFF);
        var k1 = Vector512.Create(key >> 32);
        var m0 = Vector512.Create((ulong)M0).AsUInt32();
        var m1 = Vector512.Create((ulong)M1).AsUInt32();
        var w0 = Vector512.Create((ulong)W0);
        var w1 = Vector512.Create((ulong)W1);
        for (int round = 0; round < 10; round++)
        {
            var p0 = Avx512F.Multiply(c0.AsUInt32(), m0);
            var p1 = Avx512F.Multiply(c2.AsUInt32(), m1);
            var n0 = (p1 >> 32) ^ c1 ^ k0;
            var n2 = (p0 >> 32) ^ c3 ^ k1;
            c1 = p1 & mask;
            c3 = p0 & mask;
            c0 = n0;
            c2 = n2;
            k0 = (k0 + w0) & mask;
            k1 = (k1 + w1) & mask;
        }
        ref uint o = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(output);
        Avx512F.ConvertToVector256UInt32(c0).StoreUnsafe(ref o, 0);
        Avx512F.ConvertToVector256UInt32(c1).StoreUnsafe(ref o, 8);
        Avx512F.ConvertToVector256UInt32(c2).StoreUnsafe(ref o, 16);
        Avx512F.ConvertToVector256UInt32(c3).StoreUnsafe(ref o, 24);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Blocks256(ulong key, ulong first, uint high, Span<uint> output)
    {
        var mask = Vector256.Create(0xFFFFFFFFUL);
        var counters = Vector256.Create(first) + Vector256.Create(0UL, 1, 2, 3);
        var c0 = counters & mask;
        var c1 = counters >> 32;
        var c2 = Vector256.Create((ulong)high);
        var c3 = Vector256<ulong>.Zero;
        var k0 = Vector256.Create(key & 0xFFFFFFFF);
        var k1 = Vector256.Create(key >> 32);
        var m0 = Vector256.Create((ulong)M0).AsUInt32();
        var m1 = Vector256.Create((ulong)M1).AsUInt32();
        var w0 = Vector256.Create((ulong)W0);
        var w1 = Vector256.Create((ulong)W1);
        for (int round = 0; round < 10; round++)
        {
            var p0 = Avx2.Multiply(c0.AsUInt32(), m0);
            var p1 = Avx2.Multiply(c2.AsUInt32(), m1);
            var n0 = (p1 >> 32) ^ c1 ^ k0;
            var n2 = (p0 >> 32) ^ c3 ^ k1;
            c1 = p1 & mask;
            c3 = p0 & mask;
            c0 = n0;
            c2 = n2;
            k0 = (k0 + w0) & mask;
            k1 = (k1 + w1) & mask;
        }
        for (int b = 0; b < 4; b++)
        {
            output[b] = (uint)c0.GetElement(b);
            output[4 + b] = (uint)c1.GetElement(b);
            output[8 + b] = (uint)c2.GetElement(b);
            output[12 + b] = (uint)c3.GetElement(b);
        }
    }
}
