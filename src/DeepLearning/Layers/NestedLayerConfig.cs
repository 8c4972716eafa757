namespace DeepLearning.Layers;

/// <summary>
/// Configurations of wrapped layers (Bidirectional, TimeDistributed) as Keras's serialize_keras_object writes them:
/// { "class_name": "LSTM", "config": { … } }. Reading one back only considers the library's own public layer
/// classes (never a type named by data outside it) and calls their static <c>FromConfig(LayerConfig)</c>.
/// </summary>
internal static class NestedLayerConfig
{
    public static LayerConfig Write(Layer layer) =>
        new LayerConfig().Set("class_name", layer.GetType().Name).Set("config", layer.GetConfig());

    /// <exception cref="InvalidDataException">The entry is missing, names no layer class of the library, or the class
    /// cannot be rebuilt from a configuration.</exception>
    public static Layer Read(LayerConfig? nested, string owner)
    {
        if (nested is null) throw new InvalidDataException($"{owner}: the configuration has no wrapped layer.");
        string name = nested.GetString("class_name");
        var config = nested.GetConfig("config") ?? throw new InvalidDataException($"{owner}: the wrapped layer '{name}' has no config.");
        var type = typeof(Layer).Assembly.GetExportedTypes()
            .FirstOrDefault(t => t.Name == name && !t.IsAbstract && typeof(Layer).IsAssignableFrom(t))
            ?? throw new InvalidDataException($"{owner}: '{name}' is not a layer class of the library.");
        var fromConfig = type.GetMethod("FromConfig", [typeof(LayerConfig)])
            ?? throw new InvalidDataException($"{owner}: layer class '{name}' has no FromConfig(LayerConfig).");
        try
        {
            return (Layer)fromConfig.Invoke(null, [config])!;
        }
        catch (System.Reflection.TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
    }
}
