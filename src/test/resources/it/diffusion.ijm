// Driven by DiffusionInRealImageJIT: method=diffusion with a model folder path, on every type and in every
// output mode, in a real ImageJ. Writes the images it sees into the folder given as the argument.
dir = getArgument();
model = "@MODEL@";
base = "method=diffusion model=[" + model + "] steps=20 cfg=1 scheduler=ddim seed=5 resolution=192 context=32 prompt=red";
types = newArray("8-bit", "16-bit", "32-bit", "RGB");
modes = newArray("new", "in-place", "overlay");

function flat(type) {
    newImage("d", type + " black", 256, 256, 1);
    if (type == "16-bit") { setMinAndMax(1000, 5000); run("Set...", "value=3400"); }
    else if (type == "32-bit") { setMinAndMax(-2, 3); run("Set...", "value=1"); }
    else if (type == "RGB") { setForegroundColor(153, 153, 153); run("Select All"); run("Fill", "slice"); run("Select None"); }
    else { run("Set...", "value=153"); }
}

for (t = 0; t < types.length; t++) {
    for (m = 0; m < modes.length; m++) {
        flat(types[t]);
        id = getImageID();
        tag = types[t] + "-" + modes[m];
        saveAs("Tiff", dir + "/" + tag + "-before.tif");
        makeRectangle(64, 64, 128, 128);
        run("Inpaint Selection...", base + " output=" + modes[m]);
        if (modes[m] == "overlay") File.append(tag + "=" + Overlay.size, dir + "/overlays.txt");
        run("Select None");
        saveAs("Tiff", dir + "/" + tag + ".tif");
        close("*");
    }
}

for (k = 1; k <= 2; k++) {
    flat("RGB");
    makeRectangle(64, 64, 128, 128);
    run("Inpaint Selection...", base + " variations=3 seed=11 output=new");
    saveAs("Tiff", dir + "/variations" + k + ".tif");
    close("*");
}
// the dialogs, played by a driver with the recorder on; the recorded line replayed in batch mode
flat("RGB");
makeRectangle(64, 64, 128, 128);
rec = call("org.inpaintij.it.ImageJDriver.recordDiffusion", model, "red", "10", "1", "21", "192", "32", dir + "/interactive.tif");
File.saveString(rec, dir + "/recorded.txt");
if (!startsWith(rec, "run(")) { File.saveString("ok", dir + "/done"); exit("the dialog driver failed: " + rec); }
options = substring(rec, indexOf(rec, ", \"") + 3, lastIndexOf(rec, "\""));
setBatchMode(true);
flat("RGB");
makeRectangle(64, 64, 128, 128);
run("Inpaint Selection...", options);
saveAs("Tiff", dir + "/replay.tif");
setBatchMode(false);
File.saveString("ok", dir + "/done");
