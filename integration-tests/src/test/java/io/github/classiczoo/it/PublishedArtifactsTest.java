package io.github.classiczoo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.lang.model.SourceVersion;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * What is published is exactly the library, and each of its POMs says what Maven Central asks (issue 32): the licence
 * file, the parent's url/licenses/developers/scm, a BOM that lists every deployed jar module, jars that name their
 * module with a valid Java module name, and a weights sources jar without the weights. Read from the checkout's POMs
 * and the jars this build made (so after {@code mvn install} or {@code package} of the modules).
 */
class PublishedArtifactsTest {

    static final Path ROOT = Processes.repoRoot();

    /** Every module directory of the reactor, from the root POM's and common's module lists. */
    static List<Path> modules() throws Exception {
        List<Path> out = new ArrayList<>();
        for (String m : tags(read(ROOT.resolve("pom.xml")), "module")) {
            Path dir = ROOT.resolve(m);
            out.add(dir);
            for (String sub : tags(read(dir.resolve("pom.xml")), "module")) {
                out.add(dir.resolve(sub));
            }
        }
        return out;
    }

    static String read(Path p) throws Exception {
        return Files.readString(p);
    }

    static List<String> tags(String xml, String tag) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("<" + tag + ">([^<]*)</" + tag + ">").matcher(xml.replaceAll("(?s)<!--.*?-->", ""));
        while (m.find()) {
            out.add(m.group(1).trim());
        }
        return out;
    }

    /** The module's own artifactId (the first after its parent block). */
    static String artifactId(String pom) {
        String afterParent = pom.contains("</parent>") ? pom.substring(pom.indexOf("</parent>")) : pom;
        return tags(afterParent, "artifactId").get(0);
    }

    static boolean deployed(String pom) {
        return !pom.contains("<maven.deploy.skip>true</maven.deploy.skip>");
    }

    static boolean jarPackaging(String pom) {
        return !pom.contains("<packaging>pom</packaging>");
    }

    @Test
    void theParentPomCarriesWhatCentralAsksAndTheLicenceIsThere() throws Exception {
        String pom = read(ROOT.resolve("pom.xml")).replaceAll("(?s)<!--.*?-->", "");
        for (String t : List.of("url", "licenses", "developers", "scm", "issueManagement", "description")) {
            assertTrue(pom.contains("<" + t + ">"), "the root POM has no <" + t + ">");
        }
        assertTrue(pom.contains("<name>Apache-2.0</name>"), "licence named by its SPDX id");
        String licence = read(ROOT.resolve("LICENSE"));
        assertTrue(licence.contains("Apache License") && licence.contains("Version 2.0, January 2004") && licence.length() > 10_000, "LICENSE");
        assertTrue(Files.isRegularFile(ROOT.resolve("NOTICE")));
        // every module inherits it: none declares licences or scm of its own that could differ
        for (Path m : modules()) {
            String mp = read(m.resolve("pom.xml"));
            if (!m.endsWith("bom")) {
                assertTrue(mp.contains("<parent>"), m + " has no parent to inherit the metadata from");
            }
            if (!m.endsWith("bom")) {
                assertFalse(mp.contains("<licenses>") || mp.contains("<scm>"), m + " declares its own licences or scm");
            } else {
                for (String t : List.of("<licenses>", "<scm>", "<url>", "<developers>")) { // no parent: the same metadata, written again
                    assertEquals(between(pom, t), between(mp, t), "the BOM's " + t);
                }
            }
        }
    }

    /**
     * The version is written once: the root POM's {@code revision} (the BOM, without a parent, repeats it; the README's
     * and docs/java.md's snippets show it); every module's parent is {@code ${revision}}; the installed POMs carry the resolved version.
     */
    @Test
    void theVersionIsWrittenOnce() throws Exception {
        String root = read(ROOT.resolve("pom.xml"));
        String revision = tags(root, "revision").get(0);
        assertTrue(revision.matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), revision);
        assertEquals("${revision}", version());
        assertEquals(revision, tags(read(ROOT.resolve("bom/pom.xml")), "revision").get(0), "the BOM's revision");
        for (Path m : modules()) {
            String pom = read(m.resolve("pom.xml"));
            if (pom.contains("<parent>")) {
                String parent = pom.substring(pom.indexOf("<parent>"), pom.indexOf("</parent>"));
                assertEquals("${revision}", tags(parent, "version").get(0), m + "'s parent version");
            }
        }
        String java = read(ROOT.resolve("docs/java.md"));
        Matcher bom = Pattern.compile("<artifactId>classic-zoo-bom</artifactId>\\s*<version>([^<]+)</version>").matcher(java);
        assertTrue(bom.find(), "docs/java.md shows the BOM import");
        assertEquals(revision, bom.group(1), "docs/java.md's BOM version");
        Matcher gradle = Pattern.compile("platform\\(\"io.github.classiczoo:classic-zoo-bom:([^\"]+)\"\\)").matcher(java);
        assertTrue(gradle.find(), "docs/java.md shows the Gradle platform import");
        assertEquals(revision, gradle.group(1), "docs/java.md's Gradle version");
        Matcher readme = Pattern.compile("<artifactId>zoo-resnet</artifactId><version>([^<]+)</version>").matcher(read(ROOT.resolve("README.md")));
        assertTrue(readme.find(), "the README shows a dependency");
        assertEquals(revision, readme.group(1), "the README's version");
        Path installed = Path.of(System.getProperty("user.home"), ".m2/repository/io/github/classiczoo/zoo-core", revision, "zoo-core-" + revision + ".pom");
        Assumptions.assumeTrue(Files.isRegularFile(installed), "zoo-core is not installed (mvn install)");
        String pom = read(installed);
        assertFalse(pom.contains("${revision}"), installed + " still says ${revision}");
        assertTrue(pom.contains("<version>" + revision + "</version>"), installed.toString());
    }

    @Test
    void theBomListsExactlyTheDeployedJarModules() throws Exception {
        TreeSet<String> deployedJars = new TreeSet<>();
        for (Path m : modules()) {
            String pom = read(m.resolve("pom.xml"));
            if (jarPackaging(pom) && deployed(pom)) {
                deployedJars.add(artifactId(pom));
            }
        }
        String bom = read(ROOT.resolve("bom/pom.xml"));
        TreeSet<String> listed = new TreeSet<>(tags(bom.substring(bom.indexOf("<dependencyManagement>"), bom.indexOf("</dependencyManagement>")),
                "artifactId"));
        assertEquals(deployedJars, listed, "the BOM and the deployed modules");
        for (String notLibrary : List.of("app", "zoo-testing", "zoo-data-testing", "zoo-spark-job", "integration-tests")) {
            assertFalse(deployedJars.contains(notLibrary), notLibrary + " is deployed as a library");
        }
        for (Path m : modules()) { // a test-jar would be deployed beside its module's jar
            assertFalse(read(m.resolve("pom.xml")).contains("<goal>test-jar</goal>"), m + " attaches a test-jar");
        }
        assertTrue(deployedJars.contains("zoo-spark"));
        // the BOM has no parent: importing it brings no build settings
        assertFalse(bom.contains("<parent>"));
        for (String t : List.of("url", "licenses", "developers", "scm")) {
            assertTrue(bom.contains("<" + t + ">"), "the BOM is published too and needs <" + t + ">");
        }
    }

    /** Every package a library jar publishes says what it is for (issue 33): its javadoc comes from a package-info.java. */
    @Test
    void everyPublishedPackageHasAPackageInfo() throws Exception {
        List<String> missing = new ArrayList<>();
        int packages = 0;
        for (Path m : modules()) {
            String pom = read(m.resolve("pom.xml"));
            Path src = m.resolve("src/main/java");
            if (!jarPackaging(pom) || !deployed(pom) || !Files.isDirectory(src)) {
                continue;
            }
            try (var dirs = Files.walk(src)) {
                for (Path d : (Iterable<Path>) dirs.filter(Files::isDirectory)::iterator) {
                    boolean hasClasses;
                    try (var files = Files.list(d)) {
                        hasClasses = files.anyMatch(f -> f.toString().endsWith(".java") && !f.endsWith("package-info.java"));
                    }
                    if (hasClasses) {
                        packages++;
                        if (!Files.exists(d.resolve("package-info.java"))) {
                            missing.add(src.relativize(d).toString().replace('/', '.'));
                        }
                    }
                }
            }
        }
        assertTrue(packages >= 20, "published packages found: " + packages);
        assertEquals(List.of(), missing, "published packages without a package-info.java");
    }

    @Test
    void everyJarNamesAValidAndDistinctModule() throws Exception {
        Map<String, String> byName = new HashMap<>();
        int checked = 0;
        for (Path m : modules()) {
            String pom = read(m.resolve("pom.xml"));
            if (!jarPackaging(pom)) {
                continue;
            }
            String id = artifactId(pom);
            Path jar = m.resolve("target").resolve(id + "-" + revision() + ".jar");
            if (!Files.isRegularFile(jar)) {
                continue; // modules that build a jar of another name (app's zoo.jar, the job jar) are checked by their own tests
            }
            String name;
            try (JarFile j = new JarFile(jar.toFile())) {
                name = j.getManifest().getMainAttributes().getValue("Automatic-Module-Name");
            }
            assertTrue(name != null && SourceVersion.isName(name), id + ": Automatic-Module-Name " + name + " is not a valid module name");
            assertTrue(name.startsWith("io.github.classiczoo."), id + ": " + name);
            String other = byName.put(name, id);
            assertTrue(other == null, id + " and " + other + " both name module " + name);
            checked++;
        }
        Assumptions.assumeTrue(checked > 0, "no module jar is built yet (run mvn package or install first)");
        assertTrue(checked >= 10, "only " + checked + " jars checked");
    }

    @Test
    void theWeightsSourcesJarHoldsSourcesOnly() throws Exception {
        Path jar = ROOT.resolve("zoo-lenet-weights/target/zoo-lenet-weights-" + revision() + "-sources.jar");
        Assumptions.assumeTrue(Files.isRegularFile(jar), jar + " is made in the verify phase (mvn install)");
        try (JarFile j = new JarFile(jar.toFile())) {
            List<String> notSource = j.stream().map(e -> e.getName()).filter(n -> !n.endsWith("/") && !n.endsWith(".java") && !n.startsWith("META-INF/"))
                    .toList();
            assertEquals(List.of(), notSource);
            assertTrue(Files.size(jar) < 100_000, "sources jar of " + Files.size(jar) + " bytes");
        }
    }

    /** The element {@code open} … its closing tag, as written. */
    static String between(String xml, String open) {
        String close = "</" + open.substring(1);
        int i = xml.indexOf(open);
        return i < 0 ? null : xml.substring(i, xml.indexOf(close, i) + close.length());
    }

    /** The root POM's version as written ({@code ${revision}}). */
    static String version() throws Exception {
        return tags(read(ROOT.resolve("pom.xml")), "version").get(0);
    }

    /** The version the build made: the root POM's revision. */
    static String revision() throws Exception {
        return tags(read(ROOT.resolve("pom.xml")), "revision").get(0);
    }
}
