namespace DeepLearning.Tests.Layers;

/// <summary>Reference outputs of MultiHeadAttention, computed in float64 by the script below, which follows Keras 3's
/// multi_head_attention.py (EinsumDense projections, query scaled by 1/√key_dim, additive −1e9 mask, softmax over the
/// keys, einsum combination) and checks the causal case against torch.nn.MultiheadAttention with the converted weights
/// (in_proj rows = kernel.reshape(dim, N·key_dim)ᵀ, out_proj = output kernel.reshape(N·value_dim, dim)ᵀ; max differences
/// 3e-17 for the output and 6e-17 for the weights).</summary>
/// <remarks><code>
/// import numpy as np, torch
/// fmt = lambda a: "[" + ", ".join("%.15g" % v for v in np.asarray(a).ravel()) + "]"
/// def wave(shape, scale, phase):
///     n = int(np.prod(shape)); return (scale*np.sin(phase + 0.7*np.arange(n))).reshape(shape)
/// def softmax(x, axis=-1):
///     e = np.exp(x - x.max(axis, keepdims=True)); return e / e.sum(axis, keepdims=True)
/// # keras/src/layers/attention/multi_head_attention.py, rank-3 inputs: EinsumDense projections
/// # query "abc,cde-&gt;abde", output "abcd,cde-&gt;abe"; _compute_attention: query *= 1/sqrt(key_dim);
/// # scores = einsum("aecd,abcd-&gt;acbe", key, query); Softmax(mask): scores += (1 - mask) * -1e9; softmax over S;
/// # output = einsum("acbe,aecd-&gt;abcd", scores, value).
/// def mha(q_in, v_in, k_in, W, N, kd, vd, mask=None):
///     (wq, bq, wk, bk, wv, bv, wo, bo) = W
///     query = np.einsum("abc,cde-&gt;abde", q_in, wq) + bq
///     key = np.einsum("abc,cde-&gt;abde", k_in, wk) + bk
///     value = np.einsum("abc,cde-&gt;abde", v_in, wv) + bv
///     query = query * (1.0 / np.sqrt(kd))
///     scores = np.einsum("aecd,abcd-&gt;acbe", key, query)
///     if mask is not None:
///         scores = scores + (1.0 - mask[:, None].astype(float)) * -1e9
///     scores = softmax(scores, -1)
///     out = np.einsum("acbe,aecd-&gt;abcd", scores, value)
///     return np.einsum("abcd,cde-&gt;abe", out, wo) + bo, scores
/// def weights(dq, dk, dv, N, kd, vd, dout):
///     return (wave((dq, N, kd), 0.5, 0.1), wave((N, kd), 0.2, 0.5), wave((dk, N, kd), 0.5, 0.9), wave((N, kd), 0.2, 1.3),
///             wave((dv, N, vd), 0.5, 1.7), wave((N, vd), 0.2, 2.1), wave((N, vd, dout), 0.5, 2.5), wave((dout,), 0.2, 2.9))
/// B, T, D, N, KD = 2, 4, 6, 2, 3
/// x = wave((B, T, D), 1.0, 0.3)
/// W = weights(D, D, D, N, KD, KD, D)
/// # 1) self-attention with use_causal_mask: mask[i, j] = j &lt;= i
/// causal = np.tril(np.ones((T, T), bool))[None].repeat(B, 0)
/// out, sc = mha(x, x, x, W, N, KD, KD, causal)
/// print("causal out", fmt(out)); print("causal scores", fmt(sc))
/// # torch cross-check: embed_dim = N*KD = D; in_proj rows = kernel.reshape(D, D).T; attn_mask True = not allowed
/// m = torch.nn.MultiheadAttention(D, N, batch_first=True).double()
/// with torch.no_grad():
///     m.in_proj_weight.copy_(torch.tensor(np.concatenate([W[0].reshape(D, D).T, W[2].reshape(D, D).T, W[4].reshape(D, D).T])))
///     m.in_proj_bias.copy_(torch.tensor(np.concatenate([W[1].ravel(), W[3].ravel(), W[5].ravel()])))
///     m.out_proj.weight.copy_(torch.tensor(W[6].reshape(D, D).T)); m.out_proj.bias.copy_(torch.tensor(W[7]))
///     to, tw = m(torch.tensor(x), torch.tensor(x), torch.tensor(x), attn_mask=torch.tensor(~causal[0]), average_attn_weights=False)
/// print("torch max diff", np.abs(to.numpy() - out).max(), np.abs(tw.numpy() - sc).max())
/// # 2) cross-attention: query (2, 4, 6), value (2, 3, 5), key (2, 3, 7), value_dim 2, output_shape 4,
/// #    with padding masks query [[1,1,1,0],[1,1,1,1]], value [[1,1,0],[1,1,1]] and attention_mask on top.
/// S, DV, DK, VD, DO = 3, 5, 7, 2, 4
/// v = wave((B, S, DV), 0.9, 1.1); k = wave((B, S, DK), 0.8, 2.3)
/// W2 = weights(D, DK, DV, N, KD, VD, DO)
/// qm = np.array([[1, 1, 1, 0], [1, 1, 1, 1]], bool); vm = np.array([[1, 1, 0], [1, 1, 1]], bool)
/// am = np.ones((B, T, S), bool); am[1, 0, 2] = False; am[1, 2, 0] = False
/// mask = qm[:, :, None] &amp; vm[:, None, :] &amp; am
/// out2, sc2 = mha(x, v, k, W2, N, KD, VD, mask)
/// print("cross out", fmt(out2)); print("cross scores", fmt(sc2))
/// </code></remarks>
internal static class AttentionReference
{
    public static readonly double[] CausalOut = [0.242532767004706, 0.00322180725618208, -0.237604418787051, -0.366681574003278, -0.323302655408121, -0.127869446231183, 0.0310847154112877, -0.10497444274058, -0.191662480200638, -0.188208658413473, -0.0962373637330407, 0.0409958668613292, 0.14087648899976, -0.0516740334376322, -0.219921450520261, -0.284736373055755, -0.215635330214571, -0.0451176221784955, 0.163261596190321, -0.0402407439945879, -0.224817233499873, -0.303658665223993, -0.239684681895741, -0.0629832474954576, -0.160915529746532, -0.203800668346782, -0.150835168150255, -0.0269295315081475, 0.109641484587779, 0.194646397286618, 0.0792746903663508, -0.08538354204808, -0.209884560482652, -0.23567359058551, -0.150621648534569, 0.00527000835035964, 0.135684495571649, -0.0553735406629534, -0.220388535488328, -0.281751358407683, -0.210602114981488, -0.040403406130678, 0.0423249946103431, -0.103433622538594, -0.200545790812695, -0.203338140053165, -0.11049738478055, 0.0343120171236228];

