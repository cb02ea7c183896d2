#!/usr/bin/python3
"""Writes the tiny Stable Diffusion model folders the tests run on (src/test/resources/models/).

Each folder follows the real diffusers ONNX contract (graph names, input and output names, ranks,
element types; see shared/docs/diffusion-reference.md) and differs only in size and in what the
graphs compute. They compute a model whose right answer is known in closed form:

* text encoder: last_hidden_state[b, s, 0] = 1 when the prompt holds the token "red", [.., 1] = 1 when
  it holds "blue"; the other D - 2 features are sin(id * w_d) / 10, so every width is filled;
* UNet: the exact noise prediction for a Gaussian prior on the (scaled) latents, x0 ~ N(mu, s^2):
  eps = sqrt(1 - abar_t) * (x_t - sqrt(abar_t) * mu) / (abar_t * s^2 + 1 - abar_t), with abar_t read
  from the scaled-linear table at the (possibly fractional) timestep, and
  mu = MU0 + RED_SHIFT * red + BLUE_SHIFT * blue (channels R, G, B, 4th);
  9-channel variants treat the 4 + 1 + 4 input as latents, mask, masked-image latents and use the prior
  N(masked latents, S_KNOWN^2) where mask = 0, so the known region comes back and the order is proven;
  the LCM variant decodes w from timestep_cond (its lowest-frequency sine), shifts mu by
  W_SHIFT * w / 1000, and adds to mu the summed squared difference between the 256 values and
  diffusers' get_guidance_scale_embedding(w), so any other embedding formula moves the mean by a lot;
* VAE: encoder = 8x8 average pool (channels R, G, B, their mean) divided by the scaling factor;
  decoder = channels R, G, B times the scaling factor, nearest-upsampled by 8. So pixel ([-1, 1]) ==
  scaled latent, and every statistic of the latents can be read off the image.

It also writes src/main/resources/org/inpaintij/onnx/probe.onnx, the one-node graph of the device probe.

Run: /usr/bin/python3 src/test/python/make_tiny_models.py  (needs Debian's python3-onnx and numpy).
The output is deterministic; the tests read the constants below from analytic.json in each folder.
"""
import json
import os
import shutil
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "models")
OPSET = 17
SEQ = 77
RED, BLUE = 736, 1746          # CLIP ids of "red</w>" and "blue</w>"
MU0 = [-0.3, -0.3, -0.3, -0.3]
RED_SHIFT = [0.2, 0.0, 0.0, 0.0]
BLUE_SHIFT = [0.0, 0.0, 0.2, 0.0]
W_SHIFT = [0.0, 0.1, 0.0, 0.0]  # LCM only: per unit of w / 1000 = guidance - 1
PRIOR_S = 0.15
S_KNOWN = 0.02
TIME_COND = 256

F32, F16 = TensorProto.FLOAT, TensorProto.FLOAT16


def log_sigmas():
    betas = np.linspace(0.00085 ** 0.5, 0.012 ** 0.5, 1000, dtype=np.float64) ** 2
    abar = np.cumprod(1.0 - betas)
    return (0.5 * np.log((1.0 - abar) / abar)).astype(np.float32)


class G:
    """A small graph builder: unique names, constants, nodes."""

    def __init__(self):
        self.nodes, self.inits, self.n = [], [], 0

    def name(self, p):
        self.n += 1
        return f"{p}_{self.n}"

    def const(self, arr, p="c"):
        n = self.name(p)
        self.inits.append(numpy_helper.from_array(np.asarray(arr), n))
        return n

    def op(self, kind, inputs, p=None, **attrs):
        out = self.name(p or kind.lower())
        self.nodes.append(helper.make_node(kind, inputs, [out], **attrs))
        return out

    def to_float(self, x, elem):
        return x if elem == F32 else self.op("Cast", [x], to=F32)

    def from_float(self, x, elem, out):
        self.nodes.append(helper.make_node("Cast" if elem != F32 else "Identity", [x], [out],
                                           **({"to": elem} if elem != F32 else {})))

    def model(self, name, inputs, outputs, producer):
        graph = helper.make_graph(self.nodes, name, inputs, outputs, self.inits)
        m = helper.make_model(graph, producer_name=producer, opset_imports=[helper.make_opsetid("", OPSET)])
        m.ir_version = 8
        onnx.checker.check_model(m)
        return m


