package io.github.classiczoo.weights;

import io.github.classiczoo.core.model.ModelZip;
import io.github.classiczoo.core.util.Files2;
import io.github.classiczoo.core.util.Json;
import io.github.classiczoo.core.util.ZooException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.databind.JsonNode;

/**
 * Hugging Face's {@code .safetensors} files, read as untrusted input: an 8-byte little-endian header length, a JSON
 * header ({@code {"NAME": {"dtype": "F32", "shape": [..], "data_offsets": [BEGIN, END]}, ..., "__metadata__": {..}}}),
 * then the tensors' bytes, little-endian, C order, offsets relative to the end of the header.
 *
 * <p>Checked before any tensor is read: the header is at most {@value #MAX_HEADER_BYTES} bytes and inside the file,
 * UTF-8, one strict JSON object ({@link Json#readStrict}: no key twice, nothing after it but spaces); each tensor's type
 * is one {@link ElementType} names, its shape non-negative, its byte range exactly dtype × shape long; and the ranges,
 * in order, cover the data from its first byte to the file's last without a gap or an overlap (as the format requires).
 * Floating-point tensors are read as float32, integer and boolean ones as int64.
 */
public final class Safetensors {

    /** The largest header read (the format's own reader also stops at 100 MB). */
    static final long MAX_HEADER_BYTES = 100_000_000;

    private Safetensors() {
    }

    private record Entry(String name, ElementType type, long[] shape, long begin, long end) {
    }

    /**
     * Writes {@code tensors} as float32 ({@code F32}) in their map order, with {@code metadata} as the header's
     * {@code __metadata__} (string to string, as the format allows); the header is padded with spaces to a multiple of
     * 8 bytes, as Hugging Face's writer does, so that every tensor starts aligned.
     */
    public static void write(Path out, Map<String, INDArray> tensors, Map<String, String> metadata) throws IOException {
        Map<String, Object> header = new LinkedHashMap<>();
        if (!metadata.isEmpty()) {
            header.put("__metadata__", metadata);
        }
        long offset = 0;
        List<float[]> data = new java.util.ArrayList<>();
        for (Map.Entry<String, INDArray> e : tensors.entrySet()) {
            float[] v = e.getValue().castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).dup('c').data().asFloat();
            data.add(v);
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("dtype", "F32");
            t.put("shape", e.getValue().shape());
            t.put("data_offsets", new long[] {offset, offset + 4L * v.length});
            header.put(e.getKey(), t);
            offset += 4L * v.length;
        }
        byte[] json = Json.writeCompact(header).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        try (java.io.OutputStream o = new java.io.BufferedOutputStream(Files.newOutputStream(out), 1 << 20)) {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
            o.write(len.array());
            o.write(json);
            o.write(" ".repeat(padded - json.length).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            for (float[] v : data) {
                ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
                b.asFloatBuffer().put(v);
                o.write(b.array());
            }
        }
    }

    /** Every tensor of {@code file}, by name in the header's order. */
    public static Map<String, INDArray> read(Path file) {
        return readAll(file).tensors();
    }

    /** A file's tensors and its header's {@code __metadata__} (strings; empty if it has none). */
    public record Contents(Map<String, INDArray> tensors, Map<String, String> metadata) {
    }

