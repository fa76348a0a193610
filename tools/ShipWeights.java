import io.github.classiczoo.core.model.ModelFile;
import io.github.classiczoo.core.model.ModelZip;
import io.github.classiczoo.core.util.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.shade.jackson.databind.JsonNode;

/**
 * Packs finished runs into zoo-lenet-weights: each run's last checkpoint re-saved without its updater state (the weights
 * are the same numbers, checked), its manifest beside it, and LeNetWeights.java generated with every file's size, SHA-256,
 * dataset, recipe and recorded test error. Run from the repository root (tools/ship-weights.sh does):
 *
 *   java -cp app/target/zoo.jar:$(cat app/target/classpath.txt) tools/ShipWeights.java RUN_DIR=WEIGHTS_NAME | MODEL@NAME ...
 *
 * in the order LeNetWeights lists them; a bare MODEL@NAME keeps that shipped set as it is (its run directory is gone).
 * Nothing is chosen here: the runs are the committed recipes' single runs, shipped as they ended.
 */
public class ShipWeights {

    static boolean same(ModelFile.Info a, ModelFile.Info b) {
        return a.model().equals(b.model()) && a.knobs().equals(b.knobs()) && java.util.Arrays.equals(a.input(), b.input())
                && a.classes() == b.classes() && a.preprocessing().equals(b.preprocessing()) && a.dataset().equals(b.dataset())
                && java.util.Objects.equals(a.classNames(), b.classNames());
    }

    public static void main(String[] args) throws Exception {
        Path module = Path.of("zoo-lenet-weights");
        Path res = module.resolve("src/main/resources/io/github/classiczoo/lenet/weights");
        Files.createDirectories(res);
        List<String> entries = new ArrayList<>();
        for (String a : args) {
            if (!a.contains("=")) { // MODEL@NAME: the shipped set, kept as it is
                io.github.classiczoo.core.model.Pretrained p = io.github.classiczoo.core.model.Pretrained.parse(a);
                p.verifiedBytes();
                p.manifest();
                long examples = 10000, wrong = Math.round(p.testError() * examples);
                entries.add(String.format(Locale.ROOT, "                new Pretrained(\"%s\", \"%s\", \"%s\", %dL, \"%s\", \"%s\",%n"
                                + "                        \"%s\", \"%s\", %d / %d.0, LeNetWeights.class)", p.model(), p.name(), p.resource(), p.bytes(),
                        p.sha256(), p.manifestSha256(), p.dataset(), p.recipe(), wrong, examples));
                System.out.println(a + ": kept as shipped");
                continue;
            }
            int eq = a.lastIndexOf('=');
            Path run = Path.of(a.substring(0, eq));
            String name = a.substring(eq + 1);
            JsonNode m = Json.read(Files.readString(run.resolve("manifest.json")));
            if (!m.get("status").asText().equals("finished")) {
                throw new IllegalStateException(run + " is not finished");
            }
            String model = m.get("model").asText();
            Path last = run.resolve(ModelFile.LAST);
            ComputationGraph net = ModelZip.readNetwork(last, false);
            String base = model + "-" + name;
            Path out = res.resolve(base + ".zip");
            // an already shipped file with these weights is kept as it is (a zip's bytes change with its entry times)
            if (!(Files.exists(out) && java.util.Arrays.equals(ModelZip.readNetwork(out, false).params().data().asFloat(), net.params().data().asFloat())
                    && same(ModelFile.info(out), ModelFile.info(last)))) {
                Files.deleteIfExists(out);
                ModelFile.save(net, out, ModelFile.info(last), false);
            }
            ComputationGraph back = ModelZip.readNetwork(out, false);
            if (!java.util.Arrays.equals(back.params().data().asFloat(), net.params().data().asFloat())) {
                throw new IllegalStateException(out + ": the re-saved weights differ from " + last);
            }
            Files.copy(run.resolve("manifest.json"), res.resolve(base + ".manifest.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            byte[] b = Files.readAllBytes(out);
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
            JsonNode fin = m.get("final");
            long wrong = Math.round(fin.get("error").asDouble() * fin.get("examples").asLong());
            String dataset = m.get("recipe").get("dataset").asText();
            String recipe = m.get("recipe").get("name").asText();
            String manifestSha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(res.resolve(base + ".manifest.json"))));
            entries.add(String.format(Locale.ROOT, "                new Pretrained(\"%s\", \"%s\", \"%s\", %dL, \"%s\", \"%s\",%n"
                            + "                        \"%s\", \"%s\", %d / %d.0, LeNetWeights.class)", model, name, base + ".zip", b.length, sha,
                    manifestSha, dataset, recipe, wrong, fin.get("examples").asLong()));
            System.out.printf(Locale.ROOT, "%s@%s: %s, %,d bytes, test error %d/%d, commit %s%n", model, name, out, b.length, wrong,
                    fin.get("examples").asLong(), m.get("environment").get("gitCommit").asText());
        }
        String src = """
                package io.github.classiczoo.lenet.weights;

                import io.github.classiczoo.core.model.Pretrained;
                import java.util.List;

                /**
                 * The LeNet family's shipped weights: each trained once on this project's 2-core machine by a committed recipe
                 * ({@code zoo reproduce} for the paper's networks, {@code zoo train --recipe} for the others), the run's last epoch
                 * re-saved without its optimiser state. The resources beside this class hold each model file and its run's
                 * manifest (recipe, seed, dataset SHA-256s, commit, per-epoch and final metrics). Generated by tools/ShipWeights.java;
                 * sizes and SHA-256s are pinned here and checked on every load.
                 */
                public final class LeNetWeights implements Pretrained.Provider {

                    @Override
                    public List<Pretrained> weights() {
                        return List.of(
                %s);
                    }
                }
                """.formatted(String.join(",\n", entries));
        Path java = module.resolve("src/main/java/io/github/classiczoo/lenet/weights/LeNetWeights.java");
        Files.createDirectories(java.getParent());
        Files.writeString(java, src);
        System.out.println("wrote " + java);
    }
}
