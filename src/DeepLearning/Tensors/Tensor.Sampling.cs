namespace DeepLearning;

public sealed partial class Tensor
{
    /// <summary>
    /// Draws class indices from the categorical distributions whose unnormalised log-probabilities are the last axis
    /// of <paramref name="logits"/>, sharpened or flattened by a temperature: P(k) = softmax(logits / T)_k
    /// (tf.random.categorical, torch.multinomial on softmax; the course notes' "sample novel sequences").
    /// </summary>
    /// <remarks>Sampling uses the Gumbel-max trick (Gumbel 1954; as jax.random.categorical does): argmax_k
    /// (logits_k / T − ln(−ln U_k)) with U_k uniform on [0, 1) from the counter-based generator, which is distributed
    /// exactly as softmax(logits / T), runs with tensor ops on the logits' device and is reproducible for a seeded
    /// generator. A logit of −∞ is never drawn. T = 0 takes the argmax (greedy decoding). The logits are read back once
    /// to validate them.</remarks>
    /// <param name="logits">(K) or (batch, K), floating point.</param>
    /// <param name="samples">Draws per distribution; ≥ 1.</param>
    /// <param name="temperature">T ≥ 0: below 1 sharpens the distribution, above 1 flattens it.</param>
    /// <param name="generator">Generator (default <see cref="Generator.Default"/>).</param>
    /// <returns>int32 indices in [0, K): (samples) for (K) logits, (batch, samples) for (batch, K).</returns>
    /// <exception cref="ArgumentException">Logits of another rank or dtype, with K = 0, holding NaN or +∞, or a row without a
    /// finite logit; samples &lt; 1; a negative, NaN or infinite temperature.</exception>
    public static Tensor RandomCategorical(Tensor logits, int samples = 1, double temperature = 1, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(logits);
        if (logits.Rank is not (1 or 2) || !logits.DType.IsFloating() || logits.Shape[-1] == 0)
            throw new ArgumentException($"RandomCategorical: logits must be floating (K) or (batch, K) with K ≥ 1; got {logits.Shape} {logits.DType}.", nameof(logits));
        if (samples < 1) throw new ArgumentOutOfRangeException(nameof(samples), samples, $"RandomCategorical: samples must be ≥ 1; got {samples}.");
        if (!(temperature >= 0) || !double.IsFinite(temperature))
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, $"RandomCategorical: temperature must be finite and ≥ 0; got {temperature}.");
        int k = logits.Shape[-1];
        var values = logits.ToArray<double>();
        for (int row = 0; row < values.Length / k; row++)
        {
            var r = values.AsSpan(row * k, k);
            bool finite = false;
            foreach (double v in r)
            {
                if (double.IsNaN(v) || double.IsPositiveInfinity(v))
                    throw new ArgumentException($"RandomCategorical: row {row} of the logits {logits.Shape} holds {v}.", nameof(logits));
                finite |= double.IsFinite(v);
            }
            if (!finite) throw new ArgumentException($"RandomCategorical: row {row} of the logits {logits.Shape} has no finite logit.", nameof(logits));
        }
        using var noGrad = NoGrad();
        var batched = logits.Detach().Rank == 1 ? logits.Detach().Unsqueeze(0) : logits.Detach();
        var expanded = batched.Unsqueeze(1).Expand(new Shape(batched.Shape[0], samples, k));
        Tensor drawn;
        if (temperature == 0) drawn = expanded.ArgMax(-1);
        else
        {
            var u = RandomUniform(expanded.Shape, dtype: logits.DType, generator: generator, device: logits.Device);
            var gumbel = -(-u.Log()).Log();
            drawn = (expanded * (1 / temperature) + gumbel).ArgMax(-1);
        }
        drawn = drawn.Cast(DType.Int32);
        return logits.Rank == 1 ? drawn.Squeeze(0) : drawn;
    }
}
