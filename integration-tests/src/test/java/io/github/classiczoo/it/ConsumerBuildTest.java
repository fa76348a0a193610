package io.github.classiczoo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.classiczoo.resnet.ResNets;
import io.github.classiczoo.weights.Npz;
import io.github.classiczoo.weights.TorchvisionWeights;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The per-model artifact story, as a Java user lives it: fresh Maven projects, with the CPU backend docs/java.md names,
 * that resolve the zoo from {@link Release}'s repository (this checkout released with {@code -Prelease}, as Central
 * would serve it) through a local repository that holds everything else but none of the zoo's artifacts: a missing
 * artifact, parent or BOM entry, or a broken POM, fails the build here.
 * <ol>
 *   <li>a project on zoo-resnet, zoo-googlenet, zoo-weights and the backend builds ResNet-50 with 10 classes and a
 *       headless GoogLeNet through the typed factories, imports torchvision weights for ResNet-18 from an {@code .npz},
 *       fine-tunes a new 3-class head for one step and saves it;</li>
 *   <li>a project on zoo-resnet and the backend alone (so zoo-core and nothing else of ours) loads that file and runs
 *       it: its class path holds no JavaCV/OpenCV/FFmpeg, no XChart/PDFBox, no JUnit, no other family, and no more jars
 *       and bytes than DL4J's own {@code deeplearning4j-zoo} with the same backend.</li>
 * </ol>
 */
class ConsumerBuildTest {

    private static final String BACKEND = """
                <dependency><groupId>org.nd4j</groupId><artifactId>nd4j-native</artifactId><version>1.0.0-M2.1</version></dependency>
                <dependency><groupId>org.nd4j</groupId><artifactId>nd4j-native</artifactId><version>1.0.0-M2.1</version><classifier>linux-x86_64</classifier></dependency>
                <dependency><groupId>org.bytedeco</groupId><artifactId>openblas</artifactId><version>0.3.19-1.5.7</version><classifier>linux-x86_64</classifier></dependency>
                <dependency><groupId>org.bytedeco</groupId><artifactId>javacpp</artifactId><version>1.5.7</version><classifier>linux-x86_64</classifier></dependency>
            """;

    private static String pom(String dependencies) {
        return """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>example</groupId>
                  <artifactId>consumer</artifactId>
                  <version>1</version>
                  <properties>
                    <maven.compiler.release>17</maven.compiler.release>
                    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
                  </properties>
                  <repositories>
                    <repository><id>classic-zoo-release</id><url>@REPOSITORY@</url></repository>
                  </repositories>
                  <dependencyManagement>
                    <dependencies>
                      <dependency><groupId>io.github.classiczoo</groupId><artifactId>classic-zoo-bom</artifactId><version>@VERSION@</version><type>pom</type><scope>import</scope></dependency>
                    </dependencies>
                  </dependencyManagement>
                  <dependencies>
                """ + dependencies + BACKEND + """
                  </dependencies>
                  <build>
                    <plugins>
                      <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-resources-plugin</artifactId><version>3.3.1</version></plugin>
                      <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-compiler-plugin</artifactId><version>3.13.0</version></plugin>
                      <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-dependency-plugin</artifactId><version>3.8.1</version></plugin>
                    </plugins>
                  </build>
                </project>
                """;
    }