def text_encoder(ids_type, elem, width, batch):
    g = G()
    ids = "input_ids"
    nptype = np.int32 if ids_type == TensorProto.INT32 else np.int64

    def presence(token):
        eq = g.op("Equal", [ids, g.const(np.array(token, dtype=nptype))])
        return g.op("ReduceMax", [g.op("Cast", [eq], to=F32)], axes=[1], keepdims=1)   # [B,1]

    red, blue = presence(RED), presence(BLUE)
    idsf = g.op("Unsqueeze", [g.op("Cast", [ids], to=F32), g.const(np.array([2], np.int64))])  # [B,77,1]
    rng = np.random.default_rng(7)
    w = rng.uniform(1e-4, 1e-3, size=(1, 1, width)).astype(np.float32)
    keep = np.ones((1, 1, width), np.float32)
    keep[..., :2] = 0
    wave = g.op("Mul", [g.op("Sin", [g.op("Mul", [idsf, g.const(w)])]), g.const(keep * 0.1)])
    e0 = np.zeros((1, 1, width), np.float32); e0[..., 0] = 1
    e1 = np.zeros((1, 1, width), np.float32); e1[..., 1] = 1
    one_seq = g.const(np.ones((1, SEQ, 1), np.float32))
    r = g.op("Mul", [g.op("Mul", [g.op("Unsqueeze", [red, g.const(np.array([2], np.int64))]), one_seq]), g.const(e0)])
    b = g.op("Mul", [g.op("Mul", [g.op("Unsqueeze", [blue, g.const(np.array([2], np.int64))]), one_seq]), g.const(e1)])
    hidden = g.op("Add", [g.op("Add", [wave, r]), b])
    pooled = g.op("ReduceMean", [hidden], axes=[1], keepdims=0)
    g.from_float(hidden, elem, "last_hidden_state")
    g.from_float(pooled, elem, "pooler_output")
    return g.model("text_encoder",
                   [helper.make_tensor_value_info(ids, ids_type, [batch, SEQ])],
                   [helper.make_tensor_value_info("last_hidden_state", elem, [batch, "sequence", width]),
                    helper.make_tensor_value_info("pooler_output", elem, [batch, width])],
                   "inpaint-ij tiny text encoder")


