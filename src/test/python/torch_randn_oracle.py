#!/usr/bin/env python3
"""Writes torch's own draws for TorchGenerator's wider check (org.inpaintij.diffusion.TorchGeneratorOracle).

Beyond the fixture reference/torch_randn.json: 200 seeds, each one generator drawing tensors of 3, 16, 17,
100, 4096, 5000, 1 and 15 elements in that order (both normal paths, tails, the kept spare normal).

Run: /work/venv/bin/python src/test/python/torch_randn_oracle.py target/torch-randn-oracle.bin
then: mvn -q -o test-compile && java -cp target/classes:target/test-classes \
      org.inpaintij.diffusion.TorchGeneratorOracle target/torch-randn-oracle.bin
File: little-endian; per seed: int64 seed, int32 calls; per call: int32 n, then n float32.
"""
import struct
import sys

import torch

SIZES = (3, 16, 17, 100, 4096, 5000, 1, 15)


def main(path):
    with open(path, "wb") as out:
        for k in range(200):
            seed = k * 7919 + 13
            g = torch.Generator().manual_seed(seed)
            out.write(struct.pack("<qi", seed, len(SIZES)))
            for n in SIZES:
                t = torch.randn(n, generator=g, dtype=torch.float32)
                out.write(struct.pack("<i", n))
                out.write(t.numpy().astype("<f4").tobytes())
    print(f"torch {torch.__version__}, CPU capability {torch.backends.cpu.get_cpu_capability()}: wrote {path}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
