package io.github.classiczoo.core.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 27: the one write path (failures name the file and the cause, leave the old file and no temporary), temporaries
 * that never match a user's file, outputs created in one step, bounded reads of whatever a path names, and lock files
 * never followed through a link.
 */
class FilesAndLocksTest {

    @TempDir
    Path dir;

    /** The PID of a process that has ended (what a killed writer leaves in its temporaries' names). */
    static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aFailedWriteNamesTheFileAndTheCauseAndKeepsTheOldFile() throws Exception {
        Path target = dir.resolve("manifest.json");
        Files.writeString(target, "old, complete");
        WriteFailedException e = assertThrows(WriteFailedException.class, () -> Files2.writeAtomically(target, tmp -> {
            Files.writeString(tmp, "half of the new");
            throw new IOException("No space left on device");
        }));
        assertEquals("cannot write " + target + ": no space left on device", e.getMessage());
        assertEquals("old, complete", Files.readString(target));
        assertEquals(List.of("manifest.json"), names(), "the temporary file was left behind");
        // a cause wrapped by a library (ImageIO's "I/O error writing PNG file!") still shows the innermost reason
        e = assertThrows(WriteFailedException.class, () -> Files2.writeAtomically(target, tmp -> {
            throw new javax.imageio.IIOException("I/O error writing PNG file!", new IOException("No space left on device"));
        }));
        assertTrue(e.getMessage().endsWith(": no space left on device"), e.getMessage());
        assertTrue(WriteFailedException.isEnvironment(new RuntimeException(e)));
    }

    @Test
    void temporariesNeverMatchAUsersFileAndOnlyDeadWritersAreCleared() throws Exception {
        for (String user : List.of(".my.tmp", "notes.tmp", ".checkpoint-last.zip.tmp", ".x.zoo-tmp", ".x.zoo-12-abc.tmp.bak")) {
            assertFalse(Files2.isTemp(user), user);
            Files.writeString(dir.resolve(user), "the user's");
        }
        long dead = deadPid();
        Path stale = dir.resolve(".manifest.json.zoo-" + dead + "-k3j9.tmp");
        Path stalePlot = dir.resolve(".loss.png.zoo-" + dead + "-a1.tmp.png");
        Path live = dir.resolve(".metrics.csv.zoo-" + ProcessHandle.current().pid() + "-zz.tmp"); // a write of this process, in flight
        for (Path p : List.of(stale, stalePlot, live)) {
            Files.writeString(p, "half");
            assertTrue(Files2.isTemp(p.getFileName().toString()), p.toString());
        }
        assertEquals(2, Files2.deleteStaleTemps(dir));
        assertTrue(Files.exists(live));
        for (String user : List.of(".my.tmp", "notes.tmp", ".checkpoint-last.zip.tmp", ".x.zoo-tmp", ".x.zoo-12-abc.tmp.bak")) {
            assertTrue(Files.exists(dir.resolve(user)), "a user's file was removed: " + user);
        }
    }

    @Test
    void aWriteOfAFileRemovesWhatAKilledWriteOfThatFileLeft() throws Exception {
        long dead = deadPid();
        Path out = dir.resolve("model.zip");
        Files.writeString(dir.resolve(".model.zip.zoo-" + dead + "-q1.tmp"), "what a killed import left");
        Files.writeString(dir.resolve(".other.zip.zoo-" + dead + "-q1.tmp"), "another file's: not this write's business");
        Files2.createAtomically(out, tmp -> Files.writeString(tmp, "new"));
        assertEquals(List.of(".other.zip.zoo-" + dead + "-q1.tmp", "model.zip"), names());
    }

    @Test
    void aNewOutputIsCreatedInOneStepAndNeverReplacesAFileThatAppeared() throws Exception {
        Path out = dir.resolve("out.zip");
        // another command finishes the same output while this one is still writing
        ZooException e = assertThrows(ZooException.class, () -> Files2.createAtomically(out, tmp -> {
            Files.writeString(tmp, "mine");
            Files.writeString(out, "theirs");
        }));
        assertTrue(e.getMessage().contains("appeared while it was being written"), e.getMessage());
        assertEquals("theirs", Files.readString(out));
        assertEquals(List.of("out.zip"), names());
        Files2.writeOutput(out, true, tmp -> Files.writeString(tmp, "forced"));
        assertEquals("forced", Files.readString(out));
    }

