package org.inpaintij.diffusion.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxTensorLike;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import org.inpaintij.core.BadInputException;
import org.inpaintij.core.Closing;
import org.inpaintij.onnx.Devices;
import org.inpaintij.onnx.RunControl;
import org.inpaintij.onnx.Sessions;
import org.inpaintij.onnx.TensorBuffer;
import org.inpaintij.onnx.TensorSpec;

/**
 * One graph of a model folder and the session that runs it. A stage is the only owner of its session: it
 * opens it, checks the graph's inputs and outputs (names, element types, ranks) before anything runs, and
 * closes it. Subclasses check their own contract in their constructors; {@link #opened} closes the session
 * when that check fails.
 */
public abstract class Stage implements AutoCloseable {

    /** The folder name of the graph, e.g. {@code unet}. */
    protected final String part;
    /** The graph file. */
    protected final Path file;
    /** The session, owned here. */
    protected final OrtSession session;
    /** Where the session runs. */
    protected final Devices.Placement placement;
    /** The graph's inputs. */
    protected final Map<String, TensorSpec> inputs;
    /** The graph's outputs. */
    protected final Map<String, TensorSpec> outputs;

    /** Takes ownership of an open session. */
    protected Stage(String part, Path file, Sessions.Opened opened) {
        this.part = part;
        this.file = file;
        this.session = opened.session();
        this.placement = opened.placement();
        try {
            this.inputs = TensorSpec.inputs(session);
            this.outputs = TensorSpec.outputs(session);
        } catch (OrtException e) {
            throw new BadInputException("ONNX Runtime cannot describe the inputs of " + file + ": " + e.getMessage(), e);
        }
    }

    /** A factory for a stage, given its open session. */
    @FunctionalInterface
    protected interface Factory<S extends Stage> {
        S make(Sessions.Opened opened);
    }

    /** Opens {@code file}, builds the stage, and closes the session when the stage's checks fail. */
    protected static <S extends Stage> S opened(Path file, Devices.Placement placement, Factory<S> factory) {
        return Sessions.own(Sessions.open(file, placement), factory::make);
    }

    /** Where this graph runs. */
    public Devices.Placement placement() {
        return placement;
    }

    /** The graph's inputs, as the session reports them. */
    public Map<String, TensorSpec> inputs() {
        return inputs;
    }

    /** The graph's outputs, as the session reports them. */
    public Map<String, TensorSpec> outputs() {
        return outputs;
    }

    /** The input {@code name}, checked for one of {@code types} and one of {@code ranks}. */
    protected TensorSpec input(String name, Set<OnnxJavaType> types, int... ranks) {
        TensorSpec s = inputs.get(name);
        if (s == null) {
            throw new BadInputException(file + " has no input '" + name + "' (it has " + names(inputs)
                    + "); expected the " + part + " of a diffusers ONNX export.");
        }
        return check(s, "input", types, ranks);
    }

    /** The output {@code name}, checked likewise. */
    protected TensorSpec output(String name, Set<OnnxJavaType> types, int... ranks) {
        TensorSpec s = outputs.get(name);
        if (s == null) {
            throw new BadInputException(file + " has no output '" + name + "' (it has " + names(outputs)
                    + "); expected the " + part + " of a diffusers ONNX export.");
        }
        return check(s, "output", types, ranks);
    }

    /** Fails when the graph has inputs outside {@code known}, naming them. */
    protected void noOtherInputs(Set<String> known, String hint) {
        List<String> extra = new ArrayList<>();
        for (String n : inputs.keySet()) if (!known.contains(n)) extra.add(n);
        if (!extra.isEmpty()) {
            throw new BadInputException(file + " has unexpected inputs " + extra + " (" + hint + "); expected only "
                    + known + ".");
        }
    }

    private TensorSpec check(TensorSpec s, String what, Set<OnnxJavaType> types, int... ranks) {
        if (!types.contains(s.type())) {
            List<String> ok = new ArrayList<>();
            for (OnnxJavaType t : types) ok.add(new TensorSpec("", t, new long[0]).typeName());
            ok.sort(null);
            throw new BadInputException(file + " " + what + " '" + s.name() + "' is " + s.typeName() + "; expected "
                    + String.join(" or ", ok) + ".");
        }
        for (int r : ranks) if (s.rank() == r) return s;
        throw new BadInputException(file + " " + what + " '" + s.name() + "' has shape " + s.shapeText()
                + "; expected " + ranksText(ranks) + ".");
    }

