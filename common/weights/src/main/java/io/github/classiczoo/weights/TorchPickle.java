package io.github.classiczoo.weights;

import io.github.classiczoo.core.util.ZooException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A restricted unpickler for what {@code torch.save} writes of a state_dict, in the spirit of
 * {@code torch.load(weights_only=True)}: Python's pickle machine for the opcodes such a file uses (protocol 2, which torch
 * writes, plus the few protocol 3–4 opcodes that carry the same kinds of values), and no Python objects at all. The only
 * globals it knows are {@code collections.OrderedDict}, {@code torch._utils._rebuild_tensor_v2},
 * {@code torch._utils._rebuild_parameter} and torch's storage classes ({@link ElementType}); any other global — the way
 * a pickle runs code, e.g. {@code os.system} — is refused by name when the opcode naming it is read, before it could be
 * called. A tensor becomes a {@link TensorRef} (storage, offset, shape, strides), a storage a {@link StorageRef}: the
 * bytes are read by the caller, which checks them against the file.
 *
 * <p>Values: {@code None} is {@link #NONE}, booleans {@link Boolean}, integers {@link Long} (or {@link BigInteger}),
 * floats {@link Double}, strings {@link String}, bytes {@link Bytes}, tuples {@link Tuple}, lists {@link ArrayList},
 * dicts (and OrderedDicts) {@link LinkedHashMap}.
 *
 * <p>Bounds, so that a hostile pickle costs at most a small multiple of its own length: the stack and the memo hold at
 * most {@value #MAX_ITEMS} entries, marks and tuples nest at most {@value #MAX_DEPTH} deep, a string or bytes value is
 * no longer than what is left of the pickle, and dict keys must be hashable (strings, numbers, tuples of them).
 */
final class TorchPickle {

    /** How deep marks and tuples may nest (a state_dict pickle nests 4 deep). */
    static final int MAX_DEPTH = 100;
    /** The most entries the stack or the memo may hold (ResNet-152's state_dict memoises ~4,000 values). */
    static final int MAX_ITEMS = 1 << 20;

    /** Python's None (null cannot sit on a stack or in a list here). */
    static final Object NONE = new Object() {
        @Override
        public String toString() {
            return "None";
        }
    };

    /** A tuple: immutable, hashable if its items are; {@code depth} counts nested tuples. */
    record Tuple(List<Object> items, int depth) {
        static Tuple of(List<Object> items) {
            int d = 0;
            for (Object o : items) {
                if (o instanceof Tuple t) {
                    d = Math.max(d, t.depth);
                }
            }
            return new Tuple(List.copyOf(items), d + 1);
        }
    }

    /** Python bytes. */
    record Bytes(byte[] value) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Bytes b && Arrays.equals(value, b.value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }
    }

    /** A storage named by a persistent id: its key in the file, element type and element count. */
    record StorageRef(String key, ElementType type, long count) {
    }

    /** A tensor: a view of a storage, as {@code torch._utils._rebuild_tensor_v2} receives it. */
    record TensorRef(StorageRef storage, long offset, long[] shape, long[] stride) {
    }

    /** The globals a state_dict needs, beyond the storage classes. */
    private enum Function {
        ORDERED_DICT("collections", "OrderedDict"),
        REBUILD_TENSOR_V2("torch._utils", "_rebuild_tensor_v2"),
        REBUILD_PARAMETER("torch._utils", "_rebuild_parameter");

        final String module, name;

        Function(String module, String name) {
            this.module = module;
            this.name = name;
        }
    }

    /** A storage class ({@code torch.FloatStorage}) as a value on the stack. */
    private record StorageClass(ElementType type) {
    }

    private static final Object MARK = new Object();

    private final InputStream in;
    private final String what;
    private long left;
    private long pos;
    private final Deque<Object> stack = new ArrayDeque<>();
    private final Deque<Integer> marks = new ArrayDeque<>();
    private final Map<Long, Object> memo = new HashMap<>();
    private final Map<String, StorageRef> storages;

    private TorchPickle(InputStream in, long start, long length, String what, Map<String, StorageRef> storages) {
        this.in = in;
        this.pos = start;
        this.left = length;
        this.what = what;
        this.storages = storages;
    }

    /**
     * Reads one pickle from {@code in} up to and including its STOP opcode (no byte after it), refusing it if it needs
     * more than {@code length} bytes. {@code what} names it in messages ({@code r18.pth: data.pkl}), {@code start} is
     * where it begins there; storages it names are added to {@code storages} by key (one key always names one storage).
     */
    static Object load(InputStream in, long start, long length, String what, Map<String, StorageRef> storages) throws IOException {
        return new TorchPickle(in, start, length, what, storages).run();
    }

    private ZooException refuse(long at, String message) {
        return new ZooException(what + " at byte " + at + ": " + message);
    }

    private Object run() throws IOException {
        while (true) {
            long at = pos;
            int op = u8();
            switch (op) {
                case 0x80 -> { // PROTO
                    int p = u8();
                    if (p > 5) {
                        throw refuse(at, "pickle protocol " + p + " is newer than any Python writes");
                    }
                }
                case 0x95 -> bytes(8); // FRAME: a length hint only
                case '.' -> { // STOP
                    Object top = pop(at);
                    if (!marks.isEmpty()) {
                        throw refuse(at, "the pickle stops inside a MARK");
                    }
                    return top;
                }
                case '(' -> { // MARK
                    if (marks.size() >= MAX_DEPTH) {
                        throw refuse(at, "marks nest deeper than " + MAX_DEPTH + " levels; a state_dict nests a few");
                    }
                    marks.push(stack.size());
                }
                case '0' -> pop(at); // POP
                case '1' -> popMark(at); // POP_MARK
                case '2' -> push(at, peek(at)); // DUP
                case 'N' -> push(at, NONE);
                case 0x88 -> push(at, Boolean.TRUE); // NEWTRUE
                case 0x89 -> push(at, Boolean.FALSE); // NEWFALSE
                case 'K' -> push(at, (long) u8()); // BININT1
                case 'M' -> push(at, (long) (u8() | u8() << 8)); // BININT2
                case 'J' -> push(at, (long) le(bytes(4)).getInt()); // BININT
                case 0x8a -> push(at, integer(bytes(u8()))); // LONG1
                case 0x8b -> push(at, integer(bytes(length(at, le(bytes(4)).getInt() & 0xffffffffL)))); // LONG4
                case 'G' -> push(at, ByteBuffer.wrap(bytes(8)).order(ByteOrder.BIG_ENDIAN).getDouble()); // BINFLOAT
                case 'X' -> push(at, utf8(at, bytes(length(at, le(bytes(4)).getInt() & 0xffffffffL)))); // BINUNICODE
                case 0x8c -> push(at, utf8(at, bytes(u8()))); // SHORT_BINUNICODE
                case 0x8d -> push(at, utf8(at, bytes(length(at, le(bytes(8)).getLong())))); // BINUNICODE8
                case 'U' -> push(at, utf8(at, bytes(u8()))); // SHORT_BINSTRING (Python 2 str; torch.load decodes UTF-8)
                case 'T' -> push(at, utf8(at, bytes(length(at, le(bytes(4)).getInt() & 0xffffffffL)))); // BINSTRING
                case 'C' -> push(at, new Bytes(bytes(u8()))); // SHORT_BINBYTES
                case 'B' -> push(at, new Bytes(bytes(length(at, le(bytes(4)).getInt() & 0xffffffffL)))); // BINBYTES
                case ')' -> push(at, Tuple.of(List.of())); // EMPTY_TUPLE
                case 't' -> push(at, tuple(at, popMark(at))); // TUPLE
                case 0x85, 0x86, 0x87 -> { // TUPLE1, TUPLE2, TUPLE3
                    int n = op - 0x84;
                    Object[] items = new Object[n];
                    for (int i = n - 1; i >= 0; i--) {
                        items[i] = pop(at);
                    }
                    push(at, tuple(at, Arrays.asList(items)));
                }
                case ']' -> push(at, new ArrayList<>()); // EMPTY_LIST
                case 'l' -> push(at, new ArrayList<>(popMark(at))); // LIST
                case 'a' -> { // APPEND
                    Object v = pop(at);
                    list(at, peek(at)).add(v);
                }
                case 'e' -> { // APPENDS
                    List<Object> items = popMark(at);
                    list(at, peek(at)).addAll(items);
                }
                case '}' -> push(at, new LinkedHashMap<>()); // EMPTY_DICT
                case 'd' -> { // DICT
                    Map<Object, Object> d = new LinkedHashMap<>();
                    putAll(at, d, popMark(at));
                    push(at, d);
                }
                case 's' -> { // SETITEM
                    Object v = pop(at), k = pop(at);
                    dict(at, peek(at)).put(key(at, k), v);
                }
                case 'u' -> { // SETITEMS
                    List<Object> items = popMark(at);
                    putAll(at, dict(at, peek(at)), items);
                }
                case 'q' -> memoize(at, u8()); // BINPUT
                case 'r' -> memoize(at, le(bytes(4)).getInt() & 0xffffffffL); // LONG_BINPUT
                case 0x94 -> memoize(at, memo.size()); // MEMOIZE
                case 'h' -> recall(at, u8()); // BINGET
                case 'j' -> recall(at, le(bytes(4)).getInt() & 0xffffffffL); // LONG_BINGET
                case 'c' -> push(at, global(at, line(at), line(at))); // GLOBAL
                case 0x93 -> { // STACK_GLOBAL
                    Object name = pop(at), module = pop(at);
                    if (!(module instanceof String m) || !(name instanceof String n)) {
                        throw refuse(at, "STACK_GLOBAL needs two strings");
                    }
                    push(at, global(at, m, n));
                }
                case 'R' -> { // REDUCE
                    Object args = pop(at), f = pop(at);
                    if (!(args instanceof Tuple t)) {
                        throw refuse(at, "REDUCE needs a tuple of arguments, not " + kind(args));
                    }
                    push(at, call(at, f, t.items()));
                }
                case 'b' -> { // BUILD: an OrderedDict's attributes (a state_dict's _metadata) are not needed
                    Object state = pop(at);
                    if (!(peek(at) instanceof LinkedHashMap) || !(state instanceof Map)) {
                        throw refuse(at, "BUILD sets the state of " + kind(peek(at)) + "; only a dict's attributes are read");
                    }
                }
                case 'Q' -> push(at, storage(at, pop(at))); // BINPERSID
                default -> throw refuse(at, String.format(Locale.ROOT, "opcode 0x%02x%s is not one a state_dict uses; refused", op,
                        op >= 0x20 && op < 0x7f ? " ('" + (char) op + "')" : ""));
            }
        }
    }

    // ---- reading -------------------------------------------------------------------------------------------------------

    private int u8() throws IOException {
        if (left < 1) {
            throw refuse(pos, "the pickle ends without a STOP opcode");
        }
        int b = in.read();
        if (b < 0) {
            throw refuse(pos, "the pickle ends without a STOP opcode");
        }
        left--;
        pos++;
        return b;
    }

    private byte[] bytes(int n) throws IOException {
        if (n > left) {
            throw refuse(pos, "a value of " + n + " bytes runs past the end of the pickle (" + left + " bytes left)");
        }
        byte[] b = in.readNBytes(n);
        if (b.length < n) {
            throw refuse(pos, "the pickle is truncated");
        }
        left -= n;
        pos += n;
        return b;
    }

    /** A declared length, checked against what is left before anything is allocated for it. */
    private int length(long at, long n) {
        if (n < 0 || n > left) {
            throw refuse(at, "a value of " + Long.toUnsignedString(n) + " bytes runs past the end of the pickle (" + left + " bytes left)");
        }
        return (int) n;
    }

    /** A newline-terminated ASCII line (GLOBAL's module and name), at most 256 characters. */
    private String line(long at) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c = u8(); c != '\n'; c = u8()) {
            if (c < 0x20 || c > 0x7e || sb.length() >= 256) {
                throw refuse(at, "GLOBAL names something that is not a Python name");
            }
            sb.append((char) c);
        }
        return sb.toString();
    }

    private static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** A two's-complement little-endian integer (LONG1/LONG4). */
    private static Object integer(byte[] le) {
        if (le.length == 0) {
            return 0L;
        }
        byte[] be = new byte[le.length];
        for (int i = 0; i < le.length; i++) {
            be[i] = le[le.length - 1 - i];
        }
        BigInteger v = new BigInteger(be);
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    private String utf8(long at, byte[] b) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw refuse(at, "a string is not UTF-8");
        }
    }

    // ---- the machine ---------------------------------------------------------------------------------------------------

    private void push(long at, Object o) {
        if (stack.size() >= MAX_ITEMS) {
            throw refuse(at, "the stack grows past " + MAX_ITEMS + " entries");
        }
        stack.push(o);
    }

    private Object pop(long at) {
        if (stack.isEmpty() || (!marks.isEmpty() && marks.peek() == stack.size())) {
            throw refuse(at, "an opcode needs a value the stack does not have");
        }
        return stack.pop();
    }

    private Object peek(long at) {
        if (stack.isEmpty() || (!marks.isEmpty() && marks.peek() == stack.size())) {
            throw refuse(at, "an opcode needs a value the stack does not have");
        }
        return stack.peek();
    }

    /** The items pushed since the last MARK, in push order; the mark is removed. */
    private List<Object> popMark(long at) {
        if (marks.isEmpty()) {
            throw refuse(at, "an opcode needs a MARK the stack does not have");
        }
        int n = stack.size() - marks.pop();
        Object[] items = new Object[n];
        for (int i = n - 1; i >= 0; i--) {
            items[i] = stack.pop();
        }
        return Arrays.asList(items);
    }

    private Tuple tuple(long at, List<Object> items) {
        Tuple t = Tuple.of(items);
        if (t.depth() > MAX_DEPTH) {
            throw refuse(at, "tuples nest deeper than " + MAX_DEPTH + " levels; a state_dict nests a few");
        }
        return t;
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(long at, Object o) {
        if (o instanceof ArrayList<?> l) {
            return (List<Object>) l;
        }
        throw refuse(at, "APPEND to " + kind(o) + ", not a list");
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> dict(long at, Object o) {
        if (o instanceof LinkedHashMap<?, ?> m) {
            return (Map<Object, Object>) m;
        }
        throw refuse(at, "SETITEM on " + kind(o) + ", not a dict");
    }

    private void putAll(long at, Map<Object, Object> d, List<Object> items) {
        if (items.size() % 2 != 0) {
            throw refuse(at, "a dict's items come in key/value pairs; " + items.size() + " values follow the MARK");
        }
        for (int i = 0; i < items.size(); i += 2) {
            d.put(key(at, items.get(i)), items.get(i + 1));
        }
    }

    /** A dict key: hashable as in Python (strings, numbers, None, bytes and tuples of them). */
    private Object key(long at, Object k) {
        if (!hashable(k)) {
            throw refuse(at, "a dict key is " + kind(k) + ", which Python cannot hash either");
        }
        return k;
    }

    private static boolean hashable(Object k) {
        if (k instanceof Tuple t) { // depth ≤ MAX_DEPTH, checked when it was built
            return t.items().stream().allMatch(TorchPickle::hashable);
        }
        return k instanceof String || k instanceof Long || k instanceof BigInteger || k instanceof Double || k instanceof Boolean
                || k instanceof Bytes || k == NONE || k instanceof StorageClass || k instanceof Function;
    }

    private void memoize(long at, long index) {
        Object top = peek(at);
        if (memo.size() >= MAX_ITEMS && !memo.containsKey(index)) {
            throw refuse(at, "the memo grows past " + MAX_ITEMS + " entries");
        }
        memo.put(index, top);
    }

    private void recall(long at, long index) {
        Object o = memo.get(index);
        if (o == null) {
            throw refuse(at, "memo entry " + index + " is read before it is written");
        }
        push(at, o);
    }

    /** A global the reader knows, or a refusal naming it. */
    private Object global(long at, String module, String name) {
        for (Function f : Function.values()) {
            if (f.module.equals(module) && f.name.equals(name)) {
                return f;
            }
        }
        if (module.equals("torch") && ElementType.ofStorage(name) != null) {
            return new StorageClass(ElementType.ofStorage(name));
        }
        String hint = module.equals("torch") && name.endsWith("Storage") ? " (a storage type the reader does not convert)"
                : module.startsWith("torch") || module.startsWith("__torch__") || module.startsWith("torchvision")
                ? " (a state_dict holds tensors only: save model.state_dict(), not the model)" : "";
        throw refuse(at, "the pickle names the global " + module + "." + name + hint + "; only collections.OrderedDict, "
                + "torch._utils._rebuild_tensor_v2, torch._utils._rebuild_parameter and torch's storage types are allowed; refused");
    }

    private Object call(long at, Object f, List<Object> args) {
        if (!(f instanceof Function fn)) {
            throw refuse(at, "REDUCE calls " + kind(f) + ", which is not a function the reader knows");
        }
        switch (fn) {
            case ORDERED_DICT -> {
                Map<Object, Object> d = new LinkedHashMap<>();
                if (args.size() == 1 && args.get(0) instanceof List<?> pairs) {
                    for (Object p : pairs) {
                        if (!(p instanceof Tuple t) || t.items().size() != 2) {
                            throw refuse(at, "OrderedDict(...) takes (key, value) pairs");
                        }
                        d.put(key(at, t.items().get(0)), t.items().get(1));
                    }
                } else if (!args.isEmpty()) {
                    throw refuse(at, "OrderedDict(...) with " + args.size() + " arguments");
                }
                return d;
            }
            case REBUILD_TENSOR_V2 -> {
                // (storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])
                if (args.size() < 6 || args.size() > 7 || !(args.get(0) instanceof StorageRef s)) {
                    throw refuse(at, "_rebuild_tensor_v2 takes a storage and 5 or 6 more arguments");
                }
                long[] shape = longs(at, args.get(2), "size"), stride = longs(at, args.get(3), "stride");
                if (!(args.get(1) instanceof Long offset)) {
                    throw refuse(at, "_rebuild_tensor_v2's storage offset is " + kind(args.get(1)) + ", not an integer");
                }
                return new TensorRef(s, offset, shape, stride);
            }
            case REBUILD_PARAMETER -> { // (data, requires_grad, backward_hooks): a Parameter is its tensor here
                if (args.size() != 3 || !(args.get(0) instanceof TensorRef t)) {
                    throw refuse(at, "_rebuild_parameter takes a tensor and 2 more arguments");
                }
                return t;
            }
            default -> throw new IllegalStateException(fn.name());
        }
    }

    private long[] longs(long at, Object o, String name) {
        if (!(o instanceof Tuple t) || t.items().size() > ElementType.MAX_RANK) {
            throw refuse(at, "a tensor's " + name + " is " + kind(o) + ", not a tuple of at most " + ElementType.MAX_RANK + " integers");
        }
        long[] v = new long[t.items().size()];
        for (int i = 0; i < v.length; i++) {
            if (!(t.items().get(i) instanceof Long l)) {
                throw refuse(at, "a tensor's " + name + " holds " + kind(t.items().get(i)) + ", not an integer");
            }
            v[i] = l;
        }
        return v;
    }

    /** A persistent id: ('storage', storage class, key, location, element count[, view metadata]). */
    private StorageRef storage(long at, Object pid) {
        if (!(pid instanceof Tuple t) || t.items().size() < 5 || t.items().size() > 6 || !"storage".equals(t.items().get(0))) {
            throw refuse(at, "a persistent id is not ('storage', type, key, location, size)");
        }
        List<Object> p = t.items();
        if (!(p.get(1) instanceof StorageClass c) || !(p.get(2) instanceof String key) || !(p.get(3) instanceof String)
                || !(p.get(4) instanceof Long count) || count < 0) {
            throw refuse(at, "a persistent id is not ('storage', type, key, location, size)");
        }
        if (p.size() == 6 && p.get(5) != NONE) {
            throw refuse(at, "storage " + key + " is a view of another storage (PyTorch before 1.0); re-save the file with a newer torch");
        }
        StorageRef s = new StorageRef(key, c.type(), count);
        StorageRef seen = storages.putIfAbsent(key, s);
        if (seen != null && !seen.equals(s)) {
            throw refuse(at, "storage " + key + " is named twice with different types or sizes");
        }
        return seen != null ? seen : s;
    }

    /** A value's kind in Python's words, for messages (never the value: it may be huge or hostile). */
    static String kind(Object o) {
        if (o == NONE) {
            return "None";
        }
        if (o instanceof Tuple) {
            return "a tuple";
        }
        if (o instanceof List) {
            return "a list";
        }
        if (o instanceof Map) {
            return "a dict";
        }
        if (o instanceof String) {
            return "a string";
        }
        if (o instanceof Boolean) {
            return "a bool";
        }
        if (o instanceof Long || o instanceof BigInteger) {
            return "an int";
        }
        if (o instanceof Double) {
            return "a float";
        }
        if (o instanceof Bytes) {
            return "bytes";
        }
        if (o instanceof TensorRef) {
            return "a tensor";
        }
        if (o instanceof StorageRef) {
            return "a storage";
        }
        if (o instanceof StorageClass c) {
            return "torch." + c.type().storage;
        }
        if (o instanceof Function f) {
            return f.module + "." + f.name;
        }
        return "something else";
    }
}
