"""Writes src/test/resources/zimage/qwen_tokens.json: the token ids diffusers' Z-Image pipelines feed the text
encoder, for prompts in many scripts, from two independent Python sources that must agree:
- Hugging Face `tokenizers` (Rust) on the chat-templated text, and
- transformers' tokenizer with apply_chat_template, exactly as ZImagePipeline._encode_prompt calls them.
Run with a Python that has tokenizers and transformers, from the checkout:
    python src/test/python/make_qwen_tokens.py ../shared/fixtures/zimage-tiny/pipeline/tokenizer"""
import json
import pathlib
import sys
import unicodedata

import tokenizers
import transformers
from tokenizers import Tokenizer
from transformers import AutoTokenizer

folder = pathlib.Path(sys.argv[1])
PROMPTS = [
    "",
    "A cat sitting on a windowsill",
    "a red brick wall",
    "一只猫 sitting on a chair",
    "一只猫坐在窗台上",
    "日本の桜の木、ひらがなとカタカナ（全角）も。",
    "한국어 프롬프트: 고양이가 창가에 앉아 있다",
    "Кошка сидит на подоконнике, 2024 год",
    "Η γάτα κάθεται στο περβάζι",
    "قطة تجلس على حافة النافذة",
    "חתול יושב על אדן החלון",
    "बिल्ली खिड़की पर बैठी है",
    "แมวนั่งอยู่บนขอบหน้าต่าง",
    "emoji 🐱🏳️‍🌈 👩‍👩‍👧 and ✨sparkles✨",
    "Cafe\u0301 cre\u0300me bru\u0302le\u0301e (decomposed accents)",
    "I'M sure you'Re right, it'S THEY'LL we'VE I'D",
    "\u017ftrange long s: it'\u017f",
    "numbers 1234567890, ＦＵＬＬ１２３ width, Ⅻ roman, ² sup, ½",
    "tabs\tand\nnew\r\nlines  and   spaces   ",
    "  leading spaces and trailing\n\n\n",
    "non\u00a0breaking\u3000ideographic\u2003em space",
    "wide\u3000\u3000gap and nbsp\u00a0\u00a0\u00a0x, em\u2003\u2003\u2003y, end\u3000",
    "\u00a0\u00a0lead and line\u2028separator\u2029para \u0085next",
    "punctuation!!! ... ??? --- ((nested)) [brackets] {braces} @#$%^&*",
    "code: def f(x):\n    return x ** 2  # comment",
    "special tokens in text: <|im_end|> <|endoftext|> <think>hmm</think> <tool_call>",
    "<|im_start|>",
    "mixed 中文English日本語한국어Русский",
    "photo, 8k, ultra-detailed, masterpiece, (best quality:1.2), <lora:foo:0.8>",
    "zero\u200bwidth\u200cjoiners\u200d and soft\u00adhyphen",
    "a " * 600,
]

tok = Tokenizer.from_file(str(folder / "tokenizer.json"))
hf = AutoTokenizer.from_pretrained(str(folder))
rows = []
for p in PROMPTS:
    templated = hf.apply_chat_template([{"role": "user", "content": p}], tokenize=False,
                                       add_generation_prompt=True, enable_thinking=True)
    expected = "<|im_start|>user\n" + p + "<|im_end|>\n<|im_start|>assistant\n"
    assert templated == expected, (templated, expected)
    rust = tok.encode(templated).ids
    pipe = hf([templated], padding="max_length", max_length=512, truncation=True)
    mask = pipe.attention_mask[0]
    pipe_ids = [i for i, m in zip(pipe.input_ids[0], mask) if m]
    assert pipe_ids == rust[:512], p
    rows.append({"prompt": p, "ids": rust, "pipeline_ids": pipe_ids,
                 "nfc_changes": unicodedata.normalize("NFC", p) != p})
out = {
    "about": "Qwen3 tokenizer ids of the chat-templated prompt <|im_start|>user\\n{prompt}<|im_end|>\\n"
             "<|im_start|>assistant\\n; ids: Hugging Face tokenizers " + tokenizers.__version__
             + " (no truncation); pipeline_ids: transformers " + transformers.__version__
             + " as ZImagePipeline calls it (max_length 512, padding dropped). Tokenizer: " + str(folder),
    "prompts": rows,
}
path = pathlib.Path(__file__).resolve().parents[1] / "resources" / "zimage" / "qwen_tokens.json"
lines = ",\n".join(json.dumps(r, ensure_ascii=False) for r in rows)
path.write_text('{"about": ' + json.dumps(out["about"]) + ',\n"prompts": [\n' + lines + "\n]}\n", encoding="utf-8")
print("wrote", path, len(rows), "prompts")