    private static final String TRAIN = """
            import io.github.classiczoo.core.model.FineTune;
            import io.github.classiczoo.core.model.ModelFile;
            import io.github.classiczoo.googlenet.GoogLeNets;
            import io.github.classiczoo.resnet.ResNets;
            import io.github.classiczoo.weights.TorchvisionImport;
            import java.nio.file.Path;
            import java.util.Arrays;
            import java.util.List;
            import org.deeplearning4j.nn.graph.ComputationGraph;
            import org.nd4j.linalg.dataset.DataSet;
            import org.nd4j.linalg.factory.Nd4j;
            import org.nd4j.linalg.learning.config.Adam;

            public class Train {
                public static void main(String[] args) throws Exception {
                    ComputationGraph r50 = ResNets.resnet50().classes(10).build();
                    System.out.println("resnet50=" + Arrays.toString(r50.outputSingle(Nd4j.rand(1, 3, 224, 224)).shape()));
                    ComputationGraph features = GoogLeNets.googlenet().headless().build();
                    System.out.println("googlenet-headless=" + Arrays.toString(features.outputSingle(Nd4j.rand(1, 3, 224, 224)).shape()));

                    Path imported = Path.of("r18.zip"), tuned = Path.of("r18-tuned.zip");
                    TorchvisionImport.run(ResNets.resnet18Torchvision().model(), Path.of(args[0]), imported);
                    ComputationGraph net = FineTune.of(ModelFile.load(imported)).classes(3).freezeTrunk().updater(new Adam(1e-3)).build();
                    var before = net.getParam("fc_W").dup();
                    net.fit(new DataSet(Nd4j.rand(2, 3, 224, 224), Nd4j.eye(3).getRows(0, 2)));
                    System.out.println("head-moved=" + !before.equals(net.getParam("fc_W")));
                    ModelFile.save(net, tuned, ModelFile.info(imported).withClasses(3, List.of("cat", "dog", "fox")), false);
                    System.out.println("saved=" + tuned);
                }
            }
            """;

    private static final String LOAD = """
            import io.github.classiczoo.core.model.ModelFile;
            import java.nio.file.Path;
            import java.util.Arrays;
            import org.deeplearning4j.nn.graph.ComputationGraph;
            import org.nd4j.linalg.factory.Nd4j;

            public class Load {
                public static void main(String[] args) {
                    ComputationGraph net = ModelFile.load(Path.of(args[0]));
                    System.out.println("classes=" + ModelFile.info(Path.of(args[0])).classNames());
                    System.out.println("output=" + Arrays.toString(net.outputSingle(Nd4j.rand(2, 3, 224, 224)).shape()));
                }
            }
            """;

    /**
     * A user with zoo-lenet and its weights artifact only: LeNet-5's shipped MNIST weights through the typed API on
     * MNIST's test set read from its IDX files, and lenet5-modern's on one PNG file, exactly as the issue's snippet
     * writes it. No preprocessing by hand: the weights carry theirs (the core alone decodes the PNG with ImageIO).
     */
    private static final String PRETRAINED = """
            import io.github.classiczoo.core.model.Pretrained;
            import io.github.classiczoo.lenet.LeNets;
            import java.nio.ByteBuffer;
            import java.nio.file.Files;
            import java.nio.file.Path;
            import org.deeplearning4j.nn.graph.ComputationGraph;
            import org.nd4j.linalg.api.ndarray.INDArray;
            import org.nd4j.linalg.factory.Nd4j;

            public class Pretrain {
                public static void main(String[] args) throws Exception {
                    Pretrained w = Pretrained.get("lenet5-modern", "mnist");
                    INDArray y = w.load().outputSingle(w.preprocessing().apply(Path.of(args[1])));
                    System.out.println("digit=" + y.argMax(1).getInt(0));

                    ComputationGraph net = LeNets.lenet5().pretrained("mnist");
                    Pretrained lenet5 = Pretrained.get("lenet5", "mnist");
                    ByteBuffer images = ByteBuffer.wrap(Files.readAllBytes(Path.of(args[0], "t10k-images-idx3-ubyte")));
                    byte[] labels = Files.readAllBytes(Path.of(args[0], "t10k-labels-idx1-ubyte"));
                    int n = images.getInt(4), wrong = 0, batch = 500;
                    for (int start = 0; start < n; start += batch) {
                        float[] pixels = new float[batch * 784];
                        for (int i = 0; i < pixels.length; i++) {
                            pixels[i] = images.get(16 + start * 784 + i) & 0xff;
                        }
                        INDArray x = lenet5.preprocessing().apply(Nd4j.create(pixels, new long[] {batch, 1, 28, 28}));
                        long[] guess = net.outputSingle(x).argMax(1).toLongVector();
                        for (int i = 0; i < batch; i++) {
                            wrong += guess[i] == labels[8 + start + i] ? 0 : 1;
                        }
                    }
                    System.out.println("wrong=" + wrong + "/" + n);
                    System.out.println("recorded=" + Math.round(lenet5.testError() * n) + "/" + n);
                    System.out.println("preprocessing: " + lenet5.preprocessing());
                }
            }
            """;

