package io.github.classiczoo.train.recipes;

import io.github.classiczoo.core.image.Normalization;
import io.github.classiczoo.data.pipeline.Augment;
import io.github.classiczoo.data.store.DatasetRef;
import io.github.classiczoo.train.LrSchedule;
import io.github.classiczoo.train.Optimizer;
import io.github.classiczoo.train.Recipe;
import io.github.classiczoo.train.Recipe.PaperResult;
import java.util.ArrayList;
import java.util.List;

/**
 * He et al. 2015, §4.2 on CIFAR-10: SGD with momentum 0.9, weight decay 1e-4, batch 128, learning rate 0.1
 * divided by 10 at 32k and 48k iterations, stop at 64k; 45k/5k train/validation split; 4 pixels of padding,
 * a random 32×32 crop and a horizontal flip; per-pixel mean subtraction. ResNet-110 first trains at 0.01
 * until the training error is below 80% (about 400 iterations), then goes back to 0.1.
 */
final class ResNetRecipes {

    /** Table 6: test error (%) of ResNet-20, 32, 44, 56, 110 (110: best of 5 runs; mean 6.61 ± 0.16). */
    static final int[] DEPTHS = {20, 32, 44, 56, 110};
    static final double[] PAPER_ERROR = {8.75, 7.51, 7.17, 6.97, 6.43};

    /** 45,000 images / 128 = 352 iterations per epoch: 64k iterations end in epoch 182. */
    static final int EPOCHS = (int) Math.ceil(64_000 / Math.ceil(45_000 / 128.0));

    private ResNetRecipes() {
    }

    static List<Recipe> all() {
        List<Recipe> out = new ArrayList<>();
        for (int i = 0; i < DEPTHS.length; i++) {
            out.add(cifar10(DEPTHS[i], PAPER_ERROR[i]));
        }
        // 10-crop top-1 error on the ImageNet validation set: Table 2 (ResNet-18) and Table 3 (option B)
        out.add(imagenet(18, 27.88, "Table 2, 10-crop top-1 (top-5 not given)"));
        out.add(imagenet(34, 24.52, "Table 3, option B, 10-crop (top-5 7.46)"));
        out.add(imagenet(50, 22.85, "Table 3, 10-crop (top-5 6.71)"));
        out.add(imagenet(101, 21.75, "Table 3, 10-crop (top-5 6.05)"));
        out.add(imagenet(152, 21.43, "Table 3, 10-crop (top-5 5.71)"));
        return out;
    }

    /**
     * §3.4: scale augmentation (shorter side in [256, 480]), 224 crops, flips, per-channel normalisation, SGD
     * with momentum 0.9 and batch 256, learning rate 0.1 divided by 10 when the error plateaus, weight decay
     * 1e-4, no dropout, up to 60×10⁴ iterations; 10-crop testing. The dataset is an ImageNet folder given at
     * run time ({@code zoo reproduce resnet50-imagenet --data DIR}, DIR holding train/ and val/).
     */
    static Recipe imagenet(int depth, double top1, String source) {
        return Recipe.builder("resnet" + depth + "-imagenet", "resnet" + depth)
                .description("ResNet-" + depth + " on ImageNet (He et al. 2015, §3.4)")
                .dataset(DatasetRef.IMAGENET)
                .normalization(Normalization.Scheme.IMAGENET)
                .augment(Augment.RESNET_SCALE)
                .optimizer(Optimizer.momentum(0.1, 0.9))
                .schedule(LrSchedule.plateau(0.1, 5))
                .weightDecay(1e-4)
                .epochs(120)
                .batchSize(256)
                .seed(2015)
                .validation(10_000)
                .paper(new PaperResult("top-1 error %", top1, source, top1 + 0.5))
                .deviations(List.of("the plateau is detected on 10,000 training images held out for validation, patience 5 epochs (the paper gives neither)",
                        "normalisation by the ImageNet per-channel mean/std (torchvision's) rather than the per-pixel mean",
                        "600,000 iterations at batch 256 ≈ 120 epochs of ImageNet-1k; the run stops after 120 epochs"))
                .maxIterations(600_000)
                .build();
    }

    static Recipe cifar10(int depth, double paperError) {
        LrSchedule schedule = LrSchedule.multistepIterations(0.1, 32_000, 48_000);
        List<String> deviations = new ArrayList<>(List.of(
                "weight decay applies to every parameter, biases and batch-norm γ/β included (the paper does not say)",
                "target: within 0.5 points of the paper's single-run figure"));
        if (depth == 110) {
            schedule = schedule.withWarmupUntilTrainError(0.8, 0.1);
            deviations.add("warm-up: the training error is measured on each batch in inference mode, averaged over 10 batches");
        }
        return Recipe.builder("resnet" + depth + "-cifar10", "resnet" + depth)
                .description("ResNet-" + depth + " on CIFAR-10 (He et al. 2015, §4.2)")
                .dataset(DatasetRef.parse("cifar10"))
                .normalization(Normalization.Scheme.PER_PIXEL_MEAN)
                .augment(Augment.padCropFlip(4))
                .optimizer(Optimizer.momentum(0.1, 0.9))
                .schedule(schedule)
                .weightDecay(1e-4)
                .epochs(EPOCHS)
                .batchSize(128)
                .seed(2015)
                .validation(5_000)
                .paper(new PaperResult("test error %", paperError, "Table 6", paperError + 0.5))
                .deviations(deviations)
                .maxIterations(64_000)
                .build();
    }
}
