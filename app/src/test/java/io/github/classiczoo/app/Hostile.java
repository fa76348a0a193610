package io.github.classiczoo.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.classiczoo.core.util.DirectoryLock;
import io.github.classiczoo.core.util.Files2;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What every hostile-input test asserts of a refused command (issue 20): a non-zero exit code, one line naming the culprit
 * (no stack trace, no "set ZOO_DEBUG" hint that marks an unexpected error type), and — by hashing the directory before and
 * after — nothing lost, overwritten or left behind.
 */
final class Hostile {

    private Hostile() {
    }

    /** Every regular file under {@code dir} (relative path → SHA-256), except lock files (they record their last holder). */
    static Map<String, String> hashes(Path dir) throws IOException {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals(DirectoryLock.FILE)).toList()) {
                m.put(dir.relativize(p).toString(), Files2.sha256(p));
            }
        }
        return m;
    }

    /** Runs {@code args}; asserts the refusal as above, with {@code expected} in its one error line; returns that line. */
    static String refused(Path dir, String expected, String... args) throws IOException {
        Map<String, String> before = hashes(dir);
        CommandTest.Result r = CommandTest.run(args);
        assertNotEquals(0, r.code(), "accepted: zoo " + String.join(" ", args) + "\n" + r.err());
        java.util.List<String> errors = r.err().lines().filter(l -> l.startsWith("zoo ") || l.startsWith("Usage:")).toList();
        assertEquals(1, r.err().lines().filter(l -> l.startsWith("zoo ")).count(), "one error line: " + r.err());
        String line = errors.get(0);
        assertTrue(line.contains(expected), "expected '" + expected + "' in: " + line);
        assertFalse(r.err().lines().anyMatch(l -> l.matches("\\s+at .*") || l.contains("ZOO_DEBUG") || l.contains("Exception:")),
                "a stack trace or an unexpected error type: " + r.err());
        assertEquals(before, hashes(dir), "a file changed, appeared or vanished although the command was refused");
        return line;
    }

    /** A copy of zip {@code from} at {@code to} with entry {@code name} replaced by {@code content} (removed if null). */
    static Path rewriteZip(Path from, Path to, String name, byte[] content, boolean stored) throws IOException {
        Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
        try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(from.toFile())) {
            for (java.util.zip.ZipEntry e : java.util.Collections.list(z.entries())) {
                entries.put(e.getName(), z.getInputStream(e).readAllBytes());
            }
        }
        if (content == null) {
            entries.remove(name);
        } else {
            entries.put(name, content);
        }
        try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(Files.newOutputStream(to))) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                java.util.zip.ZipEntry entry = new java.util.zip.ZipEntry(e.getKey());
                if (stored) {
                    entry.setMethod(java.util.zip.ZipEntry.STORED);
                    entry.setSize(e.getValue().length);
                    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                    crc.update(e.getValue());
                    entry.setCrc(crc.getValue());
                }
                z.putNextEntry(entry);
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return to;
    }
}
