package io.github.classiczoo.data.formats;

import io.github.classiczoo.core.image.Image;
import io.github.classiczoo.core.image.ImageDecoder;
import io.github.classiczoo.core.image.ImageFile;
import io.github.classiczoo.data.ZooDataException;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * The zoo's image decoder: libjpeg(-turbo) and libpng through OpenCV, as Pillow uses them, so that an image reaches the
 * network with the pixels torchvision would give it ({@link ImageFile} says how each kind of file is read). Found by
 * {@link ImageDecoder#best()} whenever zoo-data is on the class path.
 */
public final class OpenCvDecoder implements ImageDecoder {

    private static final int READ_FLAGS = opencv_imgcodecs.IMREAD_COLOR | opencv_imgcodecs.IMREAD_IGNORE_ORIENTATION;

    @Override
    public String name() {
        return "opencv";
    }

    @Override
    public Image decode(String f, byte[] bytes, ImageFile.Header h) {
        try (Mat buf = new Mat(1, bytes.length, opencv_core.CV_8UC1); BytePointer data = buf.data()) {
            data.put(bytes);
            try (Mat m = opencv_imgcodecs.imdecode(buf, READ_FLAGS)) {
                if (m == null || m.empty()) {
                    throw new ZooDataException("cannot decode " + f + ": a damaged " + h.format());
                }
                if (m.channels() != 3 || m.depth() != opencv_core.CV_8U) {
                    throw new ZooDataException(String.format(java.util.Locale.ROOT, "%s decoded to %d×%d×%d, its header says %d×%d: a damaged %s",
                            f, m.rows(), m.cols(), m.channels(), h.height(), h.width(), h.format()));
                }
                return rgb(m);
            }
        } catch (LinkageError e) {
            throw new ZooDataException("cannot decode " + f + ": OpenCV's natives are missing; add "
                    + "org.bytedeco:opencv:4.5.5-1.5.7 with classifier linux-x86_64 (the zoo launcher has it)", e);
        }
    }

    /** OpenCV's interleaved BGR rows to the zoo's channel-major RGB. */
    private static Image rgb(Mat m) {
        int h = m.rows(), w = m.cols(), plane = h * w;
        byte[] bgr = new byte[plane * 3];
        Mat c = m.isContinuous() ? m : m.clone();
        c.data().get(bgr);
        float[] px = new float[plane * 3];
        for (int i = 0; i < plane; i++) {
            px[i] = bgr[3 * i + 2] & 0xff;
            px[plane + i] = bgr[3 * i + 1] & 0xff;
            px[2 * plane + i] = bgr[3 * i] & 0xff;
        }
        if (c != m) {
            c.close();
        }
        return new Image(3, h, w, px);
    }
}
