// Driven by ModelsInImageJIT: the model manager's menu command in a real ImageJ, by macro. Writes the Log
// to log.txt and what the window showed to window.txt, in the folder given as the argument, then "done".
dir = getArgument();
run("Inpainting Models...", "action=install model=[@DESCRIPTOR@] accept_license");
run("Inpainting Models...", "action=verify model=tiny");
run("Inpainting Models...", "action=list");
@INFO@
File.saveString(getInfo("log"), dir + "/log.txt");
File.saveString(call("org.inpaintij.models.ModelsWindowDriver.verifyAndRemove", "tiny"), dir + "/window.txt");
File.saveString("ok", dir + "/done");
