#!/usr/bin/python3
"""Writes the tiny LaMa and MI-GAN style graphs the tests of method=lama and method=migan run on
(src/test/resources/learned/).

Each good graph has exactly the I/O contract its publisher's mirrors state (shared/docs/model-catalog.md,
sections 8 and 9), and computes, instead of a learned fill, one the tests can predict exactly: every pixel
to fill gets the mean of the known pixels of its own row (per channel), and known pixels come back as they
went in ("the output is already joined to the input outside the mask", as the LaMa mirrors say).

* LaMa (Carve export): `image` float32 [1, 3, H, W] RGB in 0..1 and `mask` float32 [1, 1, H, W] with
  1 = fill; `output` float32 [1, 3, H, W] RGB in 0..255.
* MI-GAN (migan.onnx): `image` uint8 [1, 3, H, W] RGB and `mask` uint8 [1, 1, H, W] with 255 = keep,
  0 = fill; `result` uint8 [1, 3, H, W] (the row means rounded half to even, as ONNX's Round does).

H x W is 512 x 512 in the fixed graphs (as Carve's lama_fp32.onnx) and free in the dynamic ones (as
migan.onnx). The bad graphs each break one rule the engine checks: names it cannot tell apart, a wrong rank,
a wrong element type, the 4-channel single input of other LaMa exports, a 1-channel output.

Run: /work/venv/bin/python src/test/python/make_learned_models.py (needs onnx and numpy). The output is
deterministic and committed, so the build needs no Python.
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper

from make_tiny_models import G  # the graph builder of the diffusion test models (opset 17, IR 8, checked)

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "learned")
F32, U8, I32 = TensorProto.FLOAT, TensorProto.UINT8, TensorProto.INT32


def save(g, file, inputs, outputs):
    m = g.model(os.path.splitext(file)[0], inputs, outputs, "inpaint-ij learned-fill test")
    os.makedirs(OUT, exist_ok=True)
    onnx.save_model(m, os.path.join(OUT, file))


def named(g, kind, inputs, out, **attrs):
    """A node whose output is a graph output, so it carries the output's name."""
    g.nodes.append(helper.make_node(kind, inputs, [out], **attrs))


def row_mean_fill(g, img, known):
    """img * known + (1 - known) * (row mean of img over known pixels), all float [1, C, H, W]."""
    axes = g.const(np.array([3], np.int64))
    num = g.op("ReduceSum", [g.op("Mul", [img, known]), axes], keepdims=1)
    den = g.op("ReduceSum", [known, axes], keepdims=1)
    mean = g.op("Div", [num, g.op("Max", [den, g.const(np.array(1e-6, np.float32))])])
    hole = g.op("Sub", [g.const(np.array(1, np.float32)), known])
    return g.op("Add", [g.op("Mul", [img, known]), g.op("Mul", [hole, mean])])


def dims(size):
    return [1, 3, size, size] if size else [1, 3, "height", "width"], \
        [1, 1, size, size] if size else [1, 1, "height", "width"]


def lama(file, size):
    g = G()
    known = g.op("Sub", [g.const(np.array(1, np.float32)), "mask"])
    filled = row_mean_fill(g, "image", known)
    named(g, "Mul", [filled, g.const(np.array(255, np.float32))], "output")
    img, msk = dims(size)
    save(g, file, [helper.make_tensor_value_info("image", F32, img), helper.make_tensor_value_info("mask", F32, msk)],
           [helper.make_tensor_value_info("output", F32, img)])


def migan(file, size):
    g = G()
    imgf = g.op("Cast", ["image"], to=F32)
    known = g.op("Div", [g.op("Cast", ["mask"], to=F32), g.const(np.array(255, np.float32))])
    filled = row_mean_fill(g, imgf, known)
    clipped = g.op("Clip", [g.op("Round", [filled]), g.const(np.array(0, np.float32)),
                            g.const(np.array(255, np.float32))])
    named(g, "Cast", [clipped], "result", to=U8)
    img, msk = dims(size)
    save(g, file, [helper.make_tensor_value_info("image", U8, img), helper.make_tensor_value_info("mask", U8, msk)],
           [helper.make_tensor_value_info("result", U8, img)])


def passthrough(file, inputs, output, out_shape, out_type=F32):
    """A graph whose first input, cast to the output's type and shape, is its output: only its I/O matters."""
    g = G()
    x = inputs[0].name
    src = g.op("Cast", [x], to=out_type)
    if len(out_shape) == 4 and out_shape[1] == 1:
        src = g.op("Slice", [src, g.const(np.array([0], np.int64)), g.const(np.array([1], np.int64)),
                             g.const(np.array([1], np.int64))])
    for extra in inputs[1:]:
        # every input must be used, or ONNX Runtime drops it from the session's inputs
        zero = g.op("Mul", [g.op("ReduceSum", [g.op("Cast", [extra.name], to=out_type)], keepdims=1),
                            g.const(np.array(0, np.float32 if out_type == F32 else np.int32))])
        src = g.op("Add", [src, zero])
    named(g, "Identity", [src], output)
    save(g, file, inputs, [helper.make_tensor_value_info(output, out_type, out_shape)])


def main():
    lama("lama-512.onnx", 512)
    lama("lama-dynamic.onnx", None)
    migan("migan-512.onnx", 512)
    migan("migan-dynamic.onnx", None)
    v = helper.make_tensor_value_info
    full, one = [1, 3, 512, 512], [1, 1, 512, 512]
    passthrough("bad-names.onnx", [v("a", F32, full), v("b", F32, full)], "output", full)
    passthrough("bad-rank.onnx", [v("image", F32, [3, 512, 512]), v("mask", F32, [1, 512, 512])], "output",
                [3, 512, 512])
    passthrough("bad-dtype.onnx", [v("image", I32, full), v("mask", I32, one)], "output", full, I32)
    passthrough("bad-four-channels.onnx", [v("input", F32, [1, 4, 512, 512])], "output", [1, 4, 512, 512])
    passthrough("bad-output.onnx", [v("image", F32, full), v("mask", F32, one)], "output", one)


if __name__ == "__main__":
    sys.exit(main())