def unet(elem, channels, width, batch, t_type, t_shape, lcm, latent_size=None, channel_axis=None):
    hw = [latent_size, latent_size] if latent_size else ["height", "width"]
    g = G()
    # the first layer is a convolution on the sample, as conv_in is in every real UNet: an identity 1 x 1 here,
    # whose weight [C, C, 1, 1] is where a reader learns C when the exporter leaves the channel axis free
    x_all = g.op("Conv", [g.to_float("sample", elem), g.const(np.eye(channels, dtype=np.float32)
                                                           .reshape(channels, channels, 1, 1), "conv_in.weight")],
                 kernel_shape=[1, 1])
    t = g.op("Cast", ["timestep"], to=F32)
    t = g.op("Reshape", [t, g.const(np.array([-1, 1, 1, 1], np.int64))])          # [T,1,1,1]
    lo = g.op("Clip", [g.op("Floor", [t]), g.const(np.array(0, np.float32)), g.const(np.array(998, np.float32))])
    frac = g.op("Sub", [t, lo])
    lo_i = g.op("Cast", [lo], to=TensorProto.INT64)
    hi_i = g.op("Add", [lo_i, g.const(np.array(1, np.int64))])
    table = g.const(log_sigmas(), "log_sigma_table")
    ls_lo = g.op("Gather", [table, lo_i], axis=0)
    ls_hi = g.op("Gather", [table, hi_i], axis=0)
    ls = g.op("Add", [ls_lo, g.op("Mul", [frac, g.op("Sub", [ls_hi, ls_lo])])])
    # the scheduler maps sigma to t by interpolating log sigma linearly, so this inverts it exactly
    sigma2 = g.op("Exp", [g.op("Mul", [ls, g.const(np.array(2, np.float32))])])
    abar = g.op("Reciprocal", [g.op("Add", [sigma2, g.const(np.array(1, np.float32))])])
    one_m = g.op("Sub", [g.const(np.array(1, np.float32)), abar])

    ehs = g.to_float("encoder_hidden_states", elem)
    feats = g.op("ReduceMean", [ehs], axes=[1], keepdims=0)                        # [B,D]
    rb = g.op("Slice", [feats, g.const(np.array([0], np.int64)), g.const(np.array([2], np.int64)),
                        g.const(np.array([1], np.int64))])                           # [B,2]
    shift = g.op("MatMul", [rb, g.const(np.array([RED_SHIFT, BLUE_SHIFT], np.float32))])  # [B,4]
    mu = g.op("Add", [shift, g.const(np.array([MU0], np.float32))])
    if lcm:
        cond = g.to_float("timestep_cond", elem)
        half = TIME_COND // 2
        freqs = np.exp(np.arange(half, dtype=np.float32) * -(np.log(np.float32(10000.0)) / (half - 1))).astype(np.float32)
        last = g.op("Slice", [cond, g.const(np.array([half - 1], np.int64)), g.const(np.array([half], np.int64)),
                              g.const(np.array([1], np.int64))])                     # [B,1] = sin(w * f_last)
        w = g.op("Div", [g.op("Asin", [last]), g.const(np.array(freqs[-1], np.float32))])
        arg = g.op("Mul", [w, g.const(freqs.reshape(1, half))])
        emb = g.op("Concat", [g.op("Sin", [arg]), g.op("Cos", [arg])], axis=1)
        diff = g.op("Sub", [cond, emb])
        penalty = g.op("ReduceSum", [g.op("Mul", [diff, diff]), g.const(np.array([1], np.int64))], keepdims=1)  # [B,1]
        wshift = g.op("Mul", [g.op("Div", [w, g.const(np.array(1000, np.float32))]),
                              g.const(np.array([W_SHIFT], np.float32))])
        mu = g.op("Add", [g.op("Add", [mu, wshift]), penalty])
    mu = g.op("Reshape", [mu, g.const(np.array([0, 4, 1, 1], np.int64))])
    s2 = g.const(np.array(PRIOR_S ** 2, np.float32))

    def cut(a, b):
        return g.op("Slice", [x_all, g.const(np.array([a], np.int64)), g.const(np.array([b], np.int64)),
                              g.const(np.array([1], np.int64))])

    if channels == 9:
        x, m, known = cut(0, 4), cut(4, 5), cut(5, 9)
        keep = g.op("Sub", [g.const(np.array(1, np.float32)), m])
        mu = g.op("Add", [g.op("Mul", [m, mu]), g.op("Mul", [keep, known])])
        s2 = g.op("Add", [g.op("Mul", [m, s2]), g.op("Mul", [keep, g.const(np.array(S_KNOWN ** 2, np.float32))])])
    else:
        x = x_all
    centred = g.op("Sub", [x, g.op("Mul", [g.op("Sqrt", [abar]), mu])])
    denom = g.op("Add", [g.op("Mul", [abar, s2]), one_m])
    eps = g.op("Div", [g.op("Mul", [g.op("Sqrt", [one_m]), centred]), denom])
    g.from_float(eps, elem, "out_sample")
    inputs = [helper.make_tensor_value_info("sample", elem, [batch, channel_axis or channels] + hw),
              helper.make_tensor_value_info("timestep", t_type, t_shape),
              helper.make_tensor_value_info("encoder_hidden_states", elem, [batch, "sequence", width])]
    if lcm:
        inputs.append(helper.make_tensor_value_info("timestep_cond", elem, [batch, TIME_COND]))
    return g.model("unet", inputs,
                   [helper.make_tensor_value_info("out_sample", elem, [batch, 4] + hw)],
                   "inpaint-ij analytic unet")


def vae_encoder(elem, scaling, parameters, logvar=-7.0, sample_in_graph=False):
    g = G()
    img = g.to_float("sample", elem)
    pooled = g.op("AveragePool", [img], kernel_shape=[8, 8], strides=[8, 8])
    mean = g.op("ReduceMean", [pooled], axes=[1], keepdims=1)
    lat = g.op("Div", [g.op("Concat", [pooled, mean], axis=1), g.const(np.array(scaling, np.float32))])
    if sample_in_graph:
        # the diffusers script's encoder returns mean + std * RandomNormalLike(mean), drawn by ONNX Runtime; the
        # spread here (log-variance -30, std 3e-7) keeps the closed-form answers while the draw is really made
        noise = g.op("RandomNormalLike", [lat], dtype=F32)
        lat = g.op("Add", [lat, g.op("Mul", [noise, g.const(np.array(np.exp(-15.0), np.float32))])])
    name = "latent_parameters" if parameters else "latent_sample"
    if parameters:
        lv = g.op("Add", [g.op("Mul", [lat, g.const(np.array(0, np.float32))]), g.const(np.array(logvar, np.float32))])
        lat = g.op("Concat", [lat, lv], axis=1)
    g.from_float(lat, elem, name)
    return g.model("vae_encoder",
                   [helper.make_tensor_value_info("sample", elem, ["batch", 3, "height", "width"])],
                   [helper.make_tensor_value_info(name, elem, ["batch", 8 if parameters else 4,
                                                               "height_latent", "width_latent"])],
                   "inpaint-ij linear vae encoder")


