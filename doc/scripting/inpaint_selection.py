# Inpaint Selection from a Jython (Python) script. In Fiji: File > New > Script..., Language > Python, paste, Run.
# The active image's selection is filled with the chosen method; with output=new the result is a new image.
#@ CommandService command
#@ ImagePlus imp
#@ String (label = "Method", choices = {"auto", "harmonic", "biharmonic", "patch", "telea"}) method
#@ Integer (label = "Grow (pixels)", value = 0) grow
#@output ImagePlus result
#@output String provenance

from org.inpaintij.plugin import InpaintSelectionCommand

# the inputs are the macro keys of Inpaint Selection...; a blank one keeps its default
module = command.run(InpaintSelectionCommand, True,
                     "image", imp, "method", method, "grow", grow, "output", "new").get()
if module.isCanceled():
    raise ValueError(module.getCancelReason())
result = module.getOutput("result")
provenance = module.getOutput("provenance")
