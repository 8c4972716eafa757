namespace DeepLearning;

/// <summary>Lower-case hexadecimal digits of bytes (SHA-256 digests in checksums and download manifests).</summary>
internal static class HexString
{
    public static string Lower(byte[] bytes) =>
#if NET9_0_OR_GREATER
        Convert.ToHexStringLower(bytes);
#else
        Convert.ToHexString(bytes).ToLowerInvariant();
#endif
}
