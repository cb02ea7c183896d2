package org.inpaintij.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy's .npy format (version 1.0, C order) for the arrays the benchmark hands to the Python peers and reads
 * back: uint8, uint16, float32 and float64, shape (h, w) or (h, w, channels).
 */
public final class Npy {

    private Npy() {}

    /** An array read from a file: values as doubles, channel-last. */
    public record Array(int height, int width, int channels, String dtype, double[][] channelData) {}

    /** Writes channel-separated data as an (h, w) or (h, w, c) array of the given dtype ({@code |u1}, {@code <u2}, {@code <f4}). */
    static void write(Path file, int w, int h, String dtype, double[][] channels) throws IOException {
        int nc = channels.length;
        String shape = nc == 1 ? "(" + h + ", " + w + ")" : "(" + h + ", " + w + ", " + nc + ")";
        String header = "{'descr': '" + dtype + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int itemSize = itemSize(dtype);
        int base = 10 + header.length() + 1;
        int pad = (64 - base % 64) % 64;
        StringBuilder hb = new StringBuilder(header);
        hb.append(" ".repeat(pad)).append('\n');
        byte[] hbytes = hb.toString().getBytes(StandardCharsets.US_ASCII);
        ByteBuffer buf = ByteBuffer.allocate(10 + hbytes.length + w * h * nc * itemSize).order(ByteOrder.LITTLE_ENDIAN);
        buf.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        buf.putShort((short) hbytes.length).put(hbytes);
        for (int i = 0; i < w * h; i++) {
            for (int c = 0; c < nc; c++) {
                double v = channels[c][i];
                switch (dtype) {
                    case "|u1" -> buf.put((byte) (int) Math.rint(v));
                    case "<u2" -> buf.putShort((short) (int) Math.rint(v));
                    case "<f4" -> buf.putFloat((float) v);
                    case "<f8" -> buf.putDouble(v);
                    default -> throw new IllegalArgumentException("dtype " + dtype);
                }
            }
        }
        Files.write(file, buf.array());
    }

    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']+)'");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    /** Reads an (h, w) or (h, w, c) array in C order. */
    public static Array read(Path file) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if ((buf.get() & 0xff) != 0x93) throw new IOException(file + " is not a .npy file");
        buf.position(6);
        int major = buf.get();
        buf.get();
        int hlen = major == 1 ? buf.getShort() & 0xffff : buf.getInt();
        byte[] hb = new byte[hlen];
        buf.get(hb);
        String header = new String(hb, StandardCharsets.US_ASCII);
        if (header.contains("'fortran_order': True")) throw new IOException(file + ": Fortran order not supported");
        Matcher d = DESCR.matcher(header), s = SHAPE.matcher(header);
        if (!d.find() || !s.find()) throw new IOException(file + ": bad header " + header);
        String dtype = d.group(1);
        String[] dims = s.group(1).split(",");
        int h = Integer.parseInt(dims[0].trim()), w = Integer.parseInt(dims[1].trim());
        int nc = dims.length > 2 && !dims[2].isBlank() ? Integer.parseInt(dims[2].trim()) : 1;
        double[][] out = new double[nc][w * h];
        for (int i = 0; i < w * h; i++) {
            for (int c = 0; c < nc; c++) {
                out[c][i] = switch (dtype) {
                    case "|u1" -> buf.get() & 0xff;
                    case "<u2" -> buf.getShort() & 0xffff;
                    case "<f4" -> buf.getFloat();
                    case "<f8" -> buf.getDouble();
                    default -> throw new IOException(file + ": unsupported dtype " + dtype);
                };
            }
        }
        return new Array(h, w, nc, dtype, out);
    }

    private static int itemSize(String dtype) {
        return switch (dtype) {
            case "|u1" -> 1;
            case "<u2" -> 2;
            case "<f4" -> 4;
            case "<f8" -> 8;
            default -> throw new IllegalArgumentException("dtype " + dtype);
        };
    }
}
