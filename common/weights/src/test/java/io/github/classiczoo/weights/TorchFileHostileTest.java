package io.github.classiczoo.weights;

import static io.github.classiczoo.weights.TorchFiles.SAMPLE;
import static io.github.classiczoo.weights.TorchFiles.SAMPLE_COUNTS;
import static io.github.classiczoo.weights.TorchFiles.SAMPLE_STORAGES;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.classiczoo.core.util.ZooException;
import io.github.classiczoo.weights.TorchFiles.Pickle;
import io.github.classiczoo.weights.TorchFiles.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile torch.save files: pickles that would run code under {@code torch.load} (a {@code __reduce__} calling
 * {@code os.system('touch marker')}), globals the reader does not know, deep nesting, memo bombs, storages that claim
 * more than the file holds, views past their storage or repeating one value without end. Each is refused with one line
 * naming the file, the marker file never appears and nothing is written.
 */
class TorchFileHostileTest {

    @TempDir
    Path dir;

    Path marker() {
        return dir.resolve("marker");
    }

    @AfterEach
    void noCodeRanAndNothingWasWritten() throws IOException {
        assertFalse(Files.exists(marker()), "the pickle's code ran");
        try (Stream<Path> s = Files.list(dir)) {
            assertTrue(s.allMatch(p -> p.getFileName().toString().startsWith("in-")), "only the test's own input files are there");
        }
    }

    /** Reads {@code file}; asserts a refusal of one line naming the file and containing {@code expected}. */
    static String refused(Path file, String expected) {
        ZooException e = assertThrows(ZooException.class, () -> TorchFile.read(file));
        String m = e.getMessage();
        assertFalse(m.contains("\n"), "one line: " + m);
        assertTrue(m.contains(file.toString()), "names the file: " + m);
        assertTrue(m.contains(expected), "expected '" + expected + "' in: " + m);
        return m;
    }

    /** {@code pickle} as the state_dict of a zip-format file and of a legacy-format one; both refused alike. */
    void refusedInBothFormats(byte[] pickle, String expected) throws IOException {
        refused(TorchFiles.zip(dir.resolve("in-z.pth"), pickle, SAMPLE_STORAGES, Map.of()), expected);
        refused(TorchFiles.legacy(dir.resolve("in-l.pth"), pickle, SAMPLE_STORAGES, SAMPLE_COUNTS), expected);
    }

    /** {@code GLOBAL module name; ('touch MARKER',); REDUCE}: what {@code __reduce__} returning (os.system, (cmd,)) pickles to. */
    byte[] call(String module, String name) {
        return new Pickle().proto().global(module, name).str("touch " + marker()).op(0x85, 'R').stop().bytes();
    }

    @Test
    void codeExecutionThroughReduceIsRefusedByName() throws IOException {
        refusedInBothFormats(call("os", "system"), "the pickle names the global os.system");
        refusedInBothFormats(call("posix", "system"), "names the global posix.system");
        refusedInBothFormats(call("nt", "system"), "names the global nt.system");
        refusedInBothFormats(call("builtins", "eval"), "names the global builtins.eval");
        refusedInBothFormats(call("__builtin__", "eval"), "names the global __builtin__.eval");
        refusedInBothFormats(call("subprocess", "check_output"), "names the global subprocess.check_output");
        // protocol 4's STACK_GLOBAL takes the names from the stack
        byte[] p4 = new Pickle().op(0x80, 4).op(0x8c, 8).raw("builtins".getBytes()).op(0x8c, 4).raw("exec".getBytes()).op(0x93)
                .str("open('" + marker() + "', 'w')").op(0x85, 'R').stop().bytes();
        refusedInBothFormats(p4, "names the global builtins.exec");
    }

    @Test
    void unknownGlobalsAreRefusedWhereverTheyAre() throws IOException {
        // a whole model instead of its state_dict: the hint says what to save
        String m = refused(TorchFiles.zip(dir.resolve("in-m.pth"), new Pickle().proto().global("torchvision.models.resnet", "ResNet").op(')', 'R')
                .stop().bytes(), SAMPLE_STORAGES, Map.of()), "names the global torchvision.models.resnet.ResNet");
        assertTrue(m.contains("save model.state_dict()"), m);
        refusedInBothFormats(new Pickle().proto().global("torch", "QInt8Storage").stop().bytes(), "a storage type the reader does not convert");
        // a checkpoint whose training arguments are an argparse.Namespace, after a good state_dict: refused all the same
        Pickle p = new Pickle().proto().op('}').mark().str("state_dict");
        TorchFiles.stateDict(p, SAMPLE, "zip");
        p.str("args").global("argparse", "Namespace").op(')', 'R').op('u').stop();
        refused(TorchFiles.zip(dir.resolve("in-a.pth"), p.bytes(), SAMPLE_STORAGES, Map.of()), "names the global argparse.Namespace");
        // a known global used as something it is not
        refusedInBothFormats(new Pickle().proto().global("torch", "FloatStorage").str("x").op(0x85, 'R').stop().bytes(),
                "REDUCE calls torch.FloatStorage, which is not a function the reader knows");
    }

