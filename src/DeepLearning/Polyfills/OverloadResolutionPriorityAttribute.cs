#if !NET9_0_OR_GREATER
namespace System.Runtime.CompilerServices;

/// <summary>.NET 9's attribute, for the .NET 8 build: the C# compiler honours it by name, so overload resolution picks
/// the same member on every target framework (for example <c>Tensor.Reshape([2, 3])</c>).</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Constructor | AttributeTargets.Property, Inherited = false)]
internal sealed class OverloadResolutionPriorityAttribute(int priority) : Attribute
{
    /// <summary>The priority: higher wins among applicable overloads.</summary>
    public int Priority { get; } = priority;
}
#endif
