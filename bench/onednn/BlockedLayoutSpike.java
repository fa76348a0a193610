// BlockedLayoutSpike: what would keeping activations in oneDNN's blocked layouts between layers save, against
// libnd4j's way (every op takes and returns plain NCHW and reorders into oneDNN's layouts and back on each call)?
// A benchmark spike, not production code and not a test. Uses JavaCPP's oneDNN presets (org.bytedeco:dnnl
// 2.5.2-1.5.7) directly, on one ResNet-50 bottleneck block in training mode (fwd + bwd), per stage:
//   conv1x1 -> BN -> ReLU -> conv3x3 -> BN -> ReLU -> conv1x1 -> BN, + identity shortcut, ReLU
//   (a) "plain":   libnd4j's pattern (its conv2d / conv2d_bp / batchnorm oneDNN helpers, reorder for reorder).
//                  Convolution pds are created with format_tag::any; before each call its inputs (activation,
//                  weights; in conv2d_bp x, w and dL/dy twice, once per backward primitive) are reordered from
//                  NCHW/OIHW into the chosen layouts, and so are its outputs' stale contents (libnd4j's
//                  loadDataToMklStream does that for outputs too: "output preloads"); after the call the outputs are
//                  reordered back. BN / ReLU / add run on NCHW, as libnd4j's batchnorm helper does.
//   (b) "blocked": the same primitives (same descriptors, so the same convolution kernels), activations and
//                  gradients kept in whatever layouts the primitives chose; reorders only where a producer's and a
//                  consumer's layouts differ, at the block's edges (x and dL/dy in, y and dL/dx out: "edge"), and for
//                  weights where backward-data wants another layout than forward's or the weight gradient comes in
//                  another layout than the weights' (needed for the update): per step, counted as "weight".
//                  Weights are reordered into forward's layout once, outside the timed loop.
// Convolution pds use forward_inference as the forward kind and as the backward pds' hint, as libnd4j does (oneDNN
// then picks brgconv with NHWC activations for forward but nChw16c for backward, so even (b) reorders between them);
// --fwd-training uses forward_training, what a training framework would use (nChw16c throughout on AVX-512).
// Both ways run interleaved (ABBA...) on the same inputs; the tables give the median step time, the bytes written by
// reorders per step (a reorder reads as many), the time inside reorders and the other primitives, and max |a - b| of
// the outputs and gradients after conversion to NCHW/OIHW, plus a Java check of one convolution at sampled points.
//
// With ND4J on the classpath (run.sh --with-nd4j) it first runs ND4J ops (mmul, conv2d), then checks a JavaCPP oneDNN
// convolution against ND4J's conv2d on the same inputs, runs the spike, and runs ND4J again: libnd4jcpu.so (with its
// own static oneDNN, v2.3.0 in ND4J 1.0.0-M2.1) and JavaCPP's libdnnl.so.2 (v2.5.2) in one process.
//
// Usage: bench/onednn/run.sh [--with-nd4j] [--threads N] [ARGS]   (or java -cp CP bench/onednn/BlockedLayoutSpike.java)
//   --batch N (16)  --iters N (10)  --warmup N (3)  --stages 1,2,3,4 (or 56,28,14,7)  --json  --verbose (layouts and
//   kernels of every primitive)  --fwd-training  --alloc-per-call (plain: allocate each oneDNN-side buffer per call, as
//   libnd4j does; default: once)  --no-nd4j (skip the ND4J checks even with ND4J on the classpath)  --seed N
// Threads: oneDNN's OpenMP runtime reads OMP_NUM_THREADS (run.sh sets 1 unless --threads N).
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.dnnl.*;
import static org.bytedeco.dnnl.global.dnnl.*;
import org.bytedeco.dnnl.global.dnnl.prop_kind;
import org.bytedeco.dnnl.global.dnnl.algorithm;

import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.*;

@SuppressWarnings("unchecked")
public class BlockedLayoutSpike {
    // {H(=W), C (block in/out channels), mid channels}
    static final int[][] STAGES = {{56, 256, 64}, {28, 512, 128}, {14, 1024, 256}, {7, 2048, 512}};
    static final float EPS = 1e-5f;
    // reorder categories (also indices into Pipe.nanos), then the other primitive kinds
    static final int OP = 0, INTERIOR = 1, WEIGHTS = 2, EDGE = 3, CONV = 4, BNORM = 5, ELTWISE = 6, NKIND = 7;
    static final String[] CAT = {"per-op", "interior", "weights", "edge", "conv", "bnorm", "relu/add"};

    static int batch = 16, iters = 10, warmup = 3;
    static long seed = 42;
    static boolean json, verbose, allocPerCall, skipNd4j, fwdTraining;
    static List<Integer> stageSel = new ArrayList<>(List.of(1, 2, 3, 4));

    static engine ENG;   // created lazily (after ND4J's natives, when ND4J runs first)
    static stream STRM;

    // ------------------------------------------------------------------------------------------------ tensors
    static memory.data_type f32() { return memory.data_type.f32; }

    static memory.desc md(long[] dims, memory.format_tag tag) { return new memory.desc(dims, f32(), tag); }

    static memory.format_tag userTag(long[] dims) { return dims.length == 1 ? memory.format_tag.x : memory.format_tag.abcd; }

    /** A oneDNN memory and its descriptor. deferred: no buffer of its own, one is allocated per call (alloc()). */
    static final class T {
        final String name; final long[] dims; final memory.desc desc; final memory mem; final long bytes;
        final boolean deferred; Pointer raw;
        T(String name, long[] dims, memory.desc desc, boolean deferred) {
            this.name = name; this.dims = dims; this.desc = desc; this.bytes = desc.get_size(); this.deferred = deferred;
            this.mem = deferred ? new memory(desc, ENG, (Pointer) null) : new memory(desc, ENG);
        }
        long elems() { long n = 1; for (long d : dims) n *= d; return n; }
        FloatPointer fp() { return new FloatPointer(mem.get_data_handle()); }
        void alloc() {   // as libnd4j's dnnl::memory(md, engine) does per call: a fresh 64-byte aligned malloc
            raw = Pointer.malloc(bytes + 64);
            long a = (raw.address() + 63) & ~63L;
            mem.set_data_handle(new Pointer() { { address = a; } });
        }
        void free() { Pointer.free(raw); raw = null; }
    }

    static final class Exec {
        final String what; final primitive p; final IntMemoryMap args; final int cat;
        Exec(String what, primitive p, IntMemoryMap args, int cat) { this.what = what; this.p = p; this.args = args; this.cat = cat; }
    }

    /** One "op" in libnd4j's sense: its per-call temporaries live from its start to its end. */
    static final class Op {
        final String name; final List<Exec> ex = new ArrayList<>(); final List<T> temps = new ArrayList<>();
        Op(String name) { this.name = name; }
    }

    /** One way of running the block: the list of primitives a step executes, with the reorders it needs. */
    static final class Pipe {
        final String label; final boolean plain;
        final List<Op> ops = new ArrayList<>();
        final Map<T, List<T>> converted = new IdentityHashMap<>();
        final long[] bytes = new long[4]; final int[] count = new int[4]; final long[] nanos = new long[NKIND];
        final List<String> log = new ArrayList<>();
        long allocated, preloadBytes;
        Op cur;

        Pipe(String label, boolean plain) { this.label = label; this.plain = plain; }

        void op(String name) { cur = new Op(name); ops.add(cur); }

