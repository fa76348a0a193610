package io.github.classiczoo.core.model;

import io.github.classiczoo.core.util.Files2;
import io.github.classiczoo.core.util.ZooException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;

/**
 * The zip format of a model file, read as untrusted input. The layout is DL4J's ({@code ModelSerializer} reads what
 * this writes): {@code configuration.json}, {@code coefficients.bin}, {@code updaterState.bin}, plus the zoo's own
 * entries as plain UTF-8 JSON ({@code zoo-model.json}, {@code zoo-trainer-state.json}).
 *
 * <p>Reading never goes through Java serialization and never allocates more than the file's graph declares:
 * <ul>
 * <li>every entry is read with a size limit, whatever size the zip claims for it;</li>
 * <li>the graph's parameter count is computed from {@code configuration.json} alone and must stay within
 * {@link #maxParams()} (system property {@value #MAX_PARAMS_PROPERTY}, default 1,000,000,000);</li>
 * <li>the array headers of {@code coefficients.bin} and {@code updaterState.bin} are checked against that count
 * before any array is allocated; other entries (DL4J's {@code preprocessor.bin}, {@code normalizer.bin}, which
 * DL4J reads with {@code ObjectInputStream}) are never opened;</li>
 * <li>the zoo's entries written by versions before 0.3 (a Java-serialized {@code String}) are read through an
 * {@link ObjectInputFilter} that admits a string and nothing else.</li>
 * </ul>
 */
public final class ModelZip {

    static final String CONFIG = "configuration.json", COEFFICIENTS = "coefficients.bin", UPDATER = "updaterState.bin";
    static final String NO_PARAMS = "noParams.marker";
    /** The system property that raises (or lowers) the parameter limit. */
    public static final String MAX_PARAMS_PROPERTY = "classiczoo.maxParams";
    /** The largest JSON entry read: configurations of the largest zoo models are ~1 MB, the per-pixel means ~2 MB. */
    static final int MAX_JSON_BYTES = 64 << 20;
    private static final int MAX_RANK = 32;

    private ModelZip() {
    }

