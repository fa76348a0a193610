/**
 * From images to minibatches: {@link io.github.classiczoo.data.pipeline.Batches} turns an
 * {@link io.github.classiczoo.data.ImageSource} into one epoch's minibatches (seeded shuffling, the recipe's
 * {@link io.github.classiczoo.data.pipeline.Transform}, then core's {@link io.github.classiczoo.core.image.Normalization}),
 * so that a resumed run or a Spark executor makes exactly the batch an uninterrupted run would;
 * {@link io.github.classiczoo.data.pipeline.Prefetcher} prepares the next batches on a background thread. The papers'
 * augmentations are chosen by {@link io.github.classiczoo.data.pipeline.Augment} and include LeCun et al.'s
 * {@link io.github.classiczoo.data.pipeline.Distortion} and AlexNet's {@link io.github.classiczoo.data.pipeline.PcaLighting}.
 * Documented in docs/training.md ("Recipes") in the repository.
 */
package io.github.classiczoo.data.pipeline;
