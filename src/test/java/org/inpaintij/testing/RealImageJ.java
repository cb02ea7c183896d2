package org.inpaintij.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * A real ImageJ (ij.jar) in a folder of its own with the built plugin installed as a user installs it (the
 * folder target/imagej copied in: plugins/Inpaint_IJ.jar, whose underscore makes ImageJ read its plugins.config,
 * and its libraries in plugins/jars), plus test driver classes, started on the display to run one macro.
 * Integration tests only: they need a display (Xvfb in CI) and fail, never skip, without one.
 */
public final class RealImageJ {

    private final Path root;

    private RealImageJ(Path root) {
        this.root = root;
    }

    /**
     * A fresh installation under {@code target/<name>}, with the test classes under {@code driverPackage} whose
     * simple names {@code driverClasses} accepts packed as a jar in plugins/jars.
     */
    public static RealImageJ install(String name, String driverPackage, Predicate<String> driverClasses)
            throws IOException {
        String display = System.getenv("DISPLAY");
        if (display == null || display.isBlank()) {
            fail("This test starts real ImageJ and needs a display: run it under Xvfb (xvfb-run -a mvn verify); "
                    + "it is never skipped.");
        }
        Path root = Path.of("target", name).toAbsolutePath();
        delete(root);
        // the drop-in folder mvn package writes for ImageJ 1.x, copied as the README says
        Path dropIn = Path.of(System.getProperty("inpaintij.imagej", "target/imagej"));
        try (Stream<Path> s = Files.walk(dropIn)) {
            for (Path p : s.toList()) {
                Path q = root.resolve(dropIn.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(q);
                else Files.copy(p, q);
            }
        }
        Path jars = Files.createDirectories(root.resolve("plugins").resolve("jars"));
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("inpaintij.lib", "target/lib")))) {
            for (Path p : s.toList()) {
                if (p.getFileName().toString().startsWith("ij-")) Files.copy(p, root.resolve("ij.jar"));
            }
        }
        Path classes = Path.of("target", "test-classes");
        Path dir = classes.resolve(driverPackage.replace('.', '/'));
        try (OutputStream o = Files.newOutputStream(jars.resolve("inpaint-test-driver.jar"));
                JarOutputStream jar = new JarOutputStream(o); Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(f -> driverClasses.test(f.getFileName().toString())).toList()) {
                jar.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
                jar.write(Files.readAllBytes(p));
                jar.closeEntry();
            }
        }
        return new RealImageJ(root);
    }

    /** The installation folder. */
    public Path root() {
        return root;
    }

    /**
     * Runs the macro of the class-path resource {@code resource} (e.g. {@code /it/diffusion.ijm}) as {@link #run}
     * does, with every {@code @KEY@} in it replaced by {@code values.get(KEY)}, {@code out/} of the installation as
     * its output folder and {@code home/} as the user's home; returns the output folder.
     */
    public Path runMacro(String resource, Map<String, String> values, int seconds) throws Exception {
        String macro;
        try (InputStream in = RealImageJ.class.getResourceAsStream(resource)) {
            if (in == null) throw new IOException("no resource " + resource);
            macro = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (Map.Entry<String, String> e : values.entrySet()) macro = macro.replace("@" + e.getKey() + "@", e.getValue());
        Path file = Files.writeString(root.resolve(resource.substring(resource.lastIndexOf('/') + 1)), macro);
        Path out = root.resolve("out");
        run(file, out, Files.createDirectories(root.resolve("home")), seconds);
        return out;
    }

    /**
     * Runs {@code macro} (its argument: the folder {@code out}) in ImageJ with {@code home} as the user's home,
     * and waits until the macro writes {@code out/done}; then stops ImageJ. Fails with ImageJ's output when the
     * macro does not finish in time.
     */
    public void run(Path macro, Path out, Path home, int seconds) throws Exception {
        Files.createDirectories(out);
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx2g", "-Duser.home=" + home, "-jar", root.resolve("ij.jar").toString(), "-ijpath", root.toString(),
                "-macro", macro.toString(), out.toString());
        pb.redirectErrorStream(true);
        Path log = root.resolve("imagej-" + macro.getFileName() + ".log");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (!Files.exists(out.resolve("done"))) {
                if (!p.isAlive()) fail("ImageJ exited early (" + p.exitValue() + "): " + Files.readString(log));
                if (System.nanoTime() > deadline) {
                    fail("The macro " + macro.getFileName() + " did not finish in " + seconds + " s; ImageJ output:\n"
                            + Files.readString(log));
                }
                Thread.sleep(200);
            }
        } finally {
            p.destroyForcibly();
            p.waitFor(20, TimeUnit.SECONDS);
        }
    }

    /** Deletes a folder tree if it exists. */
    public static void delete(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(q);
        }
    }
}
