package io.github.classiczoo.train.recipes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.classiczoo.core.model.ModelRegistry;
import io.github.classiczoo.data.pipeline.Augment;
import io.github.classiczoo.data.store.DatasetRef;
import io.github.classiczoo.train.Recipe;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Typed recipes write the same words into manifests as the string fields they replaced, and refuse nonsense when built. */
class RecipeFormTest {

    @Test
    void manifestsKeepTheirWords() {
        Map<String, Object> m = Recipes.load(ModelRegistry.load()).get("resnet110-cifar10").toMap();
        assertEquals("cifar10", m.get("dataset"));
        assertEquals("per-pixel-mean", m.get("normalization"));
        assertEquals("pad", ((Map<?, ?>) m.get("augment")).get("kind"));
        assertEquals("multistep-iterations", ((Map<?, ?>) m.get("schedule")).get("kind"));
        Map<String, Object> r50 = Recipes.load(ModelRegistry.load()).get("resnet50-imagenet").toMap();
        assertEquals("imagenet", r50.get("dataset"));
        assertEquals("imagenet", r50.get("normalization"));
        assertEquals("scale", ((Map<?, ?>) r50.get("augment")).get("kind"));
        assertEquals("resize-crop", Augment.RESIZE_CROP.kind().toString());
        assertEquals("lecun98", Recipes.load(ModelRegistry.load()).get("lenet5").toMap().get("normalization"));
    }

    @Test
    void datasetsParseBothWays() {
        assertEquals("/data/imagenet", DatasetRef.parse("folder:/data/imagenet").folder());
        assertEquals("folder:/data/imagenet", DatasetRef.parse("folder:/data/imagenet").toString());
        assertEquals("mnist", DatasetRef.parse("mnist").name());
        assertThrows(IllegalArgumentException.class, () -> DatasetRef.parse(" "));
    }

    @Test
    void aBuilderRefusesWhatCannotTrain() {
        assertThrows(IllegalArgumentException.class, () -> Recipe.builder("x", "lenet5").epochs(0).build());
        assertThrows(IllegalArgumentException.class, () -> Recipe.builder("x", "lenet5").batchSize(-1).build());
        assertThrows(IllegalArgumentException.class, () -> Recipe.builder("x", "lenet5").weightDecay(Double.NaN).build());
        assertEquals(64, Recipe.builder("x", "lenet5").build().batchSize()); // the defaults' values
    }
}
