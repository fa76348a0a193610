package io.github.classiczoo.app;

import io.github.classiczoo.core.model.ModelRegistry;
import io.github.classiczoo.train.recipes.Recipes;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The {@code zoo} command: every model of classic-zoo behind one launcher. */
@Command(name = "zoo",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        versionProvider = Zoo.Version.class,
        description = {
            "Landmark convolutional networks (LeNet-5, AlexNet, GoogLeNet, ResNet) and",
            "the MLP baselines on Deeplearning4j, built as their papers describe them.",
            "",
            "Run `zoo COMMAND --help` for the options of a command."},
        subcommands = {ListCommand.class, SummaryCommand.class, DataCommand.class, TrainCommand.class, EvalCommand.class, ReproduceCommand.class,
            BenchCommand.class, SearchCommand.class, AblateCommand.class, UiCommand.class, ImportCommand.class, PredictCommand.class, FeaturesCommand.class, ExportCommand.class,
            VerifyCommand.class,
            CommandLine.HelpCommand.class})
public final class Zoo {

    /** Shared by the subcommands: the models on the class path. */
    static ModelRegistry registry() {
        return ModelRegistry.load();
    }

    static Recipes recipes() {
        return Recipes.load(registry());
    }

    public static void main(String[] args) {
        String omp = Threads.ompProblem(System.getenv("OMP_NUM_THREADS")); // ND4J would fail parsing it as it loads, with 39 lines
        if (omp != null) {
            System.err.println("zoo: " + omp);
            System.exit(1);
        }
        useBuildNatives();
        io.github.classiczoo.core.model.FastPath.prepareJvm(); // JavaCPP's memory probe off, oneDNN natives if present
        Signals.install();
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code: 0 success, 1 failure, 2 bad usage. */
    public static int run(String... args) {
        if (java.util.Arrays.stream(args).noneMatch(a -> a.equals("--spark") || a.startsWith("--spark="))) {
            restrictDeserialization();
        }
        CommandLine cl = commandLine();
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            PrintWriter err = cmd.getErr();
            if (ex instanceof io.github.classiczoo.core.util.Stop.Stopped s) {
                err.println(Signals.message(cmd.getCommandSpec().qualifiedName(), s));
                err.flush();
                return Signals.exitCode(s.why());
            }
            err.println(cmd.getCommandSpec().qualifiedName() + ": " + message(ex));
            if (System.getenv("ZOO_DEBUG") != null) {
                ex.printStackTrace(err);
            } else if (!(ex instanceof IllegalArgumentException || ex instanceof io.github.classiczoo.core.util.ZooException
                    || ex instanceof io.github.classiczoo.train.TrainingDivergedException)) {
                err.println("(set ZOO_DEBUG=1 for the stack trace)");
            }
            err.flush();
            return 1;
        });
        try {
            return cl.execute(args);
        } catch (OutOfMemoryError e) {
            System.err.println("zoo: out of memory (" + e.getMessage() + "); raise the heap with ZOO_JAVA_OPTS=-Xmx16g, or use a smaller --batch");
            return 1;
        }
    }

    /**
     * The command line, with the zoo's closed sets (a split, a checkpoint, a search strategy, a bench mode) read by their
     * own {@code parse}: the options take exactly the words the files hold, and a wrong one is refused (exit code 2) with
     * the accepted words. Their help lists them ({@code ${COMPLETION-CANDIDATES}}: the constants' {@code toString()}).
     */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Zoo());
        cl.registerConverter(io.github.classiczoo.data.Split.class, word(io.github.classiczoo.data.Split::parse));
        cl.registerConverter(io.github.classiczoo.train.CheckpointFile.class, word(io.github.classiczoo.train.CheckpointFile::parse));
        cl.registerConverter(io.github.classiczoo.app.search.Strategy.class, word(io.github.classiczoo.app.search.Strategy::parse));
        cl.registerConverter(io.github.classiczoo.app.search.Scheduler.Kind.class, word(io.github.classiczoo.app.search.Scheduler.Kind::parse));
        cl.registerConverter(BenchCommand.Mode.class, word(BenchCommand.Mode::parse));
        cl.registerConverter(Engine.class, word(Engine::parse));
        cl.registerConverter(io.github.classiczoo.data.pipeline.Augment.Kind.class, word(io.github.classiczoo.data.pipeline.Augment.Kind::parse));
        return cl;
    }

    /** A converter that reads a word with {@code parse} and reports its refusal as picocli's "Invalid value for option ...". */
    private static <T> CommandLine.ITypeConverter<T> word(java.util.function.Function<String, T> parse) {
        return s -> {
            try {
                return parse.apply(s);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        };
    }

    /**
     * The process-wide deserialization filter, unless {@code -Djdk.serialFilter} set one: nothing the zoo reads is Java-serialized
     * (model files hold JSON and ND4J arrays, {@code ModelZip}), so no class may be instantiated from a stream — in
     * particular not through DL4J's own {@code ModelSerializer}, which reads a file's {@code preprocessor.bin} with
     * {@code ObjectInputStream}. A string is allowed, for model files written before 0.3. Not set for a command run with
     * {@code --spark}: Spark ships its tasks and data by Java serialization (model files are still read without it).
     */
    static void restrictDeserialization() {
        if (java.io.ObjectInputFilter.Config.getSerialFilter() == null) {
            java.io.ObjectInputFilter.Config.setSerialFilter(java.io.ObjectInputFilter.Config.createFilter(SERIAL_FILTER));
        }
    }

    /**
     * As {@code jdk.serialFilter} takes it: small and flat, at most a string — or one of the two keys of DL4J's UI
     * statistics file ({@code MapDBStatsStorage} writes its session/type/worker keys, three strings, by Java
     * serialization), so that {@code --ui} can record and {@code zoo ui} read one and nothing else.
     */
    static final String SERIAL_FILTER = "maxdepth=2;maxrefs=8;maxarray=0;maxbytes=67108864;java.lang.String;"
            + "org.deeplearning4j.ui.model.storage.BaseCollectionStatsStorage$SessionTypeId;"
            + "org.deeplearning4j.ui.model.storage.BaseCollectionStatsStorage$SessionTypeWorkerId;!*";

    /**
     * Tells JavaCPP which natives this build packs (the oneDNN build of libnd4j by default: its
     * {@code linux-x86_64-onednn} jar loads only under that platform extension), unless the user set it.
     */
    static void useBuildNatives() {
        String key = "org.bytedeco.javacpp.platform.extension";
        if (System.getProperty(key) != null) {
            return;
        }
        try (java.io.InputStream in = Zoo.class.getResourceAsStream("backend.properties")) {
            if (in != null) {
                java.util.Properties p = new java.util.Properties();
                p.load(in);
                String ext = p.getProperty("javacpp.platform.extension", "").trim();
                if (!ext.isEmpty() && !ext.startsWith("$")) {
                    System.setProperty(key, ext);
                }
            }
        } catch (java.io.IOException e) {
            // keep JavaCPP's default natives
        }
    }

    /**
     * The error's message as one line: its first (a library's message may carry a stack of its own: ZOO_DEBUG shows all),
     * with the command's options where the library's type says which act on it ({@link CliMessages}).
     */
    private static String message(Throwable t) {
        String m = CliMessages.of(t);
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m.strip().lines().findFirst().orElse(m);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Zoo.class.getPackage().getImplementationVersion();
            return new String[] {"classic-zoo " + (v == null ? "(development build)" : v) + " on Deeplearning4j 1.0.0-M2.1, Java "
                    + System.getProperty("java.version")};
        }
    }
}
