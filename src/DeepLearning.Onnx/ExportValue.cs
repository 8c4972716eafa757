namespace DeepLearning.Onnx;

/// <summary>The ONNX names of one model value in the two layouts it may exist in: the library's own (channels last,
/// <c>(N, …, C)</c>) and channels first (<c>(N, C, …)</c>, what ONNX's Conv, pooling, BatchNormalization and Resize
/// read). A value gets the other layout only when an operator needs it, through one Transpose, made once.</summary>
internal sealed class ExportValue(int rank)
{
    /// <summary>The rank with the batch axis.</summary>
    public int Rank { get; } = rank;

    /// <summary>The name in channels-last layout (null until made).</summary>
    public string? Native { get; set; }

    /// <summary>The name in channels-first layout (null until made); for rank ≤ 2 both layouts coincide.</summary>
    public string? ChannelsFirst { get; set; }

    /// <summary>Channels last → channels first: <c>[0, r−1, 1, …, r−2]</c>.</summary>
    public static int[] ToChannelsFirst(int rank) => [0, rank - 1, .. Enumerable.Range(1, rank - 2)];

    /// <summary>Channels first → channels last: <c>[0, 2, …, r−1, 1]</c>.</summary>
    public static int[] ToChannelsLast(int rank) => [0, .. Enumerable.Range(2, rank - 2), 1];
}
