package io.github.classiczoo.core.model;

import io.github.classiczoo.core.image.Preprocessing;
import io.github.classiczoo.core.util.Files2;
import io.github.classiczoo.core.util.ZooException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.ServiceLoader;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * A set of trained weights that ships inside an artifact (e.g. {@code zoo-lenet-weights}): a model file as a class-path
 * resource, its SHA-256 pinned in the provider's code, and the manifest of the run that trained it beside it. Named
 * {@code MODEL@NAME} ({@code lenet5@mnist}); found through {@link Provider}s on the class path. Every load checks the
 * file's size and SHA-256 before anything reads it, then reads it as any model file ({@link ModelFile#load}: untrusted
 * input, no Java deserialization).
 *
 * <pre>{@code
 * ComputationGraph net = LeNets.lenet5().pretrained("mnist");       // typed
 * Pretrained w = Pretrained.get("lenet5", "mnist");                 // by name: w.testError(), w.manifest()
 * ComputationGraph same = w.load();                                 // size and SHA-256 checked first
 * INDArray y = same.outputSingle(w.preprocessing().apply(Path.of("digit.png")));   // class probabilities [1, 10]
 * List<Pretrained> all = Pretrained.all();                          // every weight set on the class path
 * }</pre>
 *
 * @param model     the registry name of the model the weights are for
 * @param name      the weights' name ({@code mnist}, {@code fashion-mnist})
 * @param resource  the model file's class-path resource, relative to {@code owner}
 * @param bytes     its size
 * @param sha256    its SHA-256, lower-case hex
 * @param manifestSha256 the SHA-256 of the run manifest beside it ({@code NAME.manifest.json}): provenance is shown only as pinned
 * @param dataset   what it was trained on
 * @param recipe    the named recipe that trained it
 * @param testError its test error (a fraction) as the run measured it, on the dataset's test set
 * @param owner     the provider's class, whose loader has the resources
 */
