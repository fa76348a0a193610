/**
 * The papers' training recipes and the families' default search spaces, one pair of classes per family (e.g.
 * {@link io.github.classiczoo.train.recipes.LeNetRecipes}), gathered by {@link io.github.classiczoo.train.recipes.PaperRecipes}.
 * A user starts from {@link io.github.classiczoo.train.recipes.Recipes}, which finds every
 * {@link io.github.classiczoo.train.recipes.RecipeProvider} on the class path ({@link java.util.ServiceLoader}) and looks a
 * recipe up by name. Recipes name their model by its registry name, so they live here, with the harness, and the model
 * artifacts depend on zoo-core alone. Documented in docs/training.md ("Recipes") and docs/search.md in the repository.
 */
package io.github.classiczoo.train.recipes;
