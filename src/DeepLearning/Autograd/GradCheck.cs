namespace DeepLearning.Autograd;

/// <summary>
/// Numerical gradient checking: compares the gradients autograd computes with central differences
/// (f(x + ε) − f(x − ε)) / 2ε, element by element, and reports the relative error
/// ‖g_num − g_auto‖₂ / (‖g_num‖₂ + ‖g_auto‖₂) (Ng, "Gradient Checking"): below 1e-7 is great, 1e-5 good enough,
/// 1e-3 worrying. Run it in float64, on deterministic code (no dropout), away from kinks such as ReLU at 0.
/// </summary>
/// <example><code>
/// var x = Tensor.RandomNormal([3, 4], dtype: DType.Float64);
/// var report = GradCheck.Check(inputs =&gt; inputs[0].Tanh().Sum(), [x]);
/// Console.WriteLine(report);   // relative error 3.1e-11 (great)
/// </code></example>
public static class GradCheck
{
    /// <summary>The outcome of a check.</summary>
    /// <param name="RelativeError">‖g_num − g_auto‖₂ / (‖g_num‖₂ + ‖g_auto‖₂) over all inputs (0 when both vanish).</param>
    /// <param name="MaxAbsoluteError">The largest |g_num − g_auto| of any element.</param>
    /// <param name="InputErrors">The relative error of each input separately.</param>
    /// <param name="Tolerance">The tolerance the check used.</param>
    public sealed record Report(double RelativeError, double MaxAbsoluteError, IReadOnlyList<double> InputErrors, double Tolerance)
    {
        /// <summary>True when <see cref="RelativeError"/> ≤ <see cref="Tolerance"/>.</summary>
        public bool Passed => RelativeError <= Tolerance;

        /// <summary>"great" (&lt; 1e-7), "good" (&lt; 1e-5), "worrying" (&lt; 1e-3) or "wrong".</summary>
        public string Verdict => RelativeError < 1e-7 ? "great" : RelativeError < 1e-5 ? "good" : RelativeError < 1e-3 ? "worrying" : "wrong";

        /// <inheritdoc />
        public override string ToString() =>
            $"relative error {RelativeError:0.###e+00} ({Verdict}), max absolute error {MaxAbsoluteError:0.###e+00}, {(Passed ? "passed" : "FAILED")} at tolerance {Tolerance:0.#e+00}";
    }

    /// <summary>Checks the gradient of <paramref name="function"/> with respect to every input. A non-scalar result
    /// is reduced to Σ(f ⊙ r) with a fixed random r, which checks the full vector-Jacobian product.</summary>
    /// <param name="function">The function; it receives copies of the inputs that require gradients.</param>
    /// <param name="inputs">Floating tensors (float64 for tight tolerances); they are not modified.</param>
    /// <param name="epsilon">The finite-difference step.</param>
    /// <param name="tolerance">The largest relative error that passes.</param>
    /// <exception cref="ArgumentException">No inputs, an integer input, or a non-positive epsilon.</exception>
    public static Report Check(Func<Tensor[], Tensor> function, IReadOnlyList<Tensor> inputs, double epsilon = 1e-6, double tolerance = 1e-6)
    {
        ArgumentNullException.ThrowIfNull(function);
        if (inputs.Count == 0) throw new ArgumentException("GradCheck: needs at least one input.", nameof(inputs));
        if (!(epsilon > 0)) throw new ArgumentException($"GradCheck: epsilon must be > 0; got {epsilon}.", nameof(epsilon));
        var leaves = new Tensor[inputs.Count];
        for (int i = 0; i < leaves.Length; i++)
        {
            if (!inputs[i].DType.IsFloating())
                throw new ArgumentException($"GradCheck: input {i} is {inputs[i].DType}; only floating inputs have gradients.", nameof(inputs));
            using (GradMode.Disable()) leaves[i] = inputs[i].Detach().Clone();
            leaves[i].RequiresGrad = true;
        }

        Tensor? projection = null;
        Tensor Scalar(Tensor y)
        {
            if (y.ElementCount == 1) return y.Sum();
            projection ??= Tensor.RandomNormal(y.Shape, dtype: y.DType, generator: new Generator(0xC0FFEE), device: y.Device);
            return (y * projection).Sum();
        }

        Scalar(function(leaves)).Backward();
        return Compare(() => Scalar(function(leaves)).Item<double>(), leaves, epsilon, tolerance);
    }

