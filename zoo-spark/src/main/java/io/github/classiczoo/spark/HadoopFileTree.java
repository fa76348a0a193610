package io.github.classiczoo.spark;

import io.github.classiczoo.core.image.ImageFile;
import io.github.classiczoo.core.image.ReadOnlyChannel;
import io.github.classiczoo.data.ZooDataException;
import io.github.classiczoo.data.folder.FileTree;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.deploy.SparkHadoopUtil;

/**
 * Folder datasets on any filesystem Hadoop has a connector for ({@code hdfs://}, {@code s3a://}, {@code abfs://},
 * {@code gs://}, {@code file://} ...), through Hadoop's FileSystem API with the configuration Spark gives its jobs
 * ({@code HADOOP_CONF_DIR}, {@code spark.hadoop.*} settings). Used by the driver, which scans the folder (every file's
 * header and end, by positioned reads) and reads each image for the executors.
 */
public final class HadoopFileTree implements FileTree {

    private volatile Configuration conf;

    private Configuration conf() {
        if (conf == null) {
            conf = SparkHadoopUtil.get().newConfiguration(new SparkConf());
        }
        return conf;
    }

    @Override
    public boolean handles(String location) {
        if (!FileTree.URI.matcher(location).matches()) {
            return false;
        }
        try {
            FileSystem.getFileSystemClass(java.net.URI.create(location).getScheme(), conf());
            return true;
        } catch (IOException | IllegalArgumentException e) {
            return false; // no connector for this scheme
        }
    }

    private FileSystem fs(String location) {
        try {
            return FileSystem.get(java.net.URI.create(location), conf());
        } catch (IOException | IllegalArgumentException e) {
            throw new ZooDataException("cannot reach " + location + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean isDirectory(String location) {
        try {
            return fs(location).getFileStatus(new Path(location)).isDirectory();
        } catch (FileNotFoundException e) {
            return false;
        } catch (IOException e) {
            throw new ZooDataException("cannot read " + location + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> list(String dir, boolean directories) {
        try {
            FileStatus[] all = fs(dir).listStatus(new Path(dir));
            return Arrays.stream(all).filter(s -> directories ? s.isDirectory() : s.isFile())
                    .sorted(Comparator.comparing(s -> s.getPath().getName())).map(s -> s.getPath().toString()).toList();
        } catch (IOException e) {
            throw new ZooDataException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String child(String dir, String name) {
        return new Path(new Path(dir), name).toString();
    }

    @Override
    public String fileName(String location) {
        return new Path(location).getName();
    }

    @Override
    public ImageFile.Header inspect(String file) {
        FileSystem fs = fs(file);
        try (FSDataInputStream in = fs.open(new Path(file))) {
            return ImageFile.inspect(file, new Channel(in, fs.getFileStatus(new Path(file)).getLen()));
        } catch (IOException e) {
            throw new ZooDataException("cannot read image " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] read(String file) {
        FileSystem fs = fs(file);
        try (FSDataInputStream in = fs.open(new Path(file))) {
            long size = fs.getFileStatus(new Path(file)).getLen();
            ImageFile.inspect(file, new Channel(in, size)); // refuses a file larger than an image within the pixel limit needs
            if (size > Integer.MAX_VALUE - 16) {
                throw new ZooDataException(String.format(Locale.ROOT, "%s is %,d bytes: too large for one image", file, size));
            }
            byte[] b = new byte[(int) size];
            in.readFully(0, b);
            return b;
        } catch (IOException e) {
            throw new ZooDataException("cannot read image " + file + ": " + e.getMessage(), e);
        }
    }

    /** A read-only channel over a Hadoop input stream, by positioned reads (what {@link ImageFile#inspect} needs). */
    private static final class Channel extends ReadOnlyChannel {
        private final FSDataInputStream in;

        Channel(FSDataInputStream in, long size) {
            super(size);
            this.in = in;
        }

        @Override
        protected int readAt(long position, byte[] b, int off, int len) throws IOException {
            return in.read(position, b, off, len);
        }
    }
}
