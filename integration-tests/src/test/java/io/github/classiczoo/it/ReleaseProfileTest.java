package io.github.classiczoo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The release profile as a maintainer runs it (issue 32): {@link Release} deploys every module with {@code -Prelease} to
 * a file repository in place of Maven Central, and that repository must hold exactly the library — the BOM, the two
 * parents and the jars the BOM lists, nothing else (no CLI, job jar, tests' helpers or test-jars) — each with what
 * Central checks: the POM with the resolved version and the metadata (its own or its parents'), the jar with its
 * module name, sources and javadoc jars, an {@code .md5} and {@code .sha1} that match, and a signature beside every
 * file that the key verifies.
 */
class ReleaseProfileTest {

    private static final String R = Release.REVISION;

    @Test
    void theReleaseIsExactlyTheLibrarySignedAndCentralComplete() throws Exception {
        Release.Repository release = Release.repository();
        Path base = release.dir().resolve("io/github/classiczoo");
        TreeSet<String> deployed = new TreeSet<>();
        try (Stream<Path> s = Files.list(base)) {
            s.forEach(p -> deployed.add(p.getFileName().toString()));
        }
        String bom = Files.readString(base.resolve("classic-zoo-bom/" + R + "/classic-zoo-bom-" + R + ".pom"));
        TreeSet<String> library = new TreeSet<>(values(bom.substring(bom.indexOf("<dependencyManagement>"), bom.indexOf("</dependencyManagement>")), "artifactId"));
        library.addAll(List.of("classic-zoo", "classic-zoo-common", "classic-zoo-bom"));
        assertEquals(library, deployed, "the release repository and the BOM's library");

        for (String a : deployed) {
            Path dir = base.resolve(a).resolve(R);
            Path pomFile = dir.resolve(a + "-" + R + ".pom");
            String pom = Files.readString(pomFile);
            boolean jar = !pom.contains("<packaging>pom</packaging>");
            List<String> files = new ArrayList<>(List.of(a + "-" + R + ".pom"));
            if (jar) {
                files.addAll(List.of(a + "-" + R + ".jar", a + "-" + R + "-sources.jar", a + "-" + R + "-javadoc.jar"));
            }
            TreeSet<String> expected = new TreeSet<>();
            for (String f : files) {
                for (String suffix : List.of("", ".md5", ".sha1", ".asc")) {
                    expected.add(f + suffix);
                }
            }
            TreeSet<String> present = new TreeSet<>();
            try (Stream<Path> s = Files.list(dir)) {
                s.forEach(p -> present.add(p.getFileName().toString()));
            }
            assertEquals(expected, present, a + "'s files");
            for (String f : files) {
                byte[] bytes = Files.readAllBytes(dir.resolve(f));
                assertEquals(digest("MD5", bytes), Files.readString(dir.resolve(f + ".md5")).trim(), f + ".md5");
                assertEquals(digest("SHA-1", bytes), Files.readString(dir.resolve(f + ".sha1")).trim(), f + ".sha1");
                Processes.Result v = Processes.run(dir, 60, List.of("gpg", "--batch", "--verify", f + ".asc", f), release.gpgEnv());
                assertEquals(0, v.code(), f + "'s signature:\n" + v.out());
            }

            assertFalse(pom.contains("${revision}"), a + "'s POM keeps ${revision}");
            assertTrue(pom.contains("<version>" + R + "</version>"), a + "'s POM has no version " + R);
            for (String t : List.of("name", "description")) {
                assertTrue(pom.contains("<" + t + ">"), a + "'s POM has no <" + t + ">");
            }
            for (String t : List.of("url", "licenses", "developers", "scm")) {
                assertTrue(inherits(base, pom, t), a + "'s POM has no <" + t + ">, nor any parent of it");
            }
            if (jar) {
                try (JarFile j = new JarFile(dir.resolve(a + "-" + R + ".jar").toFile())) {
                    assertNotNull(j.getManifest().getMainAttributes().getValue("Automatic-Module-Name"), a + ".jar has no module name");
                }
                try (JarFile j = new JarFile(dir.resolve(a + "-" + R + "-sources.jar").toFile())) {
                    assertTrue(j.stream().anyMatch(e -> e.getName().endsWith(".java")), a + "'s sources jar has no .java");
                }
                try (JarFile j = new JarFile(dir.resolve(a + "-" + R + "-javadoc.jar").toFile())) {
                    assertNotNull(j.getEntry("index.html"), a + "'s javadoc jar has no index.html");
                }
            }
        }
    }

    /** Whether {@code pom} or a parent of it (in the release repository) has the element {@code <tag>} at its top level. */
    private static boolean inherits(Path base, String pom, String tag) throws Exception {
        String top = pom.replaceAll("(?s)<parent>.*?</parent>", "")
                .replaceAll("(?s)<(dependencyManagement|dependencies|build|profiles|scm|licenses|developers|issueManagement)>.*?</\\1>", "<$1>");
        if (top.contains("<" + tag + ">")) {
            return true;
        }
        Matcher parent = Pattern.compile("(?s)<parent>.*?<artifactId>([^<]+)</artifactId>").matcher(pom);
        if (!parent.find()) {
            return false;
        }
        Path p = base.resolve(parent.group(1) + "/" + R + "/" + parent.group(1) + "-" + R + ".pom");
        return Files.exists(p) && inherits(base, Files.readString(p), tag);
    }

    private static List<String> values(String xml, String tag) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("<" + tag + ">([^<]+)</" + tag + ">").matcher(xml);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static String digest(String algorithm, byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    }
}
