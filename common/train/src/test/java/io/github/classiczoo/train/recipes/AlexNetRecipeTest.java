package io.github.classiczoo.train.recipes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.classiczoo.core.model.ModelRegistry;
import io.github.classiczoo.data.pipeline.Augment;
import io.github.classiczoo.train.LrSchedule;
import org.junit.jupiter.api.Test;

class AlexNetRecipeTest {

    @Test
    void theRecipeIsSection5s() {
        var r = Recipes.load(ModelRegistry.load()).get("alexnet-imagenet");
        assertEquals(0.01, r.optimizer().lr());
        assertEquals(0.9, r.optimizer().momentum());
        assertEquals(5e-4, r.weightDecay());
        assertEquals(128, r.batchSize());
        assertEquals(Augment.Kind.ALEXNET, r.augment().kind());
        assertTrue(r.augment().tenCropTest());
        assertEquals(LrSchedule.Kind.PLATEAU, r.schedule().kind());
        assertEquals(40.7, r.paper().value());
    }
}
