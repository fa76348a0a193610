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
}