    public static readonly double[] CausalScores = [1, 0, 0, 0, 0.480157186743934, 0.519842813256066, 0, 0, 0.368417895523695, 0.252822149398524, 0.378759955077782, 0, 0.263314240374318, 0.209209626462244, 0.262985961002505, 0.264490172160933, 1, 0, 0, 0, 0.473271778696698, 0.526728221303302, 0, 0, 0.355987647400831, 0.294270229410049, 0.34974212318912, 0, 0.261844652668067, 0.226589467924387, 0.249234940604657, 0.26233093880289, 1, 0, 0, 0, 0.403260922034321, 0.596739077965679, 0, 0, 0.282236729866888, 0.356136381138754, 0.361626888994358, 0, 0.258306125225647, 0.246559212488552, 0.237026842062542, 0.258107820223259, 1, 0, 0, 0, 0.458458779367245, 0.541541220632755, 0, 0, 0.306288139238571, 0.336765564245425, 0.356946296516004, 0, 0.257384424074433, 0.254510263445071, 0.231201975191099, 0.256903337289397];

    public static readonly double[] CrossOut = [0.113176945553712, -0.059174389253449, -0.203695084169375, -0.252414798176956, 0.116862983215828, -0.053015430643552, -0.197959859082315, -0.249800672586541, 0.117923350791748, -0.0568528088784059, -0.204890204183402, -0.256564534963192, 0.157147711114906, -0.0333136698752533, -0.20810711138263, -0.285024526643442, 0.113130171083047, -0.0581425858141066, -0.202069976099922, -0.25096069919547, 0.0997530293274414, -0.0658992336942711, -0.200558057405637, -0.24089129291304, 0.139074033493902, -0.0437600766413571, -0.206013138962127, -0.271375002984916, 0.0972098058512975, -0.0652616045141583, -0.197039462535906, -0.236146582500486];

    public static readonly double[] CrossScores = [0.512980259380627, 0.487019740619373, 0, 0.513558628400622, 0.486441371599378, 0, 0.536699484721344, 0.463300515278656, 0, 0.357815274161964, 0.339093661850801, 0.303091063987234, 0.485049801325323, 0.514950198674677, 0, 0.540470462258584, 0.459529537741416, 0, 0.502838820050732, 0.497161179949268, 0, 0.326712600937487, 0.347873357913702, 0.325414041148812, 0.503138819275541, 0.496861180724459, 0, 0.287825851536241, 0.355985283453366, 0.356188865010393, 0, 0.491739567598024, 0.508260432401976, 0.344290727486896, 0.339389749862072, 0.316319522651032, 0.494750289079909, 0.505249710920091, 0, 0.309908351449234, 0.336672550922856, 0.353419097627911, 0, 0.47387226237044, 0.52612773762956, 0.346967391303839, 0.354002335989935, 0.299030272706226];
}
