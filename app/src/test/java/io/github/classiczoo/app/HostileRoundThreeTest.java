package io.github.classiczoo.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.classiczoo.core.util.Json;
import io.github.classiczoo.data.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 27, the unclear cases: each refusal is one line naming the culprit, within a bounded time, leaving nothing behind;
 * and what is accepted is recorded as it was used.
 */
class HostileRoundThreeTest {

    @TempDir
    Path tmp;

    @BeforeAll
    static void mnist() {
        TestData.store();
    }

    @Test
    void aBadSparkMasterIsOneLineWithinSecondsAndLeavesNoRunDirectory() throws Exception {
        Path run = tmp.resolve("run");
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort(); // nothing listens there once it is closed
        }
        List<String[]> cases = List.of(
                new String[] {"local[0]", "local[N] needs N from 1"},
                new String[] {"local[-1]", "not a local master"},
                new String[] {"local[abc]", "not a local master"},
                new String[] {"local[2,0]", "needs F, the attempts per task, from 1"},
                new String[] {"yarn", "this JVM has no spark-yarn"},
                new String[] {"mesos://127.0.0.1:5050", "this JVM has no spark-mesos"},
                new String[] {"nonsense://x", "not a master URL Spark knows"},
                new String[] {"spark://127.0.0.1", "is not HOST:PORT"},
                new String[] {"spark://127.0.0.1:" + closed, "cannot reach the master at 127.0.0.1:" + closed});
        for (String[] c : cases) {
            long t0 = System.nanoTime();
            String line = Hostile.refused(tmp, c[1], "train", "mlp-300", "--dataset", "mnist", "--subset", "300", "--epochs", "1", "--spark", c[0],
                    "--out", run.toString());
            assertTrue(line.contains("--spark " + c[0]), line);
            assertTrue((System.nanoTime() - t0) / 1e9 < 30, c[0] + " took too long");
            assertFalse(Files.exists(run), "a run directory was left by --spark " + c[0]);
        }
        Hostile.refused(tmp, "--spark local[0]: local[N] needs N", "search", "mlp-300", "--dataset", "mnist", "--subset", "300", "--epochs", "1",
                "--spark", "local[0]", "--out", tmp.resolve("s").toString());
        assertFalse(Files.exists(tmp.resolve("s")));
    }

    @Test
    void devicesAndDirectoriesAreNamedForWhatTheyAre() throws Exception {
        Path model = tmp.resolve("m.zip");
        CommandTest.Result r = CommandTest.run("train", "mlp-300", "--dataset", "mnist", "--subset", "300", "--epochs", "1", "--out",
                tmp.resolve("r").toString());
        assertEquals(0, r.code(), r.err());
        Files.copy(tmp.resolve("r/checkpoint-last.zip"), model);
        Hostile.refused(tmp, "model file /dev/zero is not a regular file (a device, a FIFO or a socket)", "eval", "/dev/zero");
        Hostile.refused(tmp, "input file /dev/zero is not a regular file", "predict", "--model", model.toString(), "--input", "/dev/zero", "--output",
                tmp.resolve("y.npy").toString());
        Hostile.refused(tmp, "image file /dev/zero is not a regular file", "predict", "--model", model.toString(), "--image", "/dev/zero");
        Hostile.refused(tmp, "image file " + tmp + " is a directory", "predict", "--model", model.toString(), "--image", tmp.toString());
        Hostile.refused(tmp, "weight file /dev/zero is not a regular file", "import", "resnet18-torchvision", "--from", "/dev/zero", "--out",
                tmp.resolve("x.zip").toString());
    }

    @Test
    void anOutputUnderAFileIsRefusedBeforeAnyWork() throws Exception {
        Path afile = Files.writeString(tmp.resolve("afile"), "a user's file");
        Path npz = Files.writeString(tmp.resolve("w.npz"), "not read: the output is checked first");
        for (String[] args : List.of(
                new String[] {"import", "resnet18-torchvision", "--from", npz.toString(), "--out", afile.resolve("x.zip").toString()},
                new String[] {"predict", "--model", "lenet5@mnist", "--input", npz.toString(), "--output", afile.resolve("y.npy").toString()})) {
            String line = Hostile.refused(tmp, afile + " is a file, not a directory", args);
            assertTrue(line.contains("(nothing was written)"), line);
        }
    }

    @Test
    void directoriesTheZooDidNotWriteAreNamedAndNeverUsedSilently() throws Exception {
        String[] train = {"train", "mlp-300", "--dataset", "mnist", "--subset", "300", "--epochs", "1"};
        // a user's directory: no hint to --resume what is not a run
        Path home = Files.createDirectories(tmp.resolve("home"));
        Files.writeString(home.resolve(".bashrc"), "a user's");
        String line = Hostile.refused(tmp, "already has files", concat(train, "--out", home.toString()));
        assertFalse(line.contains("--resume"), line);
        Hostile.refused(tmp, "--out needs a directory; got an empty path", concat(train, "--out", ""));
        // a manifest that is not the zoo's, or not a file
        Path other = Files.createDirectories(tmp.resolve("other"));
        Files.writeString(other.resolve("manifest.json"), "{}");
        Hostile.refused(tmp, "has no model or recipe: not a manifest the zoo wrote", concat(train, "--resume", other.toString()));
        Path fifo = Files.createDirectories(tmp.resolve("fifo"));
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.resolve("manifest.json").toString()).start().waitFor());
        Hostile.refused(tmp, "its manifest.json is not a regular file", concat(train, "--resume", fifo.toString()));
        // a best checkpoint that is not a file is named, never replaced by the last one silently
        Path run = tmp.resolve("run");
        assertEquals(0, CommandTest.run(concat(train, "--out", run.toString())).code());
        Files.delete(run.resolve("checkpoint-best.zip"));
        Files.createSymbolicLink(run.resolve("checkpoint-best.zip"), Path.of("/dev/zero"));
        Hostile.refused(tmp, "checkpoint-best.zip is not a regular file", "eval", run.toString());
    }

    private static String[] concat(String[] a, String... b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    @Test
    void aManifestNestedTooDeepIsNamedWithItsFile() throws Exception {
        Path run = Files.createDirectories(tmp.resolve("run"));
        Files.writeString(run.resolve("manifest.json"), "[".repeat(100_000));
        Hostile.refused(tmp, run.resolve("manifest.json") + ": invalid JSON: JSON nested deeper than", "train", "mlp-300", "--dataset", "mnist",
                "--subset", "300", "--epochs", "1", "--resume", run.toString());
    }

    @Test
    void weightsNamesIgnoreCaseOnTheCommandLine() {
        CommandTest.Result r = CommandTest.run("summary", "lenet5@MNIST");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("lenet5@mnist"), r.out());
    }

    @Test
    void aPortOfZooUiIsNamedAsItsOwnOption() throws Exception {
        Hostile.refused(tmp, "--port 0: a port is 1-65535", "ui", tmp.toString(), "--port", "0");
    }

    @Test
    void anExplicitValidationCountIsHeldOutAsGiven() throws Exception {
        Path run = tmp.resolve("run");
        CommandTest.Result r = CommandTest.run("train", "mlp-300", "--dataset", "mnist", "--subset", "500", "--validation", "100", "--epochs", "1",
                "--out", run.toString());
        assertEquals(0, r.code(), r.err());
        var m = Json.read(Files.readString(run.resolve("manifest.json")));
        assertEquals(100, m.get("validationImages").asInt(), "--validation 100 was cut to a tenth of the subset");
        assertEquals(400, m.get("trainImages").asInt());
        assertEquals(100, m.get("recipe").get("validation").asInt());
    }

    @Test
    void theLiveViewListensOnThisMachineOnlyUnlessOpened() throws Exception {
        int port = LiveViewTest.freePort();
        try (LiveView v = LiveView.start(port)) {
            assertEquals(List.of("127.0.0.1"), listeners(port), "the live view should listen on the loopback interface only");
            assertTrue(v.address().startsWith("http://127.0.0.1:" + port + "/"), v.address());
        }
        int open = LiveViewTest.freePort();
        try (LiveView v = LiveView.start(open, "--ui", "0.0.0.0")) {
            assertEquals(List.of("0.0.0.0"), listeners(open));
        }
    }

    /**
     * The local addresses of the sockets listening on {@code port} ({@code /proc/net/tcp} and {@code tcp6}, state 0A), as
     * IPv4 dotted quads: a dual-stack socket's IPv4-mapped address as its IPv4 one, "::" (every interface) as 0.0.0.0.
     */
    private static List<String> listeners(int port) throws Exception {
        List<String> out = new java.util.ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            for (String l : Files.readAllLines(Path.of(table))) {
                String[] f = l.trim().split("\\s+");
                if (f.length > 3 && f[3].equals("0A") && f[1].endsWith(":" + String.format("%04X", port))) {
                    String hex = f[1].substring(0, f[1].indexOf(':'));
                    if (hex.length() == 32) {
                        if (hex.equals("0".repeat(32))) {
                            out.add("0.0.0.0");
                            continue;
                        }
                        hex = hex.startsWith("0000000000000000FFFF0000") ? hex.substring(24) : null;
                    }
                    if (hex == null) {
                        out.add("an IPv6 address");
                        continue;
                    }
                    long a = Long.parseLong(hex, 16); // little-endian
                    out.add((a & 0xff) + "." + (a >> 8 & 0xff) + "." + (a >> 16 & 0xff) + "." + (a >> 24 & 0xff));
                }
            }
        }
        return out;
    }
}
