namespace DeepLearning.Devices.Cpu;

/// <summary>Scalar special functions the framework needs and .NET lacks, accurate to double precision.</summary>
public static class MathFunctions
{
    /// <summary>The error function erf(x) = 2/√π ∫₀ˣ e^(−t²) dt, with relative error below 1e-15 (W. J. Cody's
    /// rational Chebyshev approximations, Math. Comp. 23 (1969), as in FDLIBM's s_erf.c).</summary>
    public static double Erf(double x)
    {
        if (double.IsNaN(x)) return x;
        double ax = Math.Abs(x);
        if (ax < 0.84375)
        {
            if (ax < 1e-300) return 1.1283791670955126 * x;
            double z = x * x;
            double r = 1.28379167095512558561e-01 + z * (-3.25042107247001499370e-01 + z * (-2.84817495755985104766e-02
                + z * (-5.77027029648944159157e-03 + z * -2.37630166566501626084e-05)));
            double s = 1.0 + z * (3.97917223959155352819e-01 + z * (6.50222499887672944485e-02
                + z * (5.08130628187576562776e-03 + z * (1.32494738004321644526e-04 + z * -3.96022827877536812320e-06))));
            return x + x * (r / s);
        }
        if (ax < 1.25)
        {
            double s = ax - 1.0;
            double p = -2.36211856075265944077e-03 + s * (4.14856118683748331666e-01 + s * (-3.72207876035701323847e-01
                + s * (3.18346619901161753674e-01 + s * (-1.10894694282396677476e-01 + s * (3.54783043256182359371e-02
                + s * -2.16637559486879084300e-03)))));
            double q = 1.0 + s * (1.06420880400844228286e-01 + s * (5.40397917702171048937e-01 + s * (7.18286544141962662868e-02
                + s * (1.26171219808761642112e-01 + s * (1.36370839120290507362e-02 + s * 1.19844998467991074170e-02)))));
            const double erx = 8.45062911510467529297e-01;
            return x >= 0 ? erx + p / q : -erx - p / q;
        }
        if (ax >= 6) return x >= 0 ? 1.0 : -1.0;
        return x >= 0 ? 1.0 - ErfcLarge(ax) : ErfcLarge(ax) - 1.0;
    }

    /// <summary>erfc(x) for 1.25 ≤ x &lt; 28 (FDLIBM's split of e^(−x²) keeps full precision).</summary>
    private static double ErfcLarge(double ax)
    {
        double s = 1.0 / (ax * ax), r, t;
        if (ax < 1.0 / 0.35)
        {
            r = -9.86494403484714822705e-03 + s * (-6.93858572707181764372e-01 + s * (-1.05586262253232909814e+01
                + s * (-6.23753324503260060396e+01 + s * (-1.62396669462573470355e+02 + s * (-1.84605092906711035994e+02
                + s * (-8.12874355063065934246e+01 + s * -9.81432934416914548592e+00))))));
            t = 1.0 + s * (1.96512716674392571292e+01 + s * (1.37657754143519042600e+02 + s * (4.34565877475229228821e+02
                + s * (6.45387271733267880336e+02 + s * (4.29008140027567833386e+02 + s * (1.08635005541779435134e+02
                + s * (6.57024977031928170135e+00 + s * -6.04244152148580987438e-02)))))));
        }
        else
        {
            r = -9.86494292470009928597e-03 + s * (-7.99283237680523006574e-01 + s * (-1.77579549177547519889e+01
                + s * (-1.60636384855821916062e+02 + s * (-6.37566443368389627722e+02 + s * (-1.02509513161107724954e+03
                + s * -4.83519191608651397019e+02)))));
            t = 1.0 + s * (3.03380607434824582924e+01 + s * (3.25792512996573918826e+02 + s * (1.53672958608443695994e+03
                + s * (3.19985821950859553908e+03 + s * (2.55305040643316442583e+03 + s * (4.74528541206955367215e+02
                + s * -2.24409524465858183362e+01))))));
        }
        double z = BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(ax) & unchecked((long)0xFFFFFFFF00000000));
        return Math.Exp(-z * z - 0.5625) * Math.Exp((z - ax) * (z + ax) + r / t) / ax;
    }
}