    @Test
    void opcodesAStateDictDoesNotUse() throws IOException {
        refusedInBothFormats(new Pickle().proto().op('(').str("touch " + marker()).op('i').raw("os\nsystem\n".getBytes()).stop().bytes(),
                "opcode 0x69 ('i')"); // INST: protocol 0's way to call a global
        refusedInBothFormats(new Pickle().proto().op(0x81).stop().bytes(), "opcode 0x81 is not one a state_dict uses"); // NEWOBJ
        refusedInBothFormats(new Pickle().proto().op('P').raw("0\n".getBytes()).stop().bytes(), "opcode 0x50 ('P')"); // text PERSID
        refusedInBothFormats(new Pickle().proto().op(']', 'N', 'b').stop().bytes(), "BUILD sets the state of a list");
    }

    @Test
    void deepNestingIsRefusedWithoutOverflowingTheStack() throws IOException {
        byte[] marks = new byte[100_000];
        java.util.Arrays.fill(marks, (byte) '(');
        refusedInBothFormats(new Pickle().proto().raw(marks).stop().bytes(), "marks nest deeper than 100 levels");
        Pickle tuples = new Pickle().proto().op(')');
        for (int i = 0; i < 100_000; i++) {
            tuples.op(0x85);
        }
        refusedInBothFormats(tuples.stop().bytes(), "tuples nest deeper than 100 levels");
        // 100,000 lists each appended into the one before: built without recursion, then not a state_dict
        Pickle lists = new Pickle().proto();
        for (int i = 0; i < 100_000; i++) {
            lists.op(']');
        }
        for (int i = 1; i < 100_000; i++) {
            lists.op('a');
        }
        refusedInBothFormats(lists.stop().bytes(), "holds a list, not a state_dict");
    }

