package io.github.classiczoo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.classiczoo.data.testing.TestData;
import io.github.classiczoo.resnet.ResNets;
import io.github.classiczoo.weights.Npz;
import io.github.classiczoo.weights.TorchvisionWeights;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java on the pages a user copies from: every {@code ```java} block of README.md and docs/java.md is compiled against
 * the zoo's artifacts and run, in order, in one directory (so a later block may read what an earlier one wrote) — as a
 * {@code main} method, its imports hoisted. A block whose info string is {@code java compile-only} is compiled, not run.
 * The directory starts with what the pages say the reader has: {@code digit.png} (MNIST's first test digit, a 7) and
 * {@code r18.npz} (torchvision's resnet18 state_dict, here random, as tools/export_torchvision.py writes it).
 */
class JavaSnippetsTest {

    record Snippet(String page, int line, String name, String source, boolean runs) {
    }

    static List<Snippet> snippets(String page) throws Exception {
        List<Snippet> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(Processes.repoRoot().resolve(page));
        String stem = page.replaceAll("[^A-Za-z0-9]", "_");
        for (int i = 0; i < lines.size(); i++) {
            String fence = lines.get(i).strip();
            if (!fence.startsWith("```java")) {
                continue;
            }
            boolean runs = !fence.contains("compile-only");
            int start = i + 1;
            List<String> imports = new ArrayList<>(), body = new ArrayList<>();
            for (i = start; !lines.get(i).strip().equals("```"); i++) {
                (lines.get(i).startsWith("import ") ? imports : body).add(lines.get(i));
            }
            String name = "Snippet_" + stem + "_" + start;
            String src = String.join("\n", imports) + "\n\npublic class " + name + " {\n    public static void main(String[] args) throws Exception {\n"
                    + String.join("\n", body) + "\n    }\n}\n";
            out.add(new Snippet(page, start, name, src, runs));
        }
        return out;
    }

    @Test
    void theJavaOnTheReadmeAndJavaMdCompilesAndRuns(@TempDir Path tmp) throws Exception {
        List<Snippet> all = new ArrayList<>(snippets("README.md"));
        all.addAll(snippets("docs/java.md"));
        assertTrue(all.size() >= 6, "Java blocks found: " + all.size());
        Path src = Files.createDirectories(tmp.resolve("src")), classes = Files.createDirectories(tmp.resolve("classes"));
        List<String> files = new ArrayList<>();
        for (Snippet s : all) {
            Path f = src.resolve(s.name() + ".java");
            Files.writeString(f, s.source());
            files.add(f.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        List<String> args = new ArrayList<>(List.of("-proc:none", "-classpath", System.getProperty("java.class.path"), "-d", classes.toString()));
        args.addAll(files);
        boolean ok = javac.getTask(diagnostics, null, null, args.subList(0, 5), null,
                javac.getStandardFileManager(null, null, null).getJavaFileObjectsFromStrings(files)).call();
        assertTrue(ok, "a Java block of the docs does not compile (Snippet_PAGE_LINE: LINE is the block's first line):\n" + diagnostics);

        Path work = Files.createDirectories(tmp.resolve("work"));
        TestData.mnistDigitPng(work.resolve("digit.png"));
        Npz.writeNpz(work.resolve("r18.npz"), TorchvisionWeights.export(ResNets.resnet18Torchvision().build()));

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (Snippet s : all) {
            if (!s.runs()) {
                continue;
            }
            Processes.Result r = Processes.run(work, 600, List.of(java, "-Xmx4g",
                    "-Dorg.bytedeco.javacpp.platform.extension=" + System.getProperty("org.bytedeco.javacpp.platform.extension", ""),
                    "-cp", classes + ":" + System.getProperty("java.class.path"), s.name()));
            assertEquals(0, r.code(), s.page() + "'s Java block at line " + s.line() + " failed:\n" + r.out());
            System.out.println(s.page() + ":" + s.line() + " ran: " + r.out().lines().filter(l -> !l.startsWith("SLF4J")
                    && !l.contains("INFO") && !l.contains("WARN")).reduce("", (a, b) -> a + " | " + b));
        }
    }
}
