package io.github.classiczoo.weights;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * torch.save files written in Java, opcode by opcode as torch 1.13 writes them (checked against {@code pickletools.dis}
 * of its output): a state_dict pickle of {@code _rebuild_tensor_v2} calls on persistent storage ids, in the zip layout
 * ({@code ARCHIVE/data.pkl}, {@code ARCHIVE/data/KEY}) or the legacy stream. Also raw pickles for hostile files.
 */
final class TorchFiles {

    private TorchFiles() {
    }

    /** A pickle, opcode by opcode (protocol 2 unless a test writes other opcodes). */
    static final class Pickle {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Pickle op(int... bytes) {
            for (int b : bytes) {
                out.write(b);
            }
            return this;
        }

        Pickle raw(byte[] b) {
            out.writeBytes(b);
            return this;
        }

        Pickle proto() {
            return op(0x80, 2);
        }

        Pickle str(String s) { // BINUNICODE
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            op('X');
            raw(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(b.length).array());
            return raw(b);
        }

        Pickle integer(long v) {
            if (v >= 0 && v < 256) {
                return op('K', (int) v);
            }
            if (v >= 0 && v < 65536) {
                return op('M', (int) (v & 0xff), (int) (v >>> 8));
            }
            if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
                op('J');
                return raw(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v).array());
            }
            op(0x8a, 8); // LONG1 of 8 bytes
            return raw(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array());
        }

        Pickle global(String module, String name) {
            op('c');
            return raw((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
        }

        Pickle tuple(long... v) {
            if (v.length == 0) {
                return op(')');
            }
            op('(');
            for (long x : v) {
                integer(x);
            }
            return op('t');
        }

        Pickle mark() {
            return op('(');
        }

        Pickle stop() {
            return op('.');
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    /** One tensor: a view of storage {@code key}. */
    record Tensor(String key, String storageClass, long storageCount, long offset, long[] shape, long[] stride) {
        static Tensor contiguous(String key, String storageClass, long... shape) {
            long[] stride = new long[shape.length];
            long n = 1;
            for (int i = shape.length - 1; i >= 0; i--) {
                stride[i] = n;
                n *= shape[i];
            }
            return new Tensor(key, storageClass, n, 0, shape, stride);
        }
    }

    /** Appends {@code OrderedDict(name → tensor, ...)} as torch.save does (one SETITEMS batch). */
    static void stateDict(Pickle p, Map<String, Tensor> tensors, String location) {
        p.global("collections", "OrderedDict").op(')', 'R');
        p.mark();
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Tensor t = e.getValue();
            p.str(e.getKey());
            p.global("torch._utils", "_rebuild_tensor_v2");
            p.mark();
            p.mark().str("storage").global("torch", t.storageClass()).str(t.key()).str("cpu").integer(t.storageCount());
            if (location.equals("legacy")) {
                p.op('N'); // the legacy format's view metadata
            }
            p.op('t', 'Q');
            p.integer(t.offset()).tuple(t.shape()).tuple(t.stride()).op(0x89); // requires_grad False
            p.global("collections", "OrderedDict").op(')', 'R'); // backward_hooks
            p.op('t', 'R');
        }
        p.op('u');
    }

    /** A state_dict pickle, optionally wrapped as {@code {"epoch": 3, "lr": 0.1, WRAP: state_dict}}. */
    static byte[] pickle(Map<String, Tensor> tensors, String wrap, boolean legacy) {
        Pickle p = new Pickle().proto();
        if (wrap != null) {
            p.op('}').mark().str("epoch").integer(3).str("lr").op('G').raw(ByteBuffer.allocate(8).putDouble(0.1).array()).str(wrap);
        }
        stateDict(p, tensors, legacy ? "legacy" : "zip");
        if (wrap != null) {
            p.op('u');
        }
        return p.stop().bytes();
    }

    /** The zip format: {@code ARCHIVE/data.pkl}, {@code ARCHIVE/data/KEY} per storage, {@code ARCHIVE/version}; stored entries. */
    static Path zip(Path file, byte[] pickle, Map<String, byte[]> storages, Map<String, byte[]> extra) throws IOException {
        String archive = "archive";
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(archive + "/data.pkl", pickle);
        storages.forEach((k, v) -> entries.put(archive + "/data/" + k, v));
        entries.put(archive + "/version", "3\n".getBytes(StandardCharsets.US_ASCII));
        extra.forEach((k, v) -> entries.put(archive + "/" + k, v));
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(file))) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipEntry entry = new ZipEntry(e.getKey());
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(e.getValue().length);
                CRC32 crc = new CRC32();
                crc.update(e.getValue());
                entry.setCrc(crc.getValue());
                z.putNextEntry(entry);
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return file;
    }

    /**
     * The legacy stream: magic number, protocol version 1001, sys_info, {@code pickle}, the storage keys, then each storage
     * as its 8-byte element count ({@code counts}) and bytes.
     */
    static Path legacy(Path file, byte[] pickle, Map<String, byte[]> storages, Map<String, Long> counts) throws IOException {
        try (OutputStream o = Files.newOutputStream(file)) {
            o.write(new Pickle().proto().op(0x8a, 10).raw(new byte[] {0x6c, (byte) 0xfc, (byte) 0x9c, 0x46, (byte) 0xf9, 0x20, 0x6a, (byte) 0xa8, 0x50, 0x19})
                    .stop().bytes());
            o.write(new Pickle().proto().integer(1001).stop().bytes());
            o.write(new Pickle().proto().op('}').mark().str("protocol_version").integer(1001).str("little_endian").op(0x88).op('u').stop().bytes());
            o.write(pickle);
            Pickle keys = new Pickle().proto().op(']').mark();
            storages.keySet().forEach(keys::str);
            o.write(keys.op('e').stop().bytes());
            for (Map.Entry<String, byte[]> e : storages.entrySet()) {
                o.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(counts.get(e.getKey())).array());
                o.write(e.getValue());
            }
        }
        return file;
    }

    static byte[] floats(float... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) {
            b.putFloat(x);
        }
        return b.array();
    }

    static byte[] doubles(double... v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double x : v) {
            b.putDouble(x);
        }
        return b.array();
    }

    static byte[] longs(long... v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long x : v) {
            b.putLong(x);
        }
        return b.array();
    }

    static byte[] halves(int... bits) {
        ByteBuffer b = ByteBuffer.allocate(2 * bits.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int x : bits) {
            b.putShort((short) x);
        }
        return b.array();
    }

    /**
     * A small state_dict with every kind the reader converts: float32 weight [2, 3]; a float64 bias; float16 values
     * (exact in float32); an int64 {@code num_batches_tracked} scalar; and a transposed view {@code t} of the weight's
     * storage, starting at element 1 ([2, 2] with strides (1, 3): elements 1, 4 / 2, 5).
     */
    static final Map<String, Tensor> SAMPLE = new LinkedHashMap<>();
    static final Map<String, byte[]> SAMPLE_STORAGES = new LinkedHashMap<>();
    static final Map<String, Long> SAMPLE_COUNTS = new LinkedHashMap<>();

    static {
        SAMPLE.put("conv.weight", Tensor.contiguous("0", "FloatStorage", 2, 3));
        SAMPLE.put("conv.bias", Tensor.contiguous("1", "DoubleStorage", 2));
        SAMPLE.put("bn.weight", Tensor.contiguous("2", "HalfStorage", 4));
        SAMPLE.put("bn.num_batches_tracked", Tensor.contiguous("3", "LongStorage"));
        SAMPLE.put("t", new Tensor("0", "FloatStorage", 6, 1, new long[] {2, 2}, new long[] {1, 3}));
        SAMPLE_STORAGES.put("0", floats(0, 1, 2, 3, 4, 5));
        SAMPLE_STORAGES.put("1", doubles(0.25, -1e10));
        // 1.5, −2, 65504 (the largest half), 2^-24 (the smallest subnormal)
        SAMPLE_STORAGES.put("2", halves(0x3e00, 0xc000, 0x7bff, 0x0001));
        SAMPLE_STORAGES.put("3", longs(1234567890123L));
        SAMPLE_COUNTS.putAll(Map.of("0", 6L, "1", 2L, "2", 4L, "3", 1L));
    }

    static List<String> sampleKeys() {
        return List.copyOf(SAMPLE.keySet());
    }
}
