package org.inpaintij.onnx;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;

import org.inpaintij.core.BadInputException;

/**
 * The structure of an ONNX graph file, without its weights: the nodes (operator, inputs, outputs, integer
 * attributes) and the shape of every initializer and constant. ONNX Runtime's Java API reports a session's
 * inputs and outputs but not its initializers, and an exporter may leave an input's dimension free that the
 * weights fix (the diffusers conversion script leaves the UNet's channel axis dynamic); this reads the graph
 * itself to find such facts.
 *
 * <p>The file is read with protobuf-java's wire-format reader field by field (field numbers of
 * {@code onnx.proto}); tensor data ({@code raw_data} and the typed data fields) is skipped with a seek, so a
 * 1.7 GB graph with inline weights costs a few megabytes of reading. External data is never opened.
 */
public final class OnnxGraph {

    // onnx.proto field numbers
    private static final int MODEL_GRAPH = 7;
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int NODE_INPUT = 1;
    private static final int NODE_OUTPUT = 2;
    private static final int NODE_OP_TYPE = 4;
    private static final int NODE_ATTRIBUTE = 5;
    private static final int ATTR_NAME = 1;
    private static final int ATTR_I = 3;
    private static final int ATTR_T = 5;
    private static final int TENSOR_DIMS = 1;
    private static final int TENSOR_DATA_TYPE = 2;
    private static final int TENSOR_NAME = 8;

    /** Operators that hand their input on unchanged in shape (what exporters put between an input and its first use). */
    private static final Set<String> PASS_THROUGH = Set.of("Identity", "Cast", "CastLike");

    /**
     * One node of the graph.
     *
     * @param op the operator, e.g. {@code Conv}
     * @param inputs the names of the tensors it reads ("" for an omitted optional input)
     * @param outputs the names of the tensors it writes
     * @param ints its integer attributes
     * @param tensorShape the shape of its tensor attribute ({@code Constant}'s value), or null
     */
    public record Node(String op, List<String> inputs, List<String> outputs, Map<String, Long> ints,
            long[] tensorShape) {}

    /**
     * The convolution that first reads a graph input.
     *
     * @param weight the name of its weight tensor
     * @param weightShape the weight's shape [M, C / group, kH, kW]
     * @param group its {@code group} attribute
     */
    public record Convolution(String weight, long[] weightShape, long group) {

        /** The number of channels the convolution takes: C = weight's second dimension times the group. */
        public long inputChannels() {
            return weightShape[1] * group;
        }
    }

    private final Path file;
    private final List<Node> nodes;
    private final Map<String, long[]> initializers;
    private final long bytesRead;

    private OnnxGraph(Path file, List<Node> nodes, Map<String, long[]> initializers, long bytesRead) {
        this.file = file;
        this.nodes = Collections.unmodifiableList(nodes);
        this.initializers = Collections.unmodifiableMap(initializers);
        this.bytesRead = bytesRead;
    }

