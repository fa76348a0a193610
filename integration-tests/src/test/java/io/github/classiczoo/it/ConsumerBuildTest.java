package io.github.classiczoo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-model artifact story: a fresh Maven project that depends only on {@code zoo-lenet} (as installed
 * by this build) plus a backend builds, constructs LeNet-5 and runs it.
 */
class ConsumerBuildTest {

    private static final String POM = """
            <project xmlns="http://maven.apache.org/POM/4.0.0">
              <modelVersion>4.0.0</modelVersion>
              <groupId>example</groupId>
              <artifactId>consumer</artifactId>
              <version>1</version>
              <properties>
                <maven.compiler.release>17</maven.compiler.release>
                <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
              </properties>
              <dependencies>
                <dependency><groupId>io.github.classiczoo</groupId><artifactId>zoo-lenet</artifactId><version>@VERSION@</version></dependency>
                <dependency><groupId>org.nd4j</groupId><artifactId>nd4j-native</artifactId><version>1.0.0-M2.1</version></dependency>
                <dependency><groupId>org.nd4j</groupId><artifactId>nd4j-native</artifactId><version>1.0.0-M2.1</version><classifier>linux-x86_64</classifier></dependency>
                <dependency><groupId>org.bytedeco</groupId><artifactId>openblas</artifactId><version>0.3.19-1.5.7</version><classifier>linux-x86_64</classifier></dependency>
                <dependency><groupId>org.bytedeco</groupId><artifactId>javacpp</artifactId><version>1.5.7</version><classifier>linux-x86_64</classifier></dependency>
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

    private static final String MAIN = """
            import io.github.classiczoo.common.model.ModelRegistry;
            import io.github.classiczoo.common.model.ZooModel;
            import org.deeplearning4j.nn.graph.ComputationGraph;
            import org.nd4j.linalg.api.ndarray.INDArray;
            import org.nd4j.linalg.factory.Nd4j;

            public class Main {
                public static void main(String[] args) {
                    ZooModel m = ModelRegistry.load().get("lenet5");
                    ComputationGraph net = m.create(m.spec());
                    INDArray out = net.outputSingle(Nd4j.rand(4, 1, 32, 32));
                    System.out.println("models=" + ModelRegistry.load().all().size());
                    System.out.println("output=" + java.util.Arrays.toString(out.shape()));
                    System.out.println("finite=" + !Double.isNaN(out.sumNumber().doubleValue()));
                }
            }
            """;

    @Test
    void aProjectDependingOnlyOnZooLenetBuildsAndRunsTheNetwork(@TempDir Path dir) throws Exception {
        String version = System.getProperty("zoo.version");
        Files.writeString(dir.resolve("pom.xml"), POM.replace("@VERSION@", version));
        Files.createDirectories(dir.resolve("src/main/java"));
        Files.writeString(dir.resolve("src/main/java/Main.java"), MAIN);

        List<String> mvn = new ArrayList<>(List.of("mvn", "-B", "-q", "compile", "dependency:build-classpath", "-Dmdep.outputFile=cp.txt"));
        String repo = System.getProperty("maven.repo.local");
        if (repo != null && !repo.isBlank()) {
            mvn.add("-Dmaven.repo.local=" + repo);
        }
        Processes.Result build = Processes.run(dir, 600, mvn);
        assertEquals(0, build.code(), "consumer build failed:\n" + build.out());

        String cp = Files.readString(dir.resolve("cp.txt"));
        assertTrue(cp.contains("zoo-lenet-" + version + ".jar") && cp.contains("common-" + version + ".jar"), cp);
        // no other model family, no launcher, and no natives for other platforms dragged in by the libraries
        for (String other : List.of("zoo-resnet", "zoo-alexnet", "zoo-googlenet", "/app-", "picocli",
                "/javacpp-platform/", "/openblas-platform/", "/opencv-platform/", "/hdf5-platform/", "/ffmpeg-platform/",
                "-windows-", "-macosx-", "-android-", "-linux-arm", "-linux-ppc")) {
            assertFalse(cp.contains(other), "zoo-lenet drags in " + other + ": " + cp);
        }

        Processes.Result run = Processes.run(dir, 300, List.of("java", "-cp", "target/classes:" + cp.trim(), "Main"));
        assertEquals(0, run.code(), run.out());
        assertTrue(run.out().contains("models=6"), run.out());
        assertTrue(run.out().contains("output=[4, 10]"), run.out());
        assertTrue(run.out().contains("finite=true"), run.out());
    }
}
