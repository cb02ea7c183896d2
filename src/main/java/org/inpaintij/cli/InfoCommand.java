package org.inpaintij.cli;

import java.util.concurrent.Callable;

import org.inpaintij.ij.Version;
import org.inpaintij.models.DiskSpace;
import org.inpaintij.models.InfoReport;
import org.inpaintij.models.ModelsFolder;
import org.inpaintij.onnx.Devices;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code info}: versions, Java and memory, the model folder and installed models, the execution providers of
 * this ONNX Runtime, the result of actually trying CUDA, and so the device a run will use. Paste it into bug
 * reports.
 */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Versions, model folder, installed models, execution providers and the device a run uses.")
public final class InfoCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    private ModelsDirOption modelsDir;

    @Override
    public Integer call() {
        String text = InfoReport.build(new InfoReport.Inputs(Version.plugin(), Version.onnxRuntime(), "command line",
                () -> Devices.probe().describe()), ModelsFolder.standard(), DiskSpace.STANDARD);
        spec.commandLine().getOut().print(text);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
