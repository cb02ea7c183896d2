// Driven by RealArchitecturesInImageJIT: the real SD 1.5 inpainting topology in both export layouts, in a real
// ImageJ: the diffusers script's folder by its path, optimum's imported and used by its name. Writes the results
// and the Log into the folder given as the argument.
dir = getArgument();
image = "@IMAGE@";
opts = "method=diffusion prompt=[a red flower] steps=3 cfg=7.5 seed=7 resolution=128";

open(image);
makeRectangle(200, 120, 64, 48);
run("Inpaint Selection...", opts + " model=[@SCRIPT@] output=new");
saveAs("Tiff", dir + "/script.tif");
close("*");

run("Inpainting Models...", "action=import folder=[@OPTIMUM@] name=realarch-optimum");
open(image);
makeRectangle(200, 120, 64, 48);
run("Inpaint Selection...", opts + " model=realarch-optimum output=in-place");
run("Select None");
saveAs("Tiff", dir + "/optimum.tif");
close("*");

File.saveString(getInfo("log"), dir + "/log.txt");
File.saveString("ok", dir + "/done");
