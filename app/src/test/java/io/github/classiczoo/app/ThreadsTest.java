package io.github.classiczoo.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The automatic native thread count: one for LeNet and the MLPs, every core for the rest of the zoo. */
class ThreadsTest {

    @Test
    void smallModelsGetOneThreadTheRestEveryCore() {
        for (var m : Zoo.registry().all()) {
            boolean small = m.name().startsWith("lenet") || m.name().startsWith("mlp");
            assertEquals(small ? 1 : 8, Threads.countFor(m, 8), m.name());
        }
    }

    /** Issue 27: OMP_NUM_THREADS=abc ended every command in ND4J's ExceptionInInitializerError (39 lines). */
    @Test
    void anOmpNumThreadsThatIsNotAPositiveWholeNumberIsNamed() {
        for (String ok : new String[] {null, "", "1", "2", "08", "512"}) {
            assertEquals(null, Threads.ompProblem(ok), ok);
        }
        for (String bad : new String[] {"abc", "0", "-2", " 2", "2 ", "2.5", "4,2", "99999999999"}) {
            assertEquals("OMP_NUM_THREADS=" + bad + " is not a number of threads; unset it or set a positive integer", Threads.ompProblem(bad));
        }
    }
}
