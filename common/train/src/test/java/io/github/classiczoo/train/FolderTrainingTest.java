package io.github.classiczoo.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.classiczoo.core.image.Normalization;
import io.github.classiczoo.core.model.InputShape;
import io.github.classiczoo.data.pipeline.Augment;
import io.github.classiczoo.data.store.DataStore;
import io.github.classiczoo.data.store.DatasetRef;
import io.github.classiczoo.testing.TestFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model trained end to end on a `folder:PATH` dataset of generated JPEG/PNG files. */
class FolderTrainingTest {

    @Test
    void trainsOnAFolderDatasetAndAdaptsTheInputChannels(@TempDir Path tmp) throws Exception {
        Path root = TestFiles.imageFolder(tmp.resolve("pets"), 12);
        Recipe r = Recipe.builder("folder-test", "tiny")
                .description("test")
                .dataset(DatasetRef.parse("folder:" + root))
                .normalization(Normalization.Scheme.IMAGENET)
                .augment(Augment.NONE)
                .optimizer(Optimizer.adam(0.01))
                .schedule(LrSchedule.constant())
                .weightDecay(0)
                .epochs(3)
                .batchSize(8)
                .seed(7)
                .validation(0)
                .build();
        List<String> log = new java.util.ArrayList<>();
        Trainer t = TrainingJob.trainer(new TinyNet(), r, Map.of(), new DataStore(tmp.resolve("cache"), m -> { }), null, 0,
                tmp.resolve("run"), Progress.silent(), log::add);
        Trainer.Result res = t.start();
        assertTrue(log.stream().anyMatch(l -> l.contains("adapted") && l.contains(new InputShape(3, 8, 8).toString())), log.toString());
        assertEquals(24, res.finalMetrics().examples());
        assertTrue(res.finalMetrics().top1() > 0.9, "red cats vs blue dogs should be easy: " + res.finalMetrics().top1());
    }
}