    @Test
    void memoBombs() throws IOException {
        // a memo of more entries than any state_dict needs
        Pickle wide = new Pickle().proto().op('N');
        for (int i = 0; i <= TorchPickle.MAX_ITEMS; i++) {
            wide.op('r', i & 0xff, i >>> 8 & 0xff, i >>> 16 & 0xff, 0);
        }
        refusedInBothFormats(wide.stop().bytes(), "the memo grows past 1048576 entries");
        // a "billion laughs": list i+1 = [list i, list i], 64 levels (2^64 leaves); built from references in linear time
        Pickle laughs = new Pickle().proto().op(']', 'q', 0);
        for (int i = 0; i < 64; i++) {
            laughs.op('(', 'h', i, 'h', i, 'l', 'q', i + 1);
        }
        byte[] bomb = laughs.stop().bytes();
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> refusedInBothFormats(bomb, "holds a list, not a state_dict"));
        refusedInBothFormats(new Pickle().proto().op('h', 7).stop().bytes(), "memo entry 7 is read before it is written");
    }

    @Test
    void lengthsBeyondThePickle() throws IOException {
        refusedInBothFormats(new Pickle().proto().op('X', 0xff, 0xff, 0xff, 0xff).stop().bytes(), "a value of 4294967295 bytes runs past the end");
        refusedInBothFormats(new Pickle().proto().op(0x8d).raw(TorchFiles.longs(Long.MIN_VALUE)).stop().bytes(), "runs past the end of the pickle");
        refused(TorchFiles.zip(dir.resolve("in-z.pth"), new Pickle().proto().op(']', ']').bytes(), SAMPLE_STORAGES, Map.of()),
                "the pickle ends without a STOP opcode");
        refusedInBothFormats(new Pickle().proto().op('X', 2, 0, 0, 0, 0xc3, 0x28).stop().bytes(), "a string is not UTF-8");
    }

    @Test
    void storagesThatClaimMoreThanTheFileHolds() throws IOException {
        long huge = 1L << 40;
        Map<String, Tensor> claim = Map.of("w", new Tensor("0", "FloatStorage", huge, 0, new long[] {4}, new long[] {1}));
        Map<String, byte[]> bytes = Map.of("0", TorchFiles.floats(1, 2, 3, 4));
        refused(TorchFiles.zip(dir.resolve("in-z.pth"), TorchFiles.pickle(claim, null, false), bytes, Map.of()),
                "storage 0 claims 1,099,511,627,776 float32 values; storages of more than 2 GB are not read");
        refused(TorchFiles.legacy(dir.resolve("in-l.pth"), TorchFiles.pickle(claim, null, true), bytes, Map.of("0", huge)),
                "storage 0 claims 1,099,511,627,776 float32 values; storages of more than 2 GB are not read");
        Map<String, Tensor> ten = Map.of("w", new Tensor("0", "FloatStorage", 10_000_000, 0, new long[] {4}, new long[] {1}));
        refused(TorchFiles.zip(dir.resolve("in-z.pth"), TorchFiles.pickle(ten, null, false), bytes, Map.of()),
                "storage 0 claims 10,000,000 float32 values (40,000,000 bytes) but its record holds 16 bytes");
        refused(TorchFiles.legacy(dir.resolve("in-l.pth"), TorchFiles.pickle(ten, null, true), bytes, Map.of("0", 10_000_000L)),
                "storage 0 claims 10,000,000 float32 values (40,000,000 bytes) but only 16 bytes are left");
        // the legacy stream's own count disagrees with the pickle's
        refused(TorchFiles.legacy(dir.resolve("in-l.pth"), TorchFiles.pickle(SAMPLE, null, true), SAMPLE_STORAGES,
                Map.of("0", 6L, "1", 2L, "2", huge, "3", 1L)), "storage 2 claims 1099511627776 elements where its tensors say 4");
        // a storage the pickle uses but the archive lacks
        Map<String, byte[]> missing = new LinkedHashMap<>(SAMPLE_STORAGES);
        missing.remove("2");
        refused(TorchFiles.zip(dir.resolve("in-z.pth"), TorchFiles.pickle(SAMPLE, null, false), missing, Map.of()),
                "storage 2 has no record archive/data/2");
    }

    @Test
    void viewsOutsideTheirStorageOrRepeatingWithoutEnd() throws IOException {
        Map<String, byte[]> six = Map.of("0", TorchFiles.floats(0, 1, 2, 3, 4, 5));
        Map<String, Tensor> past = Map.of("w", new Tensor("0", "FloatStorage", 6, 3, new long[] {4}, new long[] {1}));
        refused(TorchFiles.zip(dir.resolve("in-z.pth"), TorchFiles.pickle(past, null, false), six, Map.of()),
                "tensor w reaches element 6 of storage 0, which holds 6");
        Map<String, Tensor> negative = Map.of("w", new Tensor("0", "FloatStorage", 6, 5, new long[] {2}, new long[] {-1}));
        refused(TorchFiles.zip(dir.resolve("in-z.pth"), TorchFiles.pickle(negative, null, false), six, Map.of()), "has a negative stride");
        Map<String, Tensor> overflow = Map.of("w", new Tensor("0", "FloatStorage", 6, 0, new long[] {3, 3}, new long[] {Long.MAX_VALUE / 2, 1}));
        refused(TorchFiles.zip(dir.resolve("in-z.pth"), TorchFiles.pickle(overflow, null, false), six, Map.of()), "reaches beyond any storage");
        // stride 0 repeats one value: a 2^26-value tensor from a 6-value storage
        Map<String, Tensor> repeat = Map.of("w", new Tensor("0", "FloatStorage", 6, 0, new long[] {1 << 20, 1 << 6}, new long[] {0, 0}));
        refused(TorchFiles.zip(dir.resolve("in-z.pth"), TorchFiles.pickle(repeat, null, false), six, Map.of()),
                "its tensors would hold more than 1,048,672 values from the 6 its storages hold");
        Map<String, Tensor> wide = Map.of("w", new Tensor("0", "FloatStorage", 6, 0, new long[] {1L << 40, 1L << 40}, new long[] {0, 0}));
        refused(TorchFiles.zip(dir.resolve("in-z.pth"), TorchFiles.pickle(wide, null, false), six, Map.of()), "declares shape");
    }

    @Test
    void notAStateDict() throws IOException {
        Files.writeString(dir.resolve("in-t.pth"), "just some text");
        refused(dir.resolve("in-t.pth"), "is not a torch.save file");
        refusedInBothFormats(new Pickle().proto().integer(5).stop().bytes(), "holds an int, not a state_dict");
        Pickle p = new Pickle().proto().op('}').mark().str("epoch").integer(3).str("optimizer").op('}').op('u').stop();
        refusedInBothFormats(p.bytes(), "its entry 'epoch' is an int, not a tensor, and no entry 'state_dict', 'model_state_dict', 'model'");
        Path script = dir.resolve("in-s.pt");
        try (var z = new java.util.zip.ZipOutputStream(Files.newOutputStream(script))) {
            z.putNextEntry(new java.util.zip.ZipEntry("model/constants.pkl"));
            z.write(new Pickle().proto().op(')').stop().bytes());
            z.closeEntry();
        }
        refused(script, "is a TorchScript archive (torch.jit.save)");
        // a name with a line break cannot break the one line
        Map<String, Tensor> odd = Map.of("w", new Tensor("a\nb", "FloatStorage", 6, 0, new long[] {4}, new long[] {1}));
        refused(TorchFiles.zip(dir.resolve("in-z.pth"), TorchFiles.pickle(odd, null, false), Map.of(), Map.of()), "storage a\\x0ab has no record");
    }
}
