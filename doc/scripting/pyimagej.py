# Generative Fill from Python through PyImageJ (pip install pyimagej), with Fiji and this plugin installed.
# Documented, not run by the tests: PyImageJ needs a Fiji installation and a Python with JPype.
import imagej
from scyjava import jimport

ij = imagej.init('/path/to/Fiji.app', mode='headless')
IJ = jimport('ij.IJ')
Roi = jimport('ij.gui.Roi')
GenerativeFill = jimport('org.inpaintij.plugin.GenerativeFillCommand')
InpaintSelection = jimport('org.inpaintij.plugin.InpaintSelectionCommand')

imp = IJ.openImage('/data/photo.tif')
imp.setRoi(Roi(200, 180, 120, 90))

# a diffusion model repaints the selection; seed -1 draws one, given back as seed_used
module = ij.command().run(GenerativeFill, True, {
    'image': imp, 'prompt': 'a wooden bench', 'model': 'sd15-inpainting', 'seed': '-1'}).get()
if module.isCanceled():
    raise ValueError(module.getCancelReason())
result = module.getOutput('result')
print('seed used:', module.getOutput('seed_used'))
IJ.saveAsTiff(result, '/data/photo-filled.tif')

# a model-free fill of the same selection
module = ij.command().run(InpaintSelection, True, {'image': imp, 'method': 'harmonic'}).get()
IJ.saveAsTiff(module.getOutput('result'), '/data/photo-harmonic.tif')