    /** The largest number of parameters (or updater-state values) a model file may declare. */
    public static long maxParams() {
        String p = System.getProperty(MAX_PARAMS_PROPERTY);
        if (p == null || p.isBlank()) {
            return 1_000_000_000L;
        }
        try {
            long v = Long.parseLong(p.strip());
            if (v > 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new ZooException("-D" + MAX_PARAMS_PROPERTY + "=" + p + " is not a positive whole number");
    }

    /**
     * Writes {@code net} (its configuration, weights and, if {@code withUpdater}, its updater state) and the given
     * JSON entries as a model zip.
     */
    public static void write(ComputationGraph net, boolean withUpdater, Map<String, String> jsonEntries, OutputStream out) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(out);
        zip.putNextEntry(new ZipEntry(CONFIG));
        zip.write(net.getConfiguration().toJson().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
        INDArray params = net.params();
        if (params == null || params.isEmpty()) {
            zip.putNextEntry(new ZipEntry(NO_PARAMS));
            zip.closeEntry();
        } else {
            zip.putNextEntry(new ZipEntry(COEFFICIENTS));
            writeArray(params, zip);
            zip.closeEntry();
        }
        INDArray state = withUpdater && net.getUpdater(false) != null ? net.getUpdater(false).getStateViewArray() : null;
        if (state != null && !state.isEmpty()) {
            zip.putNextEntry(new ZipEntry(UPDATER));
            writeArray(state, zip);
            zip.closeEntry();
        }
        for (Map.Entry<String, String> e : jsonEntries.entrySet()) {
            zip.putNextEntry(new ZipEntry(e.getKey()));
            zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        zip.finish();
    }

    private static void writeArray(INDArray a, OutputStream out) throws IOException {
        DataOutputStream d = new DataOutputStream(out);
        Nd4j.write(a, d);
        d.flush();
    }

    /** The network in {@code zip}, with its updater state if {@code withUpdater} and the file has one. */
    public static ComputationGraph readNetwork(Path zip, boolean withUpdater) {
        try (ZipFile z = open(zip)) {
            String json = new String(entry(zip, z, CONFIG, MAX_JSON_BYTES, true), StandardCharsets.UTF_8);
            ComputationGraphConfiguration conf = configuration(zip, json);
            long expected = 0;
            for (Map.Entry<String, GraphVertex> v : conf.getVertices().entrySet()) {
                checkSizes(zip, v.getKey(), v.getValue());
                long n = v.getValue().numParams(true);
                if (n < 0 || n > maxParams() - expected) {
                    throw new ZooException(zip + ": its graph declares more than " + String.format(Locale.ROOT, "%,d", maxParams())
                            + " parameters (at vertex " + v.getKey() + "); refused. Raise the limit with -D" + MAX_PARAMS_PROPERTY + "=N if it is genuine");
                }
                expected += n;
            }
            ComputationGraph net;
            try {
                if (expected == 0) {
                    net = new ComputationGraph(conf);
                    net.init();
                } else {
                    INDArray params = array(zip, z, COEFFICIENTS, expected);
                    conf.setDataType(params.dataType());
                    net = new ComputationGraph(conf);
                    net.init(params, false);
                }
            } catch (ZooException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new ZooException(zip + ": its graph cannot be built from " + CONFIG + " (" + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse("")) + ")");
            }
            if (expected > 0) {
                String bad = nonFinite(net);
                if (bad != null) {
                    throw new ZooException(zip + ": weights that are NaN or infinite (" + bad + "); the model cannot be used. "
                            + "A run that diverged stops before checkpointing such weights: take an earlier checkpoint");
                }
            }
            if (withUpdater && z.getEntry(UPDATER) != null && net.getUpdater() != null && net.getUpdater().getStateViewArray() != null) {
                INDArray state = array(zip, z, UPDATER, net.getUpdater().getStateViewArray().length());
                net.getUpdater().setStateViewArray(state);
            }
            return net;
        } catch (IOException e) {
            throw new ZooException("cannot read model file " + zip + ": " + e.getMessage(), e);
        }
    }

    /** Refuses layer sizes whose products overflow (DL4J multiplies nIn × nOut unchecked: 2^62 × 4 would count as 0). */
    private static void checkSizes(Path zip, String name, GraphVertex v) {
        if (v instanceof org.deeplearning4j.nn.conf.graph.LayerVertex lv
                && lv.getLayerConf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.FeedForwardLayer f) {
            try {
                long k = 1;
                if (f instanceof org.deeplearning4j.nn.conf.layers.ConvolutionLayer c && c.getKernelSize() != null) {
                    for (int d : c.getKernelSize()) {
                        k = Math.multiplyExact(k, Math.max(d, 0));
                    }
                }
                if (f.getNIn() < 0 || f.getNOut() < 0 || Math.multiplyExact(Math.multiplyExact(f.getNIn(), f.getNOut()), k) > maxParams()) {
                    throw new ArithmeticException();
                }
            } catch (ArithmeticException e) {
                throw new ZooException(zip + ": layer " + name + " declares " + f.getNIn() + " × " + f.getNOut() + " weights, more than "
                        + String.format(Locale.ROOT, "%,d", maxParams()) + " parameters; refused. Raise the limit with -D" + MAX_PARAMS_PROPERTY
                        + "=N if it is genuine");
            }
        }
    }

    /**
     * The zoo's JSON entry {@code name} (or its Java-serialized form, as versions before 0.3 wrote it under the name
     * without {@code .json}), or null if the file has neither.
     */
    public static String readJson(Path zip, String name) {
        try (ZipFile z = open(zip)) {
            if (z.getEntry(name) != null) {
                return new String(entry(zip, z, name, MAX_JSON_BYTES, true), StandardCharsets.UTF_8);
            }
            String legacy = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
            if (z.getEntry(legacy) != null) {
                return legacyString(zip, legacy, entry(zip, z, legacy, MAX_JSON_BYTES, true));
            }
            return null;
        } catch (IOException e) {
            throw new ZooException("cannot read model file " + zip + ": " + e.getMessage(), e);
        }
    }

    /** The parameters that hold NaN or infinite values (up to five, by name), or null if none does. */
    static String nonFinite(ComputationGraph net) {
        INDArray p = net.params();
        if (p == null || !(BooleanIndexing.or(p, Conditions.isNan()) || BooleanIndexing.or(p, Conditions.isInfinite()))) {
            return null;
        }
        return net.paramTable().entrySet().stream()
                .filter(e -> BooleanIndexing.or(e.getValue(), Conditions.isNan()) || BooleanIndexing.or(e.getValue(), Conditions.isInfinite()))
                .limit(5).map(Map.Entry::getKey).collect(java.util.stream.Collectors.joining(", "));
    }

    private static ZipFile open(Path zip) throws IOException {
        if (!Files.isRegularFile(zip)) {
            throw new ZooException("model file " + zip + " " + Files2.whyNotRegular(zip));
        }
        try {
            return new ZipFile(zip.toFile());
        } catch (ZipException e) {
            throw new ZooException(zip + " is not a model file: not a readable zip (" + e.getMessage() + ")");
        }
    }

    /** The bytes of one entry, at most {@code limit} of them whatever the zip declares. */
    private static byte[] entry(Path zip, ZipFile z, String name, long limit, boolean required) throws IOException {
        ZipEntry e = z.getEntry(name);
        if (e == null) {
            if (required) {
                throw new ZooException(zip + " is not a model file: it has no " + name + " entry");
            }
            return null;
        }
        try (InputStream in = z.getInputStream(e)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Math.max(e.getSize(), 0), Math.min(limit, 1 << 20)));
            byte[] buf = new byte[1 << 16];
            long total = 0;
            int r;
            while ((r = in.read(buf)) > 0) {
                total += r;
                if (total > limit) {
                    throw new ZooException(zip + ": entry " + name + " is larger than the " + String.format(Locale.ROOT, "%,d", limit)
                            + " bytes its graph allows; refused");
                }
                out.write(buf, 0, r);
            }
            return out.toByteArray();
        } catch (ZipException | EOFException ex) {
            throw new ZooException(zip + ": entry " + name + " is damaged (" + ex.getMessage() + ")");
        }
    }

