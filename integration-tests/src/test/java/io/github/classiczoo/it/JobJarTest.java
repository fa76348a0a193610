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
 * service files and the CPU natives for Linux x86-64 alone, and nothing a Spark installation has — no class of Spark's
 * own jars, no OpenCV module the zoo never loads, no headers; and it runs the zoo's command line, images decoded by
 * OpenCV included, with Spark's jars beside it as spark-submit lays them out. Spark's jars here are spark-core and its
 * dependencies resolved on their own (a distribution's jars/ has them and more), not through the zoo's build, whose
 * dependency mediation would hide what the zoo and Spark share.
 */
class JobJarTest {

    static final String OPENS = "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED "
            + "--add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED "
            + "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED";

    /**
     * Spark's jars as an installation of this Spark version has them, resolved once: spark-core's dependency tree alone,
     * with the slf4j-api its build uses (Maven's nearest-wins would pick an older one from the tree).
     */
    static synchronized String sparkClasspath() throws Exception {
        if (sparkClasspath == null) {
            Path dir = Files.createTempDirectory("spark-jars");
            Files.writeString(dir.resolve("pom.xml"), """
                    <project xmlns="http://maven.apache.org/POM/4.0.0">
                      <modelVersion>4.0.0</modelVersion>
                      <groupId>example</groupId><artifactId>spark-jars</artifactId><version>1</version><packaging>pom</packaging>
                      <dependencies>
                        <dependency><groupId>org.apache.spark</groupId><artifactId>spark-core_2.12</artifactId><version>@V@</version></dependency>
                        <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-api</artifactId><version>@SLF4J@</version></dependency>
                      </dependencies>
                    </project>
                    """.replace("@V@", System.getProperty("spark.version")).replace("@SLF4J@", System.getProperty("spark.slf4j.version")));
            List<String> mvn = new ArrayList<>(List.of("mvn", "-B", "-q", "dependency:build-classpath", "-Dmdep.outputFile=cp.txt"));
            String local = System.getProperty("maven.repo.local");
            if (local != null && !local.isBlank()) {
                mvn.add("-Dmaven.repo.local=" + local);
            }
            Processes.Result r = Processes.run(dir, 600, mvn);
            assertEquals(0, r.code(), "resolving spark-core " + System.getProperty("spark.version") + ":\n" + r.out());
            sparkClasspath = Files.readString(dir.resolve("cp.txt")).strip();
            Release.delete(dir);
        }
        return sparkClasspath;
    }

    private static String sparkClasspath;

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
        // nothing Java never loads: OpenCV's other modules, headers, CMake files, Python module and data files
        List<String> extra = names.stream().filter(n -> n.startsWith("org/bytedeco/opencv/linux-x86_64/") && !n.endsWith("/")
                && !n.matches("org/bytedeco/opencv/linux-x86_64/lib(jni)?opencv_(core|imgproc|imgcodecs)\\.so(\\.[0-9]+)?")).limit(5).toList();
        assertTrue(extra.isEmpty(), "the job jar carries what it need not: " + extra);
        // natives for the cluster's platform alone
        List<String> otherPlatforms = names.stream().filter(n -> n.matches(".*\\.(so(\\.[0-9.]+)?|dll|dylib|jnilib|a)")
                && !n.matches(".*linux-x86[-_]64.*")).limit(5).toList();
        assertTrue(otherPlatforms.isEmpty(), "natives for another platform: " + otherPlatforms);
        try (ZipFile z = new ZipFile(jar().toFile())) {
            String manifest = new String(z.getInputStream(z.getEntry("META-INF/MANIFEST.MF")).readAllBytes());
            assertTrue(manifest.contains("Main-Class: io.github.classiczoo.app.Zoo"), manifest);
        }
    }

    /** Spark's class loader finds its own jars first: a class the job jar shares with them would never be loaded from it. */
    @Test
    void sharesNoClassWithSparksJars() throws Exception {
        Set<String> ours;
        try (ZipFile z = new ZipFile(jar().toFile())) {
            ours = z.stream().map(java.util.zip.ZipEntry::getName).filter(n -> n.endsWith(".class") && !n.contains("module-info")
                    && !n.startsWith("META-INF/") && !n.equals("org/apache/spark/TaskContextHelper.class")).collect(Collectors.toSet());
        }
        java.util.TreeMap<String, List<String>> shared = new java.util.TreeMap<>();
        for (String j : sparkClasspath().split(":")) {
            try (ZipFile z = new ZipFile(j)) {
                z.stream().map(java.util.zip.ZipEntry::getName).filter(ours::contains).limit(3)
                        .forEach(n -> shared.computeIfAbsent(Path.of(j).getFileName().toString(), k -> new ArrayList<>()).add(n));
            }
        }
        assertTrue(shared.isEmpty(), "classes the job jar and Spark's jars both have (leave them out of the shade): " + shared);
        long size = Files.size(jar());
        System.out.printf("zoo-spark-job.jar: %,d bytes%n", size);
        // the CPU backend's libnd4jcpu.so alone is 101 MB compressed; a jar this much larger took in something new
        assertTrue(size < 200_000_000L, "zoo-spark-job.jar is " + size + " bytes");
    }

    /** Images decoded by OpenCV's natives inside the jar: a folder of PNGs and JPEGs trains on Spark. */
    @Test
    void decodesImagesWithTheNativesItCarries(@TempDir Path tmp) throws Exception {
        io.github.classiczoo.testing.TestFiles.imageFolder(tmp.resolve("data"), 4);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(List.of(OPENS.split(" ")));
        cmd.addAll(List.of("-cp", jar() + ":" + sparkClasspath(), "io.github.classiczoo.app.Zoo", "train", "mlp-300",
                "--dataset", "folder:" + tmp.resolve("data"), "--epochs", "1", "--validation", "0", "--batch", "4", "--spark", "local[2]",
                "--out", tmp.resolve("run").toString()));
        Processes.Result r = Processes.run(tmp, 600, cmd);
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("mlp-300 on "), r.out());
    }

    @Test
    void runsTheCommandLineWithSparksJarsBesideIt(@TempDir Path tmp) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(List.of(OPENS.split(" ")));
        cmd.addAll(List.of("-cp", jar() + ":" + sparkClasspath(), "io.github.classiczoo.app.Zoo",
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
        String sparkJars = sparkClasspath();
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