        final Map<String, T> named = new LinkedHashMap<>();
        T tensor(String name, long[] dims, memory.desc d) { T t = new T(name, dims, d, false); allocated += t.bytes; named.putIfAbsent(name, t); return t; }

        /** A oneDNN-side buffer of an op: per call in plain mode with --alloc-per-call. */
        T temp(String name, long[] dims, memory.desc d) {
            if (plain && allocPerCall) { T t = new T(name, dims, d, true); cur.temps.add(t); return t; }
            return tensor(name, dims, d);
        }

        void exec(String what, int kind, primitive p, primitive_desc_base pd, Object... kv) {
            IntMemoryMap m = new IntMemoryMap();
            StringBuilder f = new StringBuilder();
            for (int i = 0; i < kv.length; i += 2) {
                T t = (T) kv[i + 1];
                m.put((Integer) kv[i], t.mem);
                if (t.dims.length > 1) f.append(' ').append(t.name).append('=').append(fmt(t.desc));
            }
            cur.ex.add(new Exec(what, p, m, kind));
            log.add(String.format("  %-22s %-22s%s", what, pd.impl_info_str().getString(), f));
        }

        void reorderInto(T src, T dst, int cat) {
            reorder r = new reorder(new reorder.primitive_desc(ENG, src.desc, ENG, dst.desc));
            IntMemoryMap m = new IntMemoryMap();
            m.put(DNNL_ARG_FROM, src.mem);
            m.put(DNNL_ARG_TO, dst.mem);
            cur.ex.add(new Exec("reorder", r, m, cat));
            bytes[cat] += dst.bytes; count[cat]++;
            log.add(String.format("  %-22s %-22s %s %s -> %s (%.1f MB)", "reorder [" + CAT[cat] + "]", "", src.name,
                    fmt(src.desc), fmt(dst.desc), dst.bytes / 1e6));
        }

        /**
         * The oneDNN-side buffer for an op's output (plain way): the user array itself if the layouts agree, else a
         * temporary that libnd4j's loadDataToMklStream also fills from the user array before the op (a reorder of the
         * output's stale contents, counted as "output preload"), to reorder back after it.
         */
        T outputBuffer(T user, memory.desc want, String name) {
            if (want.equals(user.desc)) return user;
            T k = temp(name, user.dims, want);
            reorderInto(user, k, OP);
            preloadBytes += k.bytes;
            return k;
        }

        /** src in layout want: src itself if it already is, else a reorder (blocked mode reuses an earlier one). */
        T ensure(T src, memory.desc want, int cat) {
            if (src.desc.equals(want)) return src;
            if (!plain) for (T c : converted.getOrDefault(src, List.of())) if (c.desc.equals(want)) return c;
            T dst = temp(src.name + "'", src.dims, want);
            if (!plain) converted.computeIfAbsent(src, k -> new ArrayList<>()).add(dst);
            reorderInto(src, dst, cat);
            return dst;
        }

        void step() {
            for (Op o : ops) {
                for (T t : o.temps) t.alloc();
                for (Exec e : o.ex) {
                    try {
                        long t0 = System.nanoTime();
                        e.p.execute(STRM, e.args);   // CPU engine: synchronous, so the time is the primitive's
                        nanos[e.cat] += System.nanoTime() - t0;
                    } catch (RuntimeException x) {
                        throw new IllegalStateException(label + ": " + o.name + ": " + e.what + ": " + x.getMessage(), x);
                    }
                }
                for (T t : o.temps) t.free();
            }
            STRM._wait();
        }

        long reorderBytes() { return bytes[OP] + bytes[INTERIOR] + bytes[WEIGHTS]; }
    }

    /** "aBcd16b" style name of a memory descriptor's layout (nChw16c = aBcd16b, OIhw16i16o = ABcd16b16a). */
    static String fmt(memory.desc d) {
        dnnl_memory_desc_t c = d.data();
        int nd = c.ndims();
        if (c.format_kind() != dnnl_blocked) return "format_kind=" + c.format_kind();
        dnnl_blocking_desc_t b = c.format_desc_blocking();
        long[] st = new long[nd];
        for (int i = 0; i < nd; i++) st[i] = b.strides().get(i);
        boolean[] blk = new boolean[nd];
        StringBuilder inner = new StringBuilder();
        for (int k = 0; k < b.inner_nblks(); k++) {
            int idx = (int) b.inner_idxs().get(k);
            blk[idx] = true;
            inner.append(b.inner_blks().get(k)).append((char) ('a' + idx));
        }
        Integer[] ord = new Integer[nd];
        for (int i = 0; i < nd; i++) ord[i] = i;
        Arrays.sort(ord, (x, y) -> st[x] != st[y] ? Long.compare(st[y], st[x]) : Integer.compare(x, y));
        StringBuilder s = new StringBuilder();
        for (int i : ord) s.append((char) ((blk[i] ? 'A' : 'a') + i));
        return s.append(inner).toString();
    }

    // ------------------------------------------------------------------------------------------------ layers
    static final class Conv {
        final String name; final long[] srcDims, wDims, dstDims; final T wUser; T wFwd;
        final convolution_forward.primitive_desc fpd;
        final convolution_backward_data.primitive_desc dpd;
        final convolution_backward_weights.primitive_desc wpd;
        final primitive fwd, bwdData, bwdWeights;
        T srcUser, srcFwd, dW, out;

        Conv(Pipe p, String name, long[] srcDims, long oc, int k, T wUser) {
            this.name = name; this.srcDims = srcDims; this.wUser = wUser;
            wDims = new long[] {oc, srcDims[1], k, k};
            dstDims = new long[] {srcDims[0], oc, srcDims[2], srcDims[3]};
            long[] st = {1, 1}, pad = {k / 2, k / 2};
            memory.desc sA = md(srcDims, memory.format_tag.any), wA = md(wDims, memory.format_tag.any), dA = md(dstDims, memory.format_tag.any);
            // libnd4j: convolution_auto, format any for all three, and forward_inference for the forward pd (also as
            // the backward pds' hint), in conv2d and conv2d_bp alike. Same here in both ways, unless --fwd-training.
            fpd = new convolution_forward.primitive_desc(new convolution_forward.desc(
                    fwdTraining ? prop_kind.forward_training : prop_kind.forward_inference,
                    algorithm.convolution_auto, sA, wA, dA, st, pad, pad), ENG);
            dpd = new convolution_backward_data.primitive_desc(new convolution_backward_data.desc(
                    algorithm.convolution_auto, sA, wA, dA, st, pad, pad), ENG, fpd);
            wpd = new convolution_backward_weights.primitive_desc(new convolution_backward_weights.desc(
                    algorithm.convolution_auto, sA, wA, dA, st, pad, pad), ENG, fpd);
            fwd = new convolution_forward(fpd);
            bwdData = new convolution_backward_data(dpd);
            bwdWeights = new convolution_backward_weights(wpd);
            if (!p.plain) {   // weights kept in forward's layout: one reorder, outside the timed step, not counted
                if (fpd.weights_desc().equals(wUser.desc)) {
                    wFwd = wUser;
                } else {
                    wFwd = p.tensor(name + ".w", wDims, fpd.weights_desc());
                    new reorder(wUser.mem, wFwd.mem).execute(STRM, wUser.mem, wFwd.mem);
                    STRM._wait();
                }
            }
        }