    private static ComputationGraphConfiguration configuration(Path zip, String json) {
        try {
            ComputationGraphConfiguration conf = ComputationGraphConfiguration.fromJson(json);
            conf.validate(false, false);
            if (conf.getNetworkInputs() == null || conf.getNetworkInputs().isEmpty() || conf.getVertices() == null || conf.getVertices().isEmpty()) {
                throw new ZooException(zip + ": " + CONFIG + " is not a computation graph (no inputs or vertices)");
            }
            return conf;
        } catch (ZooException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            String msg = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            throw new ZooException(zip + ": " + CONFIG + " is not a DL4J computation graph (" + e.getClass().getSimpleName()
                    + (msg.isEmpty() ? "" : ": " + msg) + ")");
        }
    }

    /**
     * One ND4J array entry, checked before allocation: its header must describe exactly {@code expected} values of a
     * floating-point type in at most {@value #MAX_RANK} dimensions, and the entry must hold exactly that many bytes.
     */
    private static INDArray array(Path zip, ZipFile z, String name, long expected) throws IOException {
        if (expected * 4 > Integer.MAX_VALUE - 4096) {
            throw new ZooException(String.format(Locale.ROOT, "%s: %,d values in %s are more than this reader holds in one array (536 million float32)",
                    zip, expected, name));
        }
        long limit = Math.min(4096 + expected * 8, Integer.MAX_VALUE - 8);
        byte[] bytes = entry(zip, z, name, limit, true);
        String where = zip + ": entry " + name;
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
            // the shape buffer: allocation mode, length, type LONG, then rank, shape, stride, extras, element stride, order
            in.readUTF();
            long shapeLength = in.readLong();
            String shapeType = in.readUTF();
            if (!"LONG".equals(shapeType) || shapeLength < 4 || shapeLength > 2L * MAX_RANK + 4) {
                throw new ZooException(where + " has a malformed array header (shape of " + shapeLength + " " + shapeType + ")");
            }
            long rank = in.readLong();
            if (rank < 0 || 2 * rank + 4 != shapeLength) {
                throw new ZooException(where + " has a malformed array header (rank " + rank + ")");
            }
            long count = 1;
            for (int i = 0; i < rank; i++) {
                long d = in.readLong();
                if (d < 0 || (d > 0 && count > Long.MAX_VALUE / d)) {
                    throw new ZooException(where + " declares a dimension of " + d);
                }
                count *= d;
            }
            if (count != expected) {
                throw new ZooException(String.format(Locale.ROOT, "%s holds %,d values but the graph has %,d; the file's parts do not belong together",
                        where, count, expected));
            }
            in.skipNBytes(8 * (shapeLength - 1 - rank));
            in.readUTF();
            long dataLength = in.readLong();
            DataType type;
            try {
                type = DataType.valueOf(in.readUTF());
            } catch (IllegalArgumentException e) {
                throw new ZooException(where + " has an unknown data type");
            }
            if (!type.isFPType() || dataLength != expected) {
                throw new ZooException(where + " declares " + dataLength + " values of " + type + "; expected " + expected + " floating-point values");
            }
            long header = bytes.length - in.available();
            if (bytes.length - header != expected * type.width()) {
                throw new ZooException(String.format(Locale.ROOT, "%s is %s: %,d bytes of values where %,d are declared", where,
                        bytes.length - header < expected * type.width() ? "truncated" : "over-long", bytes.length - header, expected * type.width()));
            }
        } catch (EOFException e) {
            throw new ZooException(where + " is truncated inside its array header");
        }
        try {
            return Nd4j.read(new DataInputStream(new ByteArrayInputStream(bytes)));
        } catch (RuntimeException e) {
            throw new ZooException(where + " cannot be read as an array: " + e.getMessage(), e);
        }
    }

    /** A string that an older version wrote with {@code ObjectOutputStream}; any other object is refused unread. */
    private static String legacyString(Path zip, String name, byte[] bytes) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            in.setObjectInputFilter(ObjectInputFilter.Config.createFilter("maxdepth=2;maxrefs=4;maxarray=0;maxbytes=" + MAX_JSON_BYTES + ";!*"));
            Object o = in.readObject();
            if (o instanceof String s) {
                return s;
            }
            throw new ZooException(zip + ": entry " + name + " is not a string");
        } catch (IOException | ClassNotFoundException e) {
            throw new ZooException(zip + ": entry " + name + " is not a plain string (" + e.getMessage() + "); refused unread");
        }
    }
}
