package io.github.classiczoo.train.recipes;

import io.github.classiczoo.core.image.Normalization;
import io.github.classiczoo.data.pipeline.Augment;
import io.github.classiczoo.data.store.DatasetRef;
import io.github.classiczoo.train.LrSchedule;
import io.github.classiczoo.train.Optimizer;
import io.github.classiczoo.train.Recipe;
import io.github.classiczoo.train.Recipe.PaperResult;
import java.util.List;

/**
 * Krizhevsky et al. 2012, §5: SGD with momentum 0.9, weight decay 5e-4, batch 128, learning rate 0.01 divided by
 * 10 when the validation error stops improving, about 90 passes; §4.1's augmentation (random 224 crops of the
 * 256×256 image, flips, PCA colour noise) and 10-patch test-time averaging.
 */
final class AlexNetRecipes {

    private AlexNetRecipes() {
    }

    static List<Recipe> all() {
        return List.of(Recipe.builder("alexnet-imagenet", "alexnet")
                .description("AlexNet on ImageNet (Krizhevsky et al. 2012, §5)")
                .dataset(DatasetRef.IMAGENET)
                .normalization(Normalization.Scheme.IMAGENET)
                .augment(Augment.ALEXNET)
                .optimizer(Optimizer.momentum(0.01, 0.9))
                .schedule(LrSchedule.plateau(0.1, 5))
                .weightDecay(5e-4)
                .epochs(90)
                .batchSize(128)
                .seed(2012)
                .validation(10_000)
                .paper(new PaperResult("top-1 error %", 40.7, "Table 2, ILSVRC-2012 validation, 1 CNN (top-5 18.2)", 41.2))
                .deviations(List.of("the paper's crops are 224×224 from 256×256 images while its network needs 227×227: the model is built for the crop size, "
                                + "227 (AlexNet.java), so crops are 227×227 of images rescaled to 259 (256 × 227/224)",
                        "the plateau is detected on 10,000 training images held out for validation, patience 5 epochs",
                        "normalisation by the ImageNet per-channel mean/std instead of the paper's mean-image subtraction",
                        "weights start from DL4J's He initialisation, not N(0, 0.01) with biases of 1 in some layers (§5)"))
                .build());
    }
}
