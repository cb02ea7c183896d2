"""Makes src/test/resources/models/zimage-tiny: tools/export-zimage's output for the shared tiny Z-Image pipeline,
which CI runs without torch. Two changes keep it small in git, and neither changes any number a test sees:
- tokenizer/tokenizer.json (11 MB) is left out; the tests link the shared fixture's copy in (ZImageModels);
- in the text encoder's token embedding table only the rows of the tokens the tests use are kept, every other row is
  set to 0 (the graph is otherwise byte for byte the exporter's; zeros compress to almost nothing in git).
Run from the checkout with a Python that has the exporter's packages (torch, transformers, diffusers, onnx):
    python src/test/python/make_zimage_fixture.py ../shared/fixtures/zimage-tiny/pipeline"""
import pathlib
import shutil
import subprocess
import sys
import tempfile

import numpy as np
import onnx
from onnx import numpy_helper
from tokenizers import Tokenizer

# every prompt and negative prompt the Java tests feed this model
PROMPTS = ["", "a red brick wall", "\u4e00\u53ea\u732b sitting on a chair", "a wooden bench"]

root = pathlib.Path(__file__).resolve().parents[3]
pipeline = pathlib.Path(sys.argv[1]).resolve()
dest = root / "src" / "test" / "resources" / "models" / "zimage-tiny"
with tempfile.TemporaryDirectory() as tmp:
    out = pathlib.Path(tmp) / "zimage-tiny"
    subprocess.run([sys.executable, str(root / "tools" / "export-zimage"), str(pipeline), str(out), "--check"],
                   check=True)
    tok = Tokenizer.from_file(str(out / "tokenizer" / "tokenizer.json"))
    keep = set()
    for p in PROMPTS:
        keep.update(tok.encode("<|im_start|>user\n" + p + "<|im_end|>\n<|im_start|>assistant\n").ids)
    model = onnx.load(str(out / "text_encoder" / "model.onnx"))
    table = [t for t in model.graph.initializer if t.name.endswith("embed_tokens.weight")]
    assert len(table) == 1, [t.name for t in model.graph.initializer]
    weights = numpy_helper.to_array(table[0]).copy()
    mask = np.zeros(weights.shape[0], dtype=bool)
    mask[sorted(keep)] = True
    weights[~mask] = 0
    table[0].CopyFrom(numpy_helper.from_array(weights, table[0].name))
    onnx.save(model, str(out / "text_encoder" / "model.onnx"))
    (out / "tokenizer" / "tokenizer.json").unlink()
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(out, dest)
print(f"wrote {dest}: {len(keep)} token rows kept")