    private static final String DL4J_ZOO = """
                <dependency><groupId>org.deeplearning4j</groupId><artifactId>deeplearning4j-zoo</artifactId><version>1.0.0-M2.1</version></dependency>
            """;

    @Test
    void javaProjectsUseTheTypedApiAndTheModelArtifactStaysLean(@TempDir Path dir) throws Exception {
        String version = Release.REVISION;
        Path repository = Release.repository().dir();
        Path local = localRepositoryWithoutTheZoo(dir.resolve("m2"));
        Path npz = dir.resolve("r18.npz");
        ComputationGraph random = ResNets.resnet18Torchvision().build();   // torchvision-named weights, as tools/export_torchvision.py writes them
        Map<String, INDArray> tensors = new LinkedHashMap<>(TorchvisionWeights.export(random));
        Npz.writeNpz(npz, tensors);

        Path a = project(dir.resolve("train"), version, repository, local, """
                    <dependency><groupId>io.github.classiczoo</groupId><artifactId>zoo-resnet</artifactId></dependency>
                    <dependency><groupId>io.github.classiczoo</groupId><artifactId>zoo-googlenet</artifactId></dependency>
                    <dependency><groupId>io.github.classiczoo</groupId><artifactId>zoo-weights</artifactId></dependency>
                """, "Train", TRAIN);
        Processes.Result trained = Processes.run(a, 600, List.of("java", "-cp", "target/classes:" + classpath(a), "Train", npz.toString()));
        assertEquals(0, trained.code(), trained.out());
        assertTrue(trained.out().contains("resnet50=[1, 10]"), trained.out());
        assertTrue(trained.out().contains("googlenet-headless=[1, 1024]"), trained.out());
        assertTrue(trained.out().contains("head-moved=true"), trained.out());

        Path b = project(dir.resolve("load"), version, repository, local, """
                    <dependency><groupId>io.github.classiczoo</groupId><artifactId>zoo-resnet</artifactId></dependency>
                """, "Load", LOAD);
        String cp = classpath(b);
        List<String> jars = Arrays.stream(cp.split(":")).map(p -> Path.of(p).getFileName().toString()).toList();
        List<String> ours = jars.stream().filter(j -> j.startsWith("zoo-")).toList();
        assertEquals(List.of("zoo-core-" + version + ".jar", "zoo-resnet-" + version + ".jar"), ours.stream().sorted().toList(), jars.toString());
        for (String banned : List.of("javacv", "opencv", "ffmpeg", "tesseract", "leptonica", "xchart", "pdfbox", "junit", "datavec",
                "picocli", "javacpp-platform", "openblas-platform", "hdf5", "-windows-", "-macosx-", "-android-", "-linux-arm", "-linux-ppc")) {
            assertTrue(jars.stream().noneMatch(j -> j.toLowerCase().contains(banned)), "a zoo-resnet consumer gets " + banned + ": " + jars);
        }
        Processes.Result loaded = Processes.run(b, 300, List.of("java", "-cp", "target/classes:" + cp, "Load", a.resolve("r18-tuned.zip").toString()));
        assertEquals(0, loaded.code(), loaded.out());
        assertTrue(loaded.out().contains("classes=[cat, dog, fox]"), loaded.out());
        assertTrue(loaded.out().contains("output=[2, 3]"), loaded.out());

        // shipped weights from Java: the companion artifact, the typed API, the recorded test error
        Path w = project(dir.resolve("pretrained"), version, repository, local, """
                    <dependency><groupId>io.github.classiczoo</groupId><artifactId>zoo-lenet</artifactId></dependency>
                    <dependency><groupId>io.github.classiczoo</groupId><artifactId>zoo-lenet-weights</artifactId></dependency>
                """, "Pretrain", PRETRAINED);
        Path mnist = io.github.classiczoo.data.testing.TestData.store().load(io.github.classiczoo.data.store.Datasets.MNIST, io.github.classiczoo.data.Split.TEST, null) != null
                ? io.github.classiczoo.data.testing.TestData.store().dir(io.github.classiczoo.data.store.Datasets.MNIST) : null;
        Path png = io.github.classiczoo.data.testing.TestData.mnistDigitPng(dir.resolve("digit.png"));   // MNIST's first test digit, a 7
        Processes.Result pre = Processes.run(w, 600, List.of("java", "-cp", "target/classes:" + classpath(w), "Pretrain", mnist.toString(),
                png.toString()));
        assertEquals(0, pre.code(), pre.out());
        assertTrue(pre.out().contains("digit=7"), "lenet5-modern@mnist on digit.png: " + pre.out());
        String recorded = pre.out().lines().filter(l -> l.startsWith("recorded=")).findFirst().orElseThrow().substring("recorded=".length());
        assertTrue(pre.out().contains("wrong=" + recorded), "lenet5@mnist from Java: " + pre.out());

        // DL4J's own zoo with the same backend, for the measured acceptance (numbers in docs/java.md)
        Path z = project(dir.resolve("dl4j-zoo"), version, repository, local, DL4J_ZOO, null, null);
        String zcp = classpath(z);
        long ourBytes = bytes(cp), theirBytes = bytes(zcp);
        int ourJars = cp.split(":").length, theirJars = zcp.split(":").length;
        System.out.printf("zoo-resnet + backend: %d jars, %,d bytes; deeplearning4j-zoo + backend: %d jars, %,d bytes%n",
                ourJars, ourBytes, theirJars, theirBytes);
        assertTrue(ourJars <= theirJars && ourBytes <= theirBytes, "zoo-resnet's consumer: " + ourJars + " jars, " + ourBytes
                + " bytes; deeplearning4j-zoo's: " + theirJars + " jars, " + theirBytes + " bytes");
    }

