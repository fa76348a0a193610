package io.github.classiczoo.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.classiczoo.core.util.Json;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** {@code torch.save}-format and {@code .safetensors} writing: read back by the zoo's own readers, bit for bit, in the layout torch expects. */
class WeightWritersTest {

    @TempDir
    Path dir;

    static Map<String, INDArray> tensors() {
        Nd4j.getRandom().setSeed(4);
        Map<String, INDArray> t = new LinkedHashMap<>();
        t.put("conv1.weight", Nd4j.randn(DataType.FLOAT, 8, 3, 7, 7));
        t.put("bn1.running_var", Nd4j.rand(DataType.FLOAT, 8));
        t.put("fc.weight", Nd4j.randn(DataType.FLOAT, 10, 8).transpose()); // a view: written in C order
        t.put("fc.bias", Nd4j.randn(DataType.FLOAT, 10));
        return t;
    }

    static void sameTensors(Map<String, INDArray> want, Map<String, INDArray> got) {
        assertEquals(List.copyOf(want.keySet()), List.copyOf(got.keySet()), "keys, in order");
        want.forEach((k, v) -> {
            assertArrayEquals(v.shape(), got.get(k).shape(), k);
            assertArrayEquals(v.dup('c').data().asFloat(), got.get(k).castTo(DataType.FLOAT).dup('c').data().asFloat(), k); // exactly
        });
    }

    @Test
    void torchSaveFormatReadsBackAndIsStoredUncompressed() throws Exception {
        Path f = dir.resolve("w.pth");
        TorchFile.write(f, tensors());
        sameTensors(tensors(), TorchFile.read(f));
        try (ZipFile z = new ZipFile(f.toFile())) {
            assertEquals("3\n", new String(z.getInputStream(z.getEntry("archive/version")).readAllBytes(), StandardCharsets.US_ASCII));
            for (ZipEntry e : java.util.Collections.list(z.entries())) {
                assertEquals(ZipEntry.STORED, e.getMethod(), e.getName());
            }
            assertEquals(8 * 3 * 7 * 7 * 4, z.getEntry("archive/data/0").getSize());
        }
    }

    @Test
    void safetensorsReadsBackWithItsMetadataAndAlignedData() throws Exception {
        Path f = dir.resolve("w.safetensors");
        Safetensors.write(f, tensors(), Map.of("classes", "cat\ndog"));
        sameTensors(tensors(), Safetensors.read(f));
        byte[] raw = Files.readAllBytes(f);
        long n = ByteBuffer.wrap(raw, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, n % 8, "the header is padded to 8 bytes");
        var head = Json.readStrict(new String(raw, 8, (int) n, StandardCharsets.UTF_8).strip());
        assertEquals("cat\ndog", head.get("__metadata__").get("classes").asText());
        assertEquals("F32", head.get("fc.weight").get("dtype").asText());
        assertTrue(head.get("fc.weight").get("shape").toString().equals("[8,10]"), head.get("fc.weight").toString());
    }
}
