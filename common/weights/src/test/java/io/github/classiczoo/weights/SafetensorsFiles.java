package io.github.classiczoo.weights;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** .safetensors files written here as the format describes them: header length, JSON header, data. */
final class SafetensorsFiles {

    private SafetensorsFiles() {
    }

    /** One tensor: its dtype, shape and little-endian bytes. */
    record Tensor(String dtype, long[] shape, byte[] data) {
    }

    /** A file of {@code tensors} laid out one after another in the given order, with optional {@code __metadata__}. */
    static Path write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        StringBuilder h = new StringBuilder("{");
        List<byte[]> data = new ArrayList<>();
        long at = 0;
        if (metadata != null) {
            h.append("\"__metadata__\":{");
            h.append(String.join(",", metadata.entrySet().stream().map(e -> quote(e.getKey()) + ":" + quote(e.getValue())).toList()));
            h.append("},");
        }
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Tensor t = e.getValue();
            h.append(quote(e.getKey())).append(":{\"dtype\":\"").append(t.dtype()).append("\",\"shape\":")
                    .append(Arrays.toString(t.shape()).replace(" ", "")).append(",\"data_offsets\":[").append(at).append(',')
                    .append(at + t.data().length).append("]},");
            at += t.data().length;
            data.add(t.data());
        }
        h.setLength(h.length() - (h.length() > 1 ? 1 : 0));
        h.append('}');
        return raw(file, h.toString(), data.toArray(byte[][]::new));
    }

    /** A file of a given header text (padded with spaces to a multiple of 8, as the format's writer does) and data. */
    static Path raw(Path file, String header, byte[]... data) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        int padded = (h.length + 7) / 8 * 8;
        try (OutputStream o = Files.newOutputStream(file)) {
            o.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
            o.write(h);
            o.write(" ".repeat(padded - h.length).getBytes(StandardCharsets.US_ASCII));
            for (byte[] d : data) {
                o.write(d);
            }
        }
        return file;
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
