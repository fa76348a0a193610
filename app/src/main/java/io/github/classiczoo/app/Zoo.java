package io.github.classiczoo.app;

import io.github.classiczoo.common.model.ModelRegistry;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

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
            BenchCommand.class, ImportCommand.class, PredictCommand.class, ExportCommand.class,
            CommandLine.HelpCommand.class})
public final class Zoo {

    /** Shared by the subcommands: the models on the class path. */
    static ModelRegistry registry() {
        return ModelRegistry.load();
    }

    public static void main(String[] args) {
        FilteredStdout.install();
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code: 0 success, 1 failure, 2 bad usage. */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Zoo());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            PrintWriter err = cmd.getErr();
            err.println("zoo " + cmd.getCommandName() + ": " + message(ex));
            if (System.getenv("ZOO_DEBUG") != null) {
                ex.printStackTrace(err);
            } else if (!(ex instanceof IllegalArgumentException || ex instanceof io.github.classiczoo.common.data.ZooDataException
                    || ex instanceof io.github.classiczoo.common.train.TrainingDivergedException)) {
                err.println("(set ZOO_DEBUG=1 for the stack trace)");
            }
            err.flush();
            return 1;
        });
        return cl.execute(args);
    }

    private static String message(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
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
