// Generative Fill from a Groovy script. In Fiji: File > New > Script..., Language > Groovy, paste, Run.
// The active image's selection is repainted; the result and the seed used are shown as outputs.
// Headless: ImageJ-linux64 --headless --run generative_fill.groovy 'prompt="a wooden bench",model="sd15-inpainting"'
#@ CommandService command
#@ ImagePlus imp
#@ String (label = "Prompt") prompt
#@ String (label = "Model", value = "sd15-inpainting") model
#@ String (label = "Steps (blank: the model's own)", value = "") steps
#@ String (label = "Seed (-1: random)", value = "-1") seed
#@output ImagePlus result
#@output Long seed_used

import org.inpaintij.plugin.GenerativeFillCommand

// the inputs are the macro keys of Generative Fill...; a blank one keeps its default
def module = command.run(GenerativeFillCommand, true,
        "image", imp, "prompt", prompt, "model", model, "steps", steps, "seed", seed).get()
if (module.isCanceled()) throw new IllegalArgumentException(module.getCancelReason())
result = module.getOutput("result")
seed_used = module.getOutput("seed_used")
