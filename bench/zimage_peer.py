"""The peer of org.inpaintij.bench.diffusion.ZImageStepBench: diffusers' ZImageInpaintPipeline (PyTorch, CPU) on the
same Z-Image pipeline folder, image and settings. Prints one JSON line: milliseconds per image and per transformer
call (median over the timed runs).
    python bench/zimage_peer.py PIPELINE_DIR SIZE STEPS WARMUP RUNS THREADS
Needs torch, transformers, diffusers and pillow."""
import json
import statistics
import sys
import time

import numpy as np
import torch
from PIL import Image
from diffusers import ZImageInpaintPipeline

folder, size, steps, warmup, runs, threads = sys.argv[1], *map(int, sys.argv[2:7])
torch.set_num_threads(threads)
pipe = ZImageInpaintPipeline.from_pretrained(folder, torch_dtype=torch.float32)
pipe.set_progress_bar_config(disable=True)
rng = np.random.default_rng(0)
image = Image.fromarray(rng.integers(0, 256, (size, size, 3), dtype=np.uint8))
mask = np.zeros((size, size), dtype=np.uint8)
mask[size // 4: 3 * size // 4, size // 4: 3 * size // 4] = 255
mask = Image.fromarray(mask)
calls = []
forward = pipe.transformer.forward


def timed(*args, **kwargs):
    t0 = time.perf_counter()
    out = forward(*args, **kwargs)
    calls.append(time.perf_counter() - t0)
    return out


pipe.transformer.forward = timed
per_image, per_call = [], []
for i in range(warmup + runs):
    calls.clear()
    t0 = time.perf_counter()
    pipe(prompt="a red brick wall", image=image, mask_image=mask, strength=1.0, num_inference_steps=steps,
         guidance_scale=0.0, generator=torch.Generator().manual_seed(i), output_type="np")
    if i >= warmup:
        per_image.append(1000 * (time.perf_counter() - t0))
        per_call.append(1000 * sum(calls) / len(calls))
print(json.dumps({"image_ms": statistics.median(per_image), "step_ms": statistics.median(per_call),
                  "torch": torch.__version__, "threads": threads}))
