package org.inpaintij.learned;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Map;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import org.inpaintij.core.BadInputException;
import org.inpaintij.models.LearnedGraph;
import org.inpaintij.models.ModelKind;
import org.inpaintij.onnx.DeviceSpec;
import org.inpaintij.onnx.Devices;
import org.inpaintij.onnx.RunControl;
import org.inpaintij.onnx.Sessions;
import org.inpaintij.onnx.TensorBuffer;
import org.inpaintij.onnx.TensorSpec;

/**
 * A learned fill's graph (LaMa or MI-GAN) and the one session that runs it. It is the session's only owner: it
 * opens it, reads the graph's contract ({@link LearnedGraph}) before anything runs, closing the session again when
 * the graph fits neither contract, and closes it in {@link #close()}. It speaks RGB planes in 0..1 and a hole mask
 * (1 = fill) to its callers, and each graph's own element types, value ranges and mask convention to the graph.
 */
public final class LearnedModel implements AutoCloseable {

    private final Path file;
    private final OrtSession session;
    private final Devices.Placement placement;
    private final LearnedGraph graph;
    private final TensorBuffer imageBuffer = new TensorBuffer(), maskBuffer = new TensorBuffer();
    private ByteBuffer imageBytes = ByteBuffer.allocateDirect(0), maskBytes = ByteBuffer.allocateDirect(0);
    private long onnxNanos, onnxCpuNanos;

    private LearnedModel(Path file, Sessions.Opened opened) {
        this.file = file;
        this.session = opened.session();
        this.placement = opened.placement();
        try {
            this.graph = LearnedGraph.of(file, TensorSpec.inputs(session), TensorSpec.outputs(session));
        } catch (OrtException e) {
            throw new BadInputException("ONNX Runtime cannot describe the inputs of " + file + " ("
                    + Devices.oneLine(e.getMessage()) + ").", e);
        }
    }

    /**
     * Opens a LaMa or MI-GAN graph on a device ({@code auto}, {@code cpu}, {@code cuda}, {@code cuda:N}).
     *
     * @throws BadInputException when the file cannot be loaded or fits neither contract (the session is closed)
     */
    public static LearnedModel open(Path file, String device) {
        return Sessions.own(Sessions.open(file, Devices.place(DeviceSpec.parse(device)), "a LaMa or MI-GAN .onnx file"),
                o -> new LearnedModel(file, o));
    }

    /** The graph file. */
    public Path file() {
        return file;
    }

    /** The graph's contract: kind, input and output names, fixed size or not. */
    public LearnedGraph graph() {
        return graph;
    }

    /** LaMa or MI-GAN. */
    public ModelKind kind() {
        return graph.kind();
    }

    /** Where the session runs. */
    public Devices.Placement placement() {
        return placement;
    }

    /**
     * Fills the holes of an RGB image.
     *
     * @param rgb the image in 0..1, planar: R, G then B, {@code width * height} values each (values under the
     *     hole are not used)
     * @param hole {@code width * height} values, 1 where to fill, 0 where known
     * @return the filled image in 0..1, planar as {@code rgb}
     * @throws BadInputException when the graph fails at this size or returns another shape
     */
    public synchronized float[] fill(float[] rgb, float[] hole, int width, int height, RunControl run) {
        if (graph.fixedSize() && (width != graph.width() || height != graph.height())) {
            throw new IllegalArgumentException("the graph works at " + graph.width() + "x" + graph.height()
                    + ", not " + width + "x" + height);
        }
        int n = width * height;
        long[] imageShape = {1, 3, height, width}, maskShape = {1, 1, height, width};
        long before = run.onnxNanos(), cpuBefore = run.onnxCpuNanos();
        try (OnnxTensor image = imageTensor(rgb, n, imageShape); OnnxTensor mask = maskTensor(hole, maskShape);
                OrtSession.Result res = run.run(graph.kind().label(), session,
                        Map.of(graph.image().name(), image, graph.mask().name(), mask))) {
            OnnxTensor out = (OnnxTensor) res.get(graph.output().name()).orElseThrow();
            long[] s = out.getInfo().getShape();
            if (s.length != 4 || s[0] != 1 || s[1] != 3 || s[2] != height || s[3] != width) {
                throw new BadInputException(file + " returned '" + graph.output().name() + "' of shape "
                        + java.util.Arrays.toString(s) + " for a " + width + "x" + height + " image; expected [1, 3, "
                        + height + ", " + width + "].");
            }
            return planes(out, n);
        } catch (OrtException e) {
            throw new BadInputException("The " + graph.kind().label() + " model " + file + " failed at " + width + "x"
                    + height + " pixels (" + Devices.oneLine(e.getMessage()) + ")"
                    + (Sessions.outOfMemory(e) ? "; there is not enough memory: use a smaller context or resolution." : "."),
                    e);
        } finally {
            onnxNanos += run.onnxNanos() - before;
            onnxCpuNanos += run.onnxCpuNanos() - cpuBefore;
        }
    }

