using System.Reflection;
using System.Text;
using DeepLearning.Regularizers;

namespace DeepLearning.Layers;

/// <summary>
/// A layer's regularizers and constraints in its saved configuration, under Keras's keys: every public
/// <see cref="Regularizer"/> or <see cref="Constraint"/> property that has a setter (KernelRegularizer →
/// "kernel_regularizer", BiasConstraint → "bias_constraint", ActivityRegularizer → "activity_regularizer", …) is
/// written beside the layer's own <see cref="Layer.GetConfig"/> entries, and set back on the rebuilt layer before it
/// is built, so that a loaded or cloned model trains with the same penalties and projections.
/// </summary>
internal static class WeightOptions
{
    /// <summary><see cref="Layer.GetConfig"/> plus the layer's regularizers and constraints.</summary>
    /// <exception cref="NotSupportedException">A regularizer or constraint is a user subclass the loader could not rebuild.</exception>
    public static LayerConfig ConfigOf(Layer layer)
    {
        var config = layer.GetConfig();
        foreach (var p in Properties(layer.GetType()))
        {
            var value = p.GetValue(layer);
            if (value is null) continue;
            var saved = value switch
            {
                Regularizer r => r.ToConfig(),
                Constraint c => c.ToConfig(),
                _ => null,
            } ?? throw new NotSupportedException(
                $"{layer.GetType().Name} '{layer.Name}': its {KeyOf(p)} ({value.GetType().Name}) cannot be saved; only the " +
                "library's regularizers (L1, L2, L1L2) and constraints (MaxNorm, NonNeg) can.");
            config.Set(KeyOf(p), saved);
        }
        return config;
    }

    /// <summary>Sets the regularizers and constraints that <paramref name="config"/> holds on a rebuilt, unbuilt layer.</summary>
    /// <exception cref="InvalidDataException">An entry names an unknown regularizer or constraint.</exception>
    public static void Apply(Layer layer, LayerConfig config)
    {
        foreach (var p in Properties(layer.GetType()))
        {
            if (config.GetConfig(KeyOf(p)) is not { } saved) continue;
            p.SetValue(layer, p.PropertyType == typeof(Regularizer) ? Regularizer.FromConfig(saved) : Constraint.FromConfig(saved));
        }
    }

    private static IEnumerable<PropertyInfo> Properties([System.Diagnostics.CodeAnalysis.DynamicallyAccessedMembers(System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicProperties)] Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => (p.PropertyType == typeof(Regularizer) || p.PropertyType == typeof(Constraint)) && p.GetSetMethod(nonPublic: true) is not null);

    /// <summary>KernelRegularizer → kernel_regularizer.</summary>
    private static string KeyOf(PropertyInfo p)
    {
        var key = new StringBuilder();
        foreach (char ch in p.Name)
        {
            if (char.IsUpper(ch) && key.Length > 0) key.Append('_');
            key.Append(char.ToLowerInvariant(ch));
        }
        return key.ToString();
    }
}
