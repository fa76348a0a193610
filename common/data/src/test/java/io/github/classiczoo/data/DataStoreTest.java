package io.github.classiczoo.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.github.classiczoo.core.util.Files2;
import io.github.classiczoo.data.store.DataStore;
import io.github.classiczoo.data.store.DatasetInfo;
import io.github.classiczoo.data.store.DatasetInfo.KnownFile;
import io.github.classiczoo.data.store.Sources;
import io.github.classiczoo.testing.TestFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fetching, verification and refusal, on small files the test makes; downloads come from a loopback server. */
class DataStoreTest {

    static final byte[] A = "first file\n".getBytes(StandardCharsets.UTF_8);
    static final byte[] B = "second file\n".getBytes(StandardCharsets.UTF_8);

    static DatasetInfo tiny(Path local, String... mirrors) throws IOException {
        return new DatasetInfo("tiny", "two small files", List.of("a", "b"),
                List.of(new KnownFile("a.bin", sha(A), A.length), new KnownFile("b.bin", sha(B), B.length)),
                local == null ? List.of() : List.of(local), null, null, List.of(mirrors));
    }

    static String sha(byte[] b) throws IOException {
        return Files2.sha256(new java.io.ByteArrayInputStream(b));
    }

    static void gzip(Path target, byte[] content) throws IOException {
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(target))) {
            o.write(content);
        }
    }

    @Test
    void takesRawAndGzippedFilesFromAGivenDirectoryAndReportsEachSource(@TempDir Path tmp) throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.write(src.resolve("a.bin"), A);
        gzip(src.resolve("b.bin.gz"), B);
        List<String> log = new ArrayList<>();
        DataStore store = new DataStore(tmp.resolve("cache"), log::add);
        DatasetInfo d = tiny(null);
        store.fetch(d, src);
        assertTrue(store.problems(d).isEmpty(), store.problems(d).toString());
        assertEquals("second file\n", Files.readString(store.dir(d).resolve("b.bin")));
        assertTrue(log.stream().anyMatch(l -> l.contains("given directory " + src)), log.toString());
        // a second fetch is satisfied by the cache alone
        log.clear();
        store.fetch(d, null);
        assertTrue(log.get(0).contains("complete"), log.toString());
        // and said once per store, not once per split read (issue 17: "complete" printed twice by every train and search)
        store.fetch(d, null);
        assertEquals(1, log.size(), log.toString());
    }

    @Test
    void aFileWithTheWrongChecksumIsRejectedAndNeverUsed(@TempDir Path tmp) throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.write(src.resolve("a.bin"), A);
        Files.write(src.resolve("b.bin"), "tampered\n".getBytes(StandardCharsets.UTF_8));
        List<String> log = new ArrayList<>();
        DataStore store = new DataStore(tmp.resolve("cache"), log::add);
        DatasetInfo d = tiny(null);
        ZooDataException e = assertThrows(ZooDataException.class, () -> store.fetch(d, src));
        assertTrue(e.getMessage().contains("b.bin") && e.getMessage().contains("tried"), e.getMessage());
        assertTrue(log.stream().anyMatch(l -> l.contains("REJECTED") && l.contains("b.bin") && l.contains(d.file("b.bin").sha256())), log.toString());
        assertFalse(Files.exists(store.dir(d).resolve("b.bin")), "a rejected file reached the cache");
        assertTrue(Files.exists(store.dir(d).resolve("a.bin")), "the good file should be kept");
        try (var s = Files.list(store.dir(d))) {
            assertEquals(1, s.count(), "no temporary files are left behind");
        }
    }

    @Test
    void aCachedFileChangedLaterFailsVerification(@TempDir Path tmp) throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.write(src.resolve("a.bin"), A);
        Files.write(src.resolve("b.bin"), B);
        DataStore store = new DataStore(tmp.resolve("cache"), m -> { });
        DatasetInfo d = tiny(null);
        store.fetch(d, src);
        Files.write(store.dir(d).resolve("a.bin"), B);
        List<String> problems = store.problems(d);
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).startsWith("a.bin: SHA-256"), problems.toString());
    }

    @Test
    void systemLocationsAndMirrorsAreTriedInOrder(@TempDir Path tmp) throws IOException {
        Path system = Files.createDirectories(tmp.resolve("system"));
        gzip(system.resolve("a.bin.gz"), A);                 // only a.bin is installed "by the system"
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        List<String> requests = new ArrayList<>();
        server.createContext("/data/", ex -> {
            requests.add(ex.getRequestURI().getPath());
            if (ex.getRequestURI().getPath().endsWith("/b.bin.gz")) {
                java.io.ByteArrayOutputStream bo = new java.io.ByteArrayOutputStream();
                try (OutputStream o = new GZIPOutputStream(bo)) {
                    o.write(B);
                }
                ex.sendResponseHeaders(200, bo.size());
                ex.getResponseBody().write(bo.toByteArray());
            } else {
                ex.sendResponseHeaders(404, -1);
            }
            ex.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/data/";
            List<String> log = new ArrayList<>();
            DataStore store = new DataStore(tmp.resolve("cache"), log::add);
            DatasetInfo d = tiny(system, "http://127.0.0.1:1/unreachable/", base);
            store.fetch(d, null);
            assertTrue(store.problems(d).isEmpty());
            assertEquals(List.of("/data/b.bin.gz"), requests, "only the file the system location lacked is downloaded");
            int sys = indexOf(log, "system location"), dead = indexOf(log, "unreachable"), good = indexOf(log, base);
            assertTrue(sys >= 0 && sys < dead && dead < good, log.toString());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void missingEverywhereSaysWhatWasTriedAndWhatToDo(@TempDir Path tmp) throws IOException {
        DataStore store = new DataStore(tmp.resolve("cache"), m -> { }, Sources.standard().npm(tmp.resolve("no-npm-here").toString()));
        DatasetInfo d = new DatasetInfo("tiny", "x", List.of("a"), List.of(new KnownFile("a.bin", sha(A), A.length)),
                List.of(tmp.resolve("nowhere")), "some-package@1.0.0", "package/data", List.of());
        ZooDataException e = assertThrows(ZooDataException.class, () -> store.fetch(d, null));
        assertTrue(e.getMessage().contains("nowhere") && e.getMessage().contains("npm package some-package@1.0.0")
                && e.getMessage().contains("Fetch again online"), e.getMessage());
        assertFalse(e.getMessage().contains("zoo ") || e.getMessage().contains("--"), "the library speaks its own terms: " + e.getMessage());
    }

    @Test
    void archiveEntriesThatEscapeTheTargetAreRefused(@TempDir Path tmp) throws IOException {
        Path archive = TestFiles.tarGz(tmp.resolve("evil.tgz"),
                List.of("package/../../escaped.txt"), List.of(A));
        Path target = tmp.resolve("out/x");
        ZooDataException ex = assertThrows(ZooDataException.class, () -> DataStore.extractTarGz(archive, target, n -> true, 1000));
        assertTrue(ex.getMessage().contains("outside"), ex.getMessage());
        assertFalse(Files.exists(tmp.resolve("out/escaped.txt")) || Files.exists(tmp.resolve("escaped.txt")));
    }

    /** A 64 MB gzip bomb offered for an 11-byte file: rejected once it passes 11 bytes, nothing large written. */
    @Test
    void aCompressedFileIsDecompressedOnlyUpToItsKnownSize(@TempDir Path tmp) throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src"));
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(src.resolve("a.bin.gz")))) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++) {
                o.write(zeros);
            }
        }
        gzip(src.resolve("b.bin.gz"), B);
        List<String> log = new ArrayList<>();
        DataStore store = new DataStore(tmp.resolve("cache"), log::add);
        DatasetInfo d = tiny(null);
        assertThrows(ZooDataException.class, () -> store.fetch(d, src));
        assertTrue(log.stream().anyMatch(l -> l.contains("REJECTED " + src.resolve("a.bin.gz")) && l.contains("more than the 11 bytes")), log.toString());
        try (var files = Files.walk(tmp.resolve("cache"))) {
            assertTrue(files.filter(Files::isRegularFile).allMatch(f -> f.toFile().length() < 1024), "nothing large was written");
        }
        assertTrue(Files.isRegularFile(store.dir(d).resolve("b.bin")), "the good file was still taken");
    }

    @Test
    void archiveMembersAreExtractedOnlyIfWantedAndWithinTheirBudget(@TempDir Path tmp) throws IOException {
        Path archive = TestFiles.tarGz(tmp.resolve("a.tgz"), List.of("package/a.bin", "package/other.bin"),
                List.of(A, B));
        Path target = tmp.resolve("out");
        DataStore.extractTarGz(archive, target, "package/a.bin"::equals, A.length);
        assertTrue(Files.isRegularFile(target.resolve("package/a.bin")));
        assertFalse(Files.exists(target.resolve("package/other.bin")), "an unwanted member is not extracted");
        ZooDataException ex = assertThrows(ZooDataException.class, () -> DataStore.extractTarGz(archive, tmp.resolve("out2"), n -> true, A.length));
        assertTrue(ex.getMessage().contains("package/other.bin") && ex.getMessage().contains("more than"), ex.getMessage());
    }

    private static int indexOf(List<String> log, String part) {
        for (int i = 0; i < log.size(); i++) {
            if (log.get(i).contains(part)) {
                return i;
            }
        }
        return -1;
    }
}
