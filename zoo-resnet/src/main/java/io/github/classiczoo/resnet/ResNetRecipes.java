package io.github.classiczoo.resnet;

import io.github.classiczoo.common.data.Augment;
import io.github.classiczoo.common.train.LrSchedule;
import io.github.classiczoo.common.train.Optimizer;
import io.github.classiczoo.common.train.Recipe;
import io.github.classiczoo.common.train.Recipe.PaperResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
        return out;
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
        return new Recipe("resnet" + depth + "-cifar10", "ResNet-" + depth + " on CIFAR-10 (He et al. 2015, §4.2)", "resnet" + depth,
                Map.of(), "cifar10", "per-pixel-mean", Augment.padCropFlip(4), Optimizer.momentum(0.1, 0.9), schedule, 1e-4,
                EPOCHS, 128, 2015, 5_000, new PaperResult("test error %", paperError, "Table 6", paperError + 0.5), deviations, 64_000);
    }
}
