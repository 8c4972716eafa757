namespace DeepLearning.Layers;

/// <summary>
/// Configurations of wrapped layers (Bidirectional, TimeDistributed) as Keras's serialize_keras_object writes them:
/// { "class_name": "LSTM", "config": { … } }.
/// </summary>
internal static class NestedLayerConfig
{
    public static LayerConfig Write(Layer layer) =>
        new LayerConfig().Set("class_name", layer.GetType().Name).Set("config", WeightOptions.ConfigOf(layer));

    /// <summary>Rebuilds a wrapped layer through the layer registry of the load in progress (the library's own layers
    /// and the user's registered ones; never a type named by data outside them).</summary>
    /// <exception cref="InvalidDataException">The entry is missing or names no registered layer class.</exception>
    public static Layer Read(LayerConfig? nested, string owner)
    {
        if (nested is null) throw new InvalidDataException($"{owner}: the configuration has no wrapped layer.");
        string name = nested.GetString("class_name");
        var config = nested.GetConfig("config") ?? throw new InvalidDataException($"{owner}: the wrapped layer '{name}' has no config.");
        return Serialization.LayerRegistry.CreateNested(name, config, owner);
    }
}
