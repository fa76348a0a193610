package io.github.classiczoo.train;

import io.github.classiczoo.core.image.Image;
import io.github.classiczoo.core.image.Normalization;
import io.github.classiczoo.core.model.GraphDefaults;
import io.github.classiczoo.core.model.InputShape;
import io.github.classiczoo.core.model.ModelSpec;
import io.github.classiczoo.core.model.ZooModel;
import io.github.classiczoo.data.ImageSource;
import io.github.classiczoo.data.ZooDataException;
import io.github.classiczoo.data.folder.FolderLayout;
import io.github.classiczoo.data.folder.FolderSource;
import io.github.classiczoo.data.pipeline.Augment;
import io.github.classiczoo.data.store.DataStore;
import io.github.classiczoo.data.store.DatasetInfo;
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

    /** A recipe's dataset, loaded and split: everything but how images are placed into the model's input. */
    public record Sources(ImageSource train, ImageSource validation, ImageSource test, Normalization normalization,
                          Map<String, String> sha256, boolean folder) {

        /**
         * The trainer's data for a model input, with the recipe's augmentation; a folder dataset under a recipe
         * made for small in-memory images gets the ImageNet practice (shorter side 256, random 224 crop, flip).
         */
        public Trainer.Data forInput(InputShape target, Recipe recipe) {
            Augment a = folder && recipe.augment().kind() == Augment.Kind.PAD ? Augment.RESIZE_CROP : recipe.augment();
            if (folder == a.kind().padded()) {
                throw new IllegalArgumentException("recipe " + recipe.name() + "'s " + a.kind() + " augmentation is for "
                        + (folder ? "in-memory datasets such as MNIST" : "ImageNet-style folders") + ", not " + recipe.dataset());
            }
            return Trainer.Data.of(train, validation, test, normalization, target, a, sha256);
        }

        /**
         * The model input these images need: the model's own if the images fit it (smaller ones are padded, as
         * MNIST's 28×28 into LeNet-5's 32×32); otherwise the images' channels and, for in-memory datasets, size.
         */
        public InputShape adapt(InputShape modelInput) {
            Image first = train.image(0);
            if (folder) {
                return first.c() == modelInput.channels() ? modelInput : new InputShape(first.c(), modelInput.height(), modelInput.width());
            }
            boolean fits = first.c() == modelInput.channels() && first.h() <= modelInput.height() && first.w() <= modelInput.width();
            return fits ? modelInput : new InputShape(first.c(), first.h(), first.w());
        }
    }

    /**
     * Loads the recipe's dataset (fetching it if needed), takes the first {@code subset} training and test images
     * if {@code subset > 0}, splits off the validation images and resolves the normalisation.
     * {@code folder:PATH} datasets need PATH/train and PATH/val (or PATH/test), one sub-folder per class.
     */
    public static Sources load(Recipe recipe, DataStore store, Path userDir, int subset) {
        return load(recipe, store, userDir, subset, false);
    }

    /**
     * As {@link #load(Recipe, DataStore, Path, int)}; with {@code validationAsGiven} the recipe's validation count is one the
     * user chose ({@code --validation}) and is held out as given, where a recipe's own count is cut to a tenth of a subset
     * (5,000 of a 600-image subset would leave nothing to train on).
     */
    public static Sources load(Recipe recipe, DataStore store, Path userDir, int subset, boolean validationAsGiven) {
        return load(recipe, recipe.dataset().isFolder() ? null : recipe.dataset().info(), store, userDir, subset, validationAsGiven);
    }

    /** As {@link #load(Recipe, DataStore, Path, int)} with the dataset's entry given (tests use CIFAR-format archives they write). */
    public static Sources load(Recipe recipe, DatasetInfo info, DataStore store, Path userDir, int subset) {
        return load(recipe, info, store, userDir, subset, false);
    }

    private static Sources load(Recipe recipe, DatasetInfo info, DataStore store, Path userDir, int subset, boolean validationAsGiven) {
        ImageSource train, test;
        Normalization norm;
        Map<String, String> sha = new LinkedHashMap<>();
        boolean folder = recipe.dataset().isFolder();
        if (folder) {
            String root = recipe.dataset().folder();
            FolderLayout layout = FolderLayout.of(root).forTraining();
            FolderSource trainFolder = store.folder(layout.train());
            train = trainFolder;
            FolderSource valFolder = store.folder(layout.heldOut());
            test = valFolder;
            if (!test.classNames().equals(train.classNames())) {
                throw new ZooDataException(layout.heldOut() + " has classes " + test.classNames() + " but " + layout.train() + " has " + train.classNames());
            }
            norm = null;
            int damaged = trainFolder.damaged().size() + valFolder.damaged().size();
            sha.put(root, "folder datasets are not checksummed (" + train.size() + " training, " + test.size() + " test images"
                    + (damaged > 0 ? "; " + damaged + " damaged images left out" : "") + ")");
        } else {
            train = store.load(info, io.github.classiczoo.data.Split.TRAIN, userDir);
            test = store.load(info, io.github.classiczoo.data.Split.TEST, userDir);
            norm = recipe.normalization() == Normalization.Scheme.PER_PIXEL_MEAN ? null : Normalization.of(recipe.normalization(), info.name());
            sha.putAll(store.sha256s(info));
        }
        if (subset > 0) {
            train = train.subset(range(Math.min(subset, train.size())), train.name());
            test = test.subset(range(Math.min(test.size(), Math.max(1, subset / 6))), test.name());
        }
        int val = recipe.validation();
        if (validationAsGiven && val >= train.size()) {
            throw new IllegalArgumentException(val + " validation images asked of " + train.size() + " training images: none would be left to train on");
        }
        if (subset > 0 && val > 0 && !validationAsGiven) {
            val = Math.max(1, Math.min(val, train.size() / 10));
        }
        ImageSource[] split = train.split(val, recipe.seed());
        if (recipe.normalization() == Normalization.Scheme.PER_PIXEL_MEAN) {
            norm = Normalization.perPixelMean(split[0].name(), split[0].size(), split[0]::image); // from the training images only, never validation or test
        } else if (norm == null) {
            norm = Normalization.of(recipe.normalization(), null);
        }
        return new Sources(split[0], split[1], test, norm, sha, folder);
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }


    public static Trainer trainer(ZooModel model, Recipe recipe, Map<String, String> extraKnobs, DataStore store, Path userDir,
                                  int subset, Path runDir, Progress progress, Consumer<String> log) {
        return trainer(model, recipe, load(recipe, store, userDir, subset), extraKnobs, null, runDir, progress, log);
    }

    /** @param input the model input to build for, or null for the model's own (adapted to the dataset if needed) */
    public static Trainer trainer(ZooModel model, Recipe recipe, Sources sources, Map<String, String> extraKnobs, InputShape input,
                                  Path runDir, Progress progress, Consumer<String> log) {
        ModelSpec spec = spec(model, recipe, extraKnobs, sources.train().classes());
        if (input != null) {
            spec = spec.withInput(input);
        }
        input = sources.adapt(spec.input());
        if (!input.equals(spec.input())) {
            log.accept(model.name() + ": input " + spec.input() + " adapted to " + recipe.dataset() + "'s images: " + input);
            spec = spec.withInput(input);
        }
        return new Trainer(model, spec, recipe, sources.forInput(spec.input(), recipe), runDir, progress, log);
    }
}
