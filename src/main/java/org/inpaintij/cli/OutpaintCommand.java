package org.inpaintij.cli;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.inpaintij.core.InpaintRequest;
import org.inpaintij.core.Monitor;
import org.inpaintij.core.Option;
import org.inpaintij.core.Requests;
import org.inpaintij.ij.ImageInpainter;
import org.inpaintij.ij.Outpainter;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/** {@code outpaint --image IN --out OUT --left N --right N --top N --bottom N [--method M] ...}. */
@Command(name = "outpaint", description = "Make a larger canvas and fill its new border, for a file or a folder.",
        mixinStandardHelpOptions = true)
public final class OutpaintCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandSpec spec;

    @CommandLine.Mixin
    private FilesOptions files;

    @CommandLine.Mixin
    private ModelsDirOption modelsDir;

    static List<Option> outpaintOptions() {
        return List.copyOf(Option.forOutpaint());
    }

    /** The command line for this command, with the shared flags. */
    static CommandLine create() {
        CommandLine cl = new CommandLine(new OutpaintCommand());
        InpaintCommand.addSharedOptions(cl.getCommandSpec(), outpaintOptions());
        return cl;
    }

    @Override
    public Integer call() throws IOException {
        CliOutput.configureLogging(spec.commandLine().getErr(), files.quiet);
        Map<String, String> values = InpaintCommand.sharedValues(spec, outpaintOptions());
        InpaintRequest req = Requests.parse(values);
        Outpainter.Border border = Outpainter.Border.parse(values);
        InpaintCommand.warnIgnored(spec, values, req.method(), files.quiet);
        return Batch.runAll(Batch.pair(files, null), (in, mask, dest) -> {
            ImageInpainter.Result r = Outpainter.run(ImageFiles.open(in, "image"), req, border, Monitor.NONE);
            InpaintCommand.save(r, dest, files, spec);
            return r.provenance();
        }, spec.commandLine().getOut(), spec.commandLine().getErr(), files.quiet);
    }
}
