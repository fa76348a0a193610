package io.github.classiczoo.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.classiczoo.core.image.Normalization;
import io.github.classiczoo.core.model.InputShape;
import io.github.classiczoo.core.model.ModelRegistry;
import io.github.classiczoo.core.model.ZooModel;
import io.github.classiczoo.data.StoredImage;
import io.github.classiczoo.data.folder.FolderSource;
import io.github.classiczoo.data.pipeline.Augment;
import io.github.classiczoo.data.pipeline.Batches;
import io.github.classiczoo.data.store.DataStore;
import io.github.classiczoo.data.store.DatasetRef;
import io.github.classiczoo.testing.TestFiles;
import io.github.classiczoo.train.LrSchedule;
import io.github.classiczoo.train.Optimizer;
import io.github.classiczoo.train.Progress;
import io.github.classiczoo.train.Recipe;
import io.github.classiczoo.train.Trainer;
import io.github.classiczoo.train.TrainingJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;

/**
 * ImageNet-style folders on Spark: the images travel as their files' bytes, and the executors decode, augment (random
 * resized crops and flips) and normalise them into exactly the minibatches the driver would have made.
 */
class SparkFolderTest {

    @Test
    void aPendingBatchCarriesTheFilesBytesAndMakesTheDriversBatch(@TempDir Path tmp) throws Exception {
        Path root = TestFiles.imageFolder(tmp.resolve("pets"), 6);
        FolderSource train = FolderSource.scan(root.resolve("train"));
        InputShape in = new InputShape(3, 16, 16);
        Batches b = new Batches(train, in, Normalization.imagenet(), Augment.RESIZE_CROP.train(in), 5, true, 3);
        Batches.Batch made = b.epoch(1).nextBatch();
        Batches.Batch pending = b.epoch(1).pending().nextBatch();
        assertEquals(5, pending.size());
        for (StoredImage s : pending.pending().images()) {
            assertEquals(0, s.c(), "a file travels undecoded");
            assertArrayEquals(Files.readAllBytes(Path.of(s.name())), s.bytes());
        }
        // through Java serialization, as Spark ships it, then made on the other side
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream o = new java.io.ObjectOutputStream(bytes)) {
            o.writeObject(pending.pending());
        }
        Batches.Pending back;
        try (java.io.ObjectInputStream i = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            back = (Batches.Pending) i.readObject();
        }
        DataSet there = back.make();
        assertEquals(made.data().getFeatures(), there.getFeatures());
        assertEquals(made.data().getLabels(), there.getLabels());
    }

    @Test
    void trainingOnAFolderWithOneWorkerIsSequentialTraining(@TempDir Path tmp) throws Exception {
        Path root = TestFiles.imageFolder(tmp.resolve("pets"), 12);
        Recipe r = Recipe.builder("folder-spark-test", "lenet5-modern").description("test").dataset(DatasetRef.parse("folder:" + root))
                .normalization(Normalization.Scheme.IMAGENET).augment(Augment.RESIZE_CROP).optimizer(Optimizer.adam(0.005))
                .schedule(LrSchedule.constant()).weightDecay(0).epochs(2).batchSize(6).seed(7).validation(0).build();
        ZooModel m = ModelRegistry.load().get("lenet5-modern");
        Trainer.Result local = trainer(m, r, tmp, "local").start();
        try (JavaSparkContext sc = new JavaSparkContext(SparkFitter.conf("local[1]", "zoo-folder-test"))) {
            Trainer.Result spark = trainer(m, r, tmp, "spark").fitWith(new SparkFitter(sc, new SparkSettings("local[1]", 1, 2))).start();
            float[] a = ModelSerializer.restoreComputationGraph(tmp.resolve("local/checkpoint-last.zip").toFile()).params().toFloatVector();
            float[] b = ModelSerializer.restoreComputationGraph(tmp.resolve("spark/checkpoint-last.zip").toFile()).params().toFloatVector();
            assertArrayEquals(a, b);
            assertEquals(local.finalMetrics().top1(), spark.finalMetrics().top1(), 0.0);
            assertEquals(24, spark.finalMetrics().examples());
        }
        assertTrue(Files.readString(tmp.resolve("spark/manifest.json")).contains("\"master\" : \"local[1]\""));
    }

    static Trainer trainer(ZooModel m, Recipe r, Path tmp, String name) {
        return TrainingJob.trainer(m, r, Map.of(), new DataStore(tmp.resolve("cache"), x -> { }), null, 0, tmp.resolve(name), Progress.silent(),
                x -> { });
    }

    /**
     * A folder read through Hadoop's FileSystem API (here its file:// filesystem: hdfs:// and s3a:// take the same path)
     * is the folder on disk: the same classes, files, damaged files left out, pixels, and the same training.
     */
    @Test
    void aFolderThroughHadoopsFileSystemIsTheSameFolder(@TempDir Path tmp) throws Exception {
        Path root = TestFiles.imageFolder(tmp.resolve("pets"), 12);
        byte[] whole = Files.readAllBytes(root.resolve("train/dog/d0.jpg"));
        Files.write(root.resolve("train/dog/d99.jpg"), java.util.Arrays.copyOf(whole, whole.length / 2)); // truncated
        String uri = "file://" + root.toAbsolutePath();
        assertTrue(io.github.classiczoo.data.folder.FileTree.of(uri) instanceof HadoopFileTree);
        FolderSource disk = FolderSource.scan(root.resolve("train").toString(), 0.5, x -> { });
        FolderSource hadoop = FolderSource.scan(uri + "/train", 0.5, x -> { });
        assertEquals(disk.classNames(), hadoop.classNames());
        assertEquals(disk.size(), hadoop.size());
        assertEquals(1, hadoop.damaged().size());
        assertTrue(hadoop.damaged().get(0).contains("d99.jpg") && hadoop.damaged().get(0).contains("truncated"), hadoop.damaged().get(0));
        for (int i = 0; i < disk.size(); i++) {
            assertEquals(disk.label(i), hadoop.label(i));
            assertArrayEquals(disk.image(i).px(), hadoop.image(i).px());
        }

        Recipe r = Recipe.builder("folder-hadoop-test", "lenet5-modern").description("test").dataset(DatasetRef.parse("folder:" + root))
                .normalization(Normalization.Scheme.IMAGENET).augment(Augment.RESIZE_CROP).optimizer(Optimizer.adam(0.005))
                .schedule(LrSchedule.constant()).weightDecay(0).epochs(1).batchSize(6).seed(7).validation(0).build();
        ZooModel m = ModelRegistry.load().get("lenet5-modern");
        System.setProperty(FolderSource.MAX_DAMAGED_PROPERTY, "0.5");
        try {
            trainer(m, r, tmp, "disk").start();
            trainer(m, r.withDataset("folder:" + uri), tmp, "hadoop").start();
        } finally {
            System.clearProperty(FolderSource.MAX_DAMAGED_PROPERTY);
        }
        float[] a = ModelSerializer.restoreComputationGraph(tmp.resolve("disk/checkpoint-last.zip").toFile()).params().toFloatVector();
        float[] b = ModelSerializer.restoreComputationGraph(tmp.resolve("hadoop/checkpoint-last.zip").toFile()).params().toFloatVector();
        assertArrayEquals(a, b);
    }

    @Test
    void aSchemeNoFilesystemReadsIsNamed() {
        io.github.classiczoo.data.ZooDataException e = org.junit.jupiter.api.Assertions.assertThrows(io.github.classiczoo.data.ZooDataException.class,
                () -> FolderSource.scan("nosuch://host/imagenet/train", 0, x -> { }));
        assertTrue(e.getMessage().startsWith("no filesystem reads nosuch:// locations here (nosuch://host/imagenet/train)"), e.getMessage());
    }
}
