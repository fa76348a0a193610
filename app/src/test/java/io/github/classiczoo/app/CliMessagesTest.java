package io.github.classiczoo.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.classiczoo.data.TooManyDamagedImagesException;
import io.github.classiczoo.data.store.DatasetUnavailableException;
import io.github.classiczoo.data.store.Datasets;
import io.github.classiczoo.train.CheckpointFile;
import io.github.classiczoo.train.CheckpointUnreadableException;
import io.github.classiczoo.train.CheckpointUnreadableException.Intact;
import io.github.classiczoo.train.RunDirectoryNotEmptyException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The libraries say what to do in their own terms; the command says it with its options. */
class CliMessagesTest {

    static final Path RUN = Path.of("/runs/r1");

    @Test
    void aDamagedCheckpointOffersTheIntactOnesAsOptions() {
        CheckpointUnreadableException e = new CheckpointUnreadableException(RUN, "/runs/r1/checkpoint-last.zip is truncated",
                List.of(new Intact(CheckpointFile.PREVIOUS, 1), new Intact(CheckpointFile.BEST, 2)), null);
        assertFalse(e.getMessage().contains("--"), "the library's own message names no option: " + e.getMessage());
        assertTrue(e.getMessage().contains("checkpoint-previous.zip (after epoch 1) is intact: resume from previous"), e.getMessage());
        assertEquals("/runs/r1/checkpoint-last.zip is truncated. checkpoint-previous.zip (after epoch 1): continue from it with --resume /runs/r1 "
                + "--resume-from previous; or checkpoint-best.zip (after epoch 2): continue from it with --resume /runs/r1 --resume-from best "
                + "(epochs after it are trained again; nothing is deleted)", CliMessages.of(e));
        assertTrue(CliMessages.of(new CheckpointUnreadableException(RUN, "x", List.of(), null)).endsWith("start it again with --out"));
    }

    @Test
    void aDirectoryWithFilesNamesOutAndResumeOnlyForARun() {
        RunDirectoryNotEmptyException run = new RunDirectoryNotEmptyException(RUN, true);
        assertFalse(run.getMessage().contains("--"), run.getMessage());
        assertEquals("run directory /runs/r1 already has files; choose another --out (nothing there was changed), or continue it with --resume /runs/r1",
                CliMessages.of(run));
        assertFalse(CliMessages.of(new RunDirectoryNotEmptyException(RUN, false)).contains("--resume"));
    }

    @Test
    void dataProblemsNameTheCommandsThatSolveThem() {
        String fetch = CliMessages.of(new DatasetUnavailableException(Datasets.MNIST, "mnist not found: ... Fetch again online."));
        assertTrue(fetch.endsWith("With zoo: `zoo data fetch mnist` online, or --files DIR."), fetch);
        assertTrue(CliMessages.of(new TooManyDamagedImagesException("d: 2 of 9 images are damaged")).endsWith("(--max-damaged FRACTION allows more)"));
        assertEquals("anything else", CliMessages.of(new IllegalArgumentException("anything else")));
    }
}
