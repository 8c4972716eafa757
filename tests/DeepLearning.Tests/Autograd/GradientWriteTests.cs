using DeepLearning.Layers;
using DeepLearning.Losses;
using DeepLearning.Models;
using DeepLearning.Optimizers;

namespace DeepLearning.Tests.Autograd;

/// <summary>How the backward pass writes leaf gradients: a product straight from the GEMM (no temporary), and after the
/// training step's lazy zeroing a write instead of an addition, with exactly the values of zero-then-add.</summary>
public class GradientWriteTests
{
    [Fact]
    public void AProductGradientAccumulatesAcrossBackwardPassesLikeASum()
    {
        // y = Σ x·W with x = [[1, 2]]: ∂W = xᵀ·1 = [[1, 1], [2, 2]]; two passes without zeroing sum to twice that.
        var x = Tensor.FromArray(new float[] { 1, 2 }, [1, 2]);
        var w = Tensor.FromArray(new float[] { 3, 4, 5, 6 }, [2, 2]);
        w.RequiresGrad = true;
        x.MatMul(w).Sum().Backward();
        TestHelpers.AssertValues([1, 1, 2, 2], w.Grad!);
        x.MatMul(w).Sum().Backward();
        TestHelpers.AssertValues([2, 2, 4, 4], w.Grad!);
        w.ZeroGrad();
        x.MatMul(w).Sum().Backward();
        TestHelpers.AssertValues([1, 1, 2, 2], w.Grad!);
    }

    [Fact]
    public void ALazilyZeroedGradientReadsZerosAndIsOverwrittenNotAddedTo()
    {
        var x = Tensor.FromArray(new float[] { 1, 2 }, [1, 2]);
        var w = Tensor.FromArray(new float[] { 3, 4, 5, 6 }, [2, 2]);
        var unused = Tensor.FromArray(new float[] { 1, 1 });
        w.RequiresGrad = true;
        unused.RequiresGrad = true;
        (x.MatMul(w).Sum() + unused.Sum()).Backward();
        x.MatMul(w).Sum().Backward();   // w's gradient is now 2·xᵀ·1, unused's stays at 1
        w.ZeroGradLazily();
        unused.ZeroGradLazily();
        (x.MatMul(w) * 3).Sum().Backward();   // ∂W = 3·xᵀ·1, written over the void buffer
        TestHelpers.AssertValues([3, 3, 6, 6], w.Grad!);
        TestHelpers.AssertValues([0, 0], unused.Grad!);   // no contribution arrived: it reads as zeros
        unused.ZeroGradLazily();
        (unused * 5).Sum().Backward();   // an element-wise gradient is copied over the void buffer too
        TestHelpers.AssertValues([5, 5], unused.Grad!);
    }

    [Fact]
    public void TrainOnBatchGivesEachStepItsOwnGradient()
    {
        // A dense layer y = x·W + b under mean squared error; with W = 0, b = 0 the step's gradients are, by hand,
        // ∂b = 2·mean(y − t) = −2·mean(t) and ∂W = xᵀ·(2(y − t)/n) = −2·xᵀt/n. Two TrainOnBatch calls with lr 0 both
        // leave exactly that gradient (not the sum of the two).
        var model = new Sequential(new Dense(1, kernelInitializer: Initializers.Initializer.Zeros));
        model.Compile(new SGD(0), new MeanSquaredError());
        var x = Tensor.FromArray(new float[] { 1, 2, 3, 4 }, [2, 2]);
        var t = Tensor.FromArray(new float[] { 1, 3 }, [2, 1]);
        for (int step = 0; step < 2; step++)
        {
            model.TrainOnBatch(x, t);
            var dense = (Dense)model.StackedLayers[0];
            TestHelpers.AssertValues([-4], dense.Bias!.Grad!);                 // −2·(1 + 3)/2
            TestHelpers.AssertValues([-10, -14], dense.Kernel!.Grad!);         // −2·[1·1 + 3·3, 2·1 + 4·3]/2
        }
    }
}
