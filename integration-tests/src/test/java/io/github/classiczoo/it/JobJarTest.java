package io.github.classiczoo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.classiczoo.core.util.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.jackson.databind.JsonNode;

/**
 * The job jar for spark-submit (zoo-spark-job/target/zoo-spark-job.jar, built before this module): it holds the zoo's
 * service files and the CPU natives, no Spark, Scala or slf4j classes; and it runs the zoo's command line with Spark's jars
 * beside it as spark-submit lays them out (its provided class path, written by the build).
 */
class JobJarTest {

    static final String OPENS = "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED "
            + "--add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED "
            + "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED";

    static Path jar() {
        Path jar = Processes.repoRoot().resolve("zoo-spark-job/target/zoo-spark-job.jar");
        assertTrue(Files.isRegularFile(jar), jar + " is missing: build the reactor (mvn install) or `mvn -pl zoo-spark-job -am package` first");
        return jar;
    }

    @Test
    void holdsServicesAndNativesAndNoSparkOrScala() throws Exception {
        Set<String> names;
        try (ZipFile z = new ZipFile(jar().toFile())) {
            names = z.stream().map(java.util.zip.ZipEntry::getName).collect(Collectors.toSet());
        }
        for (String s : List.of("META-INF/services/io.github.classiczoo.core.model.ModelProvider",
                "META-INF/services/io.github.classiczoo.train.recipes.RecipeProvider",
                "META-INF/services/io.github.classiczoo.core.model.FastPath$Provider", "META-INF/services/io.github.classiczoo.data.folder.FileTree",
                "io/github/classiczoo/app/Zoo.class", "io/github/classiczoo/spark/SparkFitter.class",
                "org/nd4j/linalg/cpu/nativecpu/bindings/linux-x86_64-onednn/libnd4jcpu.so",
                "org/bytedeco/openblas/linux-x86_64/libopenblas.so.0", "org/bytedeco/javacpp/linux-x86_64/libjnijavacpp.so",
                "org/bytedeco/opencv/linux-x86_64/libjniopencv_imgcodecs.so")) {
            assertTrue(names.contains(s), "missing " + s);
        }
        // (dl4j-spark puts one helper of its own, TaskContextHelper, in Spark's package: that one belongs in the jar)
        List<String> foreign = names.stream().filter(n -> n.endsWith(".class") && (n.startsWith("scala/") || n.startsWith("org/slf4j/")
                || n.startsWith("org/apache/spark/") && !n.startsWith("org/apache/spark/TaskContextHelper"))).limit(5).toList();
        assertTrue(foreign.isEmpty(), "Spark, Scala or slf4j classes are inside: " + foreign);
        // nothing Java never loads (OpenCV's Python module and data files)
        List<String> extra = names.stream().filter(n -> n.matches("org/bytedeco/opencv/[^/]+/(python|share)/.*")).limit(5).toList();
        assertTrue(extra.isEmpty(), "the job jar carries what it need not: " + extra);
        try (ZipFile z = new ZipFile(jar().toFile())) {
            String manifest = new String(z.getInputStream(z.getEntry("META-INF/MANIFEST.MF")).readAllBytes());
            assertTrue(manifest.contains("Main-Class: io.github.classiczoo.app.Zoo"), manifest);
        }
    }

    @Test
    void runsTheCommandLineWithSparksJarsBesideIt(@TempDir Path tmp) throws Exception {
        Path sparkJars = Processes.repoRoot().resolve("zoo-spark-job/target/spark-classpath.txt");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(List.of(OPENS.split(" ")));
        cmd.addAll(List.of("-cp", jar() + ":" + Files.readString(sparkJars).strip(), "io.github.classiczoo.app.Zoo",
                "train", "lenet5-modern", "--dataset", "mnist", "--subset", "600", "--epochs", "1", "--spark", "local[2]",
                "--out", tmp.resolve("run").toString()));
        Processes.Result r = Processes.run(tmp, 600, cmd);
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("lenet5-modern on mnist: test error"), r.out());
        assertTrue(Files.readString(tmp.resolve("run/manifest.json")).contains("\"master\" : \"local[2]\""));
    }

    /**
     * Executors in separate JVMs: Spark's {@code local-cluster[2,1,2048]} (a standalone master and two workers in this
     * process, each starting its executor as its own java process), with a Spark home laid out as a distribution's (a
     * RELEASE file and jars/) made of Spark's jars. The job jar reaches the executors through spark.executor.extraClassPath.
     */
    @Test
    void executorsInSeparateJvmsOnLocalCluster(@TempDir Path tmp) throws Exception {
        Processes.Result r = onLocalCluster(tmp, "train", "lenet5-modern", "--dataset", "mnist", "--subset", "600", "--epochs", "1",
                "--spark", "local-cluster[2,1,2048]", "--workers", "2", "--out", tmp.resolve("run").toString());
        assertTrue(r.out().contains("lenet5-modern on mnist: test error"), r.out());
        assertTrue(Files.readString(tmp.resolve("run/manifest.json")).contains("\"master\" : \"local-cluster[2,1,2048]\""));
    }

    /**
     * A distributed search whose trials run in executor JVMs: each executor rebuilds the search from the driver's command
     * line (the relative --out resolved against the driver's directory, not the executor's work directory) and reads
     * MNIST from its own cache.
     */
    @Test
    void searchTrialsRunInExecutorJvmsOnLocalCluster(@TempDir Path tmp) throws Exception {
        Processes.Result r = onLocalCluster(tmp, "search", "lenet5-modern", "--dataset", "mnist", "--subset", "600", "--epochs", "1",
                "--trials", "2", "--spark", "local-cluster[2,1,2048]", "--out", "search");
        assertTrue(r.out().contains("best: trial "), r.out());
        JsonNode trials = Json.read(Files.readString(tmp.resolve("search/results.json"))).get("trials");
        assertEquals(2, trials.size());
        trials.forEach(t -> assertEquals("ok", t.get("status").asText(), t.toString()));
        for (int id = 1; id <= 2; id++) {
            assertTrue(Files.exists(tmp.resolve(String.format("search/trials/%04d/checkpoint-best.zip", id))));
        }
    }

    /** The job jar's Zoo on {@code local-cluster}, Spark home laid out as above; the command must succeed with two executors. */
    static Processes.Result onLocalCluster(Path tmp, String... args) throws Exception {
        Path home = tmp.resolve("spark-home");
        Files.createDirectories(home.resolve("jars"));
        Files.writeString(home.resolve("RELEASE"), "Spark 3.5.3 (the jars of the zoo's build)\n");
        String sparkJars = Files.readString(Processes.repoRoot().resolve("zoo-spark-job/target/spark-classpath.txt")).strip();
        for (String j : sparkJars.split(":")) {
            Files.createSymbolicLink(home.resolve("jars").resolve(Path.of(j).getFileName()), Path.of(j));
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(List.of(OPENS.split(" ")));
        cmd.addAll(List.of("-Dspark.test.home=" + home, "-Dspark.executor.extraClassPath=" + jar(), "-Dspark.executor.extraJavaOptions=" + OPENS,
                "-cp", jar() + ":" + sparkJars, "io.github.classiczoo.app.Zoo"));
        cmd.addAll(List.of(args));
        Processes.Result r = Processes.run(tmp, 600, cmd, java.util.Map.of("SPARK_HOME", home.toString(), "SPARK_SCALA_VERSION", "2.12"));
        assertEquals(0, r.code(), r.out());
        assertEquals(2, r.out().lines().filter(l -> l.contains("Executor added: ")).count(), "two executors, each its own JVM:\n" + r.out());
        return r;
    }
}
