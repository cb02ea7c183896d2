package org.inpaintij.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.inpaintij.core.BadInputException;
import org.inpaintij.core.Monitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a separate JVM (SIGKILL, no chance to clean up) in the middle of an install, then checks that no model
 * appeared, and that the next install resumes the interrupted file with a Range request.
 */
class KilledInstallTest {

    @TempDir
    Path tmp;

    @Test
    void aKilledInstallLeavesNoModelAndIsResumed() throws Exception {
        Map<String, byte[]> files = TestModels.files(5);
        try (TestServer server = new TestServer()) {
            TestModels.serve(server, "hub/tiny", files);
            server.throttle("hub/tiny/unet/weights.pb", 600_000);
            String json = TestModels.descriptor("tiny", server.base() + "hub/tiny/", files, p -> false);
            Path descriptor = Files.writeString(tmp.resolve("tiny.json"), json);
            Path root = tmp.resolve("models");
            Settings settings = Settings.at(tmp.resolve("settings.properties"));
            settings.acceptLicense(TestModels.parse(json));

            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                    InstallChild.class.getName(), root.toString(), settings.file().toString(), descriptor.toString())
                    .redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile()).start();
            ModelStore store = new ModelStore(root);
            Path part = store.partial("tiny").resolve("unet/weights.pb.part");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!(Files.isRegularFile(part) && Files.size(part) > 700_000)) {
                assertTrue(child.isAlive(), "the child died early: " + Files.readString(tmp.resolve("child.log")));
                assertTrue(System.nanoTime() < deadline, "the child did not start downloading");
                Thread.sleep(20);
            }
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            assertFalse(Files.readString(tmp.resolve("child.log")).contains("installed"));

            long had = Files.size(part);
            assertTrue(had > 700_000 && had < TestModels.WEIGHTS, "killed part-way: " + had);
            assertEquals(List.of(), store.installed(), "no model after the kill");
            assertFalse(Files.exists(root.resolve("tiny")));
            assertEquals(List.of(), store.problems(), "nothing half-installed is even visible as a folder");
            BadInputException e = assertThrows(BadInputException.class,
                    () -> new ModelResolver(store, ModelCatalog.of(List.of())).resolve("tiny"));
            assertTrue(e.getMessage().startsWith("Unknown model 'tiny', and no diffusion model is installed"),
                    e.getMessage());

            server.unthrottle();
            InstalledModel m = new ModelInstaller(store, settings, new Downloader(ModelInstallerTest.FAST), null)
                    .install(TestModels.parse(json), Monitor.NONE);
            List<TestServer.Request> reqs = server.requests("hub/tiny/unet/weights.pb");
            assertEquals(2, reqs.size());
            assertEquals("bytes=" + had + "-", reqs.get(1).range(), "resumed where the killed process stopped");
            assertArrayEquals(files.get("unet/weights.pb"), Files.readAllBytes(m.folder().resolve("unet/weights.pb")));
            assertTrue(store.verify("tiny", null, Monitor.NONE).ok());
        }
    }
}
