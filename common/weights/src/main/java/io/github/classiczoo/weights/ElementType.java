package io.github.classiczoo.weights;

import io.github.classiczoo.core.model.ModelZip;
import io.github.classiczoo.core.util.ZooException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The element types a weight file's tensors may have, by their names in PyTorch ({@code torch.FloatStorage}) and in
 * safetensors ({@code F32}). Floating-point values are read as float32, integers and booleans as int64 (a batch norm's
 * {@code num_batches_tracked} is the int64 a state_dict usually has).
 */
enum ElementType {
    FLOAT32("FloatStorage", "F32", 4),
    FLOAT64("DoubleStorage", "F64", 8),
    FLOAT16("HalfStorage", "F16", 2),
    BFLOAT16("BFloat16Storage", "BF16", 2),
    INT64("LongStorage", "I64", 8),
    INT32("IntStorage", "I32", 4),
    INT16("ShortStorage", "I16", 2),
    INT8("CharStorage", "I8", 1),
    UINT8("ByteStorage", "U8", 1),
    BOOL("BoolStorage", "BOOL", 1);

    /** The most dimensions a tensor may have (torch allows 64; weights have at most 4 or 5). */
    static final int MAX_RANK = 32;

    /** torch's storage class, without the module: {@code torch.FloatStorage} is {@code FloatStorage}. */
    final String storage;
    /** safetensors' {@code dtype}. */
    final String safetensors;
    /** bytes per element */
    final int width;

    ElementType(String storage, String safetensors, int width) {
        this.storage = storage;
        this.safetensors = safetensors;
        this.width = width;
    }

    boolean floating() {
        return this == FLOAT32 || this == FLOAT64 || this == FLOAT16 || this == BFLOAT16;
    }

    /** What a message calls it: {@code float32}, {@code int64}, ... */
    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    static ElementType ofStorage(String name) {
        return Arrays.stream(values()).filter(t -> t.storage.equals(name)).findFirst().orElse(null);
    }

    static ElementType ofSafetensors(String dtype) {
        return Arrays.stream(values()).filter(t -> t.safetensors.equals(dtype)).findFirst().orElse(null);
    }

