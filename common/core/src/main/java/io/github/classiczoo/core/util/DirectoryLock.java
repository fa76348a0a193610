package io.github.classiczoo.core.util;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
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

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final boolean created;

    private DirectoryLock(Path file, FileChannel channel, FileLock lock, boolean created) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.created = created;
    }

    /**
     * Takes the lock of {@code dir} (which must exist) or refuses with a {@link ZooException} naming the holder.
     *
     * @param what how messages name the directory, e.g. "run directory"
     */
    public static DirectoryLock acquire(Path dir, String what) {
        Path f = dir.resolve(FILE);
        FileChannel ch = null;
        boolean created = false;
        try {
            if (Files.exists(f, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                throw new ZooException(what + " " + dir + ": its lock file " + f + " is " + (Files.isSymbolicLink(f) ? "a symbolic link" : "not a regular file")
                        + "; the zoo writes its lock only into a file of its own: remove it, or choose another directory (nothing there was changed)");
            }
            try {
                // never through a link (O_NOFOLLOW): a link put there must not make the zoo write into a file it points to
                ch = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
                created = true;
            } catch (FileAlreadyExistsException e) {
                ch = FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            }
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null; // this process holds it already
            }
            if (l == null) {
                String holder = new String(readAtMost(ch, 4096), StandardCharsets.UTF_8).strip();
                ch.close();
                throw new ZooException(what + " " + dir + " is in use by another zoo process (" + (holder.isEmpty() ? "unknown" : holder)
                        + "); wait for it to end, or choose another directory (nothing there was changed)");
            }
            // a lock file with another name (a hard link to a user's file) would have that file rewritten below: refused
            Object links = Files.getAttribute(f, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
            if (links instanceof Integer n && n > 1) {
                l.release();
                ch.close();
                throw new ZooException(what + " " + dir + ": its lock file " + f + " has " + n + " names (a hard link to another file); the zoo "
                        + "writes its lock only into a file of its own: remove it, or choose another directory (nothing there was changed)");
            }
            ch.truncate(0);
            ProcessHandle me = ProcessHandle.current();
            String who = "pid " + me.pid() + ", since " + Instant.now() + me.info().commandLine().map(c -> ", " + abbreviate(c)).orElse("");
            ch.write(ByteBuffer.wrap((who + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            ch.force(false);
            return new DirectoryLock(f, ch, l, created);
        } catch (IOException e) {
            try {
                if (ch != null) {
                    ch.close();
                }
                if (created) {
                    Files.deleteIfExists(f);
                }
            } catch (IOException ignored) {
                // the error below is the one to report
            }
            if (e instanceof FileSystemException fs && "Too many levels of symbolic links".equals(fs.getReason())) {
                throw new ZooException(what + " " + dir + ": its lock file " + f + " became a symbolic link; remove it (nothing there was changed)", e);
            }
            throw new ZooException("cannot lock " + what + " " + dir + ": " + Files2.reason(e), e);
        }
    }

    /** At most {@code max} bytes from the start of {@code ch} (a holder's line; a lock file grown huge is not read whole). */
    private static byte[] readAtMost(FileChannel ch, int max) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(max);
        ch.read(b, 0);
        return java.util.Arrays.copyOf(b.array(), b.position());
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }

    /**
     * Lets the directory go after a refusal: as {@link #close()}, and the lock file is removed if this lock made it, so that a
     * refused command leaves nothing behind.
     */
    public void abandon() {
        close();
        if (created) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // an empty lock file is all that is left
            }
        }
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
