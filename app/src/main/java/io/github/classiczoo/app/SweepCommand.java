package io.github.classiczoo.app;

import io.github.classiczoo.app.search.Sweep;
import java.nio.file.Path;

/** A command whose trials a Spark executor can run (search, ablate): it rebuilds the driver's sweep from the same command line. */
interface SweepCommand {

    /** The sweep as the driver planned it, paths resolved against the driver's directory {@code cwd}, its data loaded here. */
    Sweep executorSweep(Path cwd);
}
