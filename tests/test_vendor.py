"""The vendored single file: built once per module, copied ALONE into an empty folder and
run with `python -I -S` (no site-packages, no environment) on every Python 3.9+ found
here, with ids compared to the package's.  Also the example Lambda handler, driven with
events the way Lambda's runtime would.

Texts are the interpreter's own help topics (pydoc_data.topics) and strings made here.
"""
import glob
import json
import os
import random
import re
import shutil
import subprocess
import sys
import zipfile

import pytest

import tokenizer
from tokenizer import vendor

HERE = os.path.dirname(os.path.abspath(__file__))
ALL = tokenizer.list_encoding_names()


def _version(exe):
    out = subprocess.run([exe, "-I", "-S", "-c", "import sys; print('%d.%d.%d' % sys.version_info[:3])"],
                         capture_output=True, text=True, timeout=60).stdout.strip()
    return tuple(map(int, out.split("."))) if out else None


def _pythons(lo, hi=(99,)):
    """{version string: executable}: sys.executable and pyenv's Pythons in [lo, hi)."""
    root = os.environ.get("PYENV_ROOT") or os.path.expanduser("~/.pyenv")
    found, seen = {}, set()
    for exe in [sys.executable] + sorted(glob.glob(os.path.join(root, "versions", "*", "bin", "python3"))):
        real = os.path.realpath(exe)
        if real in seen or not os.access(exe, os.X_OK):
            continue
        seen.add(real)
        v = _version(exe)
        if v and lo <= v < hi:
            found.setdefault(".".join(map(str, v)), exe)
    return found


PYTHONS = _pythons((3, 9))
OLD_PYTHONS = _pythons((3, 0), (3, 9))


def texts():
    """Help topics (capped), and made-up text: scripts, whitespace runs, CRLF, digits, emoji."""
    from pydoc_data.topics import topics
    keys = random.Random(3).sample(sorted(topics), 8)
    rng = random.Random(4)
    pieces = ["hello", " world", "\r\n", "\n\n\n", "   ", "\t", "1234567", "caf\u00e9",
              "\u0645\u0631\u062d\u0628\u0627", "\u4f60\u597d\u4e16\u754c", "\ud55c\uad6d\uc5b4",
              "\u0928\u092e\u0938\u094d\u0924\u0947", "\U0001F600",
              "\U0001F44D\U0001F3FD", "\U00020000", "\u00a0", "'s", "'LL", "don't", "x/y", "<|endoftext|>", "\u0301"]
    made = ["".join(rng.choice(pieces) for _ in range(300)) for _ in range(4)]
    return [topics[k][:6000] for k in keys] + made + ["", " ", "\n", "a" * 3000, " " * 3000]


