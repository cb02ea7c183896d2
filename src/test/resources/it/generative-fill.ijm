// Driven by GenerativeFillIT: Generative Fill... in a real ImageJ with the tiny analytic model imported into
// the model folder. Writes what it sees into the folder given as the argument.
dir = getArgument();
model = "@MODEL@";
function put(key, value) {
    File.append(key + "=" + replace("" + value, "\n", "|"), dir + "/results.txt");
}
function flat() {
    newImage("photo", "RGB black", 256, 256, 1);
    setForegroundColor(153, 153, 153); run("Select All"); run("Fill", "slice"); run("Select None");
    makeRectangle(64, 64, 128, 128);
}
run("Inpainting Models...", "action=import folder=[" + model + "] name=tiny-sd");
// what Plugins > Utilities > Find Commands lists: ImageJ's command table
List.setCommands;
put("command.fill", List.get("Generative Fill..."));
put("command.inpaint", List.get("Inpaint Selection..."));
put("command.outpaint", List.get("Outpaint..."));
put("command.models", List.get("Inpainting Models..."));

// the dialog, played with the recorder on; the recorded line replayed twice in batch mode
flat();
rec = call("org.inpaintij.it.ImageJDriver.recordGenerativeFill", "tiny-sd", "a red\nbench", "12", "1", "ddim", dir + "/dialog.png", dir + "/interactive.tif");
File.saveString(rec, dir + "/recorded.txt");
if (!startsWith(rec, "run(")) { File.saveString("ok", dir + "/done"); exit("the dialog driver failed: " + rec); }
line = substring(rec, 0, indexOf(rec, "\n"));
options = substring(line, indexOf(line, ", \"") + 3, lastIndexOf(line, "\""));
close("*");
setBatchMode(true);
for (k = 1; k <= 2; k++) {
    flat();
    run("Generative Fill...", options);
    saveAs("Tiff", dir + "/replay" + k + ".tif");
    close("*");
}
setBatchMode(false);

// the live preview, then Esc: the image comes back untouched
flat();
saveAs("Tiff", dir + "/before-cancel.tif");
rename("photo");
makeRectangle(64, 64, 128, 128);
seen = call("org.inpaintij.it.ImageJDriver.previewThenCancel", "prompt=red model=tiny-sd steps=500 cfg=1 scheduler=ddim seed=3 output=in-place", dir + "/preview.png");
File.saveString(seen, dir + "/preview.txt");
run("Select None");
saveAs("Tiff", dir + "/after-cancel.tif");
close("*");
// the same with the progress window's Cancel button
flat();
saveAs("Tiff", dir + "/before-button.tif");
rename("photo");
makeRectangle(64, 64, 128, 128);
seen = call("org.inpaintij.it.ImageJDriver.previewThenCancel", "prompt=red model=tiny-sd steps=500 cfg=1 scheduler=ddim seed=4 output=in-place", dir + "/preview-button.png", "button");
File.saveString(seen, dir + "/button.txt");
run("Select None");
saveAs("Tiff", dir + "/after-button.tif");
File.saveString("ok", dir + "/done");
