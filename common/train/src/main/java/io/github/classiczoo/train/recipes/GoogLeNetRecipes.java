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
 * Szegedy et al. 2014, §6: SGD with momentum 0.9, the learning rate decreased by 4% every 8 epochs; patches of
 * 8%–100% of the image area with aspect ratio 3/4–4/3; photometric distortions. The single-model, single-crop
 * top-5 error of Table 5 (10.07%) is the figure a reproduction can aim at.
 */
final class GoogLeNetRecipes {

    private GoogLeNetRecipes() {
    }

    static List<Recipe> all() {
        return List.of(Recipe.builder("googlenet-imagenet", "googlenet")
                .description("GoogLeNet on ImageNet (Szegedy et al. 2014, §6)")
                .dataset(DatasetRef.IMAGENET)
                .normalization(Normalization.Scheme.IMAGENET)
                .augment(Augment.INCEPTION)
                .optimizer(Optimizer.momentum(0.01, 0.9))
                .schedule(LrSchedule.step(8, 0.96))
                .weightDecay(2e-4)
                .epochs(250)
                .batchSize(128)
                .seed(2014)
                .validation(10_000)
                .paper(new PaperResult("top-5 error %", 10.07, "Table 5, 1 model, 1 crop", 10.57))
                .deviations(List.of("synchronous SGD on one machine instead of DistBelief's asynchronous SGD, and no Polyak averaging",
                        "the paper gives neither the initial learning rate, the weight decay, the batch size nor the number of epochs: "
                                + "0.01, 2e-4, 128 and 250 are ours",
                        "no photometric distortions (the paper describes them only as Andrew Howard's); area/aspect crops and flips only"))
                .build());
    }
}
