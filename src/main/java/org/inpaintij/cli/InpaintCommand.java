package org.inpaintij.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import ij.ImagePlus;

import org.inpaintij.core.BadInputException;
import org.inpaintij.core.InpaintRequest;
import org.inpaintij.core.Monitor;
import org.inpaintij.core.Option;
import org.inpaintij.core.Requests;
import org.inpaintij.ij.ImageInpainter;
import org.inpaintij.ij.MaskSource;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code inpaint --image IN --mask MASK --out OUT [--method M] ...}: the macro keys as flags (made from
 * {@link Option}, so they cannot drift), and folders for batch work (masks matched by file name).
 */
@Command(name = "inpaint", description = "Fill the masked pixels of an image, or of every image in a folder.",
        mixinStandardHelpOptions = true)
public final class InpaintCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandSpec spec;

    @CommandLine.Mixin
    private FilesOptions files;

    @CommandLine.Mixin
    private ModelsDirOption modelsDir;

    /** Flags for the shared options, added to the annotated spec. */
    static void addSharedOptions(CommandSpec spec, Iterable<Option> options) {
        for (Option o : options) {
            OptionSpec.Builder b = OptionSpec.builder(o.flag()).description(describe(o));
            if (o.kind() == Option.Kind.FLAG) {
                b.arity("0").type(boolean.class);
            } else {
                b.paramLabel(o.key().toUpperCase(java.util.Locale.ROOT)).type(String.class);
            }
            spec.addOption(b.build());
        }
    }

    private static String describe(Option o) {
        String d = o.help();
        if (!o.choices().isEmpty()) d += " (" + String.join(", ", o.choices()) + ")";
        if (o.defaultValue() != null && !o.defaultValue().isEmpty() && o.kind() != Option.Kind.FLAG) {
            d += "; default " + o.defaultValue();
        }
        return d;
    }

    /** The shared flags' values that were given, as macro keys to text. */
    static Map<String, String> sharedValues(CommandSpec spec, Iterable<Option> options) {
        Map<String, String> v = new LinkedHashMap<>();
        for (Option o : options) {
            OptionSpec os = spec.findOption(o.flag());
            if (os == null || !spec.commandLine().getParseResult().hasMatchedOption(os)) continue;
            Object val = os.getValue();
            v.put(o.key(), String.valueOf(val));
        }
        return v;
    }

    /** The shared options as flags: all of Inpaint Selection's but no_undo, which files do not need. */
    static List<Option> inpaintOptions() {
        return Option.forInpaint().stream().filter(o -> o != Option.NO_UNDO).toList();
    }

    @Override
    public Integer call() throws IOException {
        CliOutput.configureLogging(spec.commandLine().getErr(), files.quiet);
        Map<String, String> values = sharedValues(spec, inpaintOptions());
        String maskArg = values.get(Option.MASK.key());
        // a file has no undo: in place on a whole stack needs no confirmation here
        values.put(Option.NO_UNDO.key(), "true");
        InpaintRequest req = Requests.parse(values);
        warnIgnored(spec, values, req.method(), files.quiet);
        List<Batch.Item> items = Batch.pair(files, maskArg);
        return Batch.runAll(items, (in, mask, dest) -> fill(in, mask, dest, maskArg, req),
                spec.commandLine().getOut(), spec.commandLine().getErr(), files.quiet);
    }

    /** Warns about options that were given but that the chosen method does not read. */
    static void warnIgnored(CommandSpec spec, Map<String, String> values, String method, boolean quiet) {
        List<Option> ignored = Requests.ignored(values);
        if (quiet || ignored.isEmpty()) return;
        spec.commandLine().getErr().println("inpaint-ij: warning: " + String.join(", ", ignored.stream()
                .map(Option::flag).toList()) + (ignored.size() == 1 ? " is" : " are") + " ignored: method " + method
                + " does not read " + (ignored.size() == 1 ? "it" : "them") + ".");
    }

    private String fill(Path in, Path mask, Path dest, String maskArg, InpaintRequest req) throws IOException {
        ImagePlus imp = ImageFiles.open(in, "image");
        MaskSource source;
        if (maskArg != null && maskArg.equalsIgnoreCase(InpaintRequest.MASK_NAN)) {
            source = MaskSource.nan();
        } else if (mask != null) {
            source = MaskSource.image(ImageFiles.open(mask, "mask"));
        } else if (imp.getRoi() != null) {
            source = MaskSource.selection(imp.getRoi(), req.pointRadius());
        } else {
            throw new BadInputException("No mask: give --mask FILE (a binary image, non-zero = fill), --mask nan, "
                    + "or an image that carries a selection.");
        }
        if (!req.stack() && imp.getStackSize() > 1 && !files.quiet) {
            spec.commandLine().getErr().println("inpaint-ij: " + in + " has " + imp.getStackSize()
                    + " slices; only slice 1 is filled (add --stack for all).");
        }
        ImageInpainter.Result r = ImageInpainter.run(imp, source, req, Monitor.NONE);
        save(r, dest, files, spec);
        return r.provenance();
    }

    /** Writes a result (see {@link ImageWriter}), with a warning line for a lossy export. */
    static void save(ImageInpainter.Result r, Path dest, FilesOptions files, CommandSpec spec) throws IOException {
        String lost = ImageWriter.save(r.image(), dest, files.lossy);
        if (lost != null && !files.quiet) {
            spec.commandLine().getErr().println("inpaint-ij: warning: " + dest + " is " + lost + ".");
        }
    }

    /** Builds the command line's spec for this command with the shared flags added. */
    static CommandLine create() {
        CommandLine cl = new CommandLine(new InpaintCommand());
        addSharedOptions(cl.getCommandSpec(), inpaintOptions());
        return cl;
    }
}
