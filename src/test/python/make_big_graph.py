#!/usr/bin/python3
"""Writes a UNet-shaped ONNX graph of about 1.7 GB with its weights inline (as the fp16 single-file exports of
SD 2 inpainting and SD-Turbo are), for org.inpaintij.bench.diffusion.GraphReadBench: sample [B, C, h, w] with a
free channel axis, a first convolution taking 9 channels, then a MatMul against one large float16 weight.

Run: /work/venv/bin/python src/test/python/make_big_graph.py OUT.onnx [MEGABYTES]  (needs onnx and numpy; about
twice the file's size in memory while it writes). The graph is not meant to run, only to be read.
"""
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def main():
    out = sys.argv[1]
    mb = int(sys.argv[2]) if len(sys.argv) > 2 else 1700
    conv_w = numpy_helper.from_array(np.zeros((320, 9, 3, 3), np.float16), "conv_in.weight")
    big = numpy_helper.from_array(np.zeros((mb * (1 << 20) // 2 // 1024, 1024), np.float16), "mid.weight")
    nodes = [helper.make_node("Conv", ["sample", "conv_in.weight"], ["h"], kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
             helper.make_node("MatMul", ["h", "mid.weight"], ["out_sample"])]
    graph = helper.make_graph(nodes, "unet",
                              [helper.make_tensor_value_info("sample", TensorProto.FLOAT16,
                                                             ["batch", "channels", "height", "width"])],
                              [helper.make_tensor_value_info("out_sample", TensorProto.FLOAT16, None)],
                              [conv_w, big])
    model = helper.make_model(graph, producer_name="inpaint-ij big graph",
                              opset_imports=[helper.make_opsetid("", 17)])
    with open(out, "wb") as f:
        f.write(model.SerializeToString())


if __name__ == "__main__":
    sys.exit(main())
