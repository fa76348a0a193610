package io.github.classiczoo.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.classiczoo.core.util.ZooException;
import io.github.classiczoo.weights.SafetensorsFiles.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** .safetensors files written here read back (every element type, scalars, empty tensors) and hostile ones refused. */
class SafetensorsTest {

    @TempDir
    Path dir;

    static Map<String, Tensor> sample() {
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("conv.weight", new Tensor("F32", new long[] {2, 3}, TorchFiles.floats(0, 1, 2, 3, 4, 5)));
        t.put("conv.bias", new Tensor("F64", new long[] {2}, TorchFiles.doubles(0.25, -1e10)));
        t.put("bn.weight", new Tensor("F16", new long[] {2}, TorchFiles.halves(0x3e00, 0xc000))); // 1.5, −2
        t.put("bn.bias", new Tensor("BF16", new long[] {2}, TorchFiles.halves(0x3fc0, 0xc040))); // 1.5, −3
        t.put("bn.num_batches_tracked", new Tensor("I64", new long[0], TorchFiles.longs(1234567890123L)));
        t.put("ids", new Tensor("I32", new long[] {2}, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(-7).putInt(70000).array()));
        t.put("mask", new Tensor("BOOL", new long[] {3}, new byte[] {1, 0, 1}));
        t.put("bytes", new Tensor("U8", new long[] {2}, new byte[] {(byte) 200, 3}));
        t.put("small", new Tensor("I8", new long[] {1}, new byte[] {(byte) -100}));
        t.put("empty", new Tensor("F32", new long[] {0, 3}, new byte[0]));
        return t;
    }

