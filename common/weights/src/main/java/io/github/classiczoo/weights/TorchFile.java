package io.github.classiczoo.weights;

import io.github.classiczoo.core.model.ModelZip;
import io.github.classiczoo.core.util.Files2;
import io.github.classiczoo.core.util.ZooException;
import io.github.classiczoo.weights.TorchPickle.StorageRef;
import io.github.classiczoo.weights.TorchPickle.TensorRef;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A state_dict saved by {@code torch.save} ({@code .pth}, {@code .pt}), read without Python, in both of torch's formats:
 * the zip archive (PyTorch ≥ 1.6: {@code ARCHIVE/data.pkl}, one record {@code ARCHIVE/data/KEY} per storage and, from
 * PyTorch 2.1, {@code ARCHIVE/byteorder}) and the legacy stream ({@code _use_new_zipfile_serialization=False}: pickles of
 * a magic number, the protocol version and the writer's byte order, then the state_dict, then the list of storage keys,
 * then each storage as an 8-byte element count and its bytes).
 *
 * <p>The file is untrusted input. Its pickles go through {@link TorchPickle}, which knows only the globals a state_dict
 * needs and refuses any other (e.g. {@code os.system}) by name before anything is built. A storage must hold exactly the
 * bytes its persistent id claims, a tensor must lie inside its storage, and the tensors built hold at most
 * {@value #VIEW_FACTOR} times the values the file's storages hold (views repeat values; a stride of 0 repeats one value
 * any number of times) and at most {@link ModelZip#maxParams()}. Every refusal is a one-line {@link ZooException} naming
 * the file.
 *
 * <p>A checkpoint that wraps its state_dict — {@code {"state_dict": ...}}, {@code {"model_state_dict": ...}},
 * {@code {"model": ...}} beside other entries such as {@code epoch} — is read through that entry, and a {@code module.}
 * prefix on every key (a model saved inside {@code nn.DataParallel}) is removed.
 */
public final class TorchFile {

    /** The largest pickle read (ResNet-152's state_dict pickle is ~90 KB; a pickle of 10,000 tensors ~2 MB). */
    static final long MAX_PICKLE_BYTES = 32 << 20;
    /** At most this many records in the zip format. */
    static final int MAX_ENTRIES = 100_000;
    /** The tensors built may hold at most this many times the values the storages hold, plus {@link #VIEW_SLACK}. */
    static final int VIEW_FACTOR = 16;
    static final long VIEW_SLACK = 1 << 20;
    /** The checkpoint entries a wrapped state_dict is looked for in, in this order. */
    static final List<String> WRAPPERS = List.of("state_dict", "model_state_dict", "model");

    /** torch.serialization's MAGIC_NUMBER, the first pickle of the legacy format. */
    private static final BigInteger MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);
    private static final long PROTOCOL_VERSION = 1001;

    private TorchFile() {
    }

    /**
     * Writes {@code tensors} as {@code torch.save(state_dict, out)} does by default (the zip format of PyTorch ≥ 1.6):
     * {@code archive/data.pkl}, a protocol-2 pickle of an {@code OrderedDict} whose values are
     * {@code torch._utils._rebuild_tensor_v2} calls on persistent storage ids, one float32 storage per tensor in
     * {@code archive/data/N}, stored uncompressed, and {@code archive/version}. {@code torch.load} reads it with
     * {@code weights_only=True}: it names no other globals.
     */
    public static void write(Path out, Map<String, INDArray> tensors) throws IOException {
        java.io.ByteArrayOutputStream pkl = new java.io.ByteArrayOutputStream();
        PickleWriter p = new PickleWriter(pkl);
        p.op(0x80).op(2);                                              // PROTO 2
        p.global("collections", "OrderedDict").op(')').op('R');        // OrderedDict()
        p.op('(');                                                     // MARK
        List<float[]> data = new java.util.ArrayList<>();
        for (Map.Entry<String, INDArray> e : tensors.entrySet()) {
            INDArray a = e.getValue();
            float[] v = a.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).dup('c').data().asFloat();
            long[] shape = a.shape();
            p.string(e.getKey());
            p.global("torch._utils", "_rebuild_tensor_v2").op('(');
            p.op('(').string("storage").global("torch", "FloatStorage").string(Integer.toString(data.size())).string("cpu").integer(v.length)
                    .op('t').op('Q');                                  // persistent id ('storage', FloatStorage, key, 'cpu', numel)
            p.integer(0);                                              // storage offset
            p.op('(');
            for (long d : shape) {
                p.integer(d);
            }
            p.op('t').op('(');
            long stride = 1;
            long[] strides = new long[shape.length];
            for (int d = shape.length - 1; d >= 0; d--) {
                strides[d] = stride;
                stride *= shape[d];
            }
            for (long st : strides) {
                p.integer(st);
            }
            p.op('t').op(0x89);                                        // size, stride, requires_grad=False
            p.global("collections", "OrderedDict").op(')').op('R');    // backward_hooks
            p.op('t').op('R');
            data.add(v);
        }
        p.op('u').op('.');                                             // SETITEMS, STOP
        try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(out), 1 << 20))) {
            stored(z, "archive/data.pkl", pkl.toByteArray());
            for (int k = 0; k < data.size(); k++) {
                ByteBuffer b = ByteBuffer.allocate(4 * data.get(k).length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                b.asFloatBuffer().put(data.get(k));
                stored(z, "archive/data/" + k, b.array());
            }
            stored(z, "archive/version", "3\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            stored(z, "archive/byteorder", "little".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
    }

    private static void stored(java.util.zip.ZipOutputStream z, String name, byte[] bytes) throws IOException {
        java.util.zip.ZipEntry e = new java.util.zip.ZipEntry(name);
        e.setMethod(java.util.zip.ZipEntry.STORED);
        e.setSize(bytes.length);
        e.setCompressedSize(bytes.length);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(bytes);
        e.setCrc(crc.getValue());
        z.putNextEntry(e);
        z.write(bytes);
        z.closeEntry();
    }

    /** The few pickle opcodes a state_dict needs, written. */
    private static final class PickleWriter {
        private final java.io.ByteArrayOutputStream out;

        PickleWriter(java.io.ByteArrayOutputStream out) {
            this.out = out;
        }

        PickleWriter op(int code) {
            out.write(code);
            return this;
        }

        PickleWriter global(String module, String name) {
            out.write('c');
            out.writeBytes((module + "\n" + name + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return this;
        }

        /** BINUNICODE: a 4-byte little-endian length, then UTF-8. */
        PickleWriter string(String s) {
            byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            out.write('X');
            out.writeBytes(ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(b.length).array());
            out.writeBytes(b);
            return this;
        }

        /** BININT (4-byte signed) when it fits, else LONG1 (8 bytes, little-endian two's complement). */
        PickleWriter integer(long v) {
            if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
                out.write('J');
                out.writeBytes(ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt((int) v).array());
            } else {
                out.write(0x8a);
                out.write(8);
                out.writeBytes(ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(v).array());
            }
            return this;
        }
    }

    /** Where a storage's bytes are. */
    private interface Storages {
        ByteBuffer read(StorageRef s) throws IOException;
    }

    /**
     * The state_dict in {@code file}, by key in the file's order: floating-point tensors as float32, integer and boolean
     * ones (e.g. {@code num_batches_tracked}) as int64, views copied out of their storages.
     */
    public static Map<String, INDArray> read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ZooException("weight file " + file + " " + Files2.whyNotRegular(file));
        }
        try {
            byte[] head;
            try (InputStream in = Files.newInputStream(file)) {
                head = in.readNBytes(4);
            }
            if (head.length == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
                return readZip(file);
            }
            if (head.length >= 2 && (head[0] & 0xff) == 0x80) {
                return readLegacy(file);
            }
            throw new ZooException(file + " is not a torch.save file (neither its zip format nor its legacy pickle stream)");
        } catch (ZipException e) {
            throw new ZooException(file + " is not a torch.save file: a damaged zip archive (" + Files2.reason(e) + ")");
        } catch (IOException e) {
            throw new ZooException("cannot read " + file + ": " + Files2.reason(e), e);
        }
    }

    // ---- the zip format ------------------------------------------------------------------------------------------------

    private static Map<String, INDArray> readZip(Path file) throws IOException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            if (zip.size() > MAX_ENTRIES) {
                throw new ZooException(file + " has " + zip.size() + " records; a torch.save archive of weights has at most " + MAX_ENTRIES);
            }
            String prefix = null;
            boolean torchScript = false;
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                String n = e.getName();
                if (n.endsWith("/data.pkl") && n.indexOf('/') == n.length() - "/data.pkl".length()) {
                    if (prefix != null) {
                        throw new ZooException(file + " holds two archives (" + shown(prefix) + "/ and " + shown(n.substring(0, n.indexOf('/')))
                                + "/); torch.save writes one");
                    }
                    prefix = n.substring(0, n.indexOf('/'));
                }
                torchScript |= n.endsWith("/constants.pkl");
            }
            if (prefix == null) {
                throw new ZooException(file + (torchScript ? " is a TorchScript archive (torch.jit.save); save the model's state_dict with torch.save"
                        : " is a zip archive but not a torch.save file (no ARCHIVE/data.pkl)"));
            }
            ByteOrder order = ByteOrder.LITTLE_ENDIAN;
            ZipEntry bo = zip.getEntry(prefix + "/byteorder");
            if (bo != null) {
                String o = new String(readEntry(zip, bo, 16, file), StandardCharsets.US_ASCII).strip();
                order = switch (o) {
                    case "little" -> ByteOrder.LITTLE_ENDIAN;
                    case "big" -> ByteOrder.BIG_ENDIAN;
                    default -> throw new ZooException(file + ": its byteorder record says '" + shown(o) + "', not 'little' or 'big'");
                };
            }
            ZipEntry pkl = zip.getEntry(prefix + "/data.pkl");
            byte[] pickle = readEntry(zip, pkl, MAX_PICKLE_BYTES, file);
            Map<String, StorageRef> storages = new HashMap<>();
            Object top = TorchPickle.load(new ByteArrayInputStream(pickle), 0, pickle.length, file + ": " + pkl.getName(), storages);
            Map<String, TensorRef> sd = stateDict(file, top);
            String dir = prefix + "/data/";
            long fileSize = Files.size(file);
            for (StorageRef s : referenced(sd)) { // every claim checked before any storage is read
                ZipEntry e = zip.getEntry(dir + s.key());
                if (e == null) {
                    throw new ZooException(file + ": storage " + shown(s.key()) + " has no record " + shown(dir + s.key()));
                }
                long claimed = bytes(file, s);
                if (e.getSize() != claimed) {
                    throw new ZooException(String.format(Locale.ROOT, "%s: storage %s claims %,d %s values (%,d bytes) but its record holds %,d bytes",
                            file, shown(s.key()), s.count(), s.type().label(), claimed, e.getSize()));
                }
                boolean deflated = e.getMethod() == ZipEntry.DEFLATED;
                if (deflated ? claimed > Math.max(0, e.getCompressedSize()) * 100 + (1 << 20) : claimed > fileSize) {
                    throw new ZooException(String.format(Locale.ROOT, "%s: storage %s claims %,d bytes, far more than the file holds; refused",
                            file, shown(s.key()), claimed));
                }
            }
            final ByteOrder byteOrder = order;
            return build(file, sd, s -> ByteBuffer.wrap(readEntry(zip, zip.getEntry(dir + s.key()), bytes(file, s), file)).order(byteOrder));
        }
    }

    /** An entry's bytes, at most {@code limit} of them; memory grows with the bytes that arrive. */
    private static byte[] readEntry(ZipFile zip, ZipEntry e, long limit, Path file) throws IOException {
        if (e.getSize() > limit) {
            throw new ZooException(String.format(Locale.ROOT, "%s: record %s holds %,d bytes; at most %,d are read", file, shown(e.getName()),
                    e.getSize(), limit));
        }
        try (InputStream in = zip.getInputStream(e)) {
            byte[] b = in.readNBytes((int) Math.min(limit, Integer.MAX_VALUE - 16) + 1);
            if (b.length > limit || (e.getSize() >= 0 && b.length != e.getSize())) {
                throw new ZooException(file + ": record " + shown(e.getName()) + " is damaged (its length is not the one the archive states)");
            }
            return b;
        } catch (ZipException | java.io.EOFException x) {
            throw new ZooException(file + ": record " + shown(e.getName()) + " is damaged (" + Files2.reason(x) + ")");
        }
    }

    // ---- the legacy format ---------------------------------------------------------------------------------------------

    /** Counts the bytes read through it: the position in the file, for a stream that starts at 0. */
    private static final class Counting extends FilterInputStream {
        long pos;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            pos += b >= 0 ? 1 : 0;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            pos += Math.max(n, 0);
            return n;
        }
    }

    private static Map<String, INDArray> readLegacy(Path file) throws IOException {
        long size = Files.size(file);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Counting in = new Counting(new BufferedInputStream(Channels.newInputStream(ch), 1 << 16));
            Map<String, StorageRef> storages = new HashMap<>();
            Object magic = pickle(in, size, file, storages);
            if (!MAGIC.equals(magic)) {
                throw new ZooException(file + " is not a torch.save file (its first pickle is not torch's magic number)");
            }
            Object version = pickle(in, size, file, storages);
            if (!Long.valueOf(PROTOCOL_VERSION).equals(version)) {
                throw new ZooException(file + " is a torch.save file of another protocol version than " + PROTOCOL_VERSION + ", the one read");
            }
            Object sysInfo = pickle(in, size, file, storages);
            ByteOrder order = sysInfo instanceof Map<?, ?> m && Boolean.FALSE.equals(m.get("little_endian")) ? ByteOrder.BIG_ENDIAN
                    : ByteOrder.LITTLE_ENDIAN;
            Map<String, TensorRef> sd = stateDict(file, pickle(in, size, file, storages));
            long at = in.pos;
            Object keys = pickle(in, size, file, new HashMap<>());
            if (!(keys instanceof List<?> list) || !list.stream().allMatch(k -> k instanceof String)) {
                throw new ZooException(file + " at byte " + at + ": the list of storage keys is " + TorchPickle.kind(keys) + ", not a list of strings");
            }
            Map<String, Long> offsets = new HashMap<>();
            long p = in.pos; // the storages follow, read from the channel directly
            for (Object k : list) {
                String key = (String) k;
                StorageRef s = storages.get(key);
                if (s == null) {
                    throw new ZooException(file + ": storage " + shown(key) + " is listed but no tensor uses it");
                }
                if (size - p < 8) {
                    throw new ZooException(file + " is truncated: storage " + shown(key) + " has no element count");
                }
                long count = readFully(ch, ByteBuffer.allocate(8), p, file).order(order).getLong();
                p += 8;
                if (count != s.count()) {
                    throw new ZooException(String.format(Locale.ROOT, "%s: storage %s claims %s elements where its tensors say %,d", file, shown(key),
                            Long.toUnsignedString(count), s.count()));
                }
                long claimed = bytes(file, s);
                if (claimed > size - p) {
                    throw new ZooException(String.format(Locale.ROOT, "%s: storage %s claims %,d %s values (%,d bytes) but only %,d bytes are left",
                            file, shown(key), s.count(), s.type().label(), claimed, size - p));
                }
                if (offsets.put(key, p) != null) {
                    throw new ZooException(file + ": storage " + shown(key) + " is listed twice");
                }
                p += claimed;
            }
            for (StorageRef s : referenced(sd)) {
                if (!offsets.containsKey(s.key())) {
                    throw new ZooException(file + ": storage " + shown(s.key()) + " is used by a tensor but not in the file");
                }
            }
            return build(file, sd, s -> readFully(ch, ByteBuffer.allocate((int) bytes(file, s)), offsets.get(s.key()), file).order(order));
        }
    }

    /** Fills {@code b} from {@code ch} at {@code position}; returns it flipped. */
    private static ByteBuffer readFully(FileChannel ch, ByteBuffer b, long position, Path file) throws IOException {
        while (b.hasRemaining()) {
            if (ch.read(b, position + b.position()) < 0) {
                throw new ZooException(file + " is truncated (it shrank while being read?)");
            }
        }
        return b.flip();
    }

    private static Object pickle(Counting in, long size, Path file, Map<String, StorageRef> storages) throws IOException {
        return TorchPickle.load(in, in.pos, Math.min(MAX_PICKLE_BYTES, size - in.pos), file.toString(), storages);
    }

    // ---- the state_dict ------------------------------------------------------------------------------------------------

    /** The state_dict in a file's top-level object: that object, or one of {@link #WRAPPERS}; without a {@code module.} prefix. */
    private static Map<String, TensorRef> stateDict(Path file, Object top) {
        if (!(top instanceof Map<?, ?> m)) {
            throw new ZooException(file + " holds " + TorchPickle.kind(top) + ", not a state_dict (a dict of tensors)");
        }
        Map<?, ?> sd = null;
        String where = "";
        if (m.values().stream().allMatch(v -> v instanceof TensorRef)) {
            sd = m;
        } else {
            for (String w : WRAPPERS) {
                if (m.get(w) instanceof Map<?, ?> inner && inner.values().stream().allMatch(v -> v instanceof TensorRef)) {
                    sd = inner;
                    where = "['" + w + "']";
                    break;
                }
            }
        }
        if (sd == null) {
            Map.Entry<?, ?> odd = m.entrySet().stream().filter(e -> !(e.getValue() instanceof TensorRef)).findFirst().orElseThrow();
            throw new ZooException(file + " holds a dict that is not a state_dict: its entry " + shownKey(odd.getKey()) + " is "
                    + TorchPickle.kind(odd.getValue()) + ", not a tensor, and no entry " + String.join(", ", WRAPPERS.stream().map(w -> "'" + w + "'").toList())
                    + " holds a dict of tensors");
        }
        Map<String, TensorRef> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : sd.entrySet()) {
            if (!(e.getKey() instanceof String k)) {
                throw new ZooException(file + ": the state_dict" + where + " has a key that is " + TorchPickle.kind(e.getKey()) + ", not a string");
            }
            out.put(k, (TensorRef) e.getValue());
        }
        if (!out.isEmpty() && out.keySet().stream().allMatch(k -> k.startsWith("module."))) { // saved inside nn.DataParallel
            Map<String, TensorRef> bare = new LinkedHashMap<>();
            out.forEach((k, v) -> bare.put(k.substring("module.".length()), v));
            out = bare;
        }
        return out;
    }

    private static List<StorageRef> referenced(Map<String, TensorRef> sd) {
        return sd.values().stream().map(TensorRef::storage).distinct().toList();
    }

    /** A storage's length in bytes; refused beyond what one buffer holds. */
    private static long bytes(Path file, StorageRef s) {
        if (s.count() > (Integer.MAX_VALUE - 16) / s.type().width) {
            throw new ZooException(String.format(Locale.ROOT, "%s: storage %s claims %,d %s values; storages of more than 2 GB are not read",
                    file, shown(s.key()), s.count(), s.type().label()));
        }
        return s.count() * s.type().width;
    }

    /**
     * The tensors, each checked to lie inside its storage and all of them against the value budget before any storage is
     * read; a storage is read once and dropped after its last tensor.
     */
    private static Map<String, INDArray> build(Path file, Map<String, TensorRef> sd, Storages storages) throws IOException {
        long stored = 0, values = 0;
        Map<StorageRef, Integer> uses = new HashMap<>();
        for (StorageRef s : referenced(sd)) {
            stored += s.count();
        }
        long budget = Math.min(ModelZip.maxParams(), VIEW_FACTOR * stored + VIEW_SLACK);
        for (Map.Entry<String, TensorRef> e : sd.entrySet()) {
            TensorRef t = e.getValue();
            String what = file + ": tensor " + shown(e.getKey());
            long last = ElementType.lastElement(t.offset(), t.shape(), t.stride(), what);
            if (last >= t.storage().count()) {
                throw new ZooException(String.format(Locale.ROOT, "%s reaches element %,d of storage %s, which holds %,d", what, last,
                        shown(t.storage().key()), t.storage().count()));
            }
            values += ElementType.count(t.shape(), what);
            if (values > budget) {
                throw new ZooException(String.format(Locale.ROOT, "%s: its tensors would hold more than %,d values from the %,d its storages hold "
                        + "(views that repeat values); refused", file, budget, stored));
            }
            uses.merge(t.storage(), 1, Integer::sum);
        }
        Map<String, INDArray> out = new LinkedHashMap<>();
        Map<StorageRef, ByteBuffer> open = new HashMap<>();
        for (Map.Entry<String, TensorRef> e : sd.entrySet()) {
            TensorRef t = e.getValue();
            ByteBuffer data = open.get(t.storage());
            if (data == null) {
                data = storages.read(t.storage());
                open.put(t.storage(), data);
            }
            out.put(e.getKey(), t.storage().type().decode(data, t.offset(), t.shape(), t.stride()));
            if (uses.merge(t.storage(), -1, Integer::sum) == 0) {
                open.remove(t.storage());
            }
        }
        return out;
    }

    /** A name from the file as a message may show it: printable, at most 80 characters. */
    static String shown(String s) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        for (; i < s.length() && sb.length() < 80; i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 || c == 0x7f ? String.format(Locale.ROOT, "\\x%02x", (int) c) : String.valueOf(c));
        }
        return i < s.length() ? sb + "…" : sb.toString();
    }

    private static String shownKey(Object k) {
        return k instanceof String s ? "'" + shown(s) + "'" : TorchPickle.kind(k);
    }
}