    /**
     * Reads the structure of {@code file}.
     *
     * @throws BadInputException naming the file when it cannot be read or is not an ONNX model
     */
    public static OnnxGraph read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException("Missing model graph " + file + "; expected an ONNX file (model.onnx).");
        }
        try (CountingStream in = new CountingStream(Files.newInputStream(file))) {
            CodedInputStream cis = CodedInputStream.newInstance(in, 1 << 16);
            List<Node> nodes = new ArrayList<>();
            Map<String, long[]> inits = new LinkedHashMap<>();
            boolean graph = false;
            for (int tag; (tag = cis.readTag()) != 0;) {
                if (WireFormat.getTagFieldNumber(tag) == MODEL_GRAPH
                        && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                    int old = cis.pushLimit(cis.readRawVarint32());
                    readGraph(cis, nodes, inits);
                    cis.popLimit(old);
                    graph = true;
                } else {
                    cis.skipField(tag);
                }
            }
            if (!graph) throw new IOException("it holds no graph");
            return new OnnxGraph(file, nodes, inits, in.read);
        } catch (IOException | RuntimeException e) {
            throw new BadInputException("Cannot read the ONNX graph " + file + " (" + e.getMessage()
                    + "); expected an ONNX model file.", e);
        }
    }

    private static void readGraph(CodedInputStream cis, List<Node> nodes, Map<String, long[]> inits)
            throws IOException {
        for (int tag; (tag = cis.readTag()) != 0;) {
            int field = WireFormat.getTagFieldNumber(tag);
            if (field == GRAPH_NODE && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                int old = cis.pushLimit(cis.readRawVarint32());
                nodes.add(readNode(cis));
                cis.popLimit(old);
            } else if (field == GRAPH_INITIALIZER
                    && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                int old = cis.pushLimit(cis.readRawVarint32());
                Tensor t = readTensor(cis);
                cis.popLimit(old);
                inits.put(t.name, t.dims);
            } else {
                cis.skipField(tag);
            }
        }
    }

    private static Node readNode(CodedInputStream cis) throws IOException {
        List<String> inputs = new ArrayList<>(), outputs = new ArrayList<>();
        Map<String, Long> ints = new HashMap<>();
        String op = "";
        long[] tensorShape = null;
        for (int tag; (tag = cis.readTag()) != 0;) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case NODE_INPUT -> inputs.add(cis.readString());
                case NODE_OUTPUT -> outputs.add(cis.readString());
                case NODE_OP_TYPE -> op = cis.readString();
                case NODE_ATTRIBUTE -> {
                    int old = cis.pushLimit(cis.readRawVarint32());
                    String name = null;
                    Long i = null;
                    for (int t; (t = cis.readTag()) != 0;) {
                        switch (WireFormat.getTagFieldNumber(t)) {
                            case ATTR_NAME -> name = cis.readString();
                            case ATTR_I -> i = cis.readInt64();
                            case ATTR_T -> {
                                int o = cis.pushLimit(cis.readRawVarint32());
                                tensorShape = readTensor(cis).dims;
                                cis.popLimit(o);
                            }
                            default -> cis.skipField(t);
                        }
                    }
                    cis.popLimit(old);
                    if (name != null && i != null) ints.put(name, i);
                }
                default -> cis.skipField(tag);
            }
        }
        return new Node(op, List.copyOf(inputs), List.copyOf(outputs), Map.copyOf(ints), tensorShape);
    }

    private record Tensor(String name, long[] dims) {}

    private static Tensor readTensor(CodedInputStream cis) throws IOException {
        List<Long> dims = new ArrayList<>();
        String name = "";
        for (int tag; (tag = cis.readTag()) != 0;) {
            int field = WireFormat.getTagFieldNumber(tag);
            if (field == TENSOR_DIMS) {
                if (WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                    // packed, as proto3 writers do
                    int old = cis.pushLimit(cis.readRawVarint32());
                    while (cis.getBytesUntilLimit() > 0) dims.add(cis.readInt64());
                    cis.popLimit(old);
                } else {
                    dims.add(cis.readInt64());
                }
            } else if (field == TENSOR_NAME) {
                name = cis.readString();
            } else if (field == TENSOR_DATA_TYPE) {
                cis.readInt32();
            } else {
                // the data itself: skipped, never read
                cis.skipField(tag);
            }
        }
        long[] d = new long[dims.size()];
        for (int i = 0; i < d.length; i++) d[i] = dims.get(i);
        return new Tensor(name, d);
    }

    /** The file read. */
    public Path file() {
        return file;
    }

    /** The nodes, in the file's order. */
    public List<Node> nodes() {
        return nodes;
    }

    /** The shape of an initializer, or null when there is none of that name. */
    public long[] initializerShape(String name) {
        long[] s = initializers.get(name);
        return s == null ? null : s.clone();
    }

    /** How many initializers the graph has. */
    public int initializerCount() {
        return initializers.size();
    }

    /** Whether any node uses the operator {@code op} (e.g. {@code RandomNormalLike}). */
    public boolean uses(String op) {
        for (Node n : nodes) if (n.op().equals(op)) return true;
        return false;
    }

    /** How many bytes of the file were actually read (the weights are skipped, not read). */
    public long bytesRead() {
        return bytesRead;
    }

    /**
     * The convolution that first reads the graph input {@code input}, following it through operators that pass
     * it on unchanged (Identity, Cast), with its weight's shape traced back through such operators to an
     * initializer or a Constant; null when no convolution reads it or its weight's shape is not in the graph.
     */
    public Convolution firstConvolution(String input) {
        Map<String, List<Node>> readers = new HashMap<>();
        Map<String, Node> producers = new HashMap<>();
        for (Node n : nodes) {
            for (String i : n.inputs()) readers.computeIfAbsent(i, k -> new ArrayList<>()).add(n);
            for (String o : n.outputs()) producers.put(o, n);
        }
        Deque<String> queue = new ArrayDeque<>(List.of(input));
        Set<String> seen = new HashSet<>(queue);
        while (!queue.isEmpty()) {
            String t = queue.poll();
            for (Node n : readers.getOrDefault(t, List.of())) {
                if (n.op().equals("Conv") && n.inputs().size() > 1 && n.inputs().get(0).equals(t)) {
                    long[] w = shapeOf(n.inputs().get(1), producers);
                    if (w == null || w.length < 2) return null;
                    return new Convolution(n.inputs().get(1), w, n.ints().getOrDefault("group", 1L));
                }
                if (PASS_THROUGH.contains(n.op()) && n.inputs().get(0).equals(t) && !n.outputs().isEmpty()
                        && seen.add(n.outputs().get(0))) {
                    queue.add(n.outputs().get(0));
                }
            }
        }
        return null;
    }

    private long[] shapeOf(String tensor, Map<String, Node> producers) {
        for (int hops = 0; hops < 16; hops++) {
            long[] s = initializers.get(tensor);
            if (s != null) return s.clone();
            Node p = producers.get(tensor);
            if (p == null) return null;
            if (p.op().equals("Constant")) return p.tensorShape() == null ? null : p.tensorShape().clone();
            if (!PASS_THROUGH.contains(p.op()) || p.inputs().isEmpty()) return null;
            tensor = p.inputs().get(0);
        }
        return null;
    }

    /** Counts the bytes actually read; skipped bytes are not counted. */
    private static final class CountingStream extends FilterInputStream {
        long read;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) read++;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) read += n;
            return n;
        }
    }
}