    /**
     * The number of elements of {@code shape}; refused (naming {@code what}) when a dimension is negative or the count
     * exceeds {@link ModelZip#maxParams()} or what one Java array holds.
     */
    static long count(long[] shape, String what) {
        if (shape.length > MAX_RANK) {
            throw new ZooException(what + " has " + shape.length + " dimensions; at most " + MAX_RANK + " are read");
        }
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new ZooException(what + " has a negative dimension: shape " + Arrays.toString(shape));
            }
            if (d > 0 && n > ModelZip.maxParams() / d) {
                throw new ZooException(String.format(Locale.ROOT, "%s declares shape %s: more than %,d values; refused (-D%s=N raises the limit)",
                        what, Arrays.toString(shape), ModelZip.maxParams(), ModelZip.MAX_PARAMS_PROPERTY));
            }
            n *= d;
        }
        if (n > Integer.MAX_VALUE - 16) {
            throw new ZooException(String.format(Locale.ROOT, "%s declares %,d values: more than one array holds here", what, n));
        }
        return n;
    }

    /**
     * The tensor of {@code shape} and {@code stride} (in elements) starting at element {@code offset} of {@code data},
     * copied into a new C-order array: float32 for floating types, int64 otherwise. The caller has checked that every
     * element the view reaches lies inside {@code data} ({@link #lastElement}).
     */
    INDArray decode(ByteBuffer data, long offset, long[] shape, long[] stride) {
        int n = (int) count(shape, "a tensor");
        ByteBuffer b = data.duplicate().order(data.order());
        if (n == 0) {
            return Nd4j.create(floating() ? DataType.FLOAT : DataType.LONG, shape);
        }
        long[] index = new long[shape.length];
        if (floating()) {
            float[] v = new float[n];
            if (this == FLOAT32 && contiguous(shape, stride)) {
                b.position((int) (offset * width));
                b.slice().order(data.order()).asFloatBuffer().get(v);
            } else {
                for (int i = 0; i < n; i++) {
                    v[i] = readFloat(b, (int) (at(offset, stride, index) * width));
                    next(index, shape);
                }
            }
            return shape.length == 0 ? Nd4j.scalar(v[0]) : Nd4j.create(v, shape, 'c');
        }
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = readLong(b, (int) (at(offset, stride, index) * width));
            next(index, shape);
        }
        return shape.length == 0 ? Nd4j.scalar(v[0]) : Nd4j.createFromArray(v).reshape('c', shape);
    }

    /**
     * The index of the last element a view reaches (offset + Σ (size − 1) × stride), or −1 when it has no elements;
     * refused when a stride or the offset is negative or the sum overflows.
     */
    static long lastElement(long offset, long[] shape, long[] stride, String what) {
        if (shape.length != stride.length) {
            throw new ZooException(what + " has " + shape.length + " dimensions but " + stride.length + " strides");
        }
        if (offset < 0) {
            throw new ZooException(what + " starts at a negative storage offset (" + offset + ")");
        }
        long last = offset;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == 0) {
                return -1;
            }
        }
        for (int i = 0; i < shape.length; i++) {
            if (stride[i] < 0) {
                throw new ZooException(what + " has a negative stride: " + Arrays.toString(stride));
            }
            try {
                last = Math.addExact(last, Math.multiplyExact(shape[i] - 1, stride[i]));
            } catch (ArithmeticException e) {
                throw new ZooException(what + " reaches beyond any storage: shape " + Arrays.toString(shape) + ", stride " + Arrays.toString(stride));
            }
        }
        return last;
    }

    private static boolean contiguous(long[] shape, long[] stride) {
        long expect = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && stride[i] != expect) {
                return false;
            }
            expect *= shape[i];
        }
        return true;
    }

    private static long at(long offset, long[] stride, long[] index) {
        long p = offset;
        for (int i = 0; i < index.length; i++) {
            p += index[i] * stride[i];
        }
        return p;
    }

    /** Advances a C-order index by one element. */
    private static void next(long[] index, long[] shape) {
        for (int i = index.length - 1; i >= 0; i--) {
            if (++index[i] < shape[i]) {
                return;
            }
            index[i] = 0;
        }
    }

    private float readFloat(ByteBuffer b, int at) {
        return switch (this) {
            case FLOAT32 -> b.getFloat(at);
            case FLOAT64 -> (float) b.getDouble(at);
            case FLOAT16 -> halfToFloat(b.getShort(at));
            case BFLOAT16 -> Float.intBitsToFloat((b.getShort(at) & 0xffff) << 16);
            default -> throw new IllegalStateException(name());
        };
    }

    private long readLong(ByteBuffer b, int at) {
        return switch (this) {
            case INT64 -> b.getLong(at);
            case INT32 -> b.getInt(at);
            case INT16 -> b.getShort(at);
            case INT8 -> b.get(at);
            case UINT8 -> b.get(at) & 0xff;
            case BOOL -> b.get(at) != 0 ? 1 : 0;
            default -> throw new IllegalStateException(name());
        };
    }

    /** IEEE 754 binary16 → binary32, exactly (every half is a float). */
    static float halfToFloat(short h) {
        int sign = (h & 0x8000) << 16, exp = (h >>> 10) & 0x1f, mant = h & 0x3ff;
        if (exp == 0x1f) { // infinity or NaN
            return Float.intBitsToFloat(sign | 0x7f800000 | mant << 13);
        }
        if (exp == 0) {
            if (mant == 0) {
                return Float.intBitsToFloat(sign);
            }
            float v = mant * 0x1p-24f; // subnormal: mant × 2^-24, exact in float
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | (exp + 112) << 23 | mant << 13);
    }
}