        T forward(Pipe p, T src, int srcCat) {
            p.op(name + " fwd");
            srcUser = src;
            srcFwd = p.ensure(src, fpd.src_desc(), p.plain ? OP : srcCat);
            T w = p.plain ? p.ensure(wUser, fpd.weights_desc(), OP) : wFwd;
            if (p.plain) {
                T out = p.tensor(name + ".y", dstDims, md(dstDims, memory.format_tag.nchw));
                T outK = p.outputBuffer(out, fpd.dst_desc(), name + ".y_k");
                p.exec(name + " fwd", CONV, fwd, fpd, DNNL_ARG_SRC, srcFwd, DNNL_ARG_WEIGHTS, w, DNNL_ARG_DST, outK);
                if (outK != out) p.reorderInto(outK, out, OP);
                return this.out = out;
            }
            T out = p.tensor(name + ".y", dstDims, fpd.dst_desc());
            p.exec(name + " fwd", CONV, fwd, fpd, DNNL_ARG_SRC, srcFwd, DNNL_ARG_WEIGHTS, w, DNNL_ARG_DST, out);
            return this.out = out;
        }

        /** Returns dL/dsrc; sets dW (OIHW in plain mode, forward's weight layout in blocked mode). */
        T backward(Pipe p, T dDst) {
            p.op(name + " bwd");
            if (p.plain) {   // libnd4j's conv2dBpMKLDNN, reorder for reorder
                T src = p.ensure(srcUser, wpd.src_desc(), OP);
                T w = p.ensure(wUser, dpd.weights_desc(), OP);
                T ddW = p.ensure(dDst, wpd.diff_dst_desc(), OP);
                T ddD = p.ensure(dDst, dpd.diff_dst_desc(), OP);
                T dx = p.tensor(name + ".dx", srcDims, md(srcDims, memory.format_tag.nchw));
                T dxK = p.outputBuffer(dx, dpd.diff_src_desc(), name + ".dx_k");
                T dw = p.tensor(name + ".dw", wDims, md(wDims, memory.format_tag.oihw));
                T dwK = p.outputBuffer(dw, wpd.diff_weights_desc(), name + ".dw_k");
                p.exec(name + " bwd_data", CONV, bwdData, dpd, DNNL_ARG_DIFF_DST, ddD, DNNL_ARG_WEIGHTS, w, DNNL_ARG_DIFF_SRC, dxK);
                p.exec(name + " bwd_weights", CONV, bwdWeights, wpd, DNNL_ARG_SRC, src, DNNL_ARG_DIFF_DST, ddW, DNNL_ARG_DIFF_WEIGHTS, dwK);
                if (dxK != dx) p.reorderInto(dxK, dx, OP);
                if (dwK != dw) p.reorderInto(dwK, dw, OP);
                dW = dw;
                return dx;
            }
            T ddD = p.ensure(dDst, dpd.diff_dst_desc(), INTERIOR);
            T w = p.ensure(wFwd, dpd.weights_desc(), WEIGHTS);
            T dx = p.tensor(name + ".dx", srcDims, dpd.diff_src_desc());
            p.exec(name + " bwd_data", CONV, bwdData, dpd, DNNL_ARG_DIFF_DST, ddD, DNNL_ARG_WEIGHTS, w, DNNL_ARG_DIFF_SRC, dx);
            T src = p.ensure(srcFwd, wpd.src_desc(), INTERIOR);
            T ddW = p.ensure(dDst, wpd.diff_dst_desc(), INTERIOR);
            T dwK = p.tensor(name + ".dw_k", wDims, wpd.diff_weights_desc());
            p.exec(name + " bwd_weights", CONV, bwdWeights, wpd, DNNL_ARG_SRC, src, DNNL_ARG_DIFF_DST, ddW, DNNL_ARG_DIFF_WEIGHTS, dwK);
            dW = p.ensure(dwK, wFwd.desc, WEIGHTS);   // the update needs the gradient in the weights' layout
            return dx;
        }
    }

    static final class Bn {
        final String name; final T gamma, beta; T src, mean, var, dGamma, dBeta;
        batch_normalization_forward.primitive_desc fpd;
        Bn(String name, T gamma, T beta) { this.name = name; this.gamma = gamma; this.beta = beta; }
        int flags() { return dnnl_use_scale | dnnl_use_shift; }

        T forward(Pipe p, T x) {
            p.op(name + " fwd");
            src = x;
            fpd = new batch_normalization_forward.primitive_desc(new batch_normalization_forward.desc(
                    prop_kind.forward_training.value, x.desc, EPS, flags()), ENG);
            T y = p.tensor(name + ".y", x.dims, fpd.dst_desc());
            mean = p.tensor(name + ".mean", gamma.dims, fpd.mean_desc());
            var = p.tensor(name + ".var", gamma.dims, fpd.variance_desc());
            p.exec(name + " fwd", BNORM, new batch_normalization_forward(fpd), fpd, DNNL_ARG_SRC, x, DNNL_ARG_DST, y,
                    DNNL_ARG_SCALE, gamma, DNNL_ARG_SHIFT, beta, DNNL_ARG_MEAN, mean, DNNL_ARG_VARIANCE, var);
            return y;
        }

        T backward(Pipe p, T dy) {
            p.op(name + " bwd");
            batch_normalization_backward.primitive_desc bpd = new batch_normalization_backward.primitive_desc(
                    new batch_normalization_backward.desc(prop_kind.backward.value, src.desc, src.desc, EPS, flags()), ENG, fpd);
            T d = p.ensure(dy, bpd.diff_dst_desc(), p.plain ? OP : INTERIOR);
            T dx = p.tensor(name + ".dx", src.dims, bpd.diff_src_desc());
            dGamma = p.tensor(name + ".dgamma", gamma.dims, gamma.desc);
            dBeta = p.tensor(name + ".dbeta", beta.dims, beta.desc);
            p.exec(name + " bwd", BNORM, new batch_normalization_backward(bpd), bpd, DNNL_ARG_SRC, src, DNNL_ARG_MEAN, mean,
                    DNNL_ARG_VARIANCE, var, DNNL_ARG_DIFF_DST, d, DNNL_ARG_SCALE, gamma, DNNL_ARG_SHIFT, beta, DNNL_ARG_DIFF_SRC, dx,
                    DNNL_ARG_DIFF_SCALE, dGamma, DNNL_ARG_DIFF_SHIFT, dBeta);
            return dx;
        }
    }

    static final class Relu {
        final String name; T src; eltwise_forward.primitive_desc fpd;
        Relu(String name) { this.name = name; }

        T forward(Pipe p, T x) {
            p.op(name + " fwd");
            src = x;
            fpd = new eltwise_forward.primitive_desc(new eltwise_forward.desc(prop_kind.forward_training,
                    algorithm.eltwise_relu, x.desc, 0f, 0f), ENG);
            T y = p.tensor(name + ".y", x.dims, fpd.dst_desc());
            p.exec(name + " fwd", ELTWISE, new eltwise_forward(fpd), fpd, DNNL_ARG_SRC, x, DNNL_ARG_DST, y);
            return y;
        }

        T backward(Pipe p, T dy) {
            p.op(name + " bwd");
            eltwise_backward.primitive_desc bpd = new eltwise_backward.primitive_desc(new eltwise_backward.desc(
                    algorithm.eltwise_relu, src.desc, src.desc, 0f, 0f), ENG, fpd);
            T d = p.ensure(dy, bpd.diff_dst_desc(), p.plain ? OP : INTERIOR);
            T dx = p.tensor(name + ".dx", src.dims, bpd.diff_src_desc());
            p.exec(name + " bwd", ELTWISE, new eltwise_backward(bpd), bpd, DNNL_ARG_SRC, src, DNNL_ARG_DIFF_DST, d, DNNL_ARG_DIFF_SRC, dx);
            return dx;
        }
    }