    /** Every tensor of {@code file}, by name in the header's order, and the header's {@code __metadata__}. */
    public static Contents readAll(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ZooException("weight file " + file + " " + Files2.whyNotRegular(file));
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw new ZooException(file + " is not a safetensors file: " + size + " bytes, fewer than its 8-byte header length");
            }
            long n = read(ch, 0, 8, file).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (n < 0 || n > MAX_HEADER_BYTES) {
                throw new ZooException(String.format(Locale.ROOT, "%s declares a safetensors header of %s bytes; at most %,d are read",
                        file, Long.toUnsignedString(n), MAX_HEADER_BYTES));
            }
            if (n > size - 8) {
                throw new ZooException(String.format(Locale.ROOT, "%s declares a safetensors header of %,d bytes but holds %,d bytes after its length",
                        file, n, size - 8));
            }
            Map<String, String> metadata = new LinkedHashMap<>();
            List<Entry> entries = header(file, read(ch, 8, (int) n, file), metadata);
            long start = 8 + n, data = size - start;
            check(file, entries, data);
            Map<String, INDArray> out = new LinkedHashMap<>();
            for (Entry e : entries) {
                ByteBuffer b = read(ch, start + e.begin(), (int) (e.end() - e.begin()), file).order(ByteOrder.LITTLE_ENDIAN);
                out.put(e.name(), e.type().decode(b, 0, e.shape(), contiguous(e.shape())));
            }
            return new Contents(out, metadata);
        } catch (IOException e) {
            throw new ZooException("cannot read " + file + ": " + Files2.reason(e), e);
        }
    }

    /** The header's tensors, each checked on its own. */
    private static List<Entry> header(Path file, ByteBuffer bytes, Map<String, String> metadata) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw new ZooException(file + ": its safetensors header is not UTF-8 text");
        }
        if (!text.startsWith("{")) {
            throw new ZooException(file + " is not a safetensors file: its header does not start with '{'");
        }
        JsonNode h;
        try {
            h = Json.readStrict(text);
        } catch (UncheckedIOException e) {
            throw new ZooException(file + ": its safetensors header is not JSON (" + e.getMessage().replaceFirst("^invalid JSON: ", "") + ")");
        }
        if (!h.isObject()) {
            throw new ZooException(file + ": its safetensors header is not a JSON object");
        }
        List<Entry> entries = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = h.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            String name = f.getKey(), what = file + ": tensor " + TorchFile.shown(name);
            JsonNode t = f.getValue();
            if (name.equals("__metadata__")) {
                if (!t.isObject() || !allText(t)) {
                    throw new ZooException(file + ": its __metadata__ is not an object of strings");
                }
                t.fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
                continue;
            }
            if (!t.isObject() || !t.path("dtype").isTextual() || !t.path("shape").isArray() || !t.path("data_offsets").isArray()) {
                throw new ZooException(what + " is not described by dtype, shape and data_offsets");
            }
            String dtype = t.get("dtype").asText();
            ElementType type = ElementType.ofSafetensors(dtype);
            if (type == null) {
                throw new ZooException(what + " has dtype '" + TorchFile.shown(dtype) + "'; "
                        + String.join(", ", Arrays.stream(ElementType.values()).map(x -> x.safetensors).toList()) + " are read");
            }
            long[] shape = longs(t.get("shape"), what, "shape", ElementType.MAX_RANK);
            long[] offsets = longs(t.get("data_offsets"), what, "data_offsets", 2);
            if (offsets.length != 2 || offsets[0] > offsets[1]) {
                throw new ZooException(what + " has data_offsets " + Arrays.toString(offsets) + ", not [BEGIN, END] with BEGIN ≤ END");
            }
            long count = ElementType.count(shape, what);
            if (offsets[1] - offsets[0] != count * type.width) {
                throw new ZooException(String.format(Locale.ROOT, "%s: %s %s is %,d bytes, but its data_offsets %s span %,d", what, dtype,
                        Arrays.toString(shape), count * type.width, Arrays.toString(offsets), offsets[1] - offsets[0]));
            }
            if (count * type.width > Integer.MAX_VALUE - 16) {
                throw new ZooException(String.format(Locale.ROOT, "%s is %,d bytes; tensors of more than 2 GB are not read", what, count * type.width));
            }
            entries.add(new Entry(name, type, shape, offsets[0], offsets[1]));
        }
        return entries;
    }

    /** The ranges in order: no gap, no overlap, from the data's first byte to the file's last. */
    private static void check(Path file, List<Entry> entries, long data) {
        List<Entry> byOffset = new ArrayList<>(entries);
        byOffset.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long at = 0, total = 0;
        for (Entry e : byOffset) {
            if (e.begin() != at) {
                throw new ZooException(String.format(Locale.ROOT, "%s: tensor %s starts at data byte %,d where %s; the data must be covered "
                        + "exactly, in order", file, TorchFile.shown(e.name()), e.begin(), at == 0 ? "the data begins at 0"
                        : e.begin() < at ? "the previous tensor ends at " + String.format(Locale.ROOT, "%,d", at) + " (an overlap)"
                        : "the previous tensor ends at " + String.format(Locale.ROOT, "%,d", at) + " (a gap)"));
            }
            if (e.end() > data) {
                throw new ZooException(String.format(Locale.ROOT, "%s: tensor %s ends at data byte %,d, past the end of the file (%,d data bytes)",
                        file, TorchFile.shown(e.name()), e.end(), data));
            }
            at = e.end();
            total += ElementType.count(e.shape(), file.toString());
            if (total > ModelZip.maxParams()) {
                throw new ZooException(String.format(Locale.ROOT, "%s holds more than %,d values; refused (-D%s=N raises the limit)", file,
                        ModelZip.maxParams(), ModelZip.MAX_PARAMS_PROPERTY));
            }
        }
        if (at != data) {
            throw new ZooException(String.format(Locale.ROOT, "%s: its tensors end at data byte %,d but the file has %,d data bytes", file, at, data));
        }
    }

    private static boolean allText(JsonNode o) {
        for (Iterator<JsonNode> it = o.elements(); it.hasNext(); ) {
            if (!it.next().isTextual()) {
                return false;
            }
        }
        return true;
    }

    private static long[] longs(JsonNode a, String what, String field, int max) {
        if (a.size() > max) {
            throw new ZooException(what + " has " + a.size() + " numbers in its " + field + "; at most " + max);
        }
        long[] v = new long[a.size()];
        for (int i = 0; i < v.length; i++) {
            JsonNode x = a.get(i);
            if (!x.isIntegralNumber() || !x.canConvertToLong() || x.asLong() < 0) {
                throw new ZooException(what + " has " + field + " " + TorchFile.shown(a.toString()) + ": not non-negative integers");
            }
            v[i] = x.asLong();
        }
        return v;
    }

    /** C-order strides of {@code shape}, in elements. */
    private static long[] contiguous(long[] shape) {
        long[] s = new long[shape.length];
        long step = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = step;
            step *= shape[i];
        }
        return s;
    }

    private static ByteBuffer read(FileChannel ch, long position, int n, Path file) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (ch.read(b, position + b.position()) < 0) {
                throw new ZooException(file + " is truncated (it shrank while being read?)");
            }
        }
        return b.flip();
    }
}
