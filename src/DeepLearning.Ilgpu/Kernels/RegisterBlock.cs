using ILGPU;

namespace DeepLearning.Ilgpu.Kernels;

/// <summary>
/// Eight floats as plain fields: one row of a thread's 8×8 block of C, or the eight values of A or B it multiplies
/// in one step. ILGPU 1.5.3 has no loop unroller (it was disabled as unstable), and an array indexed by a loop
/// variable would live in local memory; fixed fields with every operation written out stay in registers.
/// </summary>
internal struct Row8
{
    public float X0, X1, X2, X3, X4, X5, X6, X7;

    /// <summary>Elements <paramref name="start"/> + j·<paramref name="step"/>, j = 0…7, of shared memory.</summary>
    public static Row8 Load(ArrayView<float> s, int start, int step) => new()
    {
        X0 = s[start], X1 = s[start + step], X2 = s[start + 2 * step], X3 = s[start + 3 * step],
        X4 = s[start + 4 * step], X5 = s[start + 5 * step], X6 = s[start + 6 * step], X7 = s[start + 7 * step],
    };

    /// <summary>acc + a·b element-wise, in float32 (ptxas contracts each multiply-add into one FFMA).</summary>
    public static Row8 MulAdd(Row8 acc, float a, Row8 b) => new()
    {
        X0 = acc.X0 + a * b.X0, X1 = acc.X1 + a * b.X1, X2 = acc.X2 + a * b.X2, X3 = acc.X3 + a * b.X3,
        X4 = acc.X4 + a * b.X4, X5 = acc.X5 + a * b.X5, X6 = acc.X6 + a * b.X6, X7 = acc.X7 + a * b.X7,
    };

    /// <summary>Element <paramref name="j"/> (a uniform switch; used only in the epilogue).</summary>
    public readonly float Get(int j) => j switch
    {
        0 => X0, 1 => X1, 2 => X2, 3 => X3, 4 => X4, 5 => X5, 6 => X6, _ => X7,
    };
}

/// <summary>A thread's 8×8 block of C: 64 float32 accumulators in registers.</summary>
internal struct Block8x8
{
    public Row8 R0, R1, R2, R3, R4, R5, R6, R7;

    /// <summary>The rank-1 update C += a·bᵀ of one k step: 64 multiply-adds, written out.</summary>
    public static Block8x8 Update(Block8x8 c, Row8 a, Row8 b) => new()
    {
        R0 = Row8.MulAdd(c.R0, a.X0, b), R1 = Row8.MulAdd(c.R1, a.X1, b),
        R2 = Row8.MulAdd(c.R2, a.X2, b), R3 = Row8.MulAdd(c.R3, a.X3, b),
        R4 = Row8.MulAdd(c.R4, a.X4, b), R5 = Row8.MulAdd(c.R5, a.X5, b),
        R6 = Row8.MulAdd(c.R6, a.X6, b), R7 = Row8.MulAdd(c.R7, a.X7, b),
    };

    /// <summary>Row <paramref name="i"/> (a uniform switch; used only in the epilogue).</summary>
    public readonly Row8 Get(int i) => i switch
    {
        0 => R0, 1 => R1, 2 => R2, 3 => R3, 4 => R4, 5 => R5, 6 => R6, _ => R7,
    };
}
