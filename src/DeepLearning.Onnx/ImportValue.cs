using DeepLearning.Layers;

namespace DeepLearning.Onnx;

/// <summary>What an ONNX value of an imported graph is on the library's side: a constant, or a symbolic tensor
/// whose axes are the ONNX value's axes permuted (<see cref="Perm"/>: stored axis j is ONNX axis Perm[j]), so an NCHW
/// value is held NHWC with Perm = [0, 2, 3, 1] and ONNX Transposes cost nothing.</summary>
internal sealed class ImportValue
{
    public ImportValue(OnnxConstant constant) => Constant = constant;

    public ImportValue(SymbolicTensor symbol, int[] perm)
    {
        Symbol = symbol;
        Perm = perm;
    }

    /// <summary>A shape computed from a symbolic value (Shape, then Gather/Unsqueeze/Concat): the known integers, with
    /// null for the dynamic batch size.</summary>
    public ImportValue(long?[] shapeOf) => ShapeOf = shapeOf;

    /// <summary>ConstantOfShape of a shape that holds the batch size: its dims (null: the batch) and its fill value.</summary>
    public ImportValue(long?[] filledDims, float fill)
    {
        FilledDims = filledDims;
        Fill = fill;
    }

    public OnnxConstant? Constant { get; }

    public long?[]? ShapeOf { get; }

    public long?[]? FilledDims { get; }

    public float Fill { get; }

    public SymbolicTensor? Symbol { get; }

    /// <summary>Stored axis j holds ONNX axis Perm[j] (length: the ONNX rank, batch included).</summary>
    public int[] Perm { get; } = [];

    /// <summary>For a (N, K) value flattened from a permuted one: stored feature f is ONNX feature FeatureOrder[f]
    /// (the next Gemm or MatMul reorders its weight rows to match; nothing else may read it).</summary>
    public int[]? FeatureOrder { get; init; }

    /// <summary>The ONNX axis the value is reversed along relative to <see cref="Symbol"/> (a go_backwards Slice); −1 if none.</summary>
    public int ReversedAxis { get; init; } = -1;

    /// <summary>For an Unsqueeze(axis 0) output: the value it adds the axis to (a recurrent operator's initial state).</summary>
    public ImportValue? UnsqueezedFrom { get; init; }

    /// <summary>Whether the stored layout is the ONNX one (no permutation, ordering or reversal pending).</summary>
    public bool IsPlain => Symbol is not null && FeatureOrder is null && ReversedAxis < 0 && UnsqueezedFrom is null && Perm.Select((p, i) => p == i).All(b => b);

    public static int[] Identity(int rank) => Enumerable.Range(0, rank).ToArray();
}
