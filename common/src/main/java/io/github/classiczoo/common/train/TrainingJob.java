package io.github.classiczoo.common.train;

import io.github.classiczoo.common.data.DataStore;
import io.github.classiczoo.common.data.DatasetInfo;
import io.github.classiczoo.common.data.Datasets;
import io.github.classiczoo.common.data.ImageSet;
import io.github.classiczoo.common.data.Normalization;
import io.github.classiczoo.common.model.GraphDefaults;
import io.github.classiczoo.common.model.InputShape;
import io.github.classiczoo.common.model.ModelSpec;
import io.github.classiczoo.common.model.ZooModel;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.nd4j.linalg.api.buffer.DataType;

/** Puts a model, a recipe and a dataset together into a {@link Trainer}: the one path from data to metrics. */
public final class TrainingJob {

    private TrainingJob() {
    }

    /** The spec a recipe trains: the recipe's knobs, and its seed, updater and weight decay as graph defaults. */
    public static ModelSpec spec(ZooModel model, Recipe recipe, Map<String, String> extraKnobs, int classes) {
        Map<String, String> knobs = new LinkedHashMap<>(recipe.knobs());
        knobs.putAll(extraKnobs);
        ModelSpec s = model.spec(knobs).withClasses(classes);
        return s.withDefaults(new GraphDefaults(recipe.seed(), recipe.optimizer().updater(), recipe.weightDecay(), DataType.FLOAT));
    }

    /**
     * Loads the recipe's dataset (fetching it if needed), takes the first {@code subset} training and test images
     * if {@code subset > 0}, splits off the validation images, and resolves the normalisation.
     */
    public static Trainer.Data data(Recipe recipe, DataStore store, Path userDir, int subset) {
        DatasetInfo info = Datasets.get(recipe.dataset());
        ImageSet train = store.load(info, "train", userDir);
        ImageSet test = store.load(info, "test", userDir);
        if (subset > 0) {
            train = train.head(subset);
            test = test.head(Math.max(1, subset / 6));
        }
        int val = recipe.validation();
        if (subset > 0 && val > 0) {
            val = Math.max(1, Math.min(val, train.size() / 10));
        }
        ImageSet[] split = train.split(val, recipe.seed());
        Map<String, String> sha = new LinkedHashMap<>(store.sha256s(info));
        return new Trainer.Data(split[0], split[1], test, normalization(recipe.normalization(), info), sha);
    }

    public static Normalization normalization(String name, DatasetInfo info) {
        return switch (name) {
            case "lecun98" -> Normalization.lecun98();
            case "dataset" -> switch (info.name()) {
                case "mnist" -> Normalization.mnist();
                case "fashion-mnist" -> Normalization.fashionMnist();
                case "cifar10" -> Normalization.cifar10();
                case "cifar100" -> Normalization.cifar100();
                default -> throw new IllegalArgumentException("no dataset statistics for " + info.name());
            };
            default -> throw new IllegalArgumentException("unknown normalisation '" + name + "' (lecun98 or dataset)");
        };
    }

    public static Trainer trainer(ZooModel model, Recipe recipe, Map<String, String> extraKnobs, DataStore store, Path userDir,
                                  int subset, Path runDir, Progress progress, Consumer<String> log) {
        Trainer.Data data = data(recipe, store, userDir, subset);
        ModelSpec spec = spec(model, recipe, extraKnobs, data.train().classes());
        InputShape img = data.train().shape(), in = spec.input();
        if (img.channels() != in.channels() || img.height() > in.height() || img.width() > in.width()) {
            // Smaller images are padded into the model's input (MNIST's 28×28 into LeNet-5's 32×32); anything else
            // builds the model for the dataset's own image shape.
            log.accept(model.name() + ": input " + in + " adapted to " + recipe.dataset() + "'s " + img + " images");
            spec = spec.withInput(img);
        }
        return new Trainer(model, spec, recipe, data, runDir, progress, log);
    }
}
