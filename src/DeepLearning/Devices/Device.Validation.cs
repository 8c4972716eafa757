using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace DeepLearning.Devices;

/// <summary>The O(rank) view checks of the public kernel entry points.</summary>
public abstract partial class Device
{
    /// <summary>Throws unless <paramref name="v"/>'s storage is live on this device and every element the view can
    /// reach lies inside it (see <see cref="IsValid"/>). Strides are never negative (<see cref="Strides"/> refuses them), so the reachable
    /// range is [offset, offset + Σ (size − 1)·stride]; a view of zero elements reaches nothing.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void CheckView(string kernel, string name, in StridedView v)
    {
        if (!IsValid(v)) ThrowBadView(kernel, name, v);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool IsValid(in StridedView v)
    {
        var storage = v.Storage;
        if (storage is null || !ReferenceEquals(storage.Device, this) || storage.State == StorageState.Freed || v.Offset < 0)
            return false;
        long reach = v.Shape.Reach(v.Strides);
        return reach < 0 || (reach != long.MaxValue && v.Offset + reach < storage.Length);
    }

    private void CheckTransfer<T>(string kernel, int hostLength, in StridedView v) where T : unmanaged
    {
        CheckView(kernel, "view", v);
        if (v.Storage.DType != DTypeExtensions.Of<T>() || hostLength != v.ElementCount)
            throw new ArgumentException($"{Name}.{kernel}: a host span of {hostLength} {typeof(T).Name} does not fit the " +
                                        $"{v.Storage.DType} view of shape {v.Shape} ({v.ElementCount} elements).");
    }

    /// <summary>Gather's and ScatterAdd's shape rule: <paramref name="indexed"/> is <paramref name="full"/> with the
    /// axis replaced by the length of the rank-1 int32 <paramref name="indices"/>, of the same dtype.</summary>
    private static bool IndexedShapesAgree(in StridedView full, int axis, in StridedView indices, in StridedView indexed)
    {
        int rank = full.Shape.Rank;
        bool ok = (uint)axis < (uint)rank && indexed.Shape.Rank == rank && indexed.DType == full.DType
                  && indices.DType == DType.Int32 && indices.Shape.Rank == 1;
        for (int i = 0; ok && i < rank; i++) ok = indexed.Shape[i] == (i == axis ? indices.Shape[0] : full.Shape[i]);
        return ok;
    }

    /// <summary>Convolution views are contiguous, of one floating dtype, and hold the counts the geometry implies:
    /// input N·H·W·C, kernel KH·KW·(C/groups)·OC, output N·OH·OW·OC.</summary>
    private static void CheckConv(string kernel, in Conv2DGeometry g, in StridedView input, in StridedView weights, in StridedView output)
    {
        bool ok = g.Batch >= 0 && g.InHeight >= 0 && g.InWidth >= 0 && g.InChannels >= 0 && g.OutHeight >= 0 && g.OutWidth >= 0
                  && g.KernelHeight >= 1 && g.KernelWidth >= 1 && g.OutChannels >= 0 && g.Groups >= 1
                  && g.StrideHeight >= 1 && g.StrideWidth >= 1 && g.DilationHeight >= 1 && g.DilationWidth >= 1
                  && g.InChannels % g.Groups == 0 && g.OutChannels % g.Groups == 0
                  && IsDense(input) && IsDense(weights) && IsDense(output)
                  && input.DType.IsFloating() && weights.DType == input.DType && output.DType == input.DType
                  && input.ElementCount == (long)g.Batch * g.InHeight * g.InWidth * g.InChannels
                  && weights.ElementCount == (long)g.KernelHeight * g.KernelWidth * g.GroupInChannels * g.OutChannels
                  && output.ElementCount == (long)g.Batch * g.OutHeight * g.OutWidth * g.OutChannels;
        if (!ok) ThrowMismatch(kernel, $"contiguous views of one floating dtype must fit {g}", input, weights, output);
    }

    /// <summary>Pooling views are contiguous, of one floating dtype, the input N·H·W·C and the outputs N·OH·OW·C.</summary>
    private static void CheckPool(string kernel, in Pool2DGeometry g, in StridedView input, in StridedView output, in StridedView other)
    {
        bool ok = g.Batch >= 0 && g.InHeight >= 0 && g.InWidth >= 0 && g.Channels >= 0 && g.OutHeight >= 0 && g.OutWidth >= 0
                  && g.PoolHeight >= 1 && g.PoolWidth >= 1 && g.StrideHeight >= 1 && g.StrideWidth >= 1
                  && IsDense(input) && IsDense(output) && IsDense(other)
                  && input.DType.IsFloating() && output.DType == input.DType && other.DType == input.DType
                  && input.ElementCount == (long)g.Batch * g.InHeight * g.InWidth * g.Channels
                  && output.ElementCount == (long)g.Batch * g.OutHeight * g.OutWidth * g.Channels;
        if (!ok) ThrowMismatch(kernel, $"contiguous views of one floating dtype must fit {g}", input, output, other);
    }

    /// <summary>Contiguous, or empty (an empty view reaches nothing, whatever its strides).</summary>
    private static bool IsDense(in StridedView v) => v.IsContiguous || v.ElementCount == 0;

    [DoesNotReturn]
    private void ThrowBadView(string kernel, string name, in StridedView v)
    {
        var storage = v.Storage;
        string why = storage is null ? "has no storage"
            : !ReferenceEquals(storage.Device, this) ? $"has storage on device {storage.Device.Name}"
            : storage.State == StorageState.Freed ? "has storage that was freed"
            : v.Strides.Rank != v.Shape.Rank ? $"has {v.Strides.Rank} strides for rank {v.Shape.Rank}"
            : $"reaches outside its storage of {storage.Length} elements";
        throw new ArgumentException($"{Name}.{kernel}: view {name} {Describe(v)} {why}.", name);
    }

    [DoesNotReturn]
    private static void ThrowMismatch(string kernel, string rule, params ReadOnlySpan<StridedView> views)
    {
        var parts = new string[views.Length];
        for (int i = 0; i < views.Length; i++) parts[i] = Describe(views[i]);
        throw new ArgumentException($"{kernel}: {rule}; got {string.Join(", ", parts)}.");
    }

    private static string Describe(in StridedView v) =>
        $"{v.Storage?.DType.ToString() ?? "?"} shape {v.Shape} strides {v.Strides} offset {v.Offset}";
}
