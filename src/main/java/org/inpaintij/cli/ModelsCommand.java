package org.inpaintij.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;

import org.inpaintij.core.BadInputException;
import org.inpaintij.core.CancelledException;
import org.inpaintij.models.Bytes;
import org.inpaintij.models.InstallPlan;
import org.inpaintij.models.InstalledModel;
import org.inpaintij.models.Manifest;
import org.inpaintij.models.ModelDescriptor;
import org.inpaintij.models.ModelException;
import org.inpaintij.models.ModelKind;
import org.inpaintij.models.ModelManager;
import org.inpaintij.models.VerifyResult;
import org.inpaintij.models.ModelKinds;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;

/**
 * {@code models list | install NAME | verify NAME | remove NAME | import DIR | set-folder DIR | check NAME}: the
 * model manager on the command line, over {@link ModelManager}. Without a subcommand it lists.
 */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List, install, verify, import and remove models; set the model folder.",
        subcommands = {ModelsCommand.ListModels.class, ModelsCommand.Install.class, ModelsCommand.Verify.class,
            ModelsCommand.Remove.class, ModelsCommand.Import.class, ModelsCommand.SetFolder.class,
            ModelsCommand.Check.class})
public final class ModelsCommand implements Callable<Integer> {

    /**
     * What the commands need from the world, replaceable in tests.
     *
     * @param managers the manager for a {@code --models-dir} value (null = not given) and mirror (null = none)
     * @param console reads one answer to a question, or null when there is no terminal to ask on
     * @param terminal whether progress may rewrite its line
     */
    public record Context(ManagerFactory managers, Function<String, String> console, boolean terminal) {

        /** The real world: the user's settings and folder, the system console. */
        public static Context standard() {
            java.io.Console c = System.console();
            return new Context(ModelManager::standard, c == null ? null : q -> c.readLine("%s", q), c != null);
        }
    }

    /** Makes the manager for a {@code --models-dir} value and a mirror (either may be null). */
    @FunctionalInterface
    public interface ManagerFactory {
        /** The manager. */
        ModelManager create(String modelsDir, URI mirror);
    }

    private final Context context;

    @CommandLine.Spec
    private CommandSpec spec;

    @Option(names = "--models-dir", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "model folder for this run (over INPAINT_IJ_MODELS and the saved folder)")
    private String modelsDir;

    /** The command with the real settings, folder and console. */
    public ModelsCommand() {
        this(Context.standard());
    }

