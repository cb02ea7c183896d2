package org.inpaintij.onnx;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;

/**
 * One input or output of a graph as the session reports it: name, element type and shape (-1 for a
 * dimension the graph leaves free, whatever name it gives it).
 *
 * @param name the graph's name for it
 * @param type the element type
 * @param shape the dimensions; -1 where dynamic
 */
public record TensorSpec(String name, OnnxJavaType type, long[] shape) {

    /** Element types this project reads and writes. */
    public static final Set<OnnxJavaType> FLOATS = Set.of(OnnxJavaType.FLOAT, OnnxJavaType.FLOAT16);
    /** Integer element types for token ids and timesteps. */
    public static final Set<OnnxJavaType> INTEGERS = Set.of(OnnxJavaType.INT32, OnnxJavaType.INT64);

    /** Keeps its own copy of the shape. */
    public TensorSpec {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** The number of dimensions. */
    public int rank() {
        return shape.length;
    }

    /** Dimension {@code i}, or -1 when the graph leaves it free. */
    public long dim(int i) {
        return shape[i] < 0 ? -1 : shape[i];
    }

    /** Whether dimension {@code i} is fixed by the graph. */
    public boolean fixed(int i) {
        return shape[i] >= 0;
    }

    /** ONNX's name of the element type, as people read it in messages. */
    public String typeName() {
        return switch (type) {
            case FLOAT -> "float32";
            case FLOAT16 -> "float16";
            case DOUBLE -> "float64";
            case INT32 -> "int32";
            case INT64 -> "int64";
            default -> type.name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    /** The shape as {@code [batch, 4, ?, ?]}-like text, ? for free dimensions. */
    public String shapeText() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(shape[i] < 0 ? "?" : Long.toString(shape[i]));
        }
        return sb.append(']').toString();
    }

    @Override
    public String toString() {
        return name + " " + typeName() + shapeText();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorSpec t && t.name.equals(name) && t.type == type && Arrays.equals(t.shape, shape);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    /** The tensor inputs of a session, in the graph's order. */
    public static Map<String, TensorSpec> inputs(OrtSession session) throws OrtException {
        return specs(session.getInputInfo());
    }

    /** The tensor outputs of a session, in the graph's order. */
    public static Map<String, TensorSpec> outputs(OrtSession session) throws OrtException {
        return specs(session.getOutputInfo());
    }

    private static Map<String, TensorSpec> specs(Map<String, NodeInfo> infos) {
        Map<String, TensorSpec> out = new LinkedHashMap<>();
        for (NodeInfo n : infos.values()) {
            if (n.getInfo() instanceof TensorInfo t) out.put(n.getName(), new TensorSpec(n.getName(), t.type, t.getShape()));
        }
        return Collections.unmodifiableMap(out);
    }
}
