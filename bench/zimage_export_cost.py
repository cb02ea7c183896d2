"""What tools/export-zimage costs in time, memory and disk, measured on a mid-size random Z-Image pipeline in
diffusers' layout (the real classes and the real Flux VAE architecture; the transformer and text encoder narrower
and shallower than Z-Image-Turbo's), so that the cost of the real model can be estimated per parameter.
    python bench/zimage_export_cost.py WORK_DIR [--fp16]
Builds WORK_DIR/pipeline once (random weights, torch seed 0), runs the exporter on it under /usr/bin/time for each
precision asked, and prints one JSON line per run: wall seconds, peak resident memory, parameter counts and bytes
written per component. Needs the exporter's packages."""
import json
import math
import pathlib
import subprocess
import sys
import time

import torch

work = pathlib.Path(sys.argv[1])
fp16 = "--fp16" in sys.argv[2:]
pipe_dir = work / "pipeline"
if not (pipe_dir / "model_index.json").exists():
    from diffusers import AutoencoderKL, FlowMatchEulerDiscreteScheduler, ZImageTransformer2DModel
    from transformers import AutoTokenizer, Qwen3Config, Qwen3Model
    torch.manual_seed(0)
    tiny = pathlib.Path(__file__).resolve().parents[1] / ".." / "shared" / "fixtures" / "zimage-tiny" / "pipeline"
    pipe_dir.mkdir(parents=True)
    (pipe_dir / "model_index.json").write_text((tiny / "model_index.json").read_text())
    FlowMatchEulerDiscreteScheduler(shift=3.0).save_pretrained(str(pipe_dir / "scheduler"))
    AutoTokenizer.from_pretrained(str(tiny / "tokenizer")).save_pretrained(str(pipe_dir / "tokenizer"))
    hidden = 640
    Qwen3Model(Qwen3Config(vocab_size=151936, hidden_size=hidden, intermediate_size=2432, num_hidden_layers=8,
                           num_attention_heads=10, num_key_value_heads=2, head_dim=64, max_position_embeddings=4096,
                           rope_theta=1e6, tie_word_embeddings=False)).save_pretrained(str(pipe_dir / "text_encoder"))
    ZImageTransformer2DModel(dim=960, n_layers=6, n_refiner_layers=2, n_heads=8, n_kv_heads=8, cap_feat_dim=hidden,
                             axes_dims=[24, 48, 48], axes_lens=[1536, 512, 512]).save_pretrained(
        str(pipe_dir / "transformer"))
    # the Flux VAE's architecture, as Z-Image-Turbo's vae/config.json states it
    AutoencoderKL(in_channels=3, out_channels=3, latent_channels=16, block_out_channels=[128, 256, 512, 512],
                  down_block_types=["DownEncoderBlock2D"] * 4, up_block_types=["UpDecoderBlock2D"] * 4,
                  layers_per_block=2, norm_num_groups=32, scaling_factor=0.3611, shift_factor=0.1159,
                  use_quant_conv=False, use_post_quant_conv=False, force_upcast=True,
                  mid_block_add_attention=True, sample_size=1024).save_pretrained(str(pipe_dir / "vae"))


def params(folder):
    from safetensors import safe_open
    n = 0
    for f in folder.glob("*.safetensors"):
        with safe_open(str(f), framework="pt") as sf:
            for k in sf.keys():
                n += math.prod(sf.get_slice(k).get_shape())
    return n


counts = {c: params(pipe_dir / c) for c in ("text_encoder", "transformer", "vae")}
for precision in (["fp32", "fp16"] if fp16 else ["fp32"]):
    out = work / ("export-" + precision)
    if out.exists():
        subprocess.run(["rm", "-rf", str(out)], check=True)
    cmd = ["/usr/bin/time", "-f", "%e %M", sys.executable, str(pathlib.Path(__file__).resolve().parents[1] / "tools"
                                                                 / "export-zimage"), str(pipe_dir), str(out)]
    if precision == "fp16":
        cmd.append("--fp16")
    t0 = time.time()
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        print(r.stdout[-3000:], r.stderr[-3000:], file=sys.stderr)
        sys.exit(1)
    wall, peak_kib = r.stderr.strip().splitlines()[-1].split()
    sizes = {g: sum(f.stat().st_size for f in (out / g).iterdir()) for g in
             ("text_encoder", "transformer", "vae_encoder", "vae_decoder")}
    steps = [l for l in r.stdout.splitlines() if "wrote" in l]
    print(json.dumps({"precision": precision, "wall_s": float(wall), "peak_rss_gib": int(peak_kib) / 1024 ** 2,
                      "params": counts, "bytes": sizes, "log": steps}))
