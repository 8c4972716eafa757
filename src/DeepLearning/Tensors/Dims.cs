using System.Runtime.CompilerServices;

namespace DeepLearning;

/// <summary>Eight inline integers: the storage of <see cref="Shape"/> and <see cref="Strides"/>, so that
/// neither ever allocates.</summary>
[InlineArray(Shape.MaxRank)]
internal struct Dims
{
    private int _element0;
}