# Run inside the child: the vendored module, its folder given, texts on stdin.
CHILD = r"""
import json, pickle, sys
sys.path.insert(0, sys.argv[1])
import vendored as v
req = json.loads(sys.stdin.read())
out = {"isolated": sys.flags.isolated, "no_site": sys.flags.no_site, "names": v.list_encoding_names(),
       "file": v.__file__, "version": v.__version__,
       "package_loaded": sorted(m for m in sys.modules if m == "tokenizer" or m.startswith("tokenizer.")),
       "site_paths": [p for p in sys.path if "site-packages" in p]}
for name in req["names"]:
    enc = v.get_encoding(name)
    ids = [enc.encode_ordinary(t) for t in req["texts"]]
    out[name] = {"ids": ids, "special": enc.encode(req["special"][name], allowed_special="all"),
                 "round_trip": all(enc.decode(i) == t for i, t in zip(ids, req["texts"])),
                 "n_vocab": enc.n_vocab, "cached": v.get_encoding(name) is enc,
                 "pickled": pickle.loads(pickle.dumps(enc)) is enc}
try:
    v.get_encoding("nope")
except ValueError as e:
    out["unknown"] = str(e)
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def vendored(tmp_path_factory):
    """Every encoding in one vendored file, built once for this module."""
    path = str(tmp_path_factory.mktemp("build") / "vendored.py")
    vendor.write(ALL, path)
    return path


@pytest.fixture(scope="module")
def expected():
    ts = texts()
    special = "a<|endoftext|>b" + "".join(sorted(tokenizer.get_encoding("o200k_harmony").special_tokens_set)[:3])
    want = {}
    for name in ALL:
        enc = tokenizer.get_encoding(name)
        sp = "".join(t for t in re.findall(r"<\|[a-z_0-9]+\|>", special) if t in enc.special_tokens_set) or "x"
        want[name] = {"ids": [enc.encode_ordinary(t) for t in ts], "special_text": sp,
                      "special": enc.encode(sp, allowed_special="all"), "n_vocab": enc.n_vocab}
    return ts, want


def _alone(vendored, folder):
    os.makedirs(folder)
    shutil.copy(vendored, folder)
    assert os.listdir(folder) == ["vendored.py"]
    return str(folder)


@pytest.mark.parametrize("version", sorted(PYTHONS))
def test_vendored_file_alone_under_isolated_python(version, vendored, expected, tmp_path):
    ts, want = expected
    folder = _alone(vendored, tmp_path / "empty")
    req = {"names": ALL, "texts": ts, "special": {name: want[name]["special_text"] for name in ALL}}
    p = subprocess.run([PYTHONS[version], "-I", "-S", "-c", CHILD, folder], input=json.dumps(req),
                       capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr[-2000:]
    got = json.loads(p.stdout)
    assert got["isolated"] and got["no_site"] and got["site_paths"] == [] and got["package_loaded"] == []
    assert got["names"] == ALL and got["version"] == tokenizer.__version__
    assert os.path.dirname(got["file"]) == folder
    assert "the encodings are: gpt2, r50k_base" in got["unknown"]
    for name in ALL:  # the same texts, compared id for id
        g = got[name]
        for text, a, b in zip(ts, g["ids"], want[name]["ids"]):
            assert a == b, (version, name, text[:80])
        assert g["special"] == want[name]["special"] and g["n_vocab"] == want[name]["n_vocab"]
        assert g["round_trip"] and g["cached"] and g["pickled"]


@pytest.mark.parametrize("version", sorted(OLD_PYTHONS))
def test_python_before_3_9_is_refused_clearly(version, vendored, tmp_path):
    folder = _alone(vendored, tmp_path / "empty")
    p = subprocess.run([OLD_PYTHONS[version], "-I", "-S", "-c", f"import sys; sys.path.insert(0, {folder!r}); "
                        "import vendored"], capture_output=True, text=True, timeout=120)
    assert p.returncode != 0
    assert "needs Python 3.9 or later" in p.stderr or "SyntaxError" in p.stderr, p.stderr[-500:]


def test_header_says_what_it_is(vendored):
    with open(vendored, encoding="utf-8") as f:
        head = f.read(3000)
    assert head.startswith('"""vendored: byte-level BPE encodings (gpt2, r50k_base')
    assert f"bpe-tokenizer-stdlib {tokenizer.__version__}" in head
    assert "tokenizer vendor -e gpt2 -e r50k_base" in head and "-o vendored.py" in head
    assert "SHA-256" in head and "do not edit" in head


def test_built_from_the_current_engine_source(vendored):
    # No copy of the engine lives in the vendor tool: each def/class line of every live
    # engine module appears, in pipeline order, and no relative import is left.
    src = os.path.dirname(tokenizer.__file__)
    with open(vendored, encoding="utf-8") as f:
        text = f.read()
    at = 0
    for module in vendor.ENGINE:
        with open(os.path.join(src, module), encoding="utf-8") as f:
            defs = re.findall(r"^(?:def|class) .*$", f.read(), re.M)
        if module != "_unicode.py":
            assert defs, module
        for d in defs:
            assert d in text, (module, d)
        at = text.index(f"# tokenizer/{module}\n", at)
    assert not re.search(r"^\s*from \.", text, re.M)
    assert re.search(r"^UNICODE_VERSION = ", text, re.M) and re.search(r"^CASE_ORBITS = ", text, re.M)


def test_build_is_deterministic_and_tables_are_stored_once():
    a, b = vendor.build(["gpt2", "r50k_base"]), vendor.build(["gpt2", "r50k_base"])
    assert a == b
    assert len(re.findall(r"^_V_TABLES\[", a, re.M)) == 1  # gpt2 and r50k share one rank table


def _load(text, tmp_path, name="damaged", encoding="cl100k_base"):
    path = tmp_path / f"{name}.py"
    path.write_text(text, encoding="utf-8")
    code = (f"import sys; sys.path.insert(0, {str(tmp_path)!r}); import {name}; "
            f"print({name}.get_encoding({encoding!r}).encode_ordinary(' Conveyor'))")
    return subprocess.run([sys.executable, "-I", "-S", "-c", code], capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def cl100k_text():
    return vendor.build(["cl100k_base"], "damaged")


def test_undamaged_file_loads(cl100k_text, tmp_path):
    p = _load(cl100k_text, tmp_path)
    assert p.returncode == 0 and json.loads(p.stdout) == tokenizer.get_encoding("cl100k_base").encode(" Conveyor")


def test_damaged_table_is_refused(cl100k_text, tmp_path):
    sha = tokenizer.registry.TABLES["cl100k_base.ranks"]
    p = _load(cl100k_text.replace(f'"cl100k_base.ranks": "{sha}"', f'"cl100k_base.ranks": "{"0" * 64}"'), tmp_path)
    assert p.returncode == 1 and "is damaged" in p.stderr, p.stderr[-500:]
    start = re.search(r'^_V_TABLES\[.*"""\n', cl100k_text, re.M).end()
    bent = cl100k_text[:start + 100] + ("A" if cl100k_text[start + 100] != "A" else "B") + cl100k_text[start + 101:]
    p = _load(bent, tmp_path, "bent")
    assert p.returncode == 1 and "is damaged" in p.stderr, p.stderr[-500:]


@pytest.mark.parametrize("edit", [
    ("{ENDOFTEXT: 100257,", "{ENDOFTEXT: 100256,"),         # a special token's id
    ("\\p{N}{1,3}+", "\\p{N}{1,4}+"),                       # the split pattern
    ('"cl100k_base": ("cl100k_base.ranks", CL100K_PATTERN', '"cl100k_base": ("p50k_base.ranks", CL100K_PATTERN'),
])
def test_edits_to_what_decides_ids_are_refused(cl100k_text, tmp_path, edit):
    """Everything that decides ids is covered by a hash: the tables (their token counts
    are inside them) and each encoding's definition (pattern, special tokens, table)."""
    assert cl100k_text.count(edit[0]) == 1, edit[0]
    p = _load(cl100k_text.replace(edit[0], edit[1]), tmp_path)
    assert p.returncode == 1 and "damaged" in p.stderr, p.stderr[-500:]


def test_vendor_refuses_bad_requests(tmp_path):
    with pytest.raises(vendor.VendorError, match="unknown encoding 'nope'"):
        vendor.build(["nope"])
    with pytest.raises(vendor.VendorError, match="at least one encoding"):
        vendor.build([])
    with pytest.raises(vendor.VendorError, match="named like a Python module"):
        vendor.write(["gpt2"], str(tmp_path / "my-tokenizer.py"))
    assert not os.listdir(tmp_path)


def test_vendor_refuses_an_engine_it_cannot_inline(monkeypatch):
    real = vendor._package_source

    def with_line(module, line):
        def source(filename):
            text = real(filename)
            return text + "\n" + line + "\n" if filename == module else text
        return source

    monkeypatch.setattr(vendor, "_package_source", with_line("split.py", "from .bpe import merge_short"))
    with pytest.raises(vendor.VendorError, match="split.py line .*merge_short cannot be inlined"):
        vendor.engine_source()
    monkeypatch.setattr(vendor, "_package_source", with_line("bpe.py", "CHUNK_SPLIT = None"))
    with pytest.raises(vendor.VendorError, match="bpe.py defines CHUNK_SPLIT, which an earlier engine module"):
        vendor.engine_source()
    monkeypatch.setattr(vendor, "_package_source", with_line("bpe.py", "def f():\n    from .load import x"))
    with pytest.raises(vendor.VendorError, match="an import of the package inside a function"):
        vendor.engine_source()


# ---------------------------------------------------------------------------
# The Lambda example: build.py's zip, unpacked into a task folder, handler driven like Lambda.

LAMBDA_RUNTIME = r"""
import json, sys
sys.path.insert(0, sys.argv[1])      # Lambda puts /var/task on sys.path, then imports the handler
import handler

class Context:
    function_name, memory_limit_in_mb, aws_request_id = "tokens", 128, "test-request"
    def get_remaining_time_in_millis(self):
        return 3000

results = []
for event in json.loads(sys.stdin.read()):
    try:
        results.append({"result": handler.handler(event, Context())})
    except Exception as e:           # what Lambda reports to the caller
        results.append({"errorType": type(e).__name__, "errorMessage": str(e)})
print(json.dumps(results))
"""


@pytest.fixture(scope="module")
def lambda_zip(tmp_path_factory):
    sys.path.insert(0, os.path.join(HERE, "lambda_example"))
    try:
        import build
    finally:
        sys.path.pop(0)
    return build.build(str(tmp_path_factory.mktemp("lambda")), ["o200k_base"])


@pytest.mark.parametrize("version", sorted(PYTHONS))
def test_lambda_handler(version, lambda_zip, tmp_path):
    with zipfile.ZipFile(lambda_zip) as z:
        assert sorted(z.namelist()) == ["bpe_tokenizer.py", "handler.py"]
        z.extractall(tmp_path / "task")
    assert os.path.getsize(lambda_zip) < 1_500_000  # ~1.06 MB: far below Lambda's 50 MB zip limit
    from pydoc_data.topics import topics
    text = topics[sorted(topics)[0]]
    enc = tokenizer.get_encoding("o200k_base")
    body = json.dumps({"text": text, "ids": True})
    events = [
        {"text": "hello world"},
        {"text": text, "ids": True},
        {"text": "a <|endoftext|>", "allow_special": True, "ids": True},
        {"body": body, "isBase64Encoded": False, "requestContext": {"http": {"method": "POST"}}},
        {"body": __import__("base64").b64encode(body.encode()).decode(), "isBase64Encoded": True},
        {"body": "{not json", "isBase64Encoded": False},
        {"body": json.dumps({"text": 5})},
        {"body": json.dumps({"text": "x", "encoding": "cl100k_base"})},
        {"ids": True},
    ]
    p = subprocess.run([PYTHONS[version], "-I", "-S", "-c", LAMBDA_RUNTIME, str(tmp_path / "task")],
                       input=json.dumps(events), capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr[-2000:]
    r = json.loads(p.stdout)
    assert r[0] == {"result": {"encoding": "o200k_base", "count": 2}}
    assert r[1]["result"]["ids"] == enc.encode_ordinary(text) and r[1]["result"]["count"] == len(r[1]["result"]["ids"])
    assert r[2]["result"]["ids"] == [64, 220, 199999]
    for i in (3, 4):
        http = r[i]["result"]
        assert http["statusCode"] == 200 and http["headers"]["content-type"] == "application/json"
        assert json.loads(http["body"]) == r[1]["result"]
    assert r[5]["result"]["statusCode"] == 400 and "not JSON" in json.loads(r[5]["result"]["body"])["error"]
    assert json.loads(r[6]["result"]["body"]) == {"error": 'the request needs "text": a string'}
    assert "unknown encoding 'cl100k_base'; this function has o200k_base" in r[7]["result"]["body"]
    assert r[8] == {"errorType": "ValueError", "errorMessage": 'the request needs "text": a string'}
