package io.github.classiczoo.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.datavec.image.loader.NativeImageLoader;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An ImageNet-style folder: one sub-folder per class (classes sorted by name, as torchvision's
 * ImageFolder does), JPEG or PNG files inside, decoded with DataVec's {@link NativeImageLoader} (OpenCV) into
 * RGB. Images are decoded when asked for, so folders larger than memory work.
 */
public final class FolderSource implements ImageSource {

    private final String name;
    private final List<String> classes;
    private final List<Path> files;
    private final int[] labels;
    private NativeImageLoader loader;

    private FolderSource(String name, List<String> classes, List<Path> files, int[] labels) {
        this.name = name;
        this.classes = classes;
        this.files = files;
        this.labels = labels;
    }

    /** Scans {@code dir}: every sub-folder is a class and must hold at least one .jpg, .jpeg or .png file. */
    public static FolderSource scan(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new ZooDataException("folder dataset " + dir + " is not a directory");
        }
        List<Path> classDirs;
        try (Stream<Path> s = Files.list(dir)) {
            classDirs = s.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new ZooDataException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        if (classDirs.isEmpty()) {
            throw new ZooDataException("folder dataset " + dir + " has no class sub-folders (expected DIR/CLASS/IMAGE.jpg)");
        }
        List<String> classes = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (Path c : classDirs) {
            List<Path> images;
            try (Stream<Path> s = Files.list(c)) {
                images = s.filter(Files::isRegularFile).filter(FolderSource::isImage).sorted().toList();
            } catch (IOException e) {
                throw new ZooDataException("cannot list " + c + ": " + e.getMessage(), e);
            }
            if (images.isEmpty()) {
                throw new ZooDataException("class folder " + c + " has no JPEG or PNG images");
            }
            for (Path f : images) {
                files.add(f);
                labels.add(classes.size());
            }
            classes.add(c.getFileName().toString());
        }
        return new FolderSource(dir.toString(), List.copyOf(classes), List.copyOf(files), labels.stream().mapToInt(Integer::intValue).toArray());
    }

    static boolean isImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
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

    public Path file(int i) {
        return files.get(i);
    }

    @Override
    public Image image(int i) {
        if (loader == null) {
            loader = new NativeImageLoader(-1, -1, 3); // keep the file's size; always three channels
        }
        return decode(loader, files.get(i));
    }

    /** Decodes one JPEG or PNG file to an RGB image of its own size. */
    public static Image decode(Path f) {
        if (!Files.isRegularFile(f)) {
            throw new ZooDataException("image file " + f + " does not exist");
        }
        return decode(new NativeImageLoader(-1, -1, 3), f);
    }

    private static Image decode(NativeImageLoader loader, Path f) {
        try {
            INDArray m = loader.asMatrix(f.toFile(), true); // true: NCHW, [1, 3, H, W] in OpenCV's BGR order
            long[] s = m.shape();
            if (s.length != 4 || s[1] != 3) {
                throw new ZooDataException(f + " decoded to shape " + java.util.Arrays.toString(s) + ", expected [1, 3, H, W]");
            }
            float[] bgr = m.reshape(s[1] * s[2] * s[3]).toFloatVector();
            int plane = (int) (s[2] * s[3]);
            float[] rgb = new float[bgr.length];
            System.arraycopy(bgr, 2 * plane, rgb, 0, plane);
            System.arraycopy(bgr, plane, rgb, plane, plane);
            System.arraycopy(bgr, 0, rgb, 2 * plane, plane);
            return new Image(3, (int) s[2], (int) s[3], rgb);
        } catch (IOException | RuntimeException e) {
            if (e instanceof ZooDataException z) {
                throw z;
            }
            throw new ZooDataException("cannot decode image " + f + ": " + e.getMessage(), e);
        } catch (LinkageError e) {
            if (String.valueOf(e.getMessage()).contains("opencv")) {
                throw new ZooDataException("cannot decode " + f + ": OpenCV's natives are missing; add "
                        + "org.bytedeco:opencv:4.5.5-1.5.7 with classifier linux-x86_64 (the zoo launcher has it)", e);
            }
            // OpenCV could not read the file and DataVec fell back to Leptonica, which this build leaves out
            throw new ZooDataException("cannot decode image " + f + ": not a readable JPEG or PNG file", e);
        }
    }
}
