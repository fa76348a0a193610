package io.github.classiczoo.core.util;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * One process at a time in a directory (a run or a search): an operating-system lock on {@code .zoo.lock} inside it,
 * held until {@link #close()} or the process ends (a killed process releases it too). The file says who holds it, so a
 * refusal can name the holder. The file itself stays; only the lock on it matters.
 */
public final class DirectoryLock implements AutoCloseable {

    public static final String FILE = ".zoo.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of {@code dir} (which must exist) or refuses with a {@link ZooException} naming the holder.
     *
     * @param what how messages name the directory, e.g. "run directory"
     */
    public static DirectoryLock acquire(Path dir, String what) {
        Path f = dir.resolve(FILE);
        FileChannel ch = null;
        try {
            ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null; // this process holds it already
            }
            if (l == null) {
                String holder = Files.readString(f, StandardCharsets.UTF_8).strip();
                ch.close();
                throw new ZooException(what + " " + dir + " is in use by another zoo process (" + (holder.isEmpty() ? "unknown" : holder)
                        + "); wait for it to end, or choose another directory (nothing there was changed)");
            }
            ch.truncate(0);
            ProcessHandle me = ProcessHandle.current();
            String who = "pid " + me.pid() + ", since " + Instant.now() + me.info().commandLine().map(c -> ", " + abbreviate(c)).orElse("");
            ch.write(ByteBuffer.wrap((who + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            ch.force(false);
            return new DirectoryLock(ch, l);
        } catch (IOException e) {
            try {
                if (ch != null) {
                    ch.close();
                }
            } catch (IOException ignored) {
                // the error below is the one to report
            }
            throw new ZooException("cannot lock " + what + " " + dir + ": " + e.getMessage(), e);
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // the process ending releases it as well
        }
    }
}