def vae_decoder(elem, scaling, gain=1.0):
    g = G()
    z = g.to_float("latent_sample", elem)
    pick = np.zeros((3, 4, 1, 1), np.float32)
    for c in range(3):
        pick[c, c, 0, 0] = scaling * gain
    rgb = g.op("Conv", [z, g.const(pick)], kernel_shape=[1, 1])
    up = g.op("Resize", [rgb, "", g.const(np.array([1, 1, 8, 8], np.float32))], mode="nearest",
              coordinate_transformation_mode="asymmetric", nearest_mode="floor")
    g.from_float(up, elem, "sample")
    return g.model("vae_decoder",
                   [helper.make_tensor_value_info("latent_sample", elem, ["batch", 4, "height", "width"])],
                   [helper.make_tensor_value_info("sample", elem, ["batch", 3, "height_out", "width_out"])],
                   "inpaint-ij linear vae decoder")


def save(model, folder, external=None):
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, "model.onnx")
    if external:
        onnx.save_model(model, path, save_as_external_data=True, all_tensors_to_one_file=True,
                        location=external, size_threshold=1024)
    else:
        onnx.save_model(model, path)


def write_json(path, obj):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(obj, f, indent=2, sort_keys=False)
        f.write("\n")


SCHED_BASE = {"num_train_timesteps": 1000, "beta_start": 0.00085, "beta_end": 0.012,
              "beta_schedule": "scaled_linear", "trained_betas": None}


def make(name, *, pipeline, scheduler, ids_type, elem, width, channels, text_batch, unet_batch, t_type, t_shape,
         lcm=False, parameters=False, unet_external=None, unet_config=None, vae_config_scaling=None, latent_size=None,
         pad_token="<|endoftext|>", note="", channel_axis=None, sample_in_graph=False, torch_classes=False):
    folder = os.path.join(OUT, name)
    shutil.rmtree(folder, ignore_errors=True)
    scaling = vae_config_scaling if vae_config_scaling is not None else 0.18215
    if torch_classes:
        # optimum copies the PyTorch pipeline's model_index.json with its class names
        parts = {"text_encoder": ["transformers", "CLIPTextModel"], "unet": ["diffusers", "UNet2DConditionModel"],
                 "vae": ["diffusers", "AutoencoderKL"]}
    else:
        parts = {"text_encoder": ["diffusers", "OnnxRuntimeModel"], "unet": ["diffusers", "OnnxRuntimeModel"],
                 "vae_decoder": ["diffusers", "OnnxRuntimeModel"], "vae_encoder": ["diffusers", "OnnxRuntimeModel"]}
    parts["tokenizer"] = ["transformers", "CLIPTokenizer"]
    write_json(os.path.join(folder, "model_index.json"), dict({
        "_class_name": pipeline, "_diffusers_version": "0.25.0", "scheduler": ["diffusers", scheduler["_class_name"]]},
        **dict(sorted(parts.items())), safety_checker=[None, None], feature_extractor=[None, None],
        requires_safety_checker=False))
    write_json(os.path.join(folder, "scheduler", "scheduler_config.json"), scheduler)
    write_json(os.path.join(folder, "tokenizer", "tokenizer_config.json"), {
        "add_prefix_space": False, "bos_token": "<|startoftext|>", "eos_token": "<|endoftext|>",
        "pad_token": pad_token, "unk_token": "<|endoftext|>", "model_max_length": SEQ, "do_lower_case": True,
        "tokenizer_class": "CLIPTokenizer"})
    write_json(os.path.join(folder, "tokenizer", "special_tokens_map.json"), {
        "bos_token": "<|startoftext|>", "eos_token": "<|endoftext|>", "pad_token": pad_token,
        "unk_token": "<|endoftext|>"})
    save(text_encoder(ids_type, elem, width, text_batch), os.path.join(folder, "text_encoder"))
    save(unet(elem, channels, width, unet_batch, t_type, t_shape, lcm, latent_size, channel_axis),
         os.path.join(folder, "unet"), unet_external)
    save(vae_encoder(elem, scaling, parameters, sample_in_graph=sample_in_graph), os.path.join(folder, "vae_encoder"))
    save(vae_decoder(elem, scaling), os.path.join(folder, "vae_decoder"))
    if unet_config is not None:
        write_json(os.path.join(folder, "unet", "config.json"), unet_config)
    if vae_config_scaling is not None:
        for part in ("vae_encoder", "vae_decoder"):
            write_json(os.path.join(folder, part, "config.json"), {
                "_class_name": "AutoencoderKL", "latent_channels": 4, "scaling_factor": vae_config_scaling})
    write_json(os.path.join(folder, "analytic.json"), {
        "note": note, "red_token": RED, "blue_token": BLUE, "mu0": MU0, "red_shift": RED_SHIFT,
        "blue_shift": BLUE_SHIFT, "w_shift": W_SHIFT if lcm else [0, 0, 0, 0], "prior_s": PRIOR_S,
        "s_known": S_KNOWN, "scaling_factor": scaling, "text_width": width, "unet_channels": channels})


