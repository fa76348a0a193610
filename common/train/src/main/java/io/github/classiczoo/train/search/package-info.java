/**
 * What {@code zoo search} varies: {@link io.github.classiczoo.train.search.SearchSpace}, the recipe a search starts from and
 * its parameters, each one of the recipe's hyperparameters or one of the model's own knobs. A model's default space comes
 * from {@link io.github.classiczoo.train.recipes.Recipes#searchSpace}; a user narrows or widens it with a small JSON file
 * ({@link io.github.classiczoo.train.search.SearchSpace#withFile}). The runner that draws and trains the candidates is the
 * {@code zoo} command's, not this module's. Documented in docs/search.md in the repository.
 */
package io.github.classiczoo.train.search;
