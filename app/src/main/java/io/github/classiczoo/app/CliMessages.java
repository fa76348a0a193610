package io.github.classiczoo.app;

import io.github.classiczoo.data.TooManyDamagedImagesException;
import io.github.classiczoo.data.store.DatasetUnavailableException;
import io.github.classiczoo.train.CheckpointUnreadableException;
import io.github.classiczoo.train.RunDirectoryNotEmptyException;
import java.util.stream.Collectors;

/**
 * The libraries' errors as the zoo command says them. A library says what is wrong and what to do in its own terms
 * ("resume from previous", "choose another directory"); where that is a choice the user makes with an option, the
 * command names the option ({@code --resume DIR --resume-from previous}, {@code --out}). Errors not listed here are
 * printed as the library wrote them.
 */
final class CliMessages {

    private CliMessages() {
    }

    /** The command's message for {@code t}: its own, with the options that act on it where the library's type says which. */
    static String of(Throwable t) {
        if (t instanceof CheckpointUnreadableException c) {
            String dir = c.runDirectory().toString();
            return c.problem() + ". " + (c.intact().isEmpty() ? "No other checkpoint of this run is intact: start it again with --out"
                    : c.intact().stream().map(i -> i.checkpoint().fileName() + " (after epoch " + i.epoch() + "): continue from it with --resume "
                            + dir + " --resume-from " + i.checkpoint()).collect(Collectors.joining("; or "))
                            + " (epochs after it are trained again; nothing is deleted)");
        }
        if (t instanceof RunDirectoryNotEmptyException r) {
            return "run directory " + r.directory() + " already has files; choose another --out (nothing there was changed)"
                    + (r.holdsRun() ? ", or continue it with --resume " + r.directory() : "");
        }
        if (t instanceof DatasetUnavailableException d) {
            return t.getMessage() + " With zoo: `zoo data fetch " + d.dataset().name() + "` online, or --files DIR.";
        }
        if (t instanceof TooManyDamagedImagesException) {
            return t.getMessage() + " (--max-damaged FRACTION allows more)";
        }
        return t.getMessage();
    }
}