def probe_model():
    """The one-node graph (y = x + 1, float [1]) that Devices runs to find out whether CUDA really works."""
    g = G()
    g.nodes.append(helper.make_node("Add", ["x", g.const(np.array([1], np.float32))], ["y"]))
    m = g.model("probe", [helper.make_tensor_value_info("x", F32, [1])],
                [helper.make_tensor_value_info("y", F32, [1])], "inpaint-ij device probe")
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "main", "resources", "org",
                        "inpaintij", "onnx", "probe.onnx")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    onnx.save_model(m, path)


def matmul_chain():
    """x -> x @ x @ x ... (24 products) with no weights: a graph slow enough to cancel while it runs."""
    g = G()
    y = "x"
    for _ in range(24):
        y = g.op("MatMul", [y, "x"])
    g.nodes.append(helper.make_node("Identity", [y], ["y"]))
    m = g.model("matmul_chain", [helper.make_tensor_value_info("x", F32, ["n", "n"])],
                [helper.make_tensor_value_info("y", F32, ["n", "n"])], "inpaint-ij cancel test")
    path = os.path.join(OUT, "..", "onnx", "matmul_chain.onnx")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    onnx.save_model(m, path)


def misfit_unet():
    """A UNet whose weights take 9 channels behind an Add, so that no reader can find its first convolution from
    the sample, while its channel axis is declared free: what a graph that does not fit its config looks like."""
    g = G()
    shifted = g.op("Add", ["sample", g.const(np.array(0, np.float32))])
    w = np.zeros((4, 9, 1, 1), np.float32)
    g.nodes.append(helper.make_node("Conv", [shifted, g.const(w, "conv_in.weight")], ["out_sample"], kernel_shape=[1, 1]))
    m = g.model("unet", [helper.make_tensor_value_info("sample", F32, ["batch", "channels", "height", "width"]),
                         helper.make_tensor_value_info("timestep", F32, ["batch"]),
                         helper.make_tensor_value_info("encoder_hidden_states", F32, ["batch", "sequence", 768])],
                [helper.make_tensor_value_info("out_sample", F32, ["batch", 4, "height", "width"])],
                "inpaint-ij misfit unet")
    path = os.path.join(OUT, "..", "onnx", "unet_hidden_channels.onnx")
    onnx.save_model(m, path)


