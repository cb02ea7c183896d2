package org.inpaintij.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.inpaintij.core.BadInputException;
import org.junit.jupiter.api.Test;

class DevicesTest {

    @Test
    void deviceOptionParses() {
        assertEquals(DeviceSpec.AUTO, DeviceSpec.parse("auto"));
        assertEquals(DeviceSpec.AUTO, DeviceSpec.parse(null));
        assertEquals(DeviceSpec.CPU, DeviceSpec.parse(" CPU "));
        assertEquals(new DeviceSpec(DeviceSpec.Kind.CUDA, 0), DeviceSpec.parse("cuda"));
        assertEquals(new DeviceSpec(DeviceSpec.Kind.CUDA, 3), DeviceSpec.parse("cuda:3"));
        assertEquals("cuda:3", DeviceSpec.parse("cuda:3").toString());
        BadInputException e = assertThrows(BadInputException.class, () -> DeviceSpec.parse("gpu"));
        assertEquals("Unknown device 'gpu'; accepted: auto, cpu, cuda, cuda:N (N = GPU index).", e.getMessage());
        assertThrows(BadInputException.class, () -> DeviceSpec.parse("cuda:x"));
    }

    @Test
    void probeListsProvidersAndTriesCuda() {
        Devices.Report r = Devices.probe();
        assertTrue(r.providers().contains("CPUExecutionProvider"), r.providers().toString());
        assertFalse(r.onnxRuntimeVersion().isBlank());
        assertTrue(r.describe().contains("ONNX Runtime " + r.onnxRuntimeVersion()), r.describe());
        if (r.cudaBuild()) {
            // the GPU build: the probe really ran the graph, and either worked or says why not
            assertTrue(r.cuda().works() || r.cuda().problem().startsWith("CUDA provider failed on GPU 0"),
                    r.cuda().toString());
        } else {
            assertFalse(r.cuda().works());
            assertTrue(r.cuda().problem().contains("CPU build"), r.cuda().problem());
            assertTrue(r.describe().contains("device=auto runs on: CPU"), r.describe());
        }
    }

    @Test
    void autoAndCudaFallBackToTheCpuWithTheReasonWhenCudaCannotRun() {
        Devices.CudaProbe cuda = Devices.probeCuda(0);
        Devices.Placement auto = Devices.place(DeviceSpec.AUTO);
        Devices.Placement asked = Devices.place(DeviceSpec.parse("cuda"));
        if (cuda.works()) {
            assertEquals("CUDA:0", auto.describe());
            assertEquals("CUDA:0", asked.describe());
        } else {
            assertEquals("CPU", auto.provider());
            assertNotNull(auto.fallbackReason());
            assertEquals("CPU (CUDA not used: " + cuda.problem() + ")", asked.describe());
        }
        Devices.Placement cpu = Devices.place(DeviceSpec.CPU);
        assertEquals("CPU", cpu.describe());
        assertNull(cpu.fallbackReason());
    }

    @Test
    void aGpuThatDoesNotExistIsReportedNotThrown() {
        Devices.CudaProbe p = Devices.probeCuda(97);
        assertFalse(p.works());
        assertNotNull(p.problem());
    }
}