    @Test
    void everyElementType() throws IOException {
        Path f = SafetensorsFiles.write(dir.resolve("w.safetensors"), sample(), Map.of("format", "pt"));
        Map<String, INDArray> t = Safetensors.read(f);
        assertEquals(List.copyOf(sample().keySet()), List.copyOf(t.keySet()), "names in the header's order");
        assertArrayEquals(new long[] {2, 3}, t.get("conv.weight").shape());
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, t.get("conv.weight").data().asFloat());
        assertArrayEquals(new float[] {0.25f, -1e10f}, t.get("conv.bias").data().asFloat());
        assertArrayEquals(new float[] {1.5f, -2f}, t.get("bn.weight").data().asFloat());
        assertArrayEquals(new float[] {1.5f, -3f}, t.get("bn.bias").data().asFloat());
        for (String k : List.of("conv.weight", "conv.bias", "bn.weight", "bn.bias", "empty")) {
            assertEquals(DataType.FLOAT, t.get(k).dataType(), k);
        }
        assertEquals(DataType.LONG, t.get("bn.num_batches_tracked").dataType());
        assertEquals(0, t.get("bn.num_batches_tracked").rank());
        assertEquals(1234567890123L, t.get("bn.num_batches_tracked").getLong(0));
        assertArrayEquals(new long[] {-7, 70000}, t.get("ids").data().asLong());
        assertArrayEquals(new long[] {1, 0, 1}, t.get("mask").data().asLong());
        assertArrayEquals(new long[] {200, 3}, t.get("bytes").data().asLong());
        assertArrayEquals(new long[] {-100}, t.get("small").data().asLong());
        assertArrayEquals(new long[] {0, 3}, t.get("empty").shape());
    }

    @Test
    void headerOrderNeedNotBeDataOrder() throws IOException {
        String h = "{\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]},\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}";
        Map<String, INDArray> t = Safetensors.read(SafetensorsFiles.raw(dir.resolve("o.safetensors"), h, TorchFiles.floats(1, 2)));
        assertEquals(1f, t.get("a").getFloat(0));
        assertEquals(2f, t.get("b").getFloat(0));
    }

    static void refused(Path file, String expected) {
        ZooException e = assertThrows(ZooException.class, () -> Safetensors.read(file));
        String m = e.getMessage();
        assertFalse(m.contains("\n"), "one line: " + m);
        assertTrue(m.contains(file.toString()), "names the file: " + m);
        assertTrue(m.contains(expected), "expected '" + expected + "' in: " + m);
    }

    Path header(String h, byte[]... data) throws IOException {
        return SafetensorsFiles.raw(dir.resolve("h.safetensors"), h, data);
    }

    static String one(String dtype, String shape, String offsets) {
        return "{\"w\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":" + offsets + "}}";
    }

    @Test
    void headerLengthsBeyondTheLimitOrTheFile() throws IOException {
        Path f = dir.resolve("len.safetensors");
        Files.write(f, ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN).putLong(0xffff_ffffL).array()); // a 4 GB header
        refused(f, "declares a safetensors header of 4294967295 bytes; at most 100,000,000 are read");
        Files.write(f, ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN).putLong(-1).array());
        refused(f, "declares a safetensors header of 18446744073709551615 bytes");
        Files.write(f, ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN).putLong(1000).array());
        refused(f, "declares a safetensors header of 1,000 bytes but holds 56 bytes after its length");
        Files.write(f, new byte[] {1, 0, 0});
        refused(f, "is not a safetensors file: 3 bytes, fewer than its 8-byte header length");
    }

    @Test
    void offsetsThatDoNotFit() throws IOException {
        byte[] sixteen = TorchFiles.floats(1, 2, 3, 4);
        refused(header(one("F32", "[100]", "[0,400]"), sixteen), "tensor w ends at data byte 400, past the end of the file (16 data bytes)");
        refused(header(one("F32", "[4]", "[0,12]"), sixteen), "tensor w: F32 [4] is 16 bytes, but its data_offsets [0, 12] span 12");
        refused(header(one("F32", "[4]", "[16,0]"), sixteen), "has data_offsets [16, 0], not [BEGIN, END]");
        refused(header(one("F32", "[4]", "[0,16,32]"), sixteen), "has 3 numbers in its data_offsets; at most 2");
        refused(header(one("F32", "[1]", "[4,8]"), sixteen), "tensor w starts at data byte 4 where the data begins at 0");
        refused(header(one("F32", "[2]", "[0,8]"), sixteen), "its tensors end at data byte 8 but the file has 16 data bytes");
        String gap = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}}";
        refused(header(gap, sixteen), "tensor b starts at data byte 8 where the previous tensor ends at 4 (a gap)");
        String overlap = "{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,12]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}";
        refused(header(overlap, sixteen), "tensor b starts at data byte 8 where the previous tensor ends at 12 (an overlap)");
        refused(header(one("F32", "[4]", "[0,18446744073709551616]"), sixteen), "not non-negative integers");
    }

    @Test
    void typesAndShapesThatAreNotWeights() throws IOException {
        byte[] sixteen = TorchFiles.floats(1, 2, 3, 4);
        refused(header(one("F8_E4M3", "[16]", "[0,16]"), sixteen), "tensor w has dtype 'F8_E4M3'; F32, F64, F16, BF16, I64, I32, I16, I8, U8, BOOL are read");
        refused(header(one("F32", "[-4]", "[0,16]"), sixteen), "has shape [-4]: not non-negative integers");
        refused(header(one("F32", "[2.5]", "[0,16]"), sixteen), "has shape [2.5]: not non-negative integers");
        refused(header(one("F32", "[4294967296,4294967296]", "[0,16]"), sixteen), "declares shape [4294967296, 4294967296]");
        refused(header("{\"w\":{\"dtype\":\"F32\",\"shape\":[4]}}", sixteen), "tensor w is not described by dtype, shape and data_offsets");
        refused(header("{\"__metadata__\":{\"n\":1}," + one("F32", "[4]", "[0,16]").substring(1), sixteen), "its __metadata__ is not an object of strings");
        refused(header(one("F32", "[4]", "[0,12]").replace("\"w\"", "\"a\\nb\""), sixteen), "tensor a\\x0ab: F32 [4] is 16 bytes");
    }

    @Test
    void headersThatAreNotStrictJson() throws IOException {
        byte[] sixteen = TorchFiles.floats(1, 2, 3, 4);
        String twice = "{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]},\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}";
        refused(header(twice, sixteen), "its safetensors header is not JSON (Duplicate field 'w'");
        refused(header(one("F32", "[4]", "[0,16]") + "{}", sixteen), "its safetensors header is not JSON");
        refused(header("{\"w\":" + "[".repeat(100_000), sixteen), "its safetensors header is not JSON (JSON nested deeper than 100 levels");
        refused(header("[1]", sixteen), "its header does not start with '{'");
        refused(header("{\"\u00e9\":{}}", sixteen), "tensor \u00e9 is not described"); // UTF-8 names are fine, empty descriptions not
        Path f = dir.resolve("utf.safetensors");
        byte[] bad = {'{', '"', (byte) 0xc3, 0x28, '"', ':', '1', '}'};
        Files.write(f, java.nio.ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(8).put(bad).array());
        refused(f, "its safetensors header is not UTF-8 text");
    }
}
