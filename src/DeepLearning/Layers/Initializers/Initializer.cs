using DeepLearning.Devices;

namespace DeepLearning.Initializers;

/// <summary>
/// Creates the initial value of a weight from its shape. Fan conventions follow Keras: for a rank-2 kernel
/// (in, out) fan_in = in and fan_out = out; for a convolution kernel (k₁, …, in, out) both are multiplied by the
/// receptive field k₁·…; a rank-1 weight has fan_in = fan_out = its length.
/// </summary>
public abstract class Initializer
{
    /// <summary>Keras's identifier of the initializer.</summary>
    public abstract string Name { get; }

    /// <summary>A new tensor of <paramref name="shape"/> with initial values, on <paramref name="device"/>.</summary>
    public abstract Tensor Create(Shape shape, DType dtype = DType.Float32, Device? device = null, Generator? generator = null);

    /// <summary>(fan_in, fan_out) of a weight shape under Keras's conventions.</summary>
    public static (double FanIn, double FanOut) Fans(Shape shape)
    {
        if (shape.Rank == 0) return (1, 1);
        if (shape.Rank == 1) return (shape[0], shape[0]);
        if (shape.Rank == 2) return (shape[0], shape[1]);
        double receptive = 1;
        for (int i = 0; i < shape.Rank - 2; i++) receptive *= shape[i];
        return (shape[^2] * receptive, shape[^1] * receptive);
    }

    /// <summary>All zeros.</summary>
    public static Initializer Zeros { get; } = new Constant(0, "zeros");

    /// <summary>All ones.</summary>
    public static Initializer Ones { get; } = new Constant(1, "ones");

    /// <summary>Glorot/Xavier uniform: U(−r, r), r = √(6/(fan_in + fan_out)) (Glorot and Bengio 2010). Keras's default kernel initializer.</summary>
    public static Initializer GlorotUniform { get; } = new VarianceScaling(1, FanMode.Average, Distribution.Uniform, "glorot_uniform");

    /// <summary>Glorot/Xavier normal: truncated N(0, 2/(fan_in + fan_out)).</summary>
    public static Initializer GlorotNormal { get; } = new VarianceScaling(1, FanMode.Average, Distribution.TruncatedNormal, "glorot_normal");

    /// <summary>He normal: truncated N(0, 2/fan_in) (He et al. 2015), for ReLU and its variants.</summary>
    public static Initializer HeNormal { get; } = new VarianceScaling(2, FanMode.In, Distribution.TruncatedNormal, "he_normal");

    /// <summary>He uniform: U(−√(6/fan_in), √(6/fan_in)).</summary>
    public static Initializer HeUniform { get; } = new VarianceScaling(2, FanMode.In, Distribution.Uniform, "he_uniform");

    /// <summary>LeCun normal: truncated N(0, 1/fan_in) (LeCun et al. 1998), for SELU networks.</summary>
    public static Initializer LeCunNormal { get; } = new VarianceScaling(1, FanMode.In, Distribution.TruncatedNormal, "lecun_normal");

    /// <summary>LeCun uniform: U(−√(3/fan_in), √(3/fan_in)).</summary>
    public static Initializer LeCunUniform { get; } = new VarianceScaling(1, FanMode.In, Distribution.Uniform, "lecun_uniform");

    private static readonly Dictionary<string, Initializer> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["zeros"] = Zeros, ["ones"] = Ones, ["glorot_uniform"] = GlorotUniform, ["glorot_normal"] = GlorotNormal,
        ["he_normal"] = HeNormal, ["he_uniform"] = HeUniform, ["lecun_normal"] = LeCunNormal, ["lecun_uniform"] = LeCunUniform,
        ["random_normal"] = new RandomNormal(), ["random_uniform"] = new RandomUniform(), ["truncated_normal"] = new TruncatedNormal(),
        ["orthogonal"] = new Orthogonal(), ["identity"] = new IdentityInitializer(),
    };

    /// <summary>The initializer with a Keras identifier ("he_normal", "glorot_uniform", "zeros", …).</summary>
    /// <exception cref="ArgumentException">Unknown name; the message lists the known names.</exception>
    public static Initializer FromName(string name) =>
        ByName.TryGetValue(name, out var i) ? i
            : throw new ArgumentException($"Initializer: unknown initializer '{name}'. Known: {string.Join(", ", ByName.Keys)}.", nameof(name));

    /// <summary>Lets a Keras identifier stand for the initializer: <c>kernelInitializer: "he_normal"</c>.</summary>
    public static implicit operator Initializer(string name) => FromName(name);
}
