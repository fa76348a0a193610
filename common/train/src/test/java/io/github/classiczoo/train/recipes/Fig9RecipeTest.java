package io.github.classiczoo.train.recipes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.classiczoo.core.model.ModelRegistry;
import io.github.classiczoo.data.pipeline.Augment;
import io.github.classiczoo.train.Boosting;
import io.github.classiczoo.train.Recipe;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The recipes of LeCun et al. 1998's Fig. 9 rows: figures, placements, distortions and the boosted recipe's base. */
class Fig9RecipeTest {

    static final Recipes ALL = Recipes.load(ModelRegistry.load());

    @Test
    void everyNeuralNetworkRowOfFigure9HasARecipeWithItsFigure() {
        Map<String, Double> fig9 = Map.ofEntries(Map.entry("lenet1", 1.7), Map.entry("lenet4", 1.1), Map.entry("lenet4-boosted", 0.7),
                Map.entry("lenet5", 0.95), Map.entry("lenet5-dist", 0.8), Map.entry("mlp-300", 4.7), Map.entry("mlp-300-dist", 3.6),
                Map.entry("mlp-1000", 4.5), Map.entry("mlp-1000-dist", 3.8), Map.entry("mlp-300-100", 3.05), Map.entry("mlp-300-100-dist", 2.5),
                Map.entry("mlp-500-150", 2.95), Map.entry("mlp-500-150-dist", 2.45));
        fig9.forEach((name, figure) -> {
            Recipe r = ALL.get(name);
            assertEquals(figure, r.paper().value(), name);
            assertEquals("mnist", r.dataset().toString(), name);
            assertEquals(0, r.validation(), name + ": the paper's protocol");
            assertEquals(20, r.epochs(), name);
            assertEquals(name.endsWith("-dist") ? Augment.Kind.DISTORT : Augment.Kind.PAD, r.augment().kind(), name);
            if (name.endsWith("-dist")) {
                assertTrue(r.deviations().stream().anyMatch(d -> d.startsWith("distortions:")), name + " says how its distortions differ");
                assertEquals(ALL.get(name.replace("-dist", "")).toBuilder().augment(Augment.DISTORT).build().toMap().get("optimizer"),
                        r.toMap().get("optimizer"), name + ": the undistorted recipe's training");
            }
        });
    }

    @Test
    void lenet1ReadsSixteenBySixteenDigits() {
        // MNIST's 20×20 digit boxes in 28×28 images: 22×22 images hold 15.7×15.7 digits
        assertEquals(22, ALL.get("lenet1").augment().resize());
        assertEquals(16, Math.round(20 * 22 / 28.0));
        assertEquals(0, ALL.get("lenet5").augment().resize());
    }

    @Test
    void boostedLeNet4BoostsThreeRunsOfTheLeNet4Recipe() {
        Recipe boosted = ALL.get("lenet4-boosted");
        assertEquals("lenet4", boosted.boosting());
        assertEquals(ALL.get("lenet4").toMap(), Boosting.base(boosted, ALL::get).toMap(), "net 1 is lenet4@mnist's run");
        assertEquals(5, Boosting.base(boosted.withEpochs(5), ALL::get).epochs(), "--epochs reaches the nets");
        assertNull(ALL.get("lenet4").boosting());
        assertEquals("lenet4", boosted.toMap().get("boosting"));
        assertTrue(!ALL.get("lenet4").toMap().containsKey("boosting"), "a plain recipe's record is as before");
    }
}