    @Test
    void twoConcurrentCreationsOfOneFileExactlyOneSucceeds() throws Exception {
        Path out = dir.resolve("same.zip");
        java.util.concurrent.CyclicBarrier both = new java.util.concurrent.CyclicBarrier(2);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            List<java.util.concurrent.Future<String>> f = new java.util.ArrayList<>();
            for (String who : List.of("a", "b")) {
                f.add(pool.submit(() -> {
                    try {
                        Files2.writeOutput(out, false, tmp -> {
                            Files.writeString(tmp, who);
                            try {
                                both.await(); // both have written their temporary file before either publishes
                            } catch (Exception x) {
                                throw new IOException(x);
                            }
                        });
                        return who;
                    } catch (ZooException refused) {
                        return null;
                    }
                }));
            }
            List<String> won = new java.util.ArrayList<>();
            for (var x : f) {
                if (x.get() != null) {
                    won.add(x.get());
                }
            }
            assertEquals(1, won.size(), "winners: " + won);
            assertEquals(won.get(0), Files.readString(out));
            assertEquals(List.of("same.zip"), names());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aLegalLongNameIsNotLostOnItsTemporaryName() throws Exception {
        Path out = dir.resolve("m".repeat(250) + ".zip"); // 254 bytes: legal, but a longer temporary name is not
        Files2.createAtomically(out, tmp -> Files.writeString(tmp, "ok"));
        assertEquals("ok", Files.readString(out));
    }

    @Test
    void readsAreBoundedWhateverThePathNames() throws Exception {
        ZooException e = assertThrows(ZooException.class, () -> Files2.readString(Path.of("/dev/zero"), 1 << 20));
        assertEquals("/dev/zero is not a regular file (a device, a FIFO or a socket); name a file", e.getMessage());
        Path fifo = dir.resolve("fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        e = assertThrows(ZooException.class, () -> Files2.readString(fifo, 1 << 20)); // opening it would block until a writer came
        assertTrue(e.getMessage().contains("is not a regular file"), e.getMessage());
        Path small = Files.writeString(dir.resolve("s.json"), "{}");
        assertEquals("{}", Files2.readString(small, 2));
        assertTrue(assertThrows(ZooException.class, () -> Files2.readString(small, 1)).getMessage().endsWith("s.json is larger than 1 bytes; "
                + "not a file of this kind"));
    }

    @Test
    void aLockFileIsNeverFollowedThroughALink() throws Exception {
        Path users = Files.writeString(dir.resolve("thesis.txt"), "a user's file");
        Path run = Files.createDirectories(dir.resolve("run"));
        Files.createSymbolicLink(run.resolve(DirectoryLock.FILE), users);
        ZooException e = assertThrows(ZooException.class, () -> DirectoryLock.acquire(run, "run directory"));
        assertTrue(e.getMessage().contains("is a symbolic link"), e.getMessage());
        assertEquals("a user's file", Files.readString(users));
    }

    @Test
    void aLockFileThatIsAHardLinkIsNeverWrittenThrough() throws Exception {
        Path users = Files.writeString(dir.resolve("thesis.txt"), "a user's file");
        Path run = Files.createDirectories(dir.resolve("run"));
        Files.createLink(run.resolve(DirectoryLock.FILE), users);
        ZooException e = assertThrows(ZooException.class, () -> DirectoryLock.acquire(run, "run directory"));
        assertTrue(e.getMessage().contains("has 2 names (a hard link to another file)"), e.getMessage());
        assertEquals("a user's file", Files.readString(users));
    }

    @Test
    void anAbandonedLockLeavesNoFileItMade() throws Exception {
        DirectoryLock.acquire(dir, "run directory").abandon();
        assertEquals(List.of(), names());
        Files.writeString(dir.resolve(DirectoryLock.FILE), "");
        DirectoryLock.acquire(dir, "run directory").abandon(); // not its file: kept
        assertEquals(List.of(DirectoryLock.FILE), names());
    }
}