def main():
    probe_model()
    matmul_chain()
    misfit_unet()
    pndm = dict(SCHED_BASE, _class_name="PNDMScheduler", _diffusers_version="0.6.0", skip_prk_steps=True,
                set_alpha_to_one=False, steps_offset=1, clip_sample=False)
    ddim = dict(SCHED_BASE, _class_name="DDIMScheduler", _diffusers_version="0.8.0", clip_sample=False,
                set_alpha_to_one=False, steps_offset=1, prediction_type="epsilon")
    lcm = dict(SCHED_BASE, _class_name="LCMScheduler", _diffusers_version="0.22.0", original_inference_steps=50,
               clip_sample=False, set_alpha_to_one=True, steps_offset=1, prediction_type="epsilon",
               timestep_spacing="leading", timestep_scaling=10.0)
    turbo = dict(SCHED_BASE, _class_name="EulerAncestralDiscreteScheduler", _diffusers_version="0.24.0",
                 prediction_type="epsilon", steps_offset=1, timestep_spacing="trailing")
    i32, i64 = TensorProto.INT32, TensorProto.INT64
    make("sd15-script", pipeline="OnnxStableDiffusionPipeline", scheduler=pndm, ids_type=i32, elem=F32,
         width=768, channels=4, text_batch="batch", unet_batch="batch", t_type=F32, t_shape=["batch"],
         unet_external="weights.pb",
         note="diffusers conversion script style: int32 ids, float timestep [B], latent_sample, weights.pb")
    make("sd2-inpaint-optimum", pipeline="OnnxStableDiffusionInpaintPipeline", scheduler=ddim, ids_type=i64,
         elem=F32, width=1024, channels=9, text_batch="batch_size", unet_batch="batch_size", t_type=i64,
         t_shape=["steps"], parameters=True, unet_external="model.onnx_data",
         unet_config={"_class_name": "UNet2DConditionModel", "in_channels": 9, "out_channels": 4,
                      "sample_size": 64, "cross_attention_dim": 1024},
         vae_config_scaling=0.25, pad_token="!",
         note="optimum style: int64 ids and timestep, unet/config.json, latent_parameters, model.onnx_data; "
              "vae scaling_factor 0.25 (not SD's) so that a pipeline ignoring the config shows")
    make("sd15-inpaint-fp16", pipeline="OnnxStableDiffusionInpaintPipeline", scheduler=pndm, ids_type=i32,
         elem=F16, width=32, channels=9, text_batch=1, unet_batch=2, t_type=F16, t_shape=[2], channel_axis="channels",
         note="float16 export (Unpaint/Olive style: fp16 I/O, int32 ids, fp16 timestep) with fixed batches: text "
              "encoder 1, UNet 2 (guidance batch); the UNet's channel axis is left free and no config says it")
    make("sd15-inpaint-script", pipeline="OnnxStableDiffusionPipeline", scheduler=ddim, ids_type=i32, elem=F32,
         width=768, channels=9, text_batch="batch", unet_batch="batch", t_type=F32, t_shape=["batch"],
         unet_external="weights.pb", channel_axis="channels", sample_in_graph=True,
         note="diffusers conversion script export of an inpainting model: the UNet's channel axis left free, no "
              "config.json anywhere, model_index naming the plain ONNX pipeline, int32 ids, float timestep [B], "
              "weights.pb, latent_sample drawn inside the encoder graph")
    make("sd15-inpaint-optimum", pipeline="StableDiffusionInpaintPipeline", scheduler=ddim, ids_type=i32,
         elem=F32, width=768, channels=9, text_batch="batch_size", unet_batch="batch_size", t_type=F32, t_shape=[],
         parameters=True, unet_external="model.onnx_data", torch_classes=True,
         unet_config={"_class_name": "UNet2DConditionModel", "in_channels": 9, "out_channels": 4,
                      "sample_size": 64, "cross_attention_dim": 768},
         vae_config_scaling=0.18215,
         note="optimum 1.14+ export: float32 scalar timestep, int32 ids, latent_parameters, model.onnx_data, a "
              "config.json per part, model_index.json with the PyTorch pipeline's class names")
    make("lcm-optimum", pipeline="LatentConsistencyModelPipeline", scheduler=lcm, ids_type=i64, elem=F32,
         width=32, channels=4, text_batch="batch_size", unet_batch="batch_size", t_type=i64, t_shape=[1], lcm=True,
         unet_config={"_class_name": "UNet2DConditionModel", "in_channels": 4, "out_channels": 4,
                      "sample_size": 64, "cross_attention_dim": 32, "time_cond_proj_dim": TIME_COND},
         vae_config_scaling=0.2, note="LCM with timestep_cond; vae scaling_factor 0.2 read from config")
    make("turbo-b1", pipeline="OnnxStableDiffusionPipeline", scheduler=turbo, ids_type=i32, elem=F32, width=1024,
         channels=4, text_batch=1, unet_batch=1, t_type=i64, t_shape=[1], pad_token="!", latent_size=64,
         note="SD-Turbo web-export style: UNet fixed at batch 1 and 64 x 64 latents, trailing EulerAncestral")


if __name__ == "__main__":
    sys.exit(main())