    static T add(Pipe p, String name, T a, T b, int cat) {
        p.op(name);
        T bb = p.ensure(b, a.desc, cat);
        binary.primitive_desc pd = new binary.primitive_desc(new binary.desc(algorithm.binary_add, a.desc, bb.desc, a.desc), ENG);
        T out = p.tensor(name + ".y", a.dims, a.desc);
        p.exec(name, ELTWISE, new binary(pd), pd, DNNL_ARG_SRC_0, a, DNNL_ARG_SRC_1, bb, DNNL_ARG_DST, out);
        return out;
    }

    /** Inputs shared by both ways, in user layouts (NCHW / OIHW / x). */
    static final class Inputs { T x, dy, w1, w2, w3; T[] g = new T[3], b = new T[3]; }

    /** What a built block exposes: its outputs and gradients in user layouts (plain) or its own (blocked). */
    static final class Block {
        final Pipe p; Conv[] conv = new Conv[3]; Bn[] bn = new Bn[3]; T y, yUser, dx, dxUser;
        final List<T> reluIn = new ArrayList<>();
        Block(Pipe p) { this.p = p; }
    }

    static Block build(Pipe p, Inputs in, long[] xDims, long mid) {
        Block bl = new Block(p);
        long[] mDims = {xDims[0], mid, xDims[2], xDims[3]};
        boolean plain = p.plain;
        Conv c1 = bl.conv[0] = new Conv(p, "conv1", xDims, mid, 1, in.w1);
        Conv c2 = bl.conv[1] = new Conv(p, "conv2", mDims, mid, 3, in.w2);
        Conv c3 = bl.conv[2] = new Conv(p, "conv3", mDims, xDims[1], 1, in.w3);
        for (int i = 0; i < 3; i++) bl.bn[i] = new Bn("bn" + (i + 1), in.g[i], in.b[i]);
        Relu r1 = new Relu("relu1"), r2 = new Relu("relu2"), r3 = new Relu("relu3");
        // forward
        T a = c1.forward(p, in.x, EDGE);
        a = bl.bn[0].forward(p, a);
        bl.reluIn.add(a);
        a = r1.forward(p, a);
        a = c2.forward(p, a, INTERIOR);
        a = bl.bn[1].forward(p, a);
        bl.reluIn.add(a);
        a = r2.forward(p, a);
        a = c3.forward(p, a, INTERIOR);
        a = bl.bn[2].forward(p, a);
        T sum = add(p, "add", a, in.x, plain ? OP : EDGE);   // shortcut: x in the block's layout (reuses conv1's copy)
        bl.reluIn.add(sum);
        bl.y = r3.forward(p, sum);
        if (plain) {
            bl.yUser = bl.y;
        } else {
            p.op("y out");
            bl.yUser = p.ensure(bl.y, md(xDims, memory.format_tag.nchw), EDGE);
        }
        // backward
        T dy = in.dy;
        if (!plain) { p.op("dy in"); dy = p.ensure(in.dy, bl.y.desc, EDGE); }
        T ds = r3.backward(p, dy);
        T d = bl.bn[2].backward(p, ds);
        d = c3.backward(p, d);
        d = bl.bn[1].backward(p, r2.backward(p, d));
        d = c2.backward(p, d);
        d = bl.bn[0].backward(p, r1.backward(p, d));
        d = c1.backward(p, d);
        bl.dx = add(p, "dx add", d, ds, plain ? OP : INTERIOR);
        if (plain) {
            bl.dxUser = bl.dx;
        } else {
            p.op("dx out");
            bl.dxUser = p.ensure(bl.dx, md(xDims, memory.format_tag.nchw), EDGE);
        }
        return bl;
    }

    // ------------------------------------------------------------------------------------------------ data, checks
    static void fill(T t, SplittableRandom r, double mean, double halfWidth) {
        long n = t.elems();
        FloatPointer fp = t.fp();
        float[] buf = new float[(int) Math.min(n, 1 << 20)];
        for (long off = 0; off < n; off += buf.length) {
            int len = (int) Math.min(buf.length, n - off);
            for (int i = 0; i < len; i++) buf[i] = (float) (mean + halfWidth * (2 * r.nextDouble() - 1));
            fp.position(off).put(buf, 0, len);
        }
    }

    static void put(T t, float[] a) { t.fp().put(a, 0, a.length); }

    static float[] get(T t) { float[] a = new float[(int) t.elems()]; t.fp().get(a, 0, a.length); return a; }

    /**
     * Two tensors in the same (user) layout: {max |a - b|, max |a|, ||a - b|| / ||a||, elements whose sign differs
     * (for ReLU inputs: ReLU masks that differ)}.
     */
    static double[] diff(T a, T b) {
        long n = a.elems();
        FloatPointer pa = a.fp(), pb = b.fp();
        float[] x = new float[(int) Math.min(n, 1 << 20)], y = new float[x.length];
        double d = 0, m = 0, sd = 0, sa = 0;
        long flips = 0;
        for (long off = 0; off < n; off += x.length) {
            int len = (int) Math.min(x.length, n - off);
            pa.position(off).get(x, 0, len);
            pb.position(off).get(y, 0, len);
            for (int i = 0; i < len; i++) {
                double e = (double) x[i] - y[i];
                d = Math.max(d, Math.abs(e));
                m = Math.max(m, Math.abs(x[i]));
                sd += e * e;
                sa += (double) x[i] * x[i];
                if ((x[i] > 0) != (y[i] > 0)) flips++;
            }
        }
        return new double[] {d, m, sa == 0 ? (sd == 0 ? 0 : Double.POSITIVE_INFINITY) : Math.sqrt(sd / sa), flips};
    }

    /** An untimed reorder into a user layout (for comparisons). */
    static T toUser(Pipe p, T t) {
        memory.desc want = md(t.dims, t.dims.length == 1 ? memory.format_tag.x : t.dims.length == 4 && t.name.contains("dw")
                ? memory.format_tag.oihw : memory.format_tag.nchw);
        if (t.desc.equals(want)) return t;
        T u = p.tensor(t.name + "(user)", t.dims, want);
        new reorder(t.mem, u.mem).execute(STRM, t.mem, u.mem);
        STRM._wait();
        return u;
    }

    /** Direct convolution in Java at sampled output points (NCHW x, OIHW w, stride 1, pad k/2): max |ref - y|. */
    static double naiveConvCheck(T x, T w, T y, int samples, SplittableRandom r) {
        long n = x.dims[0], ic = x.dims[1], h = x.dims[2], wd = x.dims[3], oc = w.dims[0];
        int k = (int) w.dims[2], pad = k / 2;
        FloatPointer px = x.fp(), pw = w.fp(), py = y.fp();
        double worst = 0;
        for (int s = 0; s < samples; s++) {
            long b = r.nextLong(n), o = r.nextLong(oc), i0 = r.nextLong(h), j0 = r.nextLong(wd);
            double acc = 0;
            for (long c = 0; c < ic; c++)
                for (int kh = 0; kh < k; kh++)
                    for (int kw = 0; kw < k; kw++) {
                        long i = i0 + kh - pad, j = j0 + kw - pad;
                        if (i < 0 || j < 0 || i >= h || j >= wd) continue;
                        acc += (double) px.get(((b * ic + c) * h + i) * wd + j) * pw.get(((o * ic + c) * k + kh) * k + kw);
                    }
            worst = Math.max(worst, Math.abs(acc - py.get(((b * oc + o) * h + i0) * wd + j0)));
        }
        return worst;
    }

