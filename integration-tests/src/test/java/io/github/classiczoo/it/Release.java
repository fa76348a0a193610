package io.github.classiczoo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A release of this checkout as a maintainer cuts one (docs/releasing.md), made once per test JVM and shared by
 * {@link ReleaseProfileTest} (what the repository holds) and {@link ConsumerBuildTest} (projects that resolve from it):
 * a throwaway GPG key in a temporary keyring, then {@code mvn -Prelease -Drevision=R deploy} of every module, tests
 * skipped, from a copy of the checkout to a file repository in place of Maven Central.
 */
final class Release {

    static final String REVISION = "0.0.1-releasetest";

    /** The file repository the release went to, and the keyring ({@code GNUPGHOME}) that holds the key it was signed with. */
    record Repository(Path dir, Map<String, String> gpgEnv) {
    }

    private static Repository made;

    private Release() {
    }

    static synchronized Repository repository() throws Exception {
        if (made == null) {
            made = deploy(Files.createTempDirectory("zoo-release"));
        }
        return made;
    }

    private static Repository deploy(Path tmp) throws Exception {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(tmp)));
        Path gnupg = Files.createDirectories(tmp.resolve("gnupg"));
        Files.setPosixFilePermissions(gnupg, PosixFilePermissions.fromString("rwx------"));
        Map<String, String> env = Map.of("GNUPGHOME", gnupg.toString());
        Processes.Result key = Processes.run(tmp, 300, List.of("gpg", "--batch", "--passphrase", "", "--quick-gen-key",
                "classic-zoo release test <test@example.invalid>", "rsa2048", "sign", "never"), env);
        assertEquals(0, key.code(), "gpg could not make a key (apt-get install gnupg):\n" + key.out());
        String fpr = Processes.run(tmp, 60, List.of("gpg", "--batch", "--with-colons", "--list-secret-keys"), env).out().lines()
                .filter(l -> l.startsWith("fpr:")).findFirst().orElseThrow().split(":")[9];

        Path repo = tmp.resolve("repo");
        List<String> mvn = new ArrayList<>(List.of("mvn", "-B", "-q", "-Prelease", "deploy", "-DskipTests", "-Dmaven.install.skip=true",
                "-Drevision=" + REVISION, "-Dgpg.keyname=" + fpr, "-DaltDeploymentRepository=releasetest::file://" + repo));
        String local = System.getProperty("maven.repo.local");
        if (local != null && !local.isBlank()) {
            mvn.add("-Dmaven.repo.local=" + local);
        }
        // on a copy of the checkout: the build must not rewrite the classes this suite is running from
        Path copy = copyCheckout(tmp.resolve("checkout"));
        Processes.Result deploy = Processes.run(copy, 1800, mvn, env);
        assertEquals(0, deploy.code(), "release deploy failed:\n" + deploy.out());
        delete(copy);
        return new Repository(repo, env);
    }

    /** The checkout's files without build output, .git and local runs (20 MB). */
    private static Path copyCheckout(Path to) throws IOException {
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

    static void delete(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a temporary directory; the next run makes its own
        }
    }
}