    /** Wall-clock nanoseconds spent inside ONNX Runtime by this model's fills so far (for the benchmark). */
    public synchronized long onnxNanos() {
        return onnxNanos;
    }

    /** CPU time of the calling threads inside ONNX Runtime in this model's fills so far (for the benchmark). */
    public synchronized long onnxCpuNanos() {
        return onnxCpuNanos;
    }

    private OnnxTensor imageTensor(float[] rgb, int n, long[] shape) throws OrtException {
        if (graph.kind() == ModelKind.LAMA) return imageBuffer.tensor(graph.image().type(), shape, rgb, 0);
        imageBytes = reserve(imageBytes, 3 * n);
        byte[] b = new byte[3 * n];
        for (int i = 0; i < b.length; i++) b[i] = toByte(rgb[i]);
        imageBytes.put(b);
        return OnnxTensor.createTensor(Devices.environment(), imageBytes.flip(), shape, OnnxJavaType.UINT8);
    }

    /** LaMa: float, 1 = fill. MI-GAN: uint8, 255 = keep, 0 = fill. */
    private OnnxTensor maskTensor(float[] hole, long[] shape) throws OrtException {
        if (graph.kind() == ModelKind.LAMA) return maskBuffer.tensor(graph.mask().type(), shape, hole, 0);
        maskBytes = reserve(maskBytes, hole.length);
        byte[] b = new byte[hole.length];
        for (int i = 0; i < b.length; i++) b[i] = hole[i] > 0 ? 0 : (byte) 255;
        maskBytes.put(b);
        return OnnxTensor.createTensor(Devices.environment(), maskBytes.flip(), shape, OnnxJavaType.UINT8);
    }

    /** The output in 0..1, planar: LaMa's is 0..255 floats, MI-GAN's 0..255 bytes. */
    private static float[] planes(OnnxTensor out, int n) {
        float[] rgb = new float[3 * n];
        if (out.getInfo().type == OnnxJavaType.UINT8) {
            byte[] b = new byte[3 * n];
            out.getByteBuffer().get(b);
            for (int i = 0; i < b.length; i++) rgb[i] = (b[i] & 0xff) * (1f / 255);
            return rgb;
        }
        TensorBuffer.read(out, rgb, 0);
        for (int i = 0; i < 3 * n; i++) rgb[i] *= 1f / 255;
        return rgb;
    }

    /** A value in 0..1 as a byte 0..255, rounded to the nearest (halves up); anything outside 0..1 is clamped. */
    private static byte toByte(float v) {
        int i = (int) (v * 255f + 0.5f);
        return (byte) (i < 0 ? 0 : i > 255 ? 255 : i);
    }

    private static ByteBuffer reserve(ByteBuffer b, int size) {
        ByteBuffer out = b.capacity() < size ? ByteBuffer.allocateDirect(size).order(ByteOrder.nativeOrder()) : b;
        out.clear();
        return out;
    }

    @Override
    public void close() {
        Sessions.close(session, file);
    }
}
