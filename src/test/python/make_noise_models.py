#!/usr/bin/env python3
"""Writes the two "zero noise" model folders that show which draw of the generator lands where
(src/test/resources/models/zero-eps-9ch and zero-eps-4ch; NoiseOrderTest).

They are the folders of make_tiny_models.py (same text encoder, tokenizer files, layout) with three graphs
replaced:

* UNet: predicts zero noise, out_sample = 0 * (latents + timestep + mean of the text features), so Euler keeps
  its start unchanged and Euler Ancestral adds exactly sigma_up times its fresh noise at each step;
* VAE decoder: passes the latents through to the pixels, divided by DECODER_DIVISOR so that the initial noise
  times sigma_max (about 14.6) stays inside [-1, 1]: pixel in [-1, 1] = scaled latent / DECODER_DIVISOR for
  channels R, G, B, nearest-upsampled by 8;
* VAE encoder: 9-channel folder, latent_sample (the diffusers script's output, sampled inside the graph: here
  the 8x8 block mean); 4-channel folder, latent_parameters with log-variance VAE_LOGVAR (standard deviation 0.5),
  which the pipeline samples with the generator.

Run: /work/venv/bin/python src/test/python/make_noise_models.py   (needs onnx and numpy; imports
make_tiny_models from this folder). The output is deterministic.
"""
import math
import os
import sys

import numpy as np
from onnx import TensorProto, helper

import make_tiny_models as tiny

DECODER_DIVISOR = 128.0
VAE_LOGVAR = 2 * math.log(0.5)
WIDTH = 32
SCALING = 0.18215


def zero_unet(channels):
    g = tiny.G()
    x = g.op("Slice", ["sample", g.const(np.array([0], np.int64)), g.const(np.array([4], np.int64)),
                       g.const(np.array([1], np.int64))])                                    # [B,4,h,w]
    t = g.op("Reshape", [g.op("Cast", ["timestep"], to=tiny.F32), g.const(np.array([-1, 1, 1, 1], np.int64))])
    e = g.op("Unsqueeze", [g.op("ReduceMean", ["encoder_hidden_states"], axes=[1, 2], keepdims=1),
                           g.const(np.array([3], np.int64))])                                 # [B,1,1,1]
    total = g.op("Add", [g.op("Add", [x, t]), e])
    g.nodes.append(helper.make_node("Mul", [total, g.const(np.array(0, np.float32))], ["out_sample"]))
    return g.model("unet", [
        helper.make_tensor_value_info("sample", tiny.F32, ["batch", channels, "height", "width"]),
        helper.make_tensor_value_info("timestep", tiny.F32, ["batch"]),
        helper.make_tensor_value_info("encoder_hidden_states", tiny.F32, ["batch", "sequence", WIDTH])],
        [helper.make_tensor_value_info("out_sample", tiny.F32, ["batch", 4, "height", "width"])],
        "inpaint-ij zero-noise unet")


def make(name, channels, parameters):
    euler = dict(tiny.SCHED_BASE, _class_name="EulerDiscreteScheduler", _diffusers_version="0.25.0",
                 prediction_type="epsilon", steps_offset=1, timestep_spacing="leading")
    tiny.make(name, pipeline="OnnxStableDiffusionInpaintPipeline" if channels == 9 else "OnnxStableDiffusionPipeline",
              scheduler=euler, ids_type=TensorProto.INT32, elem=tiny.F32, width=WIDTH, channels=channels,
              text_batch="batch", unet_batch="batch", t_type=tiny.F32, t_shape=["batch"], parameters=parameters)
    folder = os.path.join(tiny.OUT, name)
    tiny.save(zero_unet(channels), os.path.join(folder, "unet"))
    tiny.save(tiny.vae_encoder(tiny.F32, SCALING, parameters, logvar=VAE_LOGVAR), os.path.join(folder, "vae_encoder"))
    tiny.save(tiny.vae_decoder(tiny.F32, SCALING, gain=1 / DECODER_DIVISOR), os.path.join(folder, "vae_decoder"))
    tiny.write_json(os.path.join(folder, "analytic.json"), {
        "note": "zero-noise UNet, pass-through decoder (see src/test/python/make_noise_models.py)",
        "unet_channels": channels, "scaling_factor": SCALING, "decoder_divisor": DECODER_DIVISOR,
        "vae_parameters": parameters, "vae_logvar": VAE_LOGVAR if parameters else None})


def main():
    make("zero-eps-9ch", 9, False)
    make("zero-eps-4ch", 4, True)


if __name__ == "__main__":
    sys.exit(main())