    static double median(double[] a) {
        double[] s = a.clone();
        Arrays.sort(s);
        int n = s.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    // ------------------------------------------------------------------------------------------------ one stage
    static final class StageResult {
        int stage; long[] xDims; long mid;
        double plainMs, blockedMs, plainReorderMs, blockedReorderMs, blockedEdgeMs;   // reorder ms: without the edge ones
        double[][] kindMs = new double[2][NKIND];   // [plain, blocked][kind]: median ms per step inside each kind
        double[] otherMs = new double[2];           // step time outside primitives (JNI, per-call allocation)
        long plainBytes, plainPreloadBytes, blockedBytes, blockedEdgeBytes, blockedWeightBytes;
        int plainReorders, blockedReorders, blockedEdgeReorders;
        double maxDiffY, maxDiffGrad, maxAbsY, maxAbsGrad, maxRelL2Grad, naiveConv;
        long reluFlips;
        List<String> intermediates = new ArrayList<>();
        Map<String, Double> diffs = new LinkedHashMap<>();
        long nativeBytes;
        String layouts;
    }

    static StageResult runStage(int stage) {
        int[] s = STAGES[stage - 1];
        long[] xDims = {batch, s[1], s[0], s[0]};
        long mid = s[2];
        StageResult res = new StageResult();
        res.stage = stage; res.xDims = xDims; res.mid = mid;
        try (PointerScope scope = new PointerScope()) {
            SplittableRandom rnd = new SplittableRandom(seed + stage);
            Pipe inputs = new Pipe("inputs", true);
            Inputs in = new Inputs();
            in.x = inputs.tensor("x", xDims, md(xDims, memory.format_tag.nchw));
            in.dy = inputs.tensor("dy", xDims, md(xDims, memory.format_tag.nchw));
            long[][] wd = {{mid, xDims[1], 1, 1}, {mid, mid, 3, 3}, {xDims[1], mid, 1, 1}};
            T[] w = new T[3];
            for (int i = 0; i < 3; i++) {
                w[i] = inputs.tensor("w" + (i + 1), wd[i], md(wd[i], memory.format_tag.oihw));
                fill(w[i], rnd, 0, Math.sqrt(6.0 / (wd[i][1] * wd[i][2] * wd[i][3])));   // He-uniform
            }
            in.w1 = w[0]; in.w2 = w[1]; in.w3 = w[2];
            long[] cm = {mid}, cx = {xDims[1]};
            for (int i = 0; i < 3; i++) {
                long[] cd = i == 2 ? cx : cm;
                in.g[i] = inputs.tensor("gamma" + (i + 1), cd, md(cd, memory.format_tag.x));
                in.b[i] = inputs.tensor("beta" + (i + 1), cd, md(cd, memory.format_tag.x));
                fill(in.g[i], rnd, 1, 0.2);
                fill(in.b[i], rnd, 0, 0.2);
            }
            fill(in.x, rnd, 0, 1.5);
            fill(in.dy, rnd, 0, 1e-2);

            Pipe plain = new Pipe("plain", true), blocked = new Pipe("blocked", false);
            Block bp = build(plain, in, xDims, mid);
            Block bb = build(blocked, in, xDims, mid);
            res.nativeBytes = inputs.allocated + plain.allocated + blocked.allocated;
            Conv c = bp.conv[1];
            res.layouts = String.format("conv2 src %s wei %s dst %s; bwd_data wei %s; bwd_weights diff_wei %s",
                    fmt(c.fpd.src_desc()), fmt(c.fpd.weights_desc()), fmt(c.fpd.dst_desc()), fmt(c.dpd.weights_desc()),
                    fmt(c.wpd.diff_weights_desc()));
            if (verbose) {
                for (Pipe p : new Pipe[] {plain, blocked}) {
                    System.err.println("stage " + stage + ", " + p.label + ": primitives in step order");
                    p.log.forEach(System.err::println);
                }
            }

            Pipe[] ps = {plain, blocked};
            double[][] ms = new double[2][iters], rms = new double[2][iters], oms = new double[2][iters];
            double[][][] kms = new double[2][NKIND][iters];
            for (int it = -warmup; it < iters; it++) {
                for (int j = 0; j < 2; j++) {
                    int k = (it & 1) == 0 ? j : 1 - j;   // ABBA: neither way always runs first
                    Pipe p = ps[k];
                    long[] before = p.nanos.clone();
                    long t0 = System.nanoTime();
                    p.step();
                    long t = System.nanoTime() - t0;
                    if (it >= 0) {
                        ms[k][it] = t / 1e6;
                        long all = 0;
                        for (int q = 0; q < NKIND; q++) {
                            long dq = p.nanos[q] - before[q];
                            kms[k][q][it] = dq / 1e6;
                            all += dq;
                        }
                        rms[k][it] = kms[k][OP][it] + kms[k][INTERIOR][it] + kms[k][WEIGHTS][it];
                        oms[k][it] = (t - all) / 1e6;
                    }
                }
            }
            res.plainMs = median(ms[0]); res.blockedMs = median(ms[1]);
            res.plainReorderMs = median(rms[0]); res.blockedReorderMs = median(rms[1]); res.blockedEdgeMs = median(kms[1][EDGE]);
            for (int k = 0; k < 2; k++) {
                for (int q = 0; q < NKIND; q++) res.kindMs[k][q] = median(kms[k][q]);
                res.otherMs[k] = median(oms[k]);
            }
            res.plainBytes = plain.reorderBytes() + plain.bytes[EDGE];
            res.plainPreloadBytes = plain.preloadBytes;
            res.blockedBytes = blocked.reorderBytes();
            res.blockedWeightBytes = blocked.bytes[WEIGHTS];
            res.blockedEdgeBytes = blocked.bytes[EDGE];
            res.plainReorders = plain.count[OP] + plain.count[INTERIOR] + plain.count[WEIGHTS] + plain.count[EDGE];
            res.blockedReorders = blocked.count[INTERIOR] + blocked.count[WEIGHTS];
            res.blockedEdgeReorders = blocked.count[EDGE];

            // same function? (after the timed steps, so the compared values are the last step's). The ReLUs' inputs
            // differ by rounding between the two ways; where one is within that of 0, its mask (and so that element's
            // gradient) differs, so the gradients' max |diff| can be as large as dL/dy there: count those flips.
            double[] d = diff(bp.yUser, bb.yUser);
            res.diffs.put("y", d[0]);
            res.maxDiffY = d[0]; res.maxAbsY = d[1];
            List<Object[]> grads = new ArrayList<>();
            grads.add(new Object[] {"dx", bp.dxUser, bb.dxUser});
            for (int i = 0; i < 3; i++) {
                grads.add(new Object[] {"dw" + (i + 1), bp.conv[i].dW, toUser(blocked, bb.conv[i].dW)});
                grads.add(new Object[] {"dgamma" + (i + 1), bp.bn[i].dGamma, bb.bn[i].dGamma});
                grads.add(new Object[] {"dbeta" + (i + 1), bp.bn[i].dBeta, bb.bn[i].dBeta});
            }
            for (Object[] g : grads) {
                double[] e = diff((T) g[1], (T) g[2]);
                res.diffs.put((String) g[0], e[0]);
                res.maxDiffGrad = Math.max(res.maxDiffGrad, e[0]);
                res.maxAbsGrad = Math.max(res.maxAbsGrad, e[1]);
                res.maxRelL2Grad = Math.max(res.maxRelL2Grad, e[2]);
            }
            for (int i = 0; i < bp.reluIn.size(); i++) {
                res.reluFlips += (long) diff(bp.reluIn.get(i), toUser(blocked, bb.reluIn.get(i)))[3];
            }
            if (verbose) {   // every intermediate both ways share a name for
                for (var e : new ArrayList<>(plain.named.entrySet())) {
                    T a1 = e.getValue(), b1 = blocked.named.get(e.getKey());
                    if (b1 == null || a1.dims.length != b1.dims.length || a1.name.endsWith("_k") || a1.name.endsWith("'")) continue;
                    double[] dd = diff(toUser(plain, a1), toUser(blocked, b1));
                    res.intermediates.add(String.format(Locale.ROOT, "%s %.3g (max |v| %.3g, rel L2 %.2g%s)", e.getKey(), dd[0], dd[1],
                            dd[2], dd[3] > 0 && e.getKey().matches("(bn[12]|add)\\.y") ? ", ReLU mask flips " + (long) dd[3] : ""));
                }
            }
            // and is it a convolution? conv2 (3x3) of the plain way, against Java at 64 points
            Conv pc = bp.conv[1];
            res.naiveConv = naiveConvCheck(pc.srcUser, pc.wUser, pc.out, 64, new SplittableRandom(seed));
        }
        return res;
    }

    // ------------------------------------------------------------------------------------------------ ND4J
    /** ND4J through reflection, so that the program compiles and runs without ND4J on the classpath. */
    static final class Nd4j {
        final Class<?> nd4j, ind;
        final Method create, mmul, dup, data, asFloat, exec, builder;
        Nd4j() throws Exception {
            nd4j = Class.forName("org.nd4j.linalg.factory.Nd4j");
            ind = Class.forName("org.nd4j.linalg.api.ndarray.INDArray");
            create = nd4j.getMethod("create", float[].class, long[].class, char.class);
            mmul = ind.getMethod("mmul", ind);
            dup = ind.getMethod("dup", char.class);
            data = ind.getMethod("data");
            asFloat = Class.forName("org.nd4j.linalg.api.buffer.DataBuffer").getMethod("asFloat");
            exec = nd4j.getMethod("exec", Class.forName("org.nd4j.linalg.api.ops.CustomOp"));
            builder = Class.forName("org.nd4j.linalg.api.ops.DynamicCustomOp").getMethod("builder", String.class);
        }
        Object arr(float[] d, long... shape) throws Exception { return create.invoke(null, d, shape, 'c'); }
        float[] floats(Object a) throws Exception { return (float[]) asFloat.invoke(data.invoke(dup.invoke(a, 'c'))); }
        float[] mmul(float[] a, float[] b, int n) throws Exception { return floats(mmul.invoke(arr(a, n, n), arr(b, n, n))); }
        /** libnd4j's conv2d (NCHW, weights [kH, kW, iC, oC]), stride 1, explicit padding. */
        float[] conv2d(float[] x, long[] xd, float[] wOihw, int oc, int k, int pad) throws Exception {
            int ic = (int) xd[1];
            float[] hwio = new float[wOihw.length];
            for (int o = 0; o < oc; o++)
                for (int i = 0; i < ic; i++)
                    for (int a = 0; a < k; a++)
                        for (int b = 0; b < k; b++)
                            hwio[((a * k + b) * ic + i) * oc + o] = wOihw[((o * ic + i) * k + a) * k + b];
            Object bld = builder.invoke(null, "conv2d");
            Object ins = Array.newInstance(ind, 2);
            Array.set(ins, 0, arr(x, xd));
            Array.set(ins, 1, arr(hwio, k, k, ic, oc));
            bld.getClass().getMethod("addInputs", ins.getClass()).invoke(bld, ins);
            bld.getClass().getMethod("addIntegerArguments", int[].class).invoke(bld, (Object) new int[] {k, k, 1, 1, pad, pad, 1, 1, 0, 0});
            Object[] outs = (Object[]) exec.invoke(null, bld.getClass().getMethod("build").invoke(bld));
            return floats(outs[0]);
        }
        String buildInfo() {
            try {
                Class<?> holder = Class.forName("org.nd4j.nativeblas.NativeOpsHolder");
                Object ops = holder.getMethod("getDeviceNativeOps").invoke(holder.getMethod("getInstance").invoke(null));
                return (String) ops.getClass().getMethod("buildInfo").invoke(ops);
            } catch (Throwable t) {
                return "?" + t;
            }
        }
        int maxThreads() {
            try {
                Object env = nd4j.getMethod("getEnvironment").invoke(null);
                return (Integer) env.getClass().getMethod("maxThreads").invoke(env);
            } catch (Throwable t) {
                return -1;
            }
        }
    }

    /** The same convolution through JavaCPP's oneDNN, libnd4j-style (format any, reorders in and out). */
    static float[] dnnlConv(float[] x, long[] xd, float[] w, int oc, int k) {
        try (PointerScope scope = new PointerScope()) {
            Pipe p = new Pipe("check", true);
            T tx = p.tensor("x", xd, md(xd, memory.format_tag.nchw));
            long[] wd = {oc, xd[1], k, k};
            T tw = p.tensor("w", wd, md(wd, memory.format_tag.oihw));
            put(tx, x);
            put(tw, w);
            Conv c = new Conv(p, "conv", xd, oc, k, tw);
            T y = c.forward(p, tx, OP);
            p.step();
            return get(y);
        }
    }

    static double maxAbsDiff(float[] a, float[] b) {
        if (a.length != b.length) return Double.POSITIVE_INFINITY;
        double d = 0;
        for (int i = 0; i < a.length; i++) d = Math.max(d, Math.abs((double) a[i] - b[i]));
        return d;
    }

    static double maxAbs(float[] a) { double m = 0; for (float v : a) m = Math.max(m, Math.abs(v)); return m; }

    static List<String> mappedLibs() {
        try {
            TreeSet<String> s = new TreeSet<>();
            for (String l : Files.readAllLines(Path.of("/proc/self/maps"))) {
                int i = l.indexOf('/');
                if (i < 0) continue;
                String f = l.substring(i);
                String base = f.substring(f.lastIndexOf('/') + 1);
                if (base.matches(".*(dnnl|nd4j|gomp|openblas|iomp|tbb|OpenCL).*")) s.add(f);
            }
            return new ArrayList<>(s);
        } catch (Exception e) {
            return List.of("? " + e);
        }
    }

    static final Map<String, Object> ND4J = new LinkedHashMap<>();

    static String kindsJson(StageResult r, int k) {
        double[] m = r.kindMs[k];
        return String.format(Locale.ROOT, "{\"conv\":%.4f,\"bnorm\":%.4f,\"relu_add\":%.4f,\"reorder\":%.4f,\"edge_reorder\":%.4f,\"other\":%.4f}",
                m[CONV], m[BNORM], m[ELTWISE], k == 0 ? r.plainReorderMs : r.blockedReorderMs, m[EDGE], r.otherMs[k]);
    }

    static void nd4jBefore(Nd4j nd) throws Exception {
        SplittableRandom r = new SplittableRandom(seed);
        int n = 64;
        float[] a = new float[n * n], b = new float[n * n];
        for (int i = 0; i < a.length; i++) { a[i] = (float) r.nextDouble(-1, 1); b[i] = (float) r.nextDouble(-1, 1); }
        float[] c = nd.mmul(a, b, n);
        double e = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int q = 0; q < n; q++) s += (double) a[i * n + q] * b[q * n + j];
                e = Math.max(e, Math.abs(s - c[i * n + j]));
            }
        ND4J.put("build_has_onednn", nd.buildInfo().contains("HAVE_ONEDNN"));
        ND4J.put("nd4j_max_threads", nd.maxThreads());
        ND4J.put("mmul_64_max_abs_diff_vs_java", e);
    }

    // the conv compared: stage 3's 3x3 (256 -> 256 at 14x14), batch 2
    static final long[] CHK_X = {2, 256, 14, 14};
    static final int CHK_OC = 256, CHK_K = 3;
    static float[] chkX, chkW, nd4jFirst;

    static void nd4jConvFirst(Nd4j nd) throws Exception {
        SplittableRandom r = new SplittableRandom(seed + 99);
        chkX = new float[(int) (CHK_X[0] * CHK_X[1] * CHK_X[2] * CHK_X[3])];
        chkW = new float[(int) (CHK_OC * CHK_X[1] * CHK_K * CHK_K)];
        for (int i = 0; i < chkX.length; i++) chkX[i] = (float) r.nextDouble(-1, 1);
        double sc = Math.sqrt(6.0 / (CHK_X[1] * CHK_K * CHK_K));
        for (int i = 0; i < chkW.length; i++) chkW[i] = (float) (sc * r.nextDouble(-1, 1));
        nd4jFirst = nd.conv2d(chkX, CHK_X, chkW, CHK_OC, CHK_K, CHK_K / 2);
        ND4J.put("nd4j_conv2d_ran_before_dnnl_loaded", true);
    }

    static void nd4jCompare(Nd4j nd, String when) throws Exception {
        float[] mine = dnnlConv(chkX, CHK_X, chkW, CHK_OC, CHK_K);
        float[] theirs = nd.conv2d(chkX, CHK_X, chkW, CHK_OC, CHK_K, CHK_K / 2);
        ND4J.put("conv3x3_" + when + "_javacpp_vs_nd4j_max_abs_diff", maxAbsDiff(mine, theirs));
        ND4J.put("conv3x3_" + when + "_nd4j_vs_nd4j_first_max_abs_diff", maxAbsDiff(theirs, nd4jFirst));
        ND4J.put("conv3x3_max_abs_value", maxAbs(theirs));
    }

    // ------------------------------------------------------------------------------------------------ main
    public static void main(String[] args) throws Exception {
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--batch" -> batch = Integer.parseInt(args[++i]);
                case "--iters" -> iters = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--json" -> json = true;
                case "--verbose" -> verbose = true;
                case "--alloc-per-call" -> allocPerCall = true;
                case "--no-nd4j" -> skipNd4j = true;
                case "--fwd-training" -> fwdTraining = true;
                case "--stages" -> {
                    stageSel.clear();
                    for (String s : args[++i].split(",")) {
                        int v = Integer.parseInt(s.trim());
                        int st = switch (v) { case 56 -> 1; case 28 -> 2; case 14 -> 3; case 7 -> 4; default -> v; };
                        if (st < 1 || st > 4) throw new IllegalArgumentException("stage " + s);
                        stageSel.add(st);
                    }
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + " (see the header of this file)");
            }
        }
        java.io.PrintStream out = json ? System.err : System.out;

        // ND4J first, before anything touches org.bytedeco.dnnl (so libnd4jcpu.so is loaded before libdnnl.so.2)
        Nd4j nd = null;
        if (!skipNd4j) {
            try {
                Class.forName("org.nd4j.linalg.factory.Nd4j", false, BlockedLayoutSpike.class.getClassLoader());
                nd = new Nd4j();
            } catch (ClassNotFoundException e) {
                nd = null;
            }
        }
        if (nd != null) {
            out.println("ND4J present: running ND4J ops first (platform.extension="
                    + System.getProperty("org.bytedeco.javacpp.platform.extension", "") + ")");
            try {
                nd4jBefore(nd);
                nd4jConvFirst(nd);
                ND4J.put("libs_after_nd4j", mappedLibs());
            } catch (Throwable t) {
                ND4J.put("error_before", t.toString());
                t.printStackTrace();
                nd = null;
            }
        }

        ENG = new engine(engine.kind.cpu, 0);
        STRM = new stream(ENG);
        dnnl_version_t v = dnnl_version();
        int rt = v.cpu_runtime();
        String runtime = rt == DNNL_RUNTIME_OMP ? "OpenMP" : rt == DNNL_RUNTIME_SEQ ? "sequential" : rt == DNNL_RUNTIME_TBB ? "TBB"
                : rt == DNNL_RUNTIME_THREADPOOL ? "threadpool" : "runtime " + rt;
        String omp = System.getenv("OMP_NUM_THREADS");
        String threads = omp != null ? omp : "unset (OpenMP default: " + Runtime.getRuntime().availableProcessors() + ")";
        String version = v.major() + "." + v.minor() + "." + v.patch();
        String isa = String.valueOf(get_effective_cpu_isa());
        out.printf("oneDNN %s (%s, JavaCPP presets), CPU runtime %s, ISA %s, threads: OMP_NUM_THREADS=%s%n",
                version, v.hash().getString(), runtime, isa, threads);
        out.printf("one ResNet-50 bottleneck block (identity shortcut), training fwd+bwd, float32, batch %d; median of %d steps "
                + "after %d warm-up, the two ways interleaved; convolution pds from %s (as libnd4j%s); plain buffers %s%n", batch,
                iters, warmup, fwdTraining ? "forward_training" : "forward_inference", fwdTraining ? " does not" : "",
                allocPerCall ? "allocated per call (--alloc-per-call)" : "allocated once");

        if (nd != null) {
            try {
                nd4jCompare(nd, "after_dnnl_load");
                ND4J.put("libs_after_both", mappedLibs());
            } catch (Throwable t) {
                ND4J.put("error_compare", t.toString());
                t.printStackTrace();
            }
        }

        List<StageResult> results = new ArrayList<>();
        for (int st : stageSel) {
            results.add(runStage(st));
        }

        out.println();
        out.printf("%-5s %-15s %-4s | %9s %9s %6s | %8s %8s %8s %8s | %8s %8s %8s | %7s %7s %7s %5s %7s%n",
                "stage", "x (N,C,H,W)", "mid", "plain ms", "blocked", "saved", "plain MB", "blk MB", "(weight)", "edge MB",
                "plain ro", "blk ro", "edge ro", "|Δy|", "|Δgrad|", "rel L2", "flips", "conv-jv");
        for (StageResult r : results) {
            out.printf("%-5d %-15s %-4d | %9.2f %9.2f %5.1f%% | %8.1f %8.1f %8.1f %8.1f | %8.2f %8.2f %8.2f | %7.1e %7.1e %7.1e %5d %7.1e%n",
                    r.stage, Arrays.toString(r.xDims).replace(" ", ""), r.mid, r.plainMs, r.blockedMs,
                    100 * (r.plainMs - r.blockedMs) / r.plainMs, r.plainBytes / 1e6, r.blockedBytes / 1e6,
                    r.blockedWeightBytes / 1e6, r.blockedEdgeBytes / 1e6, r.plainReorderMs, r.blockedReorderMs,
                    r.blockedEdgeMs, r.maxDiffY, r.maxDiffGrad, r.maxRelL2Grad, r.reluFlips, r.naiveConv);
        }
        double tp = 0, tb = 0;
        long bp = 0, bbk = 0;
        for (StageResult r : results) { tp += r.plainMs; tb += r.blockedMs; bp += r.plainBytes; bbk += r.blockedBytes + r.blockedEdgeBytes; }
        out.printf("sum (one block of each stage)    | %9.2f %9.2f %5.1f%% | %8.1f %8.1f (with the edges)%n", tp, tb,
                100 * (tp - tb) / tp, bp / 1e6, bbk / 1e6);
        out.println();
        out.println("ms per step inside each kind of primitive (medians):");
        out.printf("%-5s %-8s | %8s %8s %8s %8s %8s %8s%n", "stage", "way", "conv", "bnorm", "relu/add", "reorder", "edge ro", "other");
        for (StageResult r : results) {
            for (int k = 0; k < 2; k++) {
                double[] m = r.kindMs[k];
                out.printf("%-5d %-8s | %8.2f %8.2f %8.2f %8.2f %8.2f %8.2f%n", r.stage, k == 0 ? "plain" : "blocked", m[CONV], m[BNORM],
                        m[ELTWISE], k == 0 ? r.plainReorderMs : r.blockedReorderMs, m[EDGE], r.otherMs[k]);
            }
        }
        out.println();
        out.println("MB: bytes written by reorders per step (each also reads as many); (weight): the part of blk MB that is"
                + " weights / weight gradients; ro: ms per step inside reorders; edge: the blocked way's reorders at the block's"
                + " input and output (x, dL/dy in; y, dL/dx out), which a network kept blocked throughout would not have per"
                + " block; |Δy|, |Δgrad|: max |plain - blocked| of the block output y and of dx, dW, dgamma, dbeta; rel L2:"
                + " the largest ||plain - blocked|| / ||plain|| of those gradients; flips: ReLU inputs within rounding of 0"
                + " whose mask differs between the ways (each changes that element's gradient by up to |dL/dy|, hence"
                + " |Δgrad| up to ~1e-2 when flips > 0); conv-jv: max |oneDNN - Java| of conv2 (3x3) at 64 sampled"
                + " outputs; other: step time outside primitives");
        for (StageResult r : results) {
            out.printf("stage %d: %s; reorders per step: plain %d (%.1f MB of them output preloads), blocked %d + %d at the edges;"
                    + " native buffers %.0f MB; max |y| %.3g, max |grad| %.3g%n", r.stage, r.layouts, r.plainReorders,
                    r.plainPreloadBytes / 1e6, r.blockedReorders, r.blockedEdgeReorders, r.nativeBytes / 1e6, r.maxAbsY, r.maxAbsGrad);
            if (verbose) {
                out.println("  max |plain - blocked|: " + r.diffs);
                out.println("  intermediates, max |plain - blocked|: " + String.join("; ", r.intermediates));
            }
        }

        if (nd != null) {
            try {
                nd4jCompare(nd, "after_spike");
                float[] a = new float[16], b = new float[16];
                Arrays.fill(a, 1f); Arrays.fill(b, 2f);
                ND4J.put("mmul_after_spike_ok", nd.mmul(a, b, 4)[0] == 8f);
                ND4J.put("libs_at_end", mappedLibs());
            } catch (Throwable t) {
                ND4J.put("error_after", t.toString());
                t.printStackTrace();
            }
            out.println();
            out.println("ND4J + JavaCPP oneDNN in one JVM:");
            ND4J.forEach((k, val) -> {
                if (val instanceof List<?> l) {
                    out.println("  " + k + ":");
                    l.forEach(x -> out.println("    " + x));
                } else {
                    out.println("  " + k + ": " + val);
                }
            });
        }

        if (json) {
            StringBuilder j = new StringBuilder();
            j.append("{\"onednn\":\"").append(version).append("\",\"conv_fwd_prop\":\"").append(fwdTraining ? "forward_training" : "forward_inference").append("\",\"runtime\":\"").append(runtime).append("\",\"isa\":\"").append(isa)
                    .append("\",\"omp_num_threads\":").append(omp == null ? "null" : "\"" + omp + "\"").append(",\"batch\":").append(batch)
                    .append(",\"iters\":").append(iters).append(",\"warmup\":").append(warmup).append(",\"alloc_per_call\":").append(allocPerCall)
                    .append(",\"stages\":[");
            for (int i = 0; i < results.size(); i++) {
                StageResult r = results.get(i);
                if (i > 0) j.append(',');
                j.append(String.format(Locale.ROOT, "{\"stage\":%d,\"x\":%s,\"mid\":%d,\"plain_ms\":%.4f,\"blocked_ms\":%.4f,"
                        + "\"plain_reorder_bytes\":%d,\"plain_output_preload_bytes\":%d,\"blocked_reorder_bytes\":%d,\"blocked_weight_reorder_bytes\":%d,\"blocked_edge_reorder_bytes\":%d,"
                        + "\"plain_reorder_ms\":%.4f,\"blocked_reorder_ms\":%.4f,\"blocked_edge_reorder_ms\":%.4f,"
                        + "\"plain_reorders\":%d,\"blocked_reorders\":%d,\"blocked_edge_reorders\":%d,"
                        + "\"max_abs_diff_y\":%.6g,\"max_abs_diff_grads\":%.6g,\"max_rel_l2_grads\":%.6g,\"relu_mask_flips\":%d,\"max_abs_y\":%.6g,\"max_abs_grad\":%.6g,\"conv_vs_java\":%.6g,"
                        + "\"plain_ms_by_kind\":%s,\"blocked_ms_by_kind\":%s,\"layouts\":\"%s\",\"diffs\":{",
                        r.stage, Arrays.toString(r.xDims).replace(" ", ""), r.mid, r.plainMs, r.blockedMs, r.plainBytes, r.plainPreloadBytes, r.blockedBytes,
                        r.blockedWeightBytes, r.blockedEdgeBytes, r.plainReorderMs, r.blockedReorderMs, r.blockedEdgeMs,
                        r.plainReorders, r.blockedReorders, r.blockedEdgeReorders, r.maxDiffY, r.maxDiffGrad, r.maxRelL2Grad, r.reluFlips, r.maxAbsY, r.maxAbsGrad,
                        r.naiveConv, kindsJson(r, 0), kindsJson(r, 1), r.layouts));
                int q = 0;
                for (var e : r.diffs.entrySet()) j.append(q++ > 0 ? "," : "").append(String.format(Locale.ROOT, "\"%s\":%.6g", e.getKey(), e.getValue()));
                j.append("}}");
            }
            j.append("]");
            if (nd != null) {
                j.append(",\"nd4j\":{");
                int q = 0;
                for (var e : ND4J.entrySet()) {
                    j.append(q++ > 0 ? "," : "").append('"').append(e.getKey()).append("\":");
                    Object val = e.getValue();
                    if (val instanceof List<?> l) {
                        j.append('[');
                        for (int z = 0; z < l.size(); z++) j.append(z > 0 ? "," : "").append('"').append(l.get(z)).append('"');
                        j.append(']');
                    } else if (val instanceof Number || val instanceof Boolean) {
                        j.append(val);
                    } else {
                        j.append('"').append(String.valueOf(val).replace("\"", "'")).append('"');
                    }
                }
                j.append('}');
            }
            j.append('}');
            System.out.println(j);
        }
    }
}
