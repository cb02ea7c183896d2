// Driven by RealImageJIT: runs Inpaint Selection... in every output mode in a real ImageJ and writes
// what it sees to results.txt in the folder given as the argument.
dir = getArgument();
fixtures = "@FIXTURES@";
function put(key, value) {
    File.append(key + "=" + replace("" + value, "\n", "|"), dir + "/results.txt");
}

open(fixtures + "/images/camera.png");
rename("camera");
id = getImageID();
put("orig.before", getPixel(207, 184));
makeOval(200, 180, 14, 9);

run("Inpaint Selection...", "method=harmonic output=new");
put("new.title", getTitle());
put("new.overlay", Overlay.size);
Overlay.activateSelection(0);
name = Roi.getName;
put("new.roiname", name);
run("Select None");
put("new.info", getMetadata("Info"));
put("new.value", getPixel(207, 184));
close();

selectImage(id);
put("orig.after.new", getPixel(207, 184));
run("Inpaint Selection...", "method=harmonic output=in-place");
put("inplace.value", getPixel(207, 184));
put("inplace.info", getMetadata("Info"));
run("Undo");
put("undo.value", getPixel(207, 184));
put("undo.info", getMetadata("Info"));

// a mask image whose title holds brackets: mask=[...] takes balanced brackets, as ImageJ's own reader does
newImage("dust [1]", "8-bit black", getWidth(), getHeight(), 1);
makeRectangle(200, 180, 14, 9);
run("Set...", "value=255");
run("Select None");
selectImage(id);
run("Select None");
run("Inpaint Selection...", "method=harmonic output=new mask=[dust [1]]");
put("bracket.title", getTitle());
close();
close("dust [1]");
selectImage(id);

run("Remove Overlay");
makeOval(200, 180, 14, 9);
run("Inpaint Selection...", "method=telea output=overlay");
put("overlay.size", Overlay.size);
put("overlay.value", getPixel(207, 184));
Overlay.activateSelection(0);
name = Roi.getName;
put("overlay.layer", name);
run("Select None");

newImage("st", "16-bit ramp", 64, 48, 3);
setMetadata("Label", "s2");
setSlice(2);
setMetadata("Label", "s2");
makeRectangle(20, 20, 6, 6);
run("Inpaint Selection...", "method=harmonic output=new stack grow=1");
put("stack.slices", nSlices);
setSlice(2);
put("stack.label2", getInfo("slice.label"));
put("stack.bits", bitDepth());
close();

newImage("f", "32-bit ramp", 64, 48, 1);
setPixel(30, 30, NaN);
put("nan.before", getPixel(30, 30));
run("Inpaint Selection...", "mask=nan method=auto output=in-place");
put("nan.bits", bitDepth());
put("nan.after", getPixel(30, 30));

newImage("c", "RGB ramp", 64, 48, 1);
makeOval(10, 10, 8, 8);
run("Inpaint Selection...", "method=telea radius=3");
put("rgb.bits", bitDepth());
close();

selectImage(id);
run("Select None");
run("Outpaint...", "method=harmonic left=10 right=0 top=0 bottom=6 overlap=2");
put("outpaint.size", "" + getWidth() + "x" + getHeight());
put("outpaint.title", getTitle());
close();

selectImage(id);
run("Remove Overlay");
makeOval(200, 180, 14, 9);
rec = call("org.inpaintij.it.ImageJDriver.recordInteractive", "telea", "new", "2", "1", "4", dir + "/interactive.tif");
put("recorded", rec);
if (!startsWith(rec, "run(")) { File.saveString("ok", dir + "/done"); exit("the dialog driver failed: " + rec); }
options = substring(rec, indexOf(rec, ", \"") + 3, lastIndexOf(rec, "\""));
setBatchMode(true);
selectImage(id);
makeOval(200, 180, 14, 9);
run("Inpaint Selection...", options);
saveAs("Tiff", dir + "/replay.tif");
setBatchMode(false);

selectImage(id);
put("error", call("org.inpaintij.it.ImageJDriver.errorOf", "method=bogus"));
File.saveString("ok", dir + "/done");
