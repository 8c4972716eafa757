using DeepLearning.Schedules;

namespace DeepLearning.Optimizers;

/// <summary>
/// AdamW: Adam with decoupled weight decay (Loshchilov &amp; Hutter 2019), as Keras 3
/// (keras/src/optimizers/adamw.py): defaults lr 0.001, weight decay 0.004, β₁ 0.9, β₂ 0.999, ε 1e-7.
/// </summary>
/// <remarks>
/// Each step first decays the weights, θ ← θ − η·wd·θ (Keras's base optimizer, with the step's learning rate η),
/// then applies the <see cref="Adam"/> update. PyTorch's AdamW decays by the same η·wd (its default wd is 0.01).
/// </remarks>
public sealed class AdamW : Adam
{
    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">η: a number or a schedule (default 0.001).</param>
    /// <param name="weightDecay">wd ≥ 0 (default 0.004).</param>
    /// <param name="beta1">β₁ in [0, 1) (default 0.9).</param>
    /// <param name="beta2">β₂ in [0, 1) (default 0.999).</param>
    /// <param name="epsilon">ε &gt; 0 (default 1e-7).</param>
    /// <param name="amsgrad">Use the AMSGrad variant.</param>
    /// <param name="clipNorm">See <see cref="Optimizer.ClipNorm"/>.</param>
    /// <param name="clipValue">See <see cref="Optimizer.ClipValue"/>.</param>
    /// <param name="globalClipNorm">See <see cref="Optimizer.GlobalClipNorm"/>.</param>
    /// <param name="name">Name used in messages.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside its range.</exception>
    /// <exception cref="ArgumentException">More than one clipping option is set.</exception>
    public AdamW(LearningRateSchedule? learningRate = null, double weightDecay = 0.004, double beta1 = 0.9, double beta2 = 0.999,
        double epsilon = 1e-7, bool amsgrad = false, double? clipNorm = null, double? clipValue = null,
        double? globalClipNorm = null, string? name = null)
        : base(learningRate, beta1, beta2, epsilon, amsgrad, weightDecay, clipNorm, clipValue, globalClipNorm, name)
    {
    }
}
