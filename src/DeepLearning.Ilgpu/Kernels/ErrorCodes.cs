using ILGPU;

namespace DeepLearning.Ilgpu.Kernels;

/// <summary>
/// Data-dependent errors found inside kernels (an index out of range, an integer division by zero). A kernel
/// cannot throw, so it records the first error in a small device buffer: word 0 the <see cref="ErrorCodes"/> code,
/// word 1 the offending value, word 2 the valid limit, word 3 the position. The device reads the buffer at the
/// next synchronising call and throws there.
/// </summary>
internal static class ErrorCodes
{
    public const int None = 0, GatherIndex = 1, ScatterAddIndex = 2, IntegerDivideByZero = 3;

    /// <summary>Number of int32 words of the error buffer.</summary>
    public const int Words = 4;

    /// <summary>Records an error unless one is already recorded (the first one wins).</summary>
    public static void Raise(ArrayView<int> errors, int code, int value, int limit, int position)
    {
        if (Atomic.CompareExchange(ref errors[0], None, code) == None)
        {
            errors[1] = value;
            errors[2] = limit;
            errors[3] = position;
        }
    }
}