    /** The command with a given context (tests). */
    public ModelsCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        return new ListModels().run(this);
    }

    private ModelManager manager(URI mirror) {
        return context.managers().create(modelsDir, mirror);
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** Runs a body, turning the model manager's exceptions into a message and an exit status. */
    private int guarded(Callable<Integer> body) {
        try {
            return body.call();
        } catch (BadInputException e) {
            err().println("inpaint-ij: " + e.getMessage());
            return Main.BAD_INPUT;
        } catch (ModelException e) {
            err().println("inpaint-ij: " + e.getMessage());
            return Main.FAILURE;
        } catch (CancelledException e) {
            err().println("inpaint-ij: cancelled; what was downloaded is kept, and installing again resumes it.");
            return Main.FAILURE;
        } catch (Exception e) {
            if (e instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e);
        }
    }

    /** {@code models list}. */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Known and installed models: size, licence, whether installed.")
    static final class ListModels implements Callable<Integer> {
        @ParentCommand
        private ModelsCommand parent;

        @Override
        public Integer call() {
            return run(parent);
        }

        int run(ModelsCommand p) {
            return p.guarded(() -> {
                p.out().print(p.manager(null).listing());
                p.out().flush();
                return 0;
            });
        }
    }

    /** {@code models install NAME... [--accept-license]}. */
    @Command(name = "install", mixinStandardHelpOptions = true,
            description = "Download, verify and install models (resumes an interrupted download).")
    static final class Install implements Callable<Integer> {
        @ParentCommand
        private ModelsCommand parent;

        @Parameters(paramLabel = "NAME", arity = "1..*",
                description = "model names (see models list), or descriptor .json files")
        private List<String> names;

        @Option(names = "--accept-license", description = "accept the models' licences without asking")
        private boolean acceptLicense;

        @Option(names = "--base-url", paramLabel = "URL",
                description = "download every file from URL/NAME/PATH instead (a mirror)")
        private String baseUrl;

        @Override
        public Integer call() {
            return parent.guarded(() -> {
                ModelManager m = parent.manager(mirror());
                for (String name : names) {
                    int rc = install(m, m.descriptor(name));
                    if (rc != 0) return rc;
                }
                return 0;
            });
        }

        private URI mirror() {
            return org.inpaintij.models.Mirror.parse(baseUrl, "--base-url");
        }

        private int install(ModelManager m, ModelDescriptor d) {
            PrintWriter out = parent.out();
            if (m.installed(d.name()).filter(i -> i.name().equals(d.name())).isPresent()) {
                out.println(d.name() + " is already installed in " + m.folder().path() + ".");
                return 0;
            }
            if (!m.licenseAccepted(d)) {
                if (!acceptLicense && !askLicense(d)) return Main.BAD_INPUT;
                m.acceptLicense(d);
            }
            out.println("Installing " + d.name() + ": " + d.title() + ", about " + Bytes.format(d.expectedBytes())
                    + ", into " + m.folder().describe());
            if (d.scannerWarning() != null) out.println("Note: " + d.scannerWarning());
            ConsoleMonitor monitor = new ConsoleMonitor(parent.err(), parent.context.terminal());
            InstalledModel im;
            try {
                im = m.install(d, monitor);
            } finally {
                monitor.finish();
            }
            var files = im.manifest().files();
            long byHub = files.stream().filter(f -> f.pinnedBy().equals(Manifest.BY_HUB)).count();
            long tofu = files.stream().filter(Manifest.PinnedFile::trustedOnFirstUse).count();
            out.println("Installed " + im.name() + " (" + Bytes.format(im.bytes()) + ", " + files.size() + " files) in "
                    + im.folder() + "; " + (tofu > 0 ? tofu + " files were confirmed by nothing but their download "
                            + "(a URL you typed), and their SHA-256 is now pinned (trusted on first use)."
                            : "every file matched the size and hash that "
                            + (byHub == 0 ? "its descriptor publishes." : byHub == files.size()
                                    ? "the hub lists for its pinned revision."
                                    : "its descriptor publishes or the hub lists for its pinned revision.")));
            return 0;
        }

        private boolean askLicense(ModelDescriptor d) {
            PrintWriter err = parent.err();
            var console = parent.context.console();
            if (console == null) {
                err.println("inpaint-ij: The licence of model '" + d.name() + "' (" + d.license().name() + ", "
                        + d.license().url() + ") must be accepted before it is downloaded: read it, then run again"
                        + " with --accept-license.");
                return false;
            }
            err.println("Model " + d.name() + " is licensed under " + d.license().name() + ": " + d.license().url());
            err.println(d.license().summary());
            if (d.scannerWarning() != null) err.println(d.scannerWarning());
            if (!d.license().commercialUse()) err.println("This licence does not allow commercial use.");
            String answer = console.apply("Accept this licence and download " + d.name() + "? [y/N] ");
            if (answer != null && answer.trim().toLowerCase(Locale.ROOT).matches("y|yes")) return true;
            err.println("inpaint-ij: " + d.name() + " was not installed: its licence was not accepted.");
            return false;
        }
    }

    /** {@code models verify NAME... | --all}. */
    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Check every file of installed models against its pinned SHA-256.")
    static final class Verify implements Callable<Integer> {
        @ParentCommand
        private ModelsCommand parent;

        @Parameters(paramLabel = "NAME", arity = "0..*", description = "installed models")
        private List<String> names;

        @Option(names = "--all", description = "verify every installed model")
        private boolean all;

        @Override
        public Integer call() {
            return parent.guarded(() -> {
                ModelManager m = parent.manager(null);
                List<String> which = all ? m.store().names() : names == null ? List.of() : names;
                if (which.isEmpty()) {
                    throw new BadInputException(all ? "No model is installed in " + m.folder().path() + "."
                            : "Name the models to verify, or give --all.");
                }
                int rc = 0;
                for (String n : which) {
                    ConsoleMonitor monitor = new ConsoleMonitor(parent.err(), parent.context.terminal());
                    VerifyResult r;
                    try {
                        r = m.verify(n, monitor);
                    } finally {
                        monitor.finish();
                    }
                    if (r.ok()) {
                        parent.out().println(r.name() + ": OK (" + Bytes.format(r.bytesChecked()) + " checked)");
                    } else {
                        parent.out().println(r.name() + ": " + r.problems().size() + " problem"
                                + (r.problems().size() > 1 ? "s" : "") + ":");
                        for (String p : r.problems()) parent.out().println("  " + p);
                        rc = Main.FAILURE;
                    }
                }
                return rc;
            });
        }
    }

    /** {@code models check NAME... | --all}: a maintainer's comparison of descriptors with the hub. */
    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Compare descriptors with the hub's listing of their pinned revision and print every "
                    + "difference (for maintainers; needs the network).")
    static final class Check implements Callable<Integer> {
        @ParentCommand
        private ModelsCommand parent;

        @Parameters(paramLabel = "NAME", arity = "0..*", description = "models of the catalog, or descriptor .json files")
        private List<String> names;

        @Option(names = "--all", description = "check every descriptor of the catalog")
        private boolean all;

        @Override
        public Integer call() {
            return parent.guarded(() -> {
                ModelManager m = parent.manager(null);
                List<ModelDescriptor> which = all ? m.catalog().all()
                        : (names == null ? List.<String>of() : names).stream().map(m::descriptor).toList();
                if (which.isEmpty()) throw new BadInputException("Name the models to check, or give --all.");
                PrintWriter out = parent.out();
                int rc = 0;
                for (ModelDescriptor d : which) {
                    String where = d.repo() != null ? d.repo() + " at " + d.revision() : d.baseUrl().toString();
                    InstallPlan.Comparison c;
                    try {
                        c = m.check(d, org.inpaintij.core.Monitor.NONE);
                    } catch (ModelException e) {
                        // one descriptor the hub cannot answer for does not stop the others
                        parent.err().println("inpaint-ij: " + e.getMessage());
                        rc = Main.FAILURE;
                        continue;
                    }
                    if (c.disagreements().isEmpty()) {
                        out.println(d.name() + " (" + where + "): agrees with the hub.");
                    } else {
                        out.println(d.name() + " (" + where + "): " + c.disagreements().size() + " difference"
                                + (c.disagreements().size() > 1 ? "s" : "") + ":");
                        for (String x : c.disagreements()) out.println("  " + x);
                        rc = Main.FAILURE;
                    }
                    if (!c.unused().isEmpty()) {
                        out.println("  on the hub but not installed by the descriptor: " + String.join(", ", c.unused()));
                    }
                }
                out.flush();
                return rc;
            });
        }
    }

    /** {@code models remove NAME...}. */
    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Delete installed models (and unfinished downloads of them).")
    static final class Remove implements Callable<Integer> {
        @ParentCommand
        private ModelsCommand parent;

        @Parameters(paramLabel = "NAME", arity = "1..*", description = "installed models")
        private List<String> names;

        @Override
        public Integer call() {
            return parent.guarded(() -> {
                ModelManager m = parent.manager(null);
                for (String n : names) {
                    m.remove(n);
                    parent.out().println("Removed " + n + " from " + m.folder().path() + ".");
                }
                return 0;
            });
        }
    }

    /** {@code models import DIR [--name NAME] [--kind KIND]}. */
    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Copy a model folder (or a LaMa or MI-GAN .onnx file) you exported or downloaded by hand "
                    + "into the model folder.")
    static final class Import implements Callable<Integer> {
        @ParentCommand
        private ModelsCommand parent;

        @Parameters(paramLabel = "DIR", description = "a model folder in the diffusers ONNX layout, or a LaMa or "
                + "MI-GAN .onnx file")
        private Path dir;

        @Option(names = "--name", paramLabel = "NAME", description = "name to give it (default: the folder's name)")
        private String name;

        @Option(names = "--kind", paramLabel = "KIND",
                description = "inpainting, plain, lcm, turbo, zimage, lama or migan (default: read from its "
                        + "configuration files or graph)")
        private String kind;

        @Override
        public Integer call() {
            return parent.guarded(() -> {
                ModelManager m = parent.manager(null);
                ModelKind k = kind == null ? null : ModelKinds.of(kind);
                ConsoleMonitor monitor = new ConsoleMonitor(parent.err(), parent.context.terminal());
                InstalledModel im;
                try {
                    im = m.importFolder(dir, name, k, monitor);
                } finally {
                    monitor.finish();
                }
                parent.out().println("Imported " + im.name() + " (" + ModelKinds.key(im.kind()) + ", "
                        + Bytes.format(im.bytes()) + ", " + im.manifest().files().size()
                        + " files, SHA-256 pinned) into " + im.folder() + ".");
                return 0;
            });
        }
    }

    /** {@code models set-folder DIR}. */
    @Command(name = "set-folder", mixinStandardHelpOptions = true,
            description = "Remember the model folder for later sessions (ImageJ and the command line).")
    static final class SetFolder implements Callable<Integer> {
        @ParentCommand
        private ModelsCommand parent;

        @Parameters(paramLabel = "DIR", description = "the folder (created when the first model is installed)")
        private String dir;

        @Override
        public Integer call() {
            return parent.guarded(() -> {
                ModelManager m = parent.manager(null);
                String warning = m.setFolder(dir);
                parent.out().println(warning != null ? warning : "Model folder set to "
                        + org.inpaintij.models.ModelsFolder.parse(dir, "The model folder") + ".");
                return 0;
            });
        }
    }
}
