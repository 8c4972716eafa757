namespace DeepLearning.Metrics;

/// <summary>The area formulas of Keras's <c>AUC.result</c> and <c>interpolate_pr_auc</c>, on one curve's counts.</summary>
internal static class AucMath
{
    public static double Area(AucCurve curve, AucSummationMethod method, double[] tp, double[] fp, double[] tn, double[] fn)
    {
        if (curve == AucCurve.PrecisionRecall && method == AucSummationMethod.Interpolation) return InterpolatedPrecisionRecall(tp, fp, fn);
        int n = tp.Length;
        var recall = new double[n];
        var other = new double[n];
        for (int i = 0; i < n; i++)
        {
            recall[i] = DivideNoNan(tp[i], tp[i] + fn[i]);
            other[i] = curve == AucCurve.Roc ? DivideNoNan(fp[i], fp[i] + tn[i]) : DivideNoNan(tp[i], tp[i] + fp[i]);
        }
        var (x, y) = curve == AucCurve.Roc ? (other, recall) : (recall, other);
        double area = 0;
        for (int i = 0; i < n - 1; i++)
        {
            double height = method switch
            {
                AucSummationMethod.Interpolation => (y[i] + y[i + 1]) / 2,
                AucSummationMethod.Minoring => Math.Min(y[i], y[i + 1]),
                _ => Math.Max(y[i], y[i + 1]),
            };
            area += (x[i] - x[i + 1]) * height;
        }
        return area;
    }

    /// <summary>Davis and Goadrich (2006), section 4, in Keras's closed form: within each interval TP and P = TP + FP
    /// vary linearly, and the area is slope·(ΔTP + intercept·ln(P_A/P_B)) / (TP_B + FN_B).</summary>
    private static double InterpolatedPrecisionRecall(double[] tp, double[] fp, double[] fn)
    {
        double area = 0;
        for (int i = 0; i < tp.Length - 1; i++)
        {
            double dtp = tp[i] - tp[i + 1];
            double pA = tp[i] + fp[i], pB = tp[i + 1] + fp[i + 1];
            double slope = DivideNoNan(dtp, Math.Max(pA - pB, 0));
            double intercept = tp[i + 1] - slope * pB;
            double ratio = pA > 0 && pB > 0 ? DivideNoNan(pA, Math.Max(pB, 0)) : 1;
            area += DivideNoNan(slope * (dtp + intercept * Math.Log(ratio)), Math.Max(tp[i + 1] + fn[i + 1], 0));
        }
        return area;
    }

    private static double DivideNoNan(double a, double b) => b == 0 ? 0 : a / b;
}
