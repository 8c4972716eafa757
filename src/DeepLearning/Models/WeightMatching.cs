namespace DeepLearning.Models;

/// <summary>How <see cref="Model.LoadWeights"/> pairs the tensors of a file with the model's weights.</summary>
public enum WeightMatching
{
    /// <summary>By stable name ("dense/kernel", "encoder/dense_3/kernel": the layer path below the model and the
    /// weight's local name); a name missing on either side is an error that lists them.</summary>
    ByName,

    /// <summary>By order: the file's tensors in data order against the model's weights in
    /// <see cref="Layers.Layer.Weights"/> order (same count and shapes required), for a model whose layers were
    /// named differently (automatic names depend on how many layers the process created before).</summary>
    ByPosition,
}
