package io.github.classiczoo.core.util;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;
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
        for (Path p = out.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                if (!Files.isDirectory(p)) {
                    throw new ZooException(option + " " + out + ": " + p + " is a file, not a directory; choose another path (nothing was written)");
                }
                break;
            }
        }
        if (Files.isSymbolicLink(out) && !Files.exists(out)) {
            throw new ZooException(option + " " + out + " is a symbolic link to a path that does not exist; remove the link or choose another path "
                    + "(nothing was written)");
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

    /**
     * Why {@code p} is not a regular file to read, as the end of a sentence that names it: "does not exist", "is a
     * directory", or "is not a regular file (a device, a FIFO or a socket)". For a path that is one, "is a file".
     */
    public static String whyNotRegular(Path p) {
        if (Files.isRegularFile(p)) {
            return "is a file";
        }
        if (!Files.exists(p)) {
            return Files.isSymbolicLink(p) ? "is a symbolic link to a path that does not exist" : "does not exist";
        }
        return Files.isDirectory(p) ? "is a directory; name a file" : "is not a regular file (a device, a FIFO or a socket); name a file";
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

    /**
     * The text of {@code file} (UTF-8), read with a bound (a file growing meanwhile, a {@code /proc} file), so that no more
     * than {@code limit} bytes are ever held; a path that is not a regular file (a device such as {@code /dev/zero}, a FIFO,
     * whose opening alone would block) is refused.
     *
     * @throws ZooException naming the file if it holds more, or cannot be read (with the cause)
     */
    public static String readString(Path file, long limit) {
        return new String(readBytes(file, limit), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** As {@link #readString}, the bytes. */
    public static byte[] readBytes(Path file, long limit) {
        if (!Files.isRegularFile(file)) { // a FIFO would block the open itself; a device has no end
            throw new ZooException(file + " " + whyNotRegular(file));
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (b.length > limit) {
                throw new ZooException(file + " is larger than " + Text.bytes(limit) + "; not a file of this kind");
            }
            return b;
        } catch (IOException e) {
            throw new ZooException("cannot read " + file + ": " + reason(e), e);
        }
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

    /** Moves {@code tmp} onto {@code target} atomically where the file system allows it, replacing what is there. */
    public static void moveAtomically(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Puts the complete {@code tmp} in place as {@code target} only if nothing is there, in one step: a hard link fails if
     * the name exists (so of two processes writing one new file exactly one succeeds; a rename would silently replace the
     * other's). Where the file system has no hard links, a move without replacing (checked and moved by the JDK).
     *
     * @throws FileAlreadyExistsException if {@code target} appeared meanwhile ({@code tmp} is left for the caller)
     */
    public static void moveIfAbsent(Path tmp, Path target) throws IOException {
        try {
            Files.createLink(target, tmp);
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (UnsupportedOperationException | FileSystemException e) {
            Files.move(tmp, target);
            return;
        }
        Files.delete(tmp);
    }

    /** The zoo's temporary names: {@code .NAME.zoo-PID-RANDOM.tmp} (a plot's: {@code ….tmp.png}); PID is the writer's. */
    private static final Pattern TEMP = Pattern.compile("\\..*\\.zoo-(\\d{1,19})-[0-9a-z]{1,13}\\.tmp(\\.png)?");

    /**
     * A temporary file's name as the zoo's writes make them ({@code .NAME.zoo-PID-RANDOM.tmp}, or a plot's
     * {@code ….tmp.png}: the chart library insists on the suffix). A user's own files ({@code .my.tmp}, {@code x.tmp})
     * never match.
     */
    public static boolean isTemp(String name) {
        return TEMP.matcher(name).matches();
    }

    /**
     * A zoo temporary file whose writer is gone: its process (the PID in its name) has ended, so it is what a killed or
     * failed write left. One of a live process — another command writing beside this one, or this one — is not stale.
     */
    public static boolean isStaleTemp(Path p) {
        java.util.regex.Matcher m = TEMP.matcher(p.getFileName().toString());
        if (!m.matches() || !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        long pid;
        try {
            pid = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            return false;
        }
        return pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true);
    }

    /**
     * Deletes the temporary files that writes into {@code dir} left behind when their process was killed in the middle of
     * one ({@link #isStaleTemp}); returns how many there were. Nothing else is touched.
     */
    public static int deleteStaleTemps(Path dir) throws IOException {
        int n = 0;
        try (java.util.stream.Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(Files2::isStaleTemp).toList()) {
                Files.deleteIfExists(p);
                n++;
            }
        }
        return n;
    }

    /**
     * Stale temporaries found in each directory this process writes into, listed once at its first write there: a command
     * writing many files into one directory ({@code zoo data images}) does not list it again for each of them.
     */
    private static final java.util.Map<Path, java.util.List<Path>> STALE = new java.util.concurrent.ConcurrentHashMap<>();

    /** Deletes the stale temporaries of writes to {@code target} (a user's own directory: only that name's, see {@link #isStaleTemp}). */
    private static void deleteStaleTempsOf(Path target) {
        String prefix = tempPrefix(target);
        java.util.List<Path> stale = STALE.computeIfAbsent(target.getParent(), dir -> {
            try (java.util.stream.Stream<Path> s = Files.list(dir)) {
                return new java.util.concurrent.CopyOnWriteArrayList<>(s.filter(Files2::isStaleTemp).toList());
            } catch (IOException | RuntimeException e) {
                return new java.util.concurrent.CopyOnWriteArrayList<>(); // best effort: the write itself reports what matters
            }
        });
        for (Path p : stale) {
            if (p.getFileName().toString().startsWith(prefix)) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort
                }
                stale.remove(p);
            }
        }
    }

    /**
     * {@code .NAME.zoo-PID-}: the start of this process's temporary names for {@code target}, NAME shortened so that the
     * whole temporary name stays within the 255 bytes file systems allow for a name (a legal long {@code --out} must not
     * fail on its temporary name).
     */
    private static String tempPrefix(Path target) {
        String name = target.getFileName().toString();
        int budget = 255 - ".zoo-".length() - 20 - 1 - 13 - ".tmp.png".length() - 2;
        while (name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > budget) {
            name = name.substring(0, name.offsetByCodePoints(name.length(), -1));
        }
        return "." + name + ".zoo-";
    }

    /**
     * Writes via a temporary file in the same directory ({@code .NAME.zoo-PID-RANDOM.tmp}) and a rename: readers never see
     * half a file, and {@code target} is either its old self or the complete new one. A write that fails (no space left,
     * a read-only file system, an I/O error) removes its temporary file and throws a {@link WriteFailedException} naming
     * {@code target} and the cause. A process killed mid-write leaves the hidden temporary file; the next write of the same
     * file, and the directories the zoo owns when opened, remove it ({@link #isStaleTemp}).
     */
    public static void writeAtomically(Path target, IoConsumer<Path> writer) {
        write(target, writer, true);
    }

    /**
     * As {@link #writeAtomically}, but the new file is put in place only if {@code target} does not exist, in one step
     * ({@link #moveIfAbsent}): a file that appeared meanwhile is never replaced.
     *
     * @throws ZooException if {@code target} exists (the new file is discarded)
     */
    public static void createAtomically(Path target, IoConsumer<Path> writer) {
        write(target, writer, false);
    }

    /**
     * A command's output ({@code --out}, {@code --output}): written as {@link #writeAtomically} with {@code force}, else as
     * {@link #createAtomically}, so that of two commands writing one new file without {@code --force} exactly one succeeds.
     * {@code writer} may itself write its path atomically; failures name {@code out}, never a temporary name.
     */
    public static void writeOutput(Path out, boolean force, IoConsumer<Path> writer) {
        write(out, writer, force);
    }

    private static void write(Path target, IoConsumer<Path> writer, boolean replace) {
        Path abs = target.toAbsolutePath();
        Path tmp = null;
        try {
            Files.createDirectories(abs.getParent());
            deleteStaleTempsOf(abs);
            tmp = newTempFile(abs.getParent(), tempPrefix(abs) + ProcessHandle.current().pid() + "-", ".tmp");
            InFlight.add(tmp);
            writer.accept(tmp);
            if (replace) {
                moveAtomically(tmp, abs);
            } else {
                try {
                    moveIfAbsent(tmp, abs);
                } catch (FileAlreadyExistsException e) {
                    throw new ZooException(target + " appeared while it was being written (another command wrote it); it was left as it is "
                            + "(pass --force to replace it)", e);
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new WriteFailedException(target, e);
        } catch (WriteFailedException e) {
            throw e.file().equals(tmp) ? new WriteFailedException(target, e.getCause()) : e; // the name the user gave, not the temporary one
        } finally {
            if (tmp != null) {
                InFlight.remove(tmp);
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the error above is the one to report
                }
            }
        }
    }

    /**
     * The temporary files of writes in progress, removed if the JVM exits in the middle of one (a signal ended the command:
     * {@code System.exit} runs shutdown hooks, not {@code finally} blocks). A SIGKILL leaves them; see {@link #isStaleTemp}.
     */
    private static final class InFlight {
        private static final java.util.Set<Path> FILES = java.util.concurrent.ConcurrentHashMap.newKeySet();

        static {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                for (Path p : FILES) {
                    try {
                        Files.deleteIfExists(p);
                    } catch (IOException ignored) {
                        // the next write of that file removes it
                    }
                }
            }, "zoo-temporaries"));
        }

        static void add(Path p) {
            FILES.add(p);
        }

        static void remove(Path p) {
            FILES.remove(p);
        }
    }

    /**
     * What went wrong with a file operation, in a few lower-case words ("no space left on device", "read-only file
     * system", "file name too long", "permission denied"), from the innermost I/O error of {@code e}'s causes.
     */
    public static String reason(Throwable e) {
        String reason = null;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String r = null;
            if (t instanceof FileSystemException f) {
                r = f.getReason() != null ? f.getReason() : t instanceof java.nio.file.NoSuchFileException ? "no such file or directory"
                        : t instanceof java.nio.file.AccessDeniedException ? "permission denied" : t instanceof FileAlreadyExistsException
                        ? "file exists" : null;
            } else if (t instanceof IOException && t.getMessage() != null && !t.getMessage().isBlank()) {
                r = t.getMessage();
            }
            if (r != null) {
                reason = r; // the innermost wins: "I/O error writing PNG file!" hides "No space left on device"
            }
        }
        if (reason == null) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        reason = reason.strip();
        return reason.isEmpty() ? reason : Character.toLowerCase(reason.charAt(0)) + reason.substring(1);
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

    public static void writeStringAtomically(Path target, String text) {
        writeAtomically(target, tmp -> Files.writeString(tmp, text));
    }

    @FunctionalInterface
    public interface IoConsumer<T> {
        void accept(T t) throws IOException;
    }
}
