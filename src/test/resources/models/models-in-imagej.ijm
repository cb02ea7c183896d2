// Driven by ModelsInImageJIT: the model manager's menu command in a real ImageJ, by macro. Writes the Log
// to log.txt, what the models window showed to window.txt and what Inpainting Info's copy button put on the
// clipboard to clipboard.txt, in the folder given as the argument, then "done".
dir = getArgument();
run("Inpainting Models...", "action=install model=[@DESCRIPTOR@] accept_license");
run("Inpainting Models...", "action=verify model=tiny");
run("Inpainting Models...", "action=list");
run("Inpainting Info", "log");
File.saveString(getInfo("log"), dir + "/log.txt");
File.saveString(call("org.inpaintij.models.ModelsWindowDriver.verifyAndRemove", "tiny"), dir + "/window.txt");
File.saveString(call("org.inpaintij.models.ModelsWindowDriver.copyInfo"), dir + "/clipboard.txt");
File.saveString("ok", dir + "/done");
