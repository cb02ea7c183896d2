package org.inpaintij.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;

/**
 * A reusable direct buffer for one graph input. ONNX Runtime wraps a direct buffer without copying it, so
 * filling this buffer and wrapping it is the only copy per run, and no garbage is made step after step. A
 * tensor made here reads this buffer: close it before the next {@code tensor} call on the same buffer.
 * Values are given as float32 and stored in the input's element type: float16 is rounded to nearest even,
 * integer types are truncated towards zero, as numpy's cast in diffusers' ONNX pipelines does with timesteps.
 */
public final class TensorBuffer {

    private ByteBuffer bytes = ByteBuffer.allocateDirect(0);

    /** Wraps {@code src[from..from+count)} in a tensor of the given type and shape. */
    public OnnxTensor tensor(OnnxJavaType type, long[] shape, float[] src, int from) throws OrtException {
        int count = count(shape);
        ByteBuffer b = reserve(count * type.size);
        OrtEnvironment env = Devices.environment();
        switch (type) {
            case FLOAT: {
                FloatBuffer f = b.asFloatBuffer();
                f.put(src, from, count);
                return OnnxTensor.createTensor(env, f.flip(), shape);
            }
            case FLOAT16: {
                ShortBuffer s = b.asShortBuffer();
                Float16.put(src, from, count, s);
                return OnnxTensor.createTensor(env, s.flip(), shape, OnnxJavaType.FLOAT16);
            }
            case DOUBLE: {
                var d = b.asDoubleBuffer();
                for (int i = 0; i < count; i++) d.put(src[from + i]);
                return OnnxTensor.createTensor(env, d.flip(), shape);
            }
            case INT32: {
                var d = b.asIntBuffer();
                for (int i = 0; i < count; i++) d.put((int) src[from + i]);
                return OnnxTensor.createTensor(env, d.flip(), shape);
            }
            case INT64: {
                var d = b.asLongBuffer();
                for (int i = 0; i < count; i++) d.put((long) src[from + i]);
                return OnnxTensor.createTensor(env, d.flip(), shape);
            }
            default:
                throw new IllegalArgumentException("unsupported element type " + type);
        }
    }

    /** Wraps integer values (token ids) in an int32 or int64 tensor. */
    public OnnxTensor ints(OnnxJavaType type, long[] shape, int[] src, int from) throws OrtException {
        int count = count(shape);
        ByteBuffer b = reserve(count * type.size);
        OrtEnvironment env = Devices.environment();
        if (type == OnnxJavaType.INT32) {
            var d = b.asIntBuffer();
            d.put(src, from, count);
            return OnnxTensor.createTensor(env, d.flip(), shape);
        }
        if (type == OnnxJavaType.INT64) {
            var d = b.asLongBuffer();
            for (int i = 0; i < count; i++) d.put(src[from + i]);
            return OnnxTensor.createTensor(env, d.flip(), shape);
        }
        throw new IllegalArgumentException("token ids must be int32 or int64, not " + type);
    }

    /** Reads a float32, float16 or float64 tensor into {@code dst[from..)}, as float32. */
    public static void read(OnnxTensor t, float[] dst, int from) {
        OnnxJavaType type = t.getInfo().type;
        int count = Math.toIntExact(t.getInfo().getNumElements());
        switch (type) {
            case FLOAT -> t.getFloatBuffer().get(dst, from, count);
            case FLOAT16 -> Float16.get(t.getShortBuffer(), dst, from, count);
            case DOUBLE -> {
                var d = t.getDoubleBuffer();
                for (int i = 0; i < count; i++) dst[from + i] = (float) d.get();
            }
            default -> throw new IllegalArgumentException("expected a floating-point output, not " + type);
        }
    }

    /** The number of elements of a shape. */
    public static int count(long[] shape) {
        long n = 1;
        for (long d : shape) n *= d;
        return Math.toIntExact(n);
    }

    private ByteBuffer reserve(int size) {
        if (bytes.capacity() < size) bytes = ByteBuffer.allocateDirect(size).order(ByteOrder.nativeOrder());
        bytes.clear();
        return bytes;
    }
}