public record Pretrained(String model, String name, String resource, long bytes, String sha256, String manifestSha256, String dataset,
                         String recipe, double testError, Class<?> owner) {

    /** What an artifact with weights registers ({@code META-INF/services/io.github.classiczoo.core.model.Pretrained$Provider}). */
    public interface Provider {
        List<Pretrained> weights();
    }

    /** Largest weights file a provider may declare (the biggest shipped one is a few MB). */
    static final long MAX_BYTES = 256L << 20;

    public Pretrained {
        if (bytes < 1 || bytes > MAX_BYTES || sha256 == null || !sha256.matches("[0-9a-f]{64}") || manifestSha256 == null
                || !manifestSha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("weights " + model + "@" + name + ": a size of 1 B-256 MB and SHA-256s (file, manifest) in "
                    + "lower-case hex are needed");
        }
    }

    /** {@code MODEL@NAME}. */
    public String id() {
        return model + "@" + name;
    }

    /** Every weight set on the class path, in the providers' order. */
    public static List<Pretrained> all() {
        List<Pretrained> all = new ArrayList<>();
        for (Provider p : ServiceLoader.load(Provider.class)) {
            all.addAll(p.weights());
        }
        return all;
    }

    /** The weight sets for {@code model}. */
    public static List<Pretrained> of(String model) {
        return all().stream().filter(w -> w.model.equals(model)).toList();
    }

    /**
     * The named weights, or an error that lists what there is (or which artifact brings weights). Names are compared
     * without regard to case ({@code lenet5@MNIST} is {@code lenet5@mnist}).
     */
    public static Pretrained get(String model, String name) {
        List<Pretrained> all = all();
        for (Pretrained w : all) {
            if (w.model.equalsIgnoreCase(model) && w.name.equalsIgnoreCase(name)) {
                return w;
            }
        }
        List<String> forModel = all.stream().filter(w -> w.model.equalsIgnoreCase(model)).map(Pretrained::name).toList();
        if (!forModel.isEmpty()) {
            throw new IllegalArgumentException("no weights '" + name + "' for " + model + "; it has: " + String.join(", ", forModel));
        }
        throw new IllegalArgumentException("no shipped weights for " + model + (all.isEmpty()
                ? " (weights come in their own artifacts, e.g. io.github.classiczoo:zoo-lenet-weights; none is on the class path)"
                : "; weights exist for: " + String.join(", ", all.stream().map(Pretrained::id).toList())));
    }

    /**
     * {@code MODEL@NAME} as the command line takes it, or null when {@code ref} has no such form (a path, say).
     * Names are letters, digits and hyphens, in any case.
     */
    public static Pretrained parse(String ref) {
        if (ref == null || !ref.matches("[A-Za-z0-9][A-Za-z0-9-]*@[A-Za-z0-9][A-Za-z0-9-]*")) {
            return null;
        }
        int at = ref.indexOf('@');
        return get(ref.substring(0, at), ref.substring(at + 1));
    }

    /** The model file's bytes, after checking their size and SHA-256 against the pinned ones. */
    public byte[] verifiedBytes() {
        byte[] data;
        try (InputStream in = owner.getResourceAsStream(resource)) {
            if (in == null) {
                throw new ZooException("weights " + id() + ": resource " + resource + " is missing from " + owner.getName() + "'s artifact");
            }
            data = in.readNBytes((int) Math.min(bytes + 1, Integer.MAX_VALUE));
        } catch (IOException e) {
            throw new ZooException("weights " + id() + ": cannot read " + resource + ": " + e.getMessage(), e);
        }
        if (data.length != bytes) {
            throw new ZooException("weights " + id() + ": " + resource + " has " + (data.length > bytes ? "more than " + bytes : data.length)
                    + " bytes, " + bytes + " pinned; the artifact is damaged or was altered, nothing was loaded");
        }
        String got = sha256(data);
        if (!got.equals(sha256)) {
            throw new ZooException("weights " + id() + ": " + resource + " has SHA-256 " + got + ", " + sha256
                    + " pinned; the artifact is damaged or was altered, nothing was loaded");
        }
        return data;
    }

    /** One verified copy per weight set and JVM ({@link #file}), re-hashed before each reuse. */
    private static final java.util.Map<String, Path> COPIES = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The verified model file, as a temporary file deleted when the JVM exits. One copy per weight set is kept for the
     * JVM's life and re-hashed each time it is handed out; a copy that no longer matches is replaced.
     */
    public synchronized Path file() {
        Path kept = COPIES.get(id() + " " + sha256);
        try {
            if (kept != null && Files.isRegularFile(kept) && Files.size(kept) == bytes && sha256(Files.readAllBytes(kept)).equals(sha256)) {
                return kept;
            }
        } catch (IOException e) {
            // write a new one
        }
        Path f = freshFile();
        f.toFile().deleteOnExit();
        COPIES.put(id() + " " + sha256, f);
        return f;
    }

    /** The verified bytes written to a fresh temporary file, for a caller that deletes it. */
    private Path freshFile() {
        byte[] data = verifiedBytes();
        try {
            Path f = Files2.newTempFile(Path.of(System.getProperty("java.io.tmpdir")), "zoo-" + model + "@" + name + "-", ".zip");
            Files.write(f, data);
            return f;
        } catch (IOException e) {
            throw new ZooException("weights " + id() + ": cannot write a temporary copy: " + e.getMessage(), e);
        }
    }

    /** The network with these weights (verified, then read as any model file; on the fast path when one is present). */
    public ComputationGraph load() {
        return withFreshCopy(ModelFile::load);
    }

    /**
     * The model file's own metadata: input, classes, class names, preprocessing. Read once per process (from a verified
     * copy): the file is pinned by its SHA-256, so what it says cannot change, and {@link #preprocessing()} may be asked
     * per image.
     */
    public ModelFile.Info info() {
        return INFO.computeIfAbsent(owner.getName() + "/" + resource + "@" + sha256, k -> withFreshCopy(ModelFile::info));
    }

    private static final java.util.Map<String, ModelFile.Info> INFO = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * How images become these weights' input, exactly as they were evaluated ({@link Preprocessing}):
     * {@code w.load().outputSingle(w.preprocessing().apply(Path.of("digit.png")))}.
     */
    public Preprocessing preprocessing() {
        return info().preprocessing();
    }

    /** {@code read} applied to a fresh verified copy, which is deleted afterwards. */
    private <T> T withFreshCopy(java.util.function.Function<Path, T> read) {
        Path f = freshFile();
        try {
            return read.apply(f);
        } finally {
            try {
                Files.deleteIfExists(f);
            } catch (IOException e) {
                f.toFile().deleteOnExit();
            }
        }
    }

    /**
     * The manifest of the run that trained them (recipe, seed, dataset SHA-256s, commit, metrics), as JSON text, after
     * checking it against its pinned SHA-256: provenance that was altered is refused, never shown as the weights' own.
     */
    public String manifest() {
        String r = resource.replaceAll("\\.zip$", "") + ".manifest.json";
        byte[] b;
        try (InputStream in = owner.getResourceAsStream(r)) {
            if (in == null) {
                throw new ZooException("weights " + id() + ": its run manifest " + r + " is missing");
            }
            b = in.readNBytes(1 << 20);
        } catch (IOException e) {
            throw new ZooException("weights " + id() + ": cannot read " + r + ": " + e.getMessage(), e);
        }
        String got = sha256(b);
        if (!got.equals(manifestSha256)) {
            throw new ZooException("weights " + id() + ": its run manifest " + r + " has SHA-256 " + got + ", " + manifestSha256
                    + " pinned; the artifact is damaged or was altered, its provenance is not shown");
        }
        return new String(b, StandardCharsets.UTF_8);
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
