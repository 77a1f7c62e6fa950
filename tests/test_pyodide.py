"""The vendored module runs in Pyodide (CPython compiled to WebAssembly, under Node), with
the package's ids.  Needs `node` and `npm`: Pyodide's npm package (0.27, Python 3.12) is
installed once into $TOKENIZER_DATA/pyodide (default ~/.cache/tokenizer-data); the test
skips, saying why, where either is missing or the registry cannot be reached."""
import json
import os
import shutil
import subprocess

import pytest

import tokenizer
from tokenizer import vendor

HERE = os.path.dirname(os.path.abspath(__file__))
TEXTS = ["hello world", "caf\u00e9 \U0001F600 It's\n\n  x", "\u4f60\u597d\u4e16\u754c 1234567", "<|endoftext|>"]


def _pyodide_dir():
    if not (shutil.which("node") and shutil.which("npm")):
        pytest.skip("node and npm are needed to run Pyodide")
    data = os.environ.get("TOKENIZER_DATA") or os.path.join(os.path.expanduser("~"), ".cache", "tokenizer-data")
    folder = os.path.join(data, "pyodide")
    if not os.path.exists(os.path.join(folder, "node_modules", "pyodide", "pyodide.mjs")):
        os.makedirs(folder, exist_ok=True)
        p = subprocess.run(["npm", "install", "--prefix", folder, "pyodide@0.27"], capture_output=True, text=True,
                           timeout=600)
        if p.returncode != 0:
            pytest.skip(f"npm could not install pyodide: {p.stderr.strip()[-300:]}")
    return folder


def test_vendored_module_in_pyodide(tmp_path):
    folder = _pyodide_dir()
    module = tmp_path / "bpe_tokenizer.py"
    vendor.write(["cl100k_base", "o200k_base"], str(module))
    texts = tmp_path / "texts.json"
    texts.write_text(json.dumps(TEXTS), encoding="utf-8")
    script = os.path.join(folder, "run.mjs")  # (beside node_modules, so that `import "pyodide"` finds it)
    shutil.copy(os.path.join(HERE, "tools", "pyodide_run.mjs"), script)
    p = subprocess.run(["node", script, str(module), str(texts)], capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, p.stderr[-2000:]
    got = json.loads(p.stdout.strip().splitlines()[-1])
    assert got["platform"] == "emscripten"
    assert got["ids"] == {n: [tokenizer.get_encoding(n).encode_ordinary(t) for t in TEXTS]
                          for n in ("cl100k_base", "o200k_base")}
