namespace DeepLearning.Hdf5;

/// <summary>The layout of a Keras HDF5 weights file.</summary>
public enum KerasH5Format
{
    /// <summary>Keras 3's <c>.weights.h5</c>: /layers/&lt;name&gt;/vars/&lt;i&gt;.</summary>
    Keras3,

    /// <summary>Keras 2's legacy h5: layer groups listed by <c>layer_names</c>, weights by <c>weight_names</c>.</summary>
    Keras2,
}
