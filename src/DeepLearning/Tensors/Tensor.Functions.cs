using DeepLearning.Autograd.Ops;
using DeepLearning.Devices;

namespace DeepLearning;

public sealed partial class Tensor
{
    /// <summary>|x| (gradient sign(x), 0 at 0).</summary>
    public Tensor Abs() => UnaryNode.Apply(UnaryOp.Abs, this);

    /// <summary>sign(x) ∈ {−1, 0, 1} (no gradient).</summary>
    public Tensor Sign() => UnaryNode.Apply(UnaryOp.Sign, this);

    /// <summary>x².</summary>
    public Tensor Square() => UnaryNode.Apply(UnaryOp.Square, this);

    /// <summary>√x.</summary>
    public Tensor Sqrt() => UnaryNode.Apply(UnaryOp.Sqrt, this);

    /// <summary>1/√x.</summary>
    public Tensor Rsqrt() => UnaryNode.Apply(UnaryOp.Rsqrt, this);

    /// <summary>1/x.</summary>
    public Tensor Reciprocal() => UnaryNode.Apply(UnaryOp.Reciprocal, this);

    /// <summary>eˣ.</summary>
    public Tensor Exp() => UnaryNode.Apply(UnaryOp.Exp, this);

    /// <summary>ln x.</summary>
    public Tensor Log() => UnaryNode.Apply(UnaryOp.Log, this);

    /// <summary>ln(1 + x), accurate for small x.</summary>
    public Tensor Log1p() => UnaryNode.Apply(UnaryOp.Log1p, this);

    /// <summary>eˣ − 1, accurate for small x.</summary>
    public Tensor Expm1() => UnaryNode.Apply(UnaryOp.Expm1, this);

    /// <summary>sin x.</summary>
    public Tensor Sin() => UnaryNode.Apply(UnaryOp.Sin, this);

    /// <summary>cos x.</summary>
    public Tensor Cos() => UnaryNode.Apply(UnaryOp.Cos, this);

    /// <summary>tanh x; derivative 1 − tanh².</summary>
    public Tensor Tanh() => UnaryNode.Apply(UnaryOp.Tanh, this);

    /// <summary>σ(x) = 1/(1 + e⁻ˣ); derivative σ(1 − σ).</summary>
    public Tensor Sigmoid() => UnaryNode.Apply(UnaryOp.Sigmoid, this);

    /// <summary>max(0, x); derivative [x &gt; 0] (0 at 0, the left derivative, as Keras and PyTorch).</summary>
    public Tensor Relu() => UnaryNode.Apply(UnaryOp.Relu, this);

    /// <summary>min(max(0, x), 6).</summary>
    public Tensor Relu6() => Clip(0, 6);

    /// <summary>x if x &gt; 0 else αx (Keras's default α is 0.3, PyTorch's 0.01).</summary>
    public Tensor LeakyRelu(double alpha = 0.3) => UnaryNode.Apply(UnaryOp.LeakyRelu, this, alpha);

    /// <summary>x if x &gt; 0 else α(eˣ − 1) (Clevert et al. 2016).</summary>
    public Tensor Elu(double alpha = 1.0) => UnaryNode.Apply(UnaryOp.Elu, this, alpha);

    /// <summary>λ·(x if x &gt; 0 else α(eˣ − 1)), λ ≈ 1.0507009873554805, α ≈ 1.6732632423543772 (Klambauer et al. 2017).</summary>
    public Tensor Selu() => UnaryNode.Apply(UnaryOp.Selu, this);

    /// <summary>GELU: x·Φ(x) exactly, or ½x(1 + tanh(√(2/π)(x + 0.044715x³))) when <paramref name="approximate"/> (Hendrycks and Gimpel 2016).</summary>
    public Tensor Gelu(bool approximate = false) => UnaryNode.Apply(approximate ? UnaryOp.GeluTanh : UnaryOp.Gelu, this);

    /// <summary>ln(1 + eˣ), computed as max(x, 0) + ln(1 + e^−|x|).</summary>
    public Tensor Softplus() => UnaryNode.Apply(UnaryOp.Softplus, this);

    /// <summary>x/(1 + |x|).</summary>
    public Tensor Softsign() => UnaryNode.Apply(UnaryOp.Softsign, this);

    /// <summary>Swish/SiLU: x·σ(x) (Ramachandran et al. 2017).</summary>
    public Tensor Silu() => UnaryNode.Apply(UnaryOp.Silu, this);

    /// <summary>Mish: x·tanh(softplus(x)) (Misra 2019).</summary>
    public Tensor Mish() => UnaryNode.Apply(UnaryOp.Mish, this);

    /// <summary>max(0, min(1, slope·x + offset)); Keras 3 uses slope 1/6 and offset ½ (relu6(x + 3)/6).</summary>
    public Tensor HardSigmoid(double slope = 1.0 / 6, double offset = 0.5) => UnaryNode.Apply(UnaryOp.HardSigmoid, this, slope, offset);

    /// <summary>erf(x).</summary>
    public Tensor Erf() => UnaryNode.Apply(UnaryOp.Erf, this);

    /// <summary>⌊x⌋ (no gradient).</summary>
    public Tensor Floor() => UnaryNode.Apply(UnaryOp.Floor, this);

    /// <summary>⌈x⌉ (no gradient).</summary>
    public Tensor Ceil() => UnaryNode.Apply(UnaryOp.Ceil, this);

    /// <summary>x rounded to the nearest integer, ties to even (no gradient).</summary>
    public Tensor Round() => UnaryNode.Apply(UnaryOp.Round, this);

    /// <summary>min(max(x, min), max); the gradient passes where min ≤ x ≤ max.</summary>
    /// <exception cref="ArgumentException">min &gt; max or either is NaN.</exception>
    public Tensor Clip(double min, double max)
    {
        if (!(min <= max)) throw new ArgumentException($"Clip: need min ≤ max; got [{min}, {max}] for shape {_shape}.");
        return UnaryNode.Apply(UnaryOp.Clip, this, OpChecks.Scalar("Clip", this, min), OpChecks.Scalar("Clip", this, max));
    }

    /// <summary>softmax along an axis (default the last): e^(xᵢ − max) / Σ e^(xⱼ − max).</summary>
    public Tensor Softmax(int axis = -1) => SoftmaxNode.Apply(this, axis);

    /// <summary>log softmax along an axis: xᵢ − max − ln Σ e^(xⱼ − max).</summary>
    public Tensor LogSoftmax(int axis = -1) => LogSoftmaxNode.Apply(this, axis);

    /// <summary>The matrix product with NumPy semantics (1-D operands promoted, batch axes broadcast).</summary>
    /// <exception cref="ArgumentException">Inner dimensions differ, batch shapes do not broadcast, or a scalar.</exception>
    public Tensor MatMul(Tensor other) => MatMulNode.Apply(this, other);
}
