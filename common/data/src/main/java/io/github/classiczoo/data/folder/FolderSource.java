package io.github.classiczoo.data.folder;

import io.github.classiczoo.core.image.Image;
import io.github.classiczoo.core.image.ImageFile;
import io.github.classiczoo.core.util.ZooException;
import io.github.classiczoo.data.ImageSource;
import io.github.classiczoo.data.StoredImage;
import io.github.classiczoo.data.TooManyDamagedImagesException;
import io.github.classiczoo.data.ZooDataException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * An ImageNet-style folder: one sub-folder per class (classes sorted by name, as torchvision's
 * ImageFolder does), JPEG or PNG files inside, decoded by {@link ImageFile} into 8-bit RGB. Images are decoded when
 * asked for, so folders larger than memory work; but every file's header and end are checked when the folder is
 * scanned, so a damaged or oversized image is found before any training is spent: such files are left out and
 * reported, and a folder with more of them than {@link #maxDamaged()} allows is refused.
 */
public final class FolderSource implements ImageSource {

    /** Environment variable and system property: the fraction of a folder's images that may be damaged (default 0.001). */
    public static final String MAX_DAMAGED_ENV = "CLASSIC_ZOO_MAX_DAMAGED", MAX_DAMAGED_PROPERTY = "classiczoo.maxDamaged";

    private final String name;
    private final List<String> classes;
    private final FileTree tree;
    private final List<String> files;
    private final int[] labels;
    private final List<String> damaged;

    private FolderSource(String name, FileTree tree, List<String> classes, List<String> files, int[] labels, List<String> damaged) {
        this.name = name;
        this.tree = tree;
        this.classes = classes;
        this.files = files;
        this.labels = labels;
        this.damaged = damaged;
    }

    /** The largest fraction of damaged images a folder may have (they are left out); above it the folder is refused. */
    public static double maxDamaged() {
        String v = System.getProperty(MAX_DAMAGED_PROPERTY, System.getenv(MAX_DAMAGED_ENV));
        if (v == null || v.isBlank()) {
            return 0.001;
        }
        try {
            double d = Double.parseDouble(v.strip());
            if (d >= 0 && d <= 1) {
                return d;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new ZooDataException(MAX_DAMAGED_ENV + " must be a fraction from 0 to 1; got " + v);
    }

    /** As {@link #scan(Path, double, Consumer)} with the default {@link #maxDamaged()}, reporting nowhere. */
    public static FolderSource scan(Path dir) {
        return scan(dir, maxDamaged(), m -> { });
    }

    /**
     * Scans {@code dir}: every sub-folder is a class and must hold at least one .jpg, .jpeg or .png file. Every file is
     * inspected ({@link ImageFile#inspect}); damaged ones are left out and told to {@code log} (how many, the first few);
     * more than the fraction {@code maxDamaged} of them is an error that lists them.
     */
    public static FolderSource scan(Path dir, double maxDamaged, Consumer<String> log) {
        return scan(dir.toString(), maxDamaged, log);
    }

    /** {@link #scan(Path, double, Consumer)} of a location: a path, or a URI that a {@link FileTree} provider reads (hdfs://, s3a:// ...). */
    public static FolderSource scan(String dir, double maxDamaged, Consumer<String> log) {
        FileTree tree = FileTree.of(dir);
        if (!tree.isDirectory(dir)) {
            throw new ZooDataException("folder dataset " + dir + " is not a directory");
        }
        List<String> classDirs = tree.directories(dir);
        if (classDirs.isEmpty()) {
            throw new ZooDataException("folder dataset " + dir + " has no class sub-folders (expected DIR/CLASS/IMAGE.jpg)");
        }
        List<String> classes = new ArrayList<>();
        List<String> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<String> damaged = new ArrayList<>();
        int total = 0;
        for (String c : classDirs) {
            List<String> images = tree.files(c).stream().filter(f -> isImage(tree.fileName(f))).toList();
            if (images.isEmpty()) {
                throw new ZooDataException("class folder " + c + " has no JPEG or PNG images");
            }
            for (String f : images) {
                total++;
                try {
                    tree.inspect(f);
                    files.add(f);
                    labels.add(classes.size());
                } catch (ZooException e) { // a damaged image (ImageFile's refusal), or a data problem
                    damaged.add(e.getMessage());
                }
            }
            classes.add(tree.fileName(c));
        }
        if (!damaged.isEmpty()) {
            double max = maxDamaged;
            String list = String.join("; ", damaged.subList(0, Math.min(5, damaged.size()))) + (damaged.size() > 5 ? "; ..." : "");
            if (damaged.size() > max * total) {
                throw new TooManyDamagedImagesException(String.format(Locale.ROOT, "%s: %,d of %,d images are damaged or unusable, more than the %.2f%% "
                        + "allowed (the store's maximum damaged fraction, or %s): %s", dir, damaged.size(), total, 100 * max, MAX_DAMAGED_ENV, list));
            }
            log.accept(String.format(Locale.ROOT, "%s: %,d of %,d images are damaged or unusable and left out: %s", dir, damaged.size(), total, list));
        }
        if (files.isEmpty()) {
            throw new ZooDataException(dir + " has no usable images");
        }
        return new FolderSource(dir, tree, List.copyOf(classes), List.copyOf(files), labels.stream().mapToInt(Integer::intValue).toArray(),
                List.copyOf(damaged));
    }

    /** The images {@link #scan} left out, each as "file ...: what is wrong". */
    public List<String> damaged() {
        return damaged;
    }

    static boolean isImage(String fileName) {
        String n = fileName.toLowerCase(Locale.ROOT);
        return n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".png");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int size() {
        return files.size();
    }

    @Override
    public List<String> classNames() {
        return classes;
    }

    @Override
    public int label(int i) {
        return labels[i];
    }

    @Override
    public int channels() {
        return 3;
    }

    /** Image {@code i}'s location. */
    public String file(int i) {
        return files.get(i);
    }

    @Override
    public Image image(int i) {
        return ImageFile.decode(files.get(i), tree.read(files.get(i)));
    }

    @Override
    public StoredImage stored(int i) {
        return StoredImage.file(files.get(i), tree.read(files.get(i)));
    }

    /** Decodes one JPEG or PNG file to an RGB image of its own size ({@link ImageFile#decode}). */
    public static Image decode(Path f) {
        return ImageFile.decode(f);
    }
}
