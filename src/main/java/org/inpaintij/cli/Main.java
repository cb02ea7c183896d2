package org.inpaintij.cli;

import java.io.PrintWriter;

import org.inpaintij.core.BadInputException;
import org.inpaintij.core.Errors;
import org.inpaintij.ij.Version;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

/**
 * The command line: {@code java -jar inpaint-ij.jar inpaint|outpaint|models|info ...}. Exit status 0 when
 * done, 2 for bad usage or bad input (with a one-line reason on stderr), 1 for a failure.
 */
@Command(name = "inpaint-ij", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "Inpainting and outpainting of images, headless and in batch.",
        subcommands = {CommandLine.HelpCommand.class, ModelsCommand.class, InfoCommand.class})
public final class Main implements java.util.concurrent.Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** {@code --debug}, accepted by every command: stack traces and ImageJ's own messages after each sentence. */
    @CommandLine.Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "after each error sentence, print its stack trace and what ImageJ printed (a debug log)")
    void setDebug(boolean on) {
        CliOutput.setDebug(on || CliOutput.debug());
    }

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("inpaint-ij: name a command: inpaint, outpaint, models or info.");
        spec.commandLine().usage(spec.commandLine().getErr());
        return BAD_INPUT;
    }

    /** Exit status for bad usage or bad input. */
    public static final int BAD_INPUT = 2;
    /** Exit status for a failure. */
    public static final int FAILURE = 1;

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit status (for tests). */
    public static int run(String... args) {
        // no display is needed or wanted: ImageJ's I/O works headless
        System.setProperty("java.awt.headless", "true");
        return commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true)).execute(args);
    }

    /** The configured command line, writing to the given streams. */
    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        String env = System.getenv("INPAINT_IJ_DEBUG");
        CliOutput.setDebug(env != null && !env.isBlank() && !env.equals("0"));
        CliOutput.configureLogging(err, false);
        CommandLine cl = new CommandLine(new Main());
        // subcommands whose flags are made from the shared options are added as built command lines
        cl.addSubcommand("inpaint", InpaintCommand.create());
        cl.addSubcommand("outpaint", OutpaintCommand.create());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExitCodeExceptionMapper(e -> e instanceof BadInputException ? BAD_INPUT : FAILURE);
        cl.setParameterExceptionHandler((ex, args) -> {
            ex.getCommandLine().getErr().println("inpaint-ij: " + ex.getMessage()
                    + " (see: java -jar inpaint-ij.jar " + ex.getCommandLine().getCommandName() + " --help)");
            return BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            // a sentence, never an exception's name; the stack trace only with --debug
            c.getErr().println("inpaint-ij: " + Flags.speak(Errors.sentence(ex, "run again with --debug")));
            CliOutput.debug(c.getErr(), ex);
            c.getErr().flush();
            return ex instanceof BadInputException ? BAD_INPUT : FAILURE;
        });
        return cl;
    }

    /** Reports the plugin version. */
    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"Inpaint-IJ " + Version.plugin() + " (ONNX Runtime " + Version.onnxRuntime() + ")"};
        }
    }
}
