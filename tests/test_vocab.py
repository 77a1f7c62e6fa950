"""The shipped vocabulary files are the official ones, documented, and found from anywhere.

Needs only pytest.  The SHA-256 values below are the ones tiktoken pins for the
official OpenAI files (tiktoken_ext/openai_public.py); vocab/README.md must list
the same, and every file in vocab/ must be in that table.
"""
import base64
import hashlib
import json
import os
import re
import subprocess
import sys

import pytest

import tokenizer
from tokenizer import registry

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VOCAB = os.path.join(ROOT, "vocab")

# The official files and the hashes tiktoken checks before using them.
KNOWN = {
    "r50k_base.tiktoken": "306cd27f03c1a714eca7108e03d66b7dc042abe8c258b44c199a7ed9838dd930",
    "p50k_base.tiktoken": "94b5ca7dff4d00767bc256fdd1b27e5b17361d7b8a5f968547f9f23eb70d2069",
    "cl100k_base.tiktoken": "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7",
    "o200k_base.tiktoken": "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d",
    "vocab.bpe": "1ce1664773c50f3e0cc8842619a93edc4624525b728b188a9e0be33b7726adc5",
    "encoder.json": "196139668be63f3b5d6574427317ae82f612a97c5d1cdaf36ed2256dbf636783",
}
NOT_DATA = {"README.md", "__init__.py"}

# n_vocab of each named encoding (tiktoken's values)
N_VOCAB = {"gpt2": 50257, "r50k_base": 50257, "p50k_base": 50281, "p50k_edit": 50284, "cl100k_base": 100277,
           "o200k_base": 200019, "o200k_harmony": 201088}


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def data_files():
    return sorted(f for f in os.listdir(VOCAB) if f not in NOT_DATA and not f.startswith(".")
                  and os.path.isfile(os.path.join(VOCAB, f)))


def readme_table():
    """{file: (tokens column, sha256)} from the table in vocab/README.md."""
    with open(os.path.join(VOCAB, "README.md"), encoding="utf-8") as f:
        text = f.read()
    rows = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 3 and re.fullmatch(r"[0-9a-f]{64}", cells[-1]):
            rows[cells[0]] = (cells[-2], cells[-1])
    return rows


def test_official_files_are_shipped_with_their_known_hashes():
    for name, sha in KNOWN.items():
        assert os.path.exists(os.path.join(VOCAB, name)), f"vocab/{name} is missing"
        assert sha256(os.path.join(VOCAB, name)) == sha, f"vocab/{name} is not the official file"


def test_readme_lists_the_known_hashes():
    table = readme_table()
    for name, sha in KNOWN.items():
        assert name in table, f"vocab/README.md has no row for {name}"
        assert table[name][1] == sha, f"vocab/README.md gives {name} the wrong SHA-256"


@pytest.mark.parametrize("name", data_files())
def test_every_shipped_file_is_in_the_readme_table(name):
    table = readme_table()
    assert name in table, f"vocab/{name} is shipped but vocab/README.md's table does not list it and its SHA-256"
    assert sha256(os.path.join(VOCAB, name)) == table[name][1], f"vocab/{name} does not match vocab/README.md"


def test_readme_token_counts():
    """The table's token counts are what the files hold."""
    table = readme_table()

    def count(cell):
        return int(re.match(r"[\d,]+", cell).group().replace(",", ""))

    for name in KNOWN:
        path = os.path.join(VOCAB, name)
        with open(path, "rb") as f:
            data = f.read()
        if name.endswith(".tiktoken"):
            lines = data.split()
            ranks = {base64.b64decode(t): int(r) for t, r in zip(lines[0::2], lines[1::2])}
            assert len(ranks) == len(lines) // 2, f"{name}: repeated tokens"
            held = len(ranks)
        elif name == "vocab.bpe":
            held = len([ln for ln in data.decode("utf-8").splitlines()[1:] if ln.strip()])
        else:
            held = len(json.loads(data))
        assert count(table[name][0]) == held, f"vocab/README.md: {name} holds {held}, the table says {table[name][0]}"


def test_registry_hashes():
    """The hashes the package checks before loading are the known ones."""
    for name, (table, *_rest) in registry.ENCODINGS.items():
        assert table in registry.TABLES, name
    for table, sha in registry.TABLES.items():  # the compact copies the package loads
        assert sha256(os.path.join(VOCAB, table)) == sha, table  # (test_compact_vocab: each equals its official file)


def test_wheel_ships_what_the_package_reads_and_no_more(tmp_path):
    """The wheel holds the compact tables the registry reads, none of the official files (the
    repository keeps those for provenance and the loader tests), py.typed, and stays small."""
    import zipfile

    import shutil

    src = tmp_path / "src"  # a clean copy: an in-tree build/ folder could hold stale files
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(".git", "build", "dist", "*.egg-info", ".venv*",
                                                            "__pycache__", ".pytest_cache", ".hypothesis"))
    out = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path / "dist"),
                          str(src)], capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-2000:]
    (wheel,) = (tmp_path / "dist").glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    shipped = {n.rsplit("/", 1)[1] for n in names if n.startswith("tokenizer/vocab/")}
    assert shipped == set(registry.TABLES) | {"__init__.py"}
    assert "tokenizer/py.typed" in names
    assert wheel.stat().st_size <= 2_500_000, wheel.stat().st_size


def test_get_encoding_from_any_working_directory(tmp_path):
    """The shipped files are found relative to the package, not the working directory."""
    package_parent = os.path.dirname(os.path.dirname(os.path.abspath(tokenizer.__file__)))
    env = dict(os.environ)
    env["PYTHONPATH"] = package_parent + os.pathsep + env.get("PYTHONPATH", "")
    code = ("import json, tokenizer\n"
            "print(json.dumps({n: [tokenizer.get_encoding(n).n_vocab, tokenizer.get_encoding(n).decode("
            "tokenizer.get_encoding(n).encode('hello world'))] for n in tokenizer.list_encoding_names()}))")
    out = subprocess.run([sys.executable, "-c", code], cwd=str(tmp_path), env=env, capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0, out.stderr
    got = json.loads(out.stdout)
    for name, n in N_VOCAB.items():
        assert got[name] == [n, "hello world"], name
