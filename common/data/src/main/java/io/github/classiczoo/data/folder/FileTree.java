package io.github.classiczoo.data.folder;

import io.github.classiczoo.core.image.ImageFile;
import io.github.classiczoo.data.ZooDataException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where a folder dataset's files live: this machine's filesystem (a path), or another filesystem named by a URI
 * ({@code hdfs://}, {@code s3a://} ...) served by a provider on the class path — zoo-spark's, through Hadoop's
 * FileSystem API. Only the driver reads a folder; Spark's executors receive the files' bytes.
 */
public interface FileTree {

    /**
     * A location with a scheme ({@code hdfs://nn/imagenet}, or {@code file:/data} as Hadoop writes its paths), as opposed
     * to a plain path; a scheme has two letters at least, so that {@code C:/data} stays a path.
     */
    Pattern URI = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]+:/.*");

    /** Whether this tree reads {@code location}. */
    boolean handles(String location);

    boolean isDirectory(String location);

    /** The sub-directories of {@code dir}, or its regular files, as locations sorted by name. */
    List<String> list(String dir, boolean directories);

    /** The sub-directories of {@code dir}, as locations, sorted by name. */
    default List<String> directories(String dir) {
        return list(dir, true);
    }

    /** The regular files of {@code dir}, as locations, sorted by name. */
    default List<String> files(String dir) {
        return list(dir, false);
    }

    String child(String dir, String name);

    /** The last component of a location. */
    String fileName(String location);

    /** The image's header and end checked ({@link ImageFile#inspect(Path)}), without reading all of it. */
    ImageFile.Header inspect(String file);

    /** The file's bytes, after {@link #inspect} accepts it (so no more than an image within the pixel limit needs). */
    byte[] read(String file);

    /** The tree that reads {@code location}: this machine's for a path, a provider's for a URI. */
    static FileTree of(String location) {
        if (!URI.matcher(location).matches()) {
            return LOCAL;
        }
        for (FileTree t : ServiceLoader.load(FileTree.class, FileTree.class.getClassLoader())) {
            if (t.handles(location)) {
                return t;
            }
        }
        String scheme = location.substring(0, location.indexOf(':'));
        throw new ZooDataException("no filesystem reads " + scheme + ":// locations here (" + location + "): folder datasets at hdfs://, s3a:// "
                + "and other Hadoop filesystems need zoo-spark on the class path (the zoo launcher and the job jar have it), and the "
                + "filesystem's own Hadoop connector (e.g. hadoop-aws for s3a)");
    }

    /** This machine's filesystem. */
    FileTree LOCAL = new FileTree() {
        @Override
        public boolean handles(String location) {
            return !URI.matcher(location).matches();
        }

        @Override
        public boolean isDirectory(String location) {
            return Files.isDirectory(Path.of(location));
        }

        @Override
        public List<String> list(String dir, boolean directories) {
            try (Stream<Path> s = Files.list(Path.of(dir))) {
                return s.filter(p -> directories ? Files.isDirectory(p) : Files.isRegularFile(p)).sorted().map(Path::toString).toList();
            } catch (IOException e) {
                throw new ZooDataException("cannot list " + dir + ": " + e.getMessage(), e);
            }
        }

        @Override
        public String child(String dir, String name) {
            return Path.of(dir).resolve(name).toString();
        }

        @Override
        public String fileName(String location) {
            return Path.of(location).getFileName().toString();
        }

        @Override
        public ImageFile.Header inspect(String file) {
            return ImageFile.inspect(Path.of(file));
        }

        @Override
        public byte[] read(String file) {
            return ImageFile.read(Path.of(file));
        }
    };
}