    /// <summary>Checks the gradients of a scalar loss with respect to parameters (leaves that require gradients,
    /// such as a layer's or a model's weights). Each parameter element is perturbed in place by ±ε and restored.</summary>
    /// <param name="loss">Recomputes the scalar loss from the current parameter values.</param>
    /// <param name="parameters">Floating leaves with <see cref="Tensor.RequiresGrad"/> set (float64 for tight tolerances).</param>
    /// <param name="epsilon">The finite-difference step.</param>
    /// <param name="tolerance">The largest relative error that passes.</param>
    /// <exception cref="ArgumentException">A parameter is not a floating leaf that requires a gradient, or the loss is not scalar.</exception>
    public static Report CheckParameters(Func<Tensor> loss, IReadOnlyList<Tensor> parameters, double epsilon = 1e-6, double tolerance = 1e-6)
    {
        ArgumentNullException.ThrowIfNull(loss);
        if (!(epsilon > 0)) throw new ArgumentException($"GradCheck: epsilon must be > 0; got {epsilon}.", nameof(epsilon));
        foreach (var p in parameters)
            if (!p.IsLeaf || !p.RequiresGrad || !p.DType.IsFloating())
                throw new ArgumentException($"GradCheck: parameter '{p.Name}' of shape {p.Shape} must be a floating leaf that requires a gradient.", nameof(parameters));
        foreach (var p in parameters) p.Grad = null;
        var value = loss();
        if (value.ElementCount != 1) throw new ArgumentException($"GradCheck: the loss must be a scalar; got shape {value.Shape}.", nameof(loss));
        value.Backward();
        return Compare(() => loss().Item<double>(), parameters, epsilon, tolerance);
    }

    /// <summary>Central differences of <paramref name="evaluate"/> with respect to every element of
    /// <paramref name="leaves"/> (perturbed in place and restored) against their accumulated gradients.</summary>
    private static Report Compare(Func<double> evaluate, IReadOnlyList<Tensor> leaves, double epsilon, double tolerance)
    {
        double diff2 = 0, num2 = 0, ana2 = 0, maxAbs = 0;
        var perInput = new double[leaves.Count];
        using (GradMode.Disable())
        {
            for (int i = 0; i < leaves.Count; i++)
            {
                var x = leaves[i];
                var analytic = x.Grad is null ? new double[x.ElementCount] : x.Grad.ToArray<double>();
                var values = x.ToArray<double>();
                double d2 = 0, n2 = 0, a2 = 0;
                for (int j = 0; j < values.Length; j++)
                {
                    double original = values[j];
                    values[j] = original + epsilon;
                    Write(x, values);
                    double plus = evaluate();
                    values[j] = original - epsilon;
                    Write(x, values);
                    double minus = evaluate();
                    values[j] = original;
                    Write(x, values);
                    double numeric = (plus - minus) / (2 * epsilon), delta = numeric - analytic[j];
                    d2 += delta * delta;
                    n2 += numeric * numeric;
                    a2 += analytic[j] * analytic[j];
                    maxAbs = Math.Max(maxAbs, Math.Abs(delta));
                }
                perInput[i] = RelativeError(d2, n2, a2);
                diff2 += d2;
                num2 += n2;
                ana2 += a2;
            }
        }
        return new Report(RelativeError(diff2, num2, ana2), maxAbs, perInput, tolerance);
    }

    private static double RelativeError(double diff2, double num2, double ana2)
    {
        double denominator = Math.Sqrt(num2) + Math.Sqrt(ana2);
        return denominator == 0 ? 0 : Math.Sqrt(diff2) / denominator;
    }

    private static void Write(Tensor x, double[] values)
    {
        if (x.DType == DType.Float64) x.CopyFrom<double>(values);
        else x.CopyFrom<float>(Array.ConvertAll(values, v => (float)v));
    }
}
