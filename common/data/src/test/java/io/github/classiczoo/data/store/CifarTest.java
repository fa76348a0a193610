package io.github.classiczoo.data.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.classiczoo.data.ImageSet;
import io.github.classiczoo.data.Split;
import io.github.classiczoo.data.ZooDataException;
import io.github.classiczoo.data.formats.CifarReader;
import io.github.classiczoo.testing.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CIFAR binary reader and archive handling, on CIFAR-format files the test writes. */
public class CifarTest {

    /** {@code n} CIFAR-10 records; image i has label i % 10 and every red pixel = i, green = 100, blue = 200. */
    public static byte[] records(int n, int labelBytes, int offset) {
        byte[] b = new byte[n * (labelBytes + 3072)];
        for (int i = 0; i < n; i++) {
            int base = i * (labelBytes + 3072);
            for (int l = 0; l < labelBytes; l++) {
                b[base + l] = (byte) ((i + offset) % 10 + l * 0); // coarse and fine label alike here
            }
            for (int k = 0; k < 1024; k++) {
                b[base + labelBytes + k] = (byte) (i + offset);
                b[base + labelBytes + 1024 + k] = 100;
                b[base + labelBytes + 2048 + k] = (byte) 200;
            }
        }
        return b;
    }

    static Path archive(Path dir, String name, List<String> members, List<byte[]> contents) throws IOException {
        return TestFiles.tarGz(dir.resolve(name), members, contents);
    }

    static final List<String> MEMBERS = List.of("cifar-10-batches-bin/data_batch_1.bin", "cifar-10-batches-bin/data_batch_2.bin",
            "cifar-10-batches-bin/data_batch_3.bin", "cifar-10-batches-bin/data_batch_4.bin", "cifar-10-batches-bin/data_batch_5.bin",
            "cifar-10-batches-bin/test_batch.bin");

    /** A CIFAR-10-format archive of 5 × 8 training and 6 test images, and the dataset entry whose MD5 is its own. */
    static DatasetInfo smallCifar10(Path dir) throws IOException {
        List<byte[]> contents = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            contents.add(records(8, 1, i * 8));
        }
        contents.add(records(6, 1, 100));
        Path a = archive(dir, "cifar-10-binary.tar.gz", MEMBERS, contents);
        DatasetInfo real = Datasets.CIFAR10;
        DatasetInfo.Archive arch = new DatasetInfo.Archive(real.archive().fileName(), DataStore.md5(a), Files.size(a), MEMBERS);
        return Datasets.cifar("cifar10", "small", DatasetInfo.Format.CIFAR10, real.classNames(), arch,
                List.of(8 * 3073L, 8 * 3073L, 8 * 3073L, 8 * 3073L, 8 * 3073L, 6 * 3073L));
    }

    @Test
    void verifiesTheArchiveExtractsAndReadsBothSplits(@TempDir Path tmp) throws IOException {
        Path src = Files.createDirectories(tmp.resolve("downloads"));
        DatasetInfo d = smallCifar10(src);
        List<String> log = new ArrayList<>();
        DataStore store = new DataStore(tmp.resolve("cache"), log::add, Sources.directories());
        ImageSet train = store.load(d, Split.TRAIN, src);
        ImageSet test = store.load(d, Split.TEST, src);
        assertEquals(40, train.size());
        assertEquals(6, test.size());
        assertEquals(3, train.shape().channels());
        assertEquals(32, train.shape().width());
        assertEquals(9, train.labels()[9]); // image 9 → label 9
        assertEquals(2, test.labels()[2]);  // test images start at offset 100 → 100 % 10 = 0
        int img = 17;
        assertEquals((byte) 17, train.pixels()[img * 3072]);           // red plane
        assertEquals((byte) 100, train.pixels()[img * 3072 + 1024]);   // green plane
        assertEquals((byte) 200, train.pixels()[img * 3072 + 2048 + 5]); // blue plane
        assertTrue(store.problems(d).isEmpty(), store.problems(d).toString());
        assertTrue(Files.readString(store.dir(d).resolve("SHA256SUMS")).contains("test_batch.bin"));
        assertTrue(log.stream().anyMatch(l -> l.contains("verified (MD5")), log.toString());
        assertEquals(7, store.sha256s(d).size()); // six files and the archive's MD5
    }

    @Test
    void anArchiveWithTheWrongMd5IsRejected(@TempDir Path tmp) throws IOException {
        Path src = Files.createDirectories(tmp.resolve("downloads"));
        DatasetInfo good = smallCifar10(src);
        DatasetInfo wrong = new DatasetInfo(good.name(), good.description(), good.format(), good.classNames(), good.files(), List.of(),
                null, null, List.of(), new DatasetInfo.Archive(good.archive().fileName(), "0".repeat(32), 1, good.archive().members()));
        List<String> log = new ArrayList<>();
        DataStore store = new DataStore(tmp.resolve("cache"), log::add);
        ZooDataException e = assertThrows(ZooDataException.class, () -> store.load(wrong, Split.TRAIN, src));
        assertTrue(e.getMessage().contains("cifar-10-binary.tar.gz") && e.getMessage().contains("from the directory holding"), e.getMessage());
        assertTrue(e instanceof DatasetUnavailableException u && u.dataset() == wrong, "the dataset travels with the error");
        assertTrue(log.stream().anyMatch(l -> l.contains("REJECTED") && l.contains("MD5")), log.toString());
        assertFalse(Files.exists(store.dir(wrong).resolve("data_batch_1.bin")));
    }

    @Test
    void aCachedFileChangedAfterVerificationIsCaught(@TempDir Path tmp) throws IOException {
        Path src = Files.createDirectories(tmp.resolve("downloads"));
        DatasetInfo d = smallCifar10(src);
        DataStore store = new DataStore(tmp.resolve("cache"), m -> { });
        store.load(d, Split.TRAIN, src);
        byte[] b = Files.readAllBytes(store.dir(d).resolve("data_batch_3.bin"));
        b[10] ^= 1;
        Files.write(store.dir(d).resolve("data_batch_3.bin"), b);
        ZooDataException e = assertThrows(ZooDataException.class, () -> store.load(d, Split.TRAIN, src));
        assertTrue(e.getMessage().contains("data_batch_3.bin: SHA-256"), e.getMessage());
    }

    @Test
    void readerRefusesFilesThatAreNotWholeRecordsAndBadLabels(@TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("bad.bin");
        Files.write(f, java.util.Arrays.copyOf(records(3, 1, 0), 3 * 3073 - 1));
        ZooDataException e = assertThrows(ZooDataException.class, () -> CifarReader.read("x", List.of(f), 1, Datasets.CIFAR10.classNames()));
        assertTrue(e.getMessage().contains("bad.bin") && e.getMessage().contains("3,073-byte records"), e.getMessage());
        byte[] r = records(2, 1, 0);
        r[3073] = 10;
        Path g = tmp.resolve("label.bin");
        Files.write(g, r);
        ZooDataException l = assertThrows(ZooDataException.class, () -> CifarReader.read("x", List.of(g), 1, Datasets.CIFAR10.classNames()));
        assertTrue(l.getMessage().contains("label 10 of record 1"), l.getMessage());
        // CIFAR-100 records: coarse label, then fine label — the fine one is used
        byte[] c = records(1, 2, 0);
        c[0] = 3;
        c[1] = 42;
        Path h = tmp.resolve("c100.bin");
        Files.write(h, c);
        assertArrayEquals(new int[] {42}, CifarReader.read("x", List.of(h), 2, Datasets.CIFAR100.classNames()).labels());
        assertEquals(100, Datasets.CIFAR100.classNames().size());
    }
}
