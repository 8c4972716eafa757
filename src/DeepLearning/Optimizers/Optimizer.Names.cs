namespace DeepLearning.Optimizers;

public abstract partial class Optimizer
{
    /// <summary>An optimizer with Keras's defaults from its Keras identifier: "sgd", "rmsprop", "adagrad", "adam",
    /// "adamw", "nadam", "adamax", "adadelta" (case-insensitive).</summary>
    /// <exception cref="ArgumentException">Unknown name; the message lists the known ones.</exception>
    public static Optimizer FromName(string name) => name.ToLowerInvariant() switch
    {
        "sgd" => new SGD(),
        "rmsprop" => new RMSprop(),
        "adagrad" => new Adagrad(),
        "adam" => new Adam(),
        "adamw" => new AdamW(),
        "nadam" => new Nadam(),
        "adamax" => new Adamax(),
        "adadelta" => new Adadelta(),
        _ => throw new ArgumentException($"Optimizer: unknown optimizer '{name}'. Known: sgd, rmsprop, adagrad, adam, adamw, nadam, adamax, adadelta.", nameof(name)),
    };
}
