package io.github.classiczoo.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.classiczoo.core.image.Image;
import io.github.classiczoo.core.image.ImageFile;
import io.github.classiczoo.data.folder.FolderSource;
import io.github.classiczoo.data.store.DataStore;
import io.github.classiczoo.testing.TestFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Images as untrusted input: every bit depth and colour model reaches the network as 8-bit RGB in the same range,
 * oversized images are refused from their header, truncated ones are found when a folder is scanned.
 */
class ImageFileTest {

    static final int W = 5, H = 4;

    /** 16-bit samples of a fixed pseudo-random picture, row-major, {@code channels} per pixel. */
    static int[] samples16(int channels, long seed) {
        Random r = new Random(seed);
        int[] v = new int[W * H * channels];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextInt(65536);
        }
        return v;
    }

    static byte[] bytes16(int[] v) {
        byte[] b = new byte[v.length * 2];
        for (int i = 0; i < v.length; i++) {
            b[2 * i] = (byte) (v[i] >> 8);
            b[2 * i + 1] = (byte) v[i];
        }
        return b;
    }

    static byte[] bytes8(int[] v16) {
        byte[] b = new byte[v16.length];
        for (int i = 0; i < v16.length; i++) {
            b[i] = (byte) (v16[i] >> 8);
        }
        return b;
    }

    /** The RGB planes the zoo should give for interleaved 8-bit samples with {@code channels} per pixel (grey repeated, alpha dropped). */
    static float[] expectedRgb(byte[] s, int channels) {
        int plane = W * H;
        float[] px = new float[3 * plane];
        for (int i = 0; i < plane; i++) {
            for (int c = 0; c < 3; c++) {
                int src = channels <= 2 ? 0 : c;
                px[c * plane + i] = s[i * channels + src] & 0xff;
            }
        }
        return px;
    }

    @Test
    void everyDepthAndColourModelGivesEightBitRgb(@TempDir Path tmp) throws IOException {
        int[] rgb = samples16(3, 1);
        // 16-bit colour: the high byte, as Pillow's convert('RGB') gives; the 8-bit file of the same picture decodes the same
        float[] want = expectedRgb(bytes8(rgb), 3);
        assertArrayEquals(want, ImageFile.decode(TestFiles.png(tmp.resolve("rgb16.png"), W, H, 2, 16, bytes16(rgb), null)).px());
        assertArrayEquals(want, ImageFile.decode(TestFiles.png(tmp.resolve("rgb8.png"), W, H, 2, 8, bytes8(rgb), null)).px());
        // 16-bit grey: scaled the same way (Pillow 9 would clip it to 0-255 instead)
        int[] grey = samples16(1, 2);
        float[] g = expectedRgb(bytes8(grey), 1);
        assertArrayEquals(g, ImageFile.decode(TestFiles.png(tmp.resolve("g16.png"), W, H, 0, 16, bytes16(grey), null)).px());
        assertArrayEquals(g, ImageFile.decode(TestFiles.png(tmp.resolve("g8.png"), W, H, 0, 8, bytes8(grey), null)).px());
        // RGBA and grey+alpha: alpha dropped, not composited (Pillow's convert('RGB'))
        int[] rgba = samples16(4, 3);
        assertArrayEquals(expectedRgb(bytes8(rgba), 4), ImageFile.decode(TestFiles.png(tmp.resolve("rgba.png"), W, H, 6, 8, bytes8(rgba), null)).px());
        int[] la = samples16(2, 4);
        assertArrayEquals(expectedRgb(bytes8(la), 2), ImageFile.decode(TestFiles.png(tmp.resolve("la16.png"), W, H, 4, 16, bytes16(la), null)).px());
        // a palette: expanded
        byte[] palette = new byte[3 * 4];
        new Random(5).nextBytes(palette);
        byte[] idx = new byte[W * H];
        byte[] expanded = new byte[W * H * 3];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = (byte) (i % 4);
            System.arraycopy(palette, 3 * (i % 4), expanded, 3 * i, 3);
        }
        assertArrayEquals(expectedRgb(expanded, 3), ImageFile.decode(TestFiles.png(tmp.resolve("pal.png"), W, H, 3, 8, idx, palette)).px());
        // 1-bit and 4-bit grey: scaled to 0-255 (0/255; v × 17)
        byte[] oneBit = new byte[H]; // W = 5 pixels in one byte per row: 1 0 1 0 1
        Arrays.fill(oneBit, (byte) 0b10101000);
        Image one = ImageFile.decode(TestFiles.png(tmp.resolve("g1.png"), W, H, 0, 1, oneBit, null));
        assertEquals(255f, one.at(0, 0, 0));
        assertEquals(0f, one.at(1, 0, 1));
        byte[] fourBit = new byte[H * 3]; // 5 pixels in 3 bytes per row: 15, 0, 7, ...
        for (int y = 0; y < H; y++) {
            fourBit[3 * y] = (byte) 0xF0;
            fourBit[3 * y + 1] = (byte) 0x70;
        }
        Image four = ImageFile.decode(TestFiles.png(tmp.resolve("g4.png"), W, H, 0, 4, fourBit, null));
        assertEquals(255f, four.at(2, 0, 0));
        assertEquals(0f, four.at(2, 0, 1));
        assertEquals(119f, four.at(2, 0, 2));
    }

    /** A 12000×12000 header in a file of a few bytes: refused before anything is decoded, and the limit can be raised. */
    @Test
    void imagesAboveThePixelLimitAreRefusedFromTheirHeader(@TempDir Path tmp) throws IOException {
        Path big = tmp.resolve("big.png");
        TestFiles.png(big, W, H, 0, 8, new byte[W * H], null);
        byte[] b = Files.readAllBytes(big);
        java.nio.ByteBuffer.wrap(b, 16, 8).putInt(12000).putInt(12000); // IHDR's width and height (the CRC no longer matches: never read)
        Files.write(big, b);
        io.github.classiczoo.core.util.ZooException e = assertThrows(io.github.classiczoo.core.util.ZooException.class, () -> ImageFile.decode(big));
        assertTrue(e.getMessage().contains("big.png") && e.getMessage().contains("144,000,000 pixels")
                && e.getMessage().contains(ImageFile.MAX_PIXELS_ENV), e.getMessage());
        System.setProperty(ImageFile.MAX_PIXELS_PROPERTY, "200000000");
        try {
            assertEquals(12000, ImageFile.inspect(big).width());
        } finally {
            System.clearProperty(ImageFile.MAX_PIXELS_PROPERTY);
        }
    }

    /**
     * Issue 27: a PNG of 100000×1 pixels (a few hundred bytes, within the pixel limit) passed the header check and failed
     * in training with "-1814036480" (an int overflow in the resize), naming no file. Refused from its header, and listed
     * among a folder's damaged images.
     */
    @Test
    void stripsOfExtremeAspectRatioAreRefusedFromTheirHeader(@TempDir Path tmp) throws IOException {
        Path wide = TestFiles.png(tmp.resolve("set/a/wide.png"), 100_000, 1, 0, 8, new byte[100_000], null);
        Path tall = TestFiles.png(tmp.resolve("set/b/tall.png"), 1, 1_000_000, 0, 8, new byte[1_000_000], null);
        assertTrue(Files.size(wide) < 1000, "a few hundred bytes: " + Files.size(wide));
        for (Path f : List.of(wide, tall)) {
            io.github.classiczoo.core.util.ZooException e = assertThrows(io.github.classiczoo.core.util.ZooException.class, () -> ImageFile.inspect(f));
            assertTrue(e.getMessage().startsWith(f + " is ") && e.getMessage().contains("one side is more than 100 times the other"), e.getMessage());
        }
        assertTrue(assertThrows(io.github.classiczoo.core.util.ZooException.class, () -> ImageFile.decode(wide)).getMessage().contains("wide.png is 100000×1 pixels"));
        TestFiles.png(tmp.resolve("set/a/fine.png"), 100, 1, 0, 8, new byte[100], null); // 100:1 is allowed
        TestFiles.png(tmp.resolve("set/b/fine.png"), 4, 4, 0, 8, new byte[16], null);
        FolderSource s = new DataStore(tmp.resolve("cache"), m -> { }).withMaxDamaged(0.5).folder(tmp.resolve("set"));
        assertEquals(2, s.size());
        assertEquals(2, s.damaged().size());
        assertTrue(s.damaged().get(0).contains("wide.png is 100000×1 pixels") && s.damaged().get(1).contains("tall.png is 1×1000000 pixels"),
                s.damaged().toString());
    }

    @Test
    void truncatedImagesAreFoundWhenTheFolderIsScanned(@TempDir Path tmp) throws IOException {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            BufferedImage img = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
            img.setRGB(i, i, 0xff8040);
            Path f = tmp.resolve("set/cls/" + i + (i % 2 == 0 ? ".jpg" : ".png"));
            Files.createDirectories(f.getParent());
            ImageIO.write(img, i % 2 == 0 ? "jpg" : "png", f.toFile());
            files.add(f);
        }
        Path jpeg = files.get(4);
        byte[] b = Files.readAllBytes(jpeg);
        Files.write(jpeg, Arrays.copyOf(b, b.length * 2 / 3));
        io.github.classiczoo.core.util.ZooException e = assertThrows(io.github.classiczoo.core.util.ZooException.class, () -> ImageFile.inspect(jpeg));
        assertTrue(e.getMessage().contains("4.jpg") && e.getMessage().contains("truncated"), e.getMessage());
        Path png = files.get(5);
        b = Files.readAllBytes(png);
        Files.write(png, Arrays.copyOf(b, b.length - 20));
        assertTrue(assertThrows(io.github.classiczoo.core.util.ZooException.class, () -> ImageFile.inspect(png)).getMessage().contains("IEND"));

        // data appended after a complete image (motion photos, camera trailers) is not damage
        Path trailer = files.get(6);
        byte[] whole = Files.readAllBytes(trailer);
        byte[] longer = Arrays.copyOf(whole, whole.length + 5000);
        for (int i = whole.length; i < longer.length; i++) {
            longer[i] = (byte) (i * 31);
        }
        Files.write(trailer, longer);
        ImageFile.inspect(trailer);
        Path pngTrailer = files.get(7);
        whole = Files.readAllBytes(pngTrailer);
        longer = Arrays.copyOf(whole, whole.length + 5000);
        Files.write(pngTrailer, longer);
        ImageFile.inspect(pngTrailer);

        // 2 of 10 damaged: above the default 0.1%, refused with both named
        e = assertThrows(io.github.classiczoo.core.util.ZooException.class, () -> FolderSource.scan(tmp.resolve("set")));
        assertTrue(e.getMessage().contains("2 of 10") && e.getMessage().contains("4.jpg") && e.getMessage().contains("5.png"), e.getMessage());
        // allowed up to 20%: left out and reported
        List<String> log = new ArrayList<>();
        FolderSource s = new DataStore(tmp.resolve("cache"), log::add).withMaxDamaged(0.2).folder(tmp.resolve("set"));
        assertEquals(8, s.size());
        assertEquals(2, s.damaged().size());
        assertTrue(log.size() == 1 && log.get(0).contains("2 of 10 images are damaged or unusable and left out"), log.toString());
    }
}