    /** Writes a consumer project (a main class unless {@code main} is null) and builds it; returns its directory. */
    private static Path project(Path dir, String version, Path repository, Path local, String deps, String main, String source)
            throws Exception {
        Files.createDirectories(dir.resolve("src/main/java"));
        Files.writeString(dir.resolve("pom.xml"), pom(deps).replace("@VERSION@", version).replace("@REPOSITORY@", repository.toUri().toString()));
        if (main != null) {
            Files.writeString(dir.resolve("src/main/java/" + main + ".java"), source);
        }
        List<String> mvn = new ArrayList<>(List.of("mvn", "-B", "-q", "compile", "dependency:build-classpath", "-Dmdep.outputFile=cp.txt",
                "-Dmaven.repo.local=" + local));
        Processes.Result build = Processes.run(dir, 600, mvn);
        assertEquals(0, build.code(), "consumer build failed:\n" + build.out());
        return dir;
    }

    /**
     * A local repository made of links to every entry of the build's own (DL4J, ND4J, Maven's plugins: already
     * downloaded) except {@code io/github/classiczoo}, so the consumers find the zoo only in the release repository.
     */
    private static Path localRepositoryWithoutTheZoo(Path to) throws IOException {
        String configured = System.getProperty("maven.repo.local");
        Path from = configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".m2", "repository");
        link(from, to, List.of("io", "github", "classiczoo"));
        return to;
    }

    /** Links every entry of {@code from} into {@code to} but the one named by {@code skip}'s head, whose own entries it links likewise. */
    private static void link(Path from, Path to, List<String> skip) throws IOException {
        Files.createDirectories(to);
        try (var entries = Files.list(from)) {
            for (Path e : (Iterable<Path>) entries::iterator) {
                String name = e.getFileName().toString();
                if (!name.equals(skip.get(0))) {
                    Files.createSymbolicLink(to.resolve(name), e);
                } else if (skip.size() > 1) {
                    link(e, to.resolve(name), skip.subList(1, skip.size()));
                }
            }
        }
    }

    private static String classpath(Path project) throws IOException {
        return Files.readString(project.resolve("cp.txt")).trim();
    }

    private static long bytes(String cp) throws IOException {
        long n = 0;
        for (String p : cp.split(":")) {
            n += Files.size(Path.of(p));
        }
        return n;
    }
}
