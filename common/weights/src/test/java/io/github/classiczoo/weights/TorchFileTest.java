package io.github.classiczoo.weights;

import static io.github.classiczoo.weights.TorchFiles.SAMPLE;
import static io.github.classiczoo.weights.TorchFiles.SAMPLE_COUNTS;
import static io.github.classiczoo.weights.TorchFiles.SAMPLE_STORAGES;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.classiczoo.weights.TorchFiles.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** torch.save files written byte by byte here (no Python) read back: both formats, every element type, views, wrappers. */
class TorchFileTest {

    @TempDir
    Path dir;

    /** The values {@link TorchFiles#SAMPLE} holds, as the reader must give them. */
    static void assertSample(Map<String, INDArray> t, String prefix) {
        assertEquals(TorchFiles.sampleKeys().stream().map(k -> prefix + k).toList(), List.copyOf(t.keySet()), "keys in the file's order");
        INDArray w = t.get(prefix + "conv.weight");
        assertEquals(DataType.FLOAT, w.dataType());
        assertArrayEquals(new long[] {2, 3}, w.shape());
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, w.data().asFloat());
        INDArray b = t.get(prefix + "conv.bias");
        assertEquals(DataType.FLOAT, b.dataType(), "float64 is read as float32");
        assertArrayEquals(new float[] {0.25f, -1e10f}, b.data().asFloat());
        INDArray h = t.get(prefix + "bn.weight");
        assertEquals(DataType.FLOAT, h.dataType(), "float16 is read as float32");
        assertArrayEquals(new float[] {1.5f, -2f, 65504f, 0x1p-24f}, h.data().asFloat());
        INDArray n = t.get(prefix + "bn.num_batches_tracked");
        assertEquals(DataType.LONG, n.dataType());
        assertEquals(0, n.rank());
        assertEquals(1234567890123L, n.getLong(0));
        INDArray v = t.get(prefix + "t"); // storage elements 1, 4 / 2, 5: offset 1, strides (1, 3)
        assertArrayEquals(new long[] {2, 2}, v.shape());
        assertEquals(1f, v.getFloat(0, 0));
        assertEquals(4f, v.getFloat(0, 1));
        assertEquals(2f, v.getFloat(1, 0));
        assertEquals(5f, v.getFloat(1, 1));
    }

    @Test
    void zipFormat() throws Exception {
        Path f = TorchFiles.zip(dir.resolve("sd.pth"), TorchFiles.pickle(SAMPLE, null, false), SAMPLE_STORAGES, Map.of());
        assertSample(TorchFile.read(f), "");
    }

    @Test
    void legacyFormat() throws Exception {
        Path f = TorchFiles.legacy(dir.resolve("sd.pt"), TorchFiles.pickle(SAMPLE, null, true), SAMPLE_STORAGES, SAMPLE_COUNTS);
        assertSample(TorchFile.read(f), "");
    }

    @Test
    void wrappedCheckpointsAndDataParallelPrefix() throws Exception {
        Map<String, Tensor> prefixed = new LinkedHashMap<>();
        SAMPLE.forEach((k, v) -> prefixed.put("module." + k, v));
        for (String wrap : TorchFile.WRAPPERS) {
            Path z = TorchFiles.zip(dir.resolve(wrap + ".pth"), TorchFiles.pickle(prefixed, wrap, false), SAMPLE_STORAGES, Map.of());
            assertSample(TorchFile.read(z), "");
            Path l = TorchFiles.legacy(dir.resolve(wrap + ".pt"), TorchFiles.pickle(prefixed, wrap, true), SAMPLE_STORAGES, SAMPLE_COUNTS);
            assertSample(TorchFile.read(l), "");
        }
        // a prefix on some keys only is not DataParallel's: kept
        Map<String, Tensor> mixed = new LinkedHashMap<>(SAMPLE);
        mixed.put("module.extra", SAMPLE.get("conv.weight"));
        Path m = TorchFiles.zip(dir.resolve("mixed.pth"), TorchFiles.pickle(mixed, null, false), SAMPLE_STORAGES, Map.of());
        assertEquals("module.extra", List.copyOf(TorchFile.read(m).keySet()).get(5));
    }

    /** PyTorch ≥ 2.1 writes a byteorder record; a big-endian writer's storages are big-endian. */
    @Test
    void byteOrderRecord() throws Exception {
        Map<String, Tensor> one = Map.of("w", Tensor.contiguous("0", "FloatStorage", 3));
        byte[] big = ByteBuffer.allocate(12).order(ByteOrder.BIG_ENDIAN).putFloat(1.5f).putFloat(-3f).putFloat(7f).array();
        Path f = TorchFiles.zip(dir.resolve("big.pth"), TorchFiles.pickle(one, null, false), Map.of("0", big),
                Map.of("byteorder", "big".getBytes(StandardCharsets.US_ASCII)));
        assertArrayEquals(new float[] {1.5f, -3f, 7f}, TorchFile.read(f).get("w").data().asFloat());
        Path l = TorchFiles.zip(dir.resolve("little.pth"), TorchFiles.pickle(one, null, false), Map.of("0", TorchFiles.floats(1.5f, -3f, 7f)),
                Map.of("byteorder", "little".getBytes(StandardCharsets.US_ASCII)));
        assertArrayEquals(new float[] {1.5f, -3f, 7f}, TorchFile.read(l).get("w").data().asFloat());
    }

    /** Every stride pattern of a rank-3 view against the element it must pick (offset + Σ index × stride). */
    @Test
    void viewsPickTheirElements() throws Exception {
        float[] storage = new float[64];
        for (int i = 0; i < storage.length; i++) {
            storage[i] = i;
        }
        long[][] strides = {{12, 4, 1}, {1, 2, 6}, {0, 4, 1}, {20, 1, 5}, {3, 0, 7}};
        long[] shape = {2, 3, 2};
        for (long[] stride : strides) {
            Map<String, Tensor> one = Map.of("v", new Tensor("0", "FloatStorage", 64, 5, shape, stride));
            Path f = TorchFiles.zip(dir.resolve("v.pth"), TorchFiles.pickle(one, null, false), Map.of("0", TorchFiles.floats(storage)), Map.of());
            INDArray v = TorchFile.read(f).get("v");
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 3; j++) {
                    for (int k = 0; k < 2; k++) {
                        assertEquals(5 + i * stride[0] + j * stride[1] + k * stride[2], v.getFloat(i, j, k), 0, java.util.Arrays.toString(stride));
                    }
                }
            }
        }
    }

    @Test
    void halfPrecisionSpecialValues() {
        assertEquals(Float.POSITIVE_INFINITY, ElementType.halfToFloat((short) 0x7c00));
        assertEquals(Float.NEGATIVE_INFINITY, ElementType.halfToFloat((short) 0xfc00));
        assertEquals(true, Float.isNaN(ElementType.halfToFloat((short) 0x7e00)));
        assertEquals(-0f, ElementType.halfToFloat((short) 0x8000));
        assertEquals(6.1035156e-5f, ElementType.halfToFloat((short) 0x0400)); // smallest normal, 2^-14
        assertEquals(-0x3ffp-24f, ElementType.halfToFloat((short) 0x83ff)); // largest subnormal, negative
        assertEquals(0.333251953125f, ElementType.halfToFloat((short) 0x3555));
    }
}