    /**
     * A run that ONNX Runtime refused, as one sentence. When it refused the inputs (a shape or type the graph's
     * nodes do not accept, which happens when a graph declares its axes free but its weights fix them), the
     * sentence names the file, each input as it was fed, and what this stage expected: a
     * {@link BadInputException}. Any other failure (memory, a device error) stays an
     * {@link IllegalStateException} with ONNX Runtime's words, so that callers can still recognise it.
     *
     * @param e what ONNX Runtime threw
     * @param feed the inputs of the run, by name
     * @param expected what this stage expects, e.g. "sample [B, 9, h, w] for this 9-channel UNet"
     */
    protected RuntimeException runFailure(OrtException e, Map<String, ? extends ai.onnxruntime.OnnxTensorLike> feed,
            String expected) {
        String msg = Devices.oneLine(e.getMessage() == null ? e.toString() : e.getMessage())
                .replaceFirst("^Error code - \\w+ - message: ", "");
        if (!refusedInputs(e, msg)) {
            return new IllegalStateException("The " + part + " graph " + file + " failed: " + msg, e);
        }
        List<String> fed = new ArrayList<>();
        for (var en : feed.entrySet()) {
            ai.onnxruntime.TensorInfo ti = (ai.onnxruntime.TensorInfo) en.getValue().getInfo();
            fed.add(en.getKey() + " " + new TensorSpec(en.getKey(), ti.type, ti.getShape()).typeName()
                    + java.util.Arrays.toString(ti.getShape()));
        }
        return new BadInputException(file + " does not accept " + String.join(", ", fed) + " (ONNX Runtime: "
                + msg + "); expected " + expected + ".", e);
    }

    private static boolean refusedInputs(OrtException e, String msg) {
        if (e.getCode() == OrtException.OrtErrorCode.ORT_INVALID_ARGUMENT) return true;
        String m = msg.toLowerCase(java.util.Locale.ROOT);
        if (m.contains("failed to allocate") || m.contains("bad_alloc") || m.contains("out of memory")) return false;
        return m.contains("kernel channels") || m.contains("invalid dimensions") || m.contains("invalid rank")
                || m.contains("shape mismatch") || m.contains("incompatible dimensions")
                || m.contains("unexpected input data type") || m.contains("dimension mismatch");
    }

    /**
     * Runs the graph on {@code feed} and returns its output {@code out} as float32, which must have exactly the
     * shape {@code expected}.
     *
     * @throws BadInputException naming the file, the output and both shapes when the graph returned another shape
     */
    protected float[] runAndRead(RunControl run, Map<String, ? extends OnnxTensorLike> feed, TensorSpec out,
            long... expected) throws OrtException {
        try (OrtSession.Result res = run.run(part, session, feed)) {
            OnnxTensor o = (OnnxTensor) res.get(out.name()).orElseThrow();
            long[] s = o.getInfo().getShape();
            if (!Arrays.equals(s, expected)) {
                throw new BadInputException(file + " returned " + out.name() + " of shape " + Arrays.toString(s)
                        + "; expected " + Arrays.toString(expected) + ".");
            }
            float[] values = new float[TensorBuffer.count(s)];
            TensorBuffer.read(o, values, 0);
            return values;
        }
    }

    /** Fails when a fixed dimension of the graph differs from what the caller has. */
    protected void checkDim(TensorSpec s, int axis, long actual, String meaning) {
        if (s.fixed(axis) && s.dim(axis) != actual) {
            throw new BadInputException(file + " takes " + meaning + " " + s.dim(axis) + " (" + s.name() + " "
                    + s.shapeText() + "), not " + actual + ".");
        }
    }

    /** The graph's fixed batch size for {@code s} (its first dimension), or -1 when any batch is accepted. */
    protected static int fixedBatch(TensorSpec s) {
        return s.rank() > 0 && s.fixed(0) ? (int) s.dim(0) : -1;
    }

    private static String ranksText(int... ranks) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < ranks.length; i++) {
            if (i > 0) sb.append(" or ");
            sb.append(ranks[i] == 0 ? "a scalar" : "rank " + ranks[i]);
        }
        return sb.toString();
    }

    private static String names(Map<String, TensorSpec> m) {
        return m.isEmpty() ? "none" : String.join(", ", m.keySet());
    }

    /** Closes every stage, in the order given; the first failure is thrown once all were tried, later ones added to it. */
    public static void closeAll(Stage... stages) {
        Closing.all(Arrays.asList(stages), Stage::close);
    }

    /**
     * Makes a model of several stages: {@code build} opens each stage through {@link Opening#add}, in order, and
     * makes the model from them. When anything in it fails, the stages already open are closed, last first, and
     * the failure is thrown with their own closing failures added to it.
     */
    public static <M> M openInOrder(Function<Opening, M> build) {
        Opening opening = new Opening();
        try {
            return build.apply(opening);
        } catch (RuntimeException | Error e) {
            closeAfter(e, opening.opened);
            throw e;
        }
    }

    /** The stages {@link #openInOrder} has seen opened so far. */
    public static final class Opening {
        private final List<Stage> opened = new ArrayList<>();

        private Opening() {}

        /** Records a stage just opened, so that a later failure closes it; returns it. */
        public <S extends Stage> S add(S stage) {
            opened.add(stage);
            return stage;
        }
    }

    private static void closeAfter(Throwable failure, List<? extends Stage> opened) {
        for (int i = opened.size() - 1; i >= 0; i--) {
            try {
                opened.get(i).close();
            } catch (RuntimeException closing) {
                failure.addSuppressed(closing);
            }
        }
    }

    @Override
    public void close() {
        Sessions.close(session, file);
    }
}
