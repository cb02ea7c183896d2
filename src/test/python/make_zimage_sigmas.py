"""Writes src/test/resources/zimage/linspace_sigmas.json: torch.linspace(1.0, 1/N, N) in float32 for N = 1..64,
the explicit sigmas diffusers' Z-Image pipelines pass to the scheduler (get_default_z_image_sigmas), as torch's
CPU kernel computes them. Run with a Python that has torch: python src/test/python/make_zimage_sigmas.py"""
import json
import pathlib

import torch

out = {
    "about": "torch.linspace(1.0, 1/N, N).tolist() (float32) for N = 1..64, torch " + torch.__version__,
    "sigmas": {str(n): torch.linspace(1.0, 1 / n, n).tolist() for n in range(1, 65)},
}
path = pathlib.Path(__file__).resolve().parents[1] / "resources" / "zimage" / "linspace_sigmas.json"
path.write_text(json.dumps(out) + "\n")
print("wrote", path)
