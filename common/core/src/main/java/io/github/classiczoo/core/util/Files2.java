package io.github.classiczoo.core.util;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;

/** File helpers: SHA-256, gzip detection, atomic writes. */
public final class Files2 {

    private Files2() {
    }

    /**
     * Checks, before any work is done, that a command may write {@code out} ({@code option} names it in messages):
     * it must not be one of the command's own {@code inputs} (compared as real paths, so a symbolic link or
     * {@code ./x} does not hide it), not a directory, and not an existing file unless {@code force}.
     *
     * @throws ZooException naming the option, the file and what to do
     */
    public static void checkOutput(String option, Path out, boolean force, Path... inputs) {
        Path o = realish(out);
        for (Path in : inputs) {
            if (in != null && realish(in).equals(o)) {
                throw new ZooException(option + " " + out + " is " + in + ", an input of this command: writing it would destroy what is "
                        + "being read; choose another file (nothing was written)");
            }
        }
        if (Files.isDirectory(out)) {
            throw new ZooException(option + " " + out + " is a directory; name a file (nothing was written)");
        }
        if (Files.exists(out, java.nio.file.LinkOption.NOFOLLOW_LINKS) && !force) {
            throw new ZooException(option + " " + out + " already exists; pass --force to replace it (nothing was written)");
        }
    }

    /** The real path of {@code p}, or of its deepest existing ancestor joined with the rest (for a file not yet written). */
    private static Path realish(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path existing = abs;
        java.util.Deque<Path> rest = new java.util.ArrayDeque<>();
        while (existing != null && !Files.exists(existing)) {
            rest.push(existing.getFileName());
            existing = existing.getParent();
        }
        try {
            Path r = existing == null ? abs.getRoot() : existing.toRealPath();
            while (!rest.isEmpty()) {
                r = r.resolve(rest.pop());
            }
            return r;
        } catch (IOException e) {
            return abs;
        }
    }

    /** Deletes a file or a directory with everything in it; nothing if it does not exist. */
    public static void deleteTree(Path p) throws IOException {
        if (p == null || !Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (java.util.stream.Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(x);
            }
        }
    }

    /** {@link #deleteTree}, ignoring failures (clean-up after another error, which is the one to report). */
    public static void deleteTreeQuietly(Path p) {
        try {
            deleteTree(p);
        } catch (IOException | RuntimeException ignored) {
            // best effort
        }
    }

    public static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return sha256(in);
        } catch (IOException e) {
            throw new ZooException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public static String sha256(InputStream in) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (DigestInputStream d = new DigestInputStream(in, md)) {
            d.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** True if the file starts with the gzip magic number. */
    public static boolean isGzip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    /** The file's content, decompressed if it is gzipped. */
    public static InputStream openMaybeGzip(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        return isGzip(file) ? new GZIPInputStream(in, 1 << 16) : in;
    }

    /** Moves {@code tmp} onto {@code target} atomically where the file system allows it. */
    public static void moveAtomically(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Deletes the temporary files ({@code *.tmp}) that writes into {@code dir} leave behind when the process is killed
     * in the middle of one; returns how many there were. Only for a directory one process owns (a run directory).
     */
    public static int deleteStaleTemps(Path dir) throws IOException {
        int n = 0;
        try (java.util.stream.Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(x -> isTemp(x.getFileName().toString()) && Files.isRegularFile(x)).toList()) {
                Files.deleteIfExists(p);
                n++;
            }
        }
        return n;
    }

    /**
     * A temporary file's name as the zoo's writes make them: hidden ({@code .NAME…tmp}), or a plot's {@code .NAME…tmp.png}
     * (the chart library insists on the suffix). A user's own {@code *.tmp} files are not the zoo's and never match.
     */
    public static boolean isTemp(String name) {
        return name.startsWith(".") && (name.endsWith(".tmp") || name.endsWith(".tmp.png"));
    }

    /**
     * Writes via a temporary file in the same directory ({@code .NAME…tmp}) and a rename: readers never see half a file, and
     * {@code target} is either its old self or the complete new one. A process killed mid-write leaves the hidden temporary
     * file; the zoo removes those in the directories it owns ({@link #deleteStaleTemps}).
     */
    public static void writeAtomically(Path target, IoConsumer<Path> writer) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = newTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            writer.accept(tmp);
            moveAtomically(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * A new empty file {@code PREFIX<random>SUFFIX} in {@code dir}, created with the permissions the umask gives (0644
     * under the usual 022), as the file it becomes should have: {@link Files#createTempFile} makes it 0600, and the rename
     * kept that, so manifests and metrics were unreadable to the user's group while the other files were not.
     */
    public static Path newTempFile(Path dir, String prefix, String suffix) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path p = dir.resolve(prefix + Long.toUnsignedString(java.util.concurrent.ThreadLocalRandom.current().nextLong(), 36) + suffix);
            try {
                Files.newByteChannel(p, java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE).close();
                return p;
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (attempt > 100) {
                    throw e;
                }
            }
        }
    }

    public static void writeStringAtomically(Path target, String text) throws IOException {
        writeAtomically(target, tmp -> Files.writeString(tmp, text));
    }

    @FunctionalInterface
    public interface IoConsumer<T> {
        void accept(T t) throws IOException;
    }
}
