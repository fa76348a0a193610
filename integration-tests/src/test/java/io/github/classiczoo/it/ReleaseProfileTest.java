package io.github.classiczoo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release profile as a maintainer runs it (issue 32), with a throwaway GPG key made here and a file repository in
 * place of Maven Central: {@code mvn -Prelease -Drevision=R deploy} of the BOM and zoo-core (with their parents) leaves,
 * for each, what Central checks — the POM with the resolved version and the metadata, the jar, sources and javadoc
 * jars (not for the POM-only ones), checksums, and a signature beside every file that the key verifies.
 */
class ReleaseProfileTest {

    static final String REVISION = "0.0.1-releasetest";

    static Processes.Result run(Path dir, Map<String, String> env, String... cmd) throws Exception {
        return Processes.run(dir, 900, List.of(cmd), env);
    }

    /** The checkout's files without build output, .git and local runs (20 MB). */
    static Path copyCheckout(Path to) throws Exception {
        Path from = Processes.repoRoot();
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s.filter(p -> {
                for (Path part : from.relativize(p)) {
                    String n = part.toString();
                    if (n.equals("target") || n.equals(".git") || n.equals("runs") || n.equals(".flattened-pom.xml")) {
                        return false;
                    }
                }
                return true;
            })::iterator) {
                Path dst = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dst);
                } else {
                    Files.copy(p, dst);
                }
            }
        }
        return to;
    }

    @Test
    void aReleaseDeploySignsEveryFileAndWritesTheResolvedVersion(@TempDir Path tmp) throws Exception {
        Path gnupg = Files.createDirectories(tmp.resolve("gnupg"));
        Files.setPosixFilePermissions(gnupg, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        Map<String, String> env = Map.of("GNUPGHOME", gnupg.toString());
        Processes.Result key = run(tmp, env, "gpg", "--batch", "--passphrase", "", "--quick-gen-key", "classic-zoo release test <test@example.invalid>",
                "rsa2048", "sign", "never");
        assertEquals(0, key.code(), "gpg could not make a key (apt-get install gnupg):\n" + key.out());
        String fpr = run(tmp, env, "gpg", "--batch", "--with-colons", "--list-secret-keys").out().lines()
                .filter(l -> l.startsWith("fpr:")).findFirst().orElseThrow().split(":")[9];

        Path repo = tmp.resolve("repo");
        List<String> mvn = new ArrayList<>(List.of("mvn", "-B", "-q", "-Prelease", "deploy", "-DskipTests", "-Dmaven.install.skip=true",
                "-Drevision=" + REVISION, "-pl", "bom,common,common/core", "-am", "-Dgpg.keyname=" + fpr,
                "-DaltDeploymentRepository=releasetest::file://" + repo));
        String local = System.getProperty("maven.repo.local");
        if (local != null && !local.isBlank()) {
            mvn.add("-Dmaven.repo.local=" + local);
        }
        // on a copy of the checkout: the build must not rewrite the classes this suite is running from
        Path copy = copyCheckout(tmp.resolve("checkout"));
        Processes.Result deploy = Processes.run(copy, 900, mvn, env);
        assertEquals(0, deploy.code(), "release deploy failed:\n" + deploy.out());

        Path base = repo.resolve("io/github/classiczoo");
        for (String a : List.of("classic-zoo", "classic-zoo-common", "classic-zoo-bom", "zoo-core")) {
            Path dir = base.resolve(a).resolve(REVISION);
            assertTrue(Files.isDirectory(dir), a + " was not deployed");
            List<String> files;
            try (Stream<Path> s = Files.list(dir)) {
                files = s.map(p -> p.getFileName().toString()).sorted().toList();
            }
            List<String> main = new ArrayList<>(List.of(a + "-" + REVISION + ".pom"));
            if (a.equals("zoo-core")) {
                main.addAll(List.of(a + "-" + REVISION + ".jar", a + "-" + REVISION + "-sources.jar", a + "-" + REVISION + "-javadoc.jar"));
            }
            for (String f : main) {
                for (String suffix : List.of("", ".asc", ".md5", ".sha1")) {
                    assertTrue(files.contains(f + suffix), a + ": no " + f + suffix + " in " + files);
                }
                Processes.Result v = run(tmp, env, "gpg", "--batch", "--verify", dir.resolve(f + ".asc").toString(), dir.resolve(f).toString());
                assertEquals(0, v.code(), f + "'s signature:\n" + v.out());
            }
            String pom = Files.readString(dir.resolve(a + "-" + REVISION + ".pom"));
            assertFalse(pom.contains("${revision}"), a + "'s POM keeps ${revision}");
            assertTrue(pom.contains("<version>" + REVISION + "</version>"), a + "'s POM");
            if (a.equals("classic-zoo") || a.equals("classic-zoo-bom")) { // the others inherit it from classic-zoo
                for (String t : List.of("<url>", "<licenses>", "<developers>", "<scm>", "<description>")) {
                    assertTrue(pom.contains(t), a + "'s POM has no " + t);
                }
            }
        }
        assertFalse(Files.exists(base.resolve("zoo-testing")), "zoo-testing is not a library");
    }
}
