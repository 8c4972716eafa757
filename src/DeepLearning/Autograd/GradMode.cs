namespace DeepLearning.Autograd;

/// <summary>Whether operations are recorded for autograd on the current thread (each thread has its own flag).</summary>
public static class GradMode
{
    [ThreadStatic] private static int t_disabledDepth;

    /// <summary>True unless a <see cref="Disable"/> region is open on this thread.</summary>
    public static bool IsEnabled => t_disabledDepth == 0;

    /// <summary>Disables recording until the returned value is disposed; regions nest.</summary>
    public static Disabled Disable()
    {
        t_disabledDepth++;
        return new Disabled(true);
    }

    /// <summary>A no-grad region; dispose it (with <c>using</c>) to restore recording.</summary>
    public readonly struct Disabled : IDisposable
    {
        private readonly bool _active;

        internal Disabled(bool active) => _active = active;

        /// <summary>Ends the region.</summary>
        public void Dispose()
        {
            if (_active && t_disabledDepth > 0) t_disabledDepth--;
        }
    }
}
