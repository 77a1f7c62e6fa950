"""The package works on every Python interpreter on this machine, each in a child process
under a time limit, with the same ids as this process (whose ids the fixture, conformance
and fuzz tests hold to tiktoken's).

Debian 12's /usr/bin/python3.11 is CPython 3.11.2, whose `re` loops forever on a possessive
repeat of a group holding a lookbehind (fixed in 3.11.5): there every encode hung until the
pattern emitter chose its constructs by probing the running `re`.  A hang fails here by
name after the time limit instead of stopping the run.
"""
import glob
import json
import os
import subprocess
import sys

import pytest

import tokenizer

SRC = os.path.dirname(os.path.dirname(os.path.abspath(tokenizer.__file__)))
TEXTS = ["hello", "hello world", "It's 2024: don't WE'LL\n\n  \t x\r\n  1234567 caf\u00e9 \u4f60\u597d "
         "\U0001F600\U0001F44D\U0001F3FD \u00a0\u2003y    \n\n\n"]


def interpreters():
    """Every CPython 3.9+ here: this one, the system's, and pyenv's (by real path, once each)."""
    root = os.environ.get("PYENV_ROOT") or os.path.expanduser("~/.pyenv")
    found = {}
    for exe in [sys.executable, *sorted(glob.glob("/usr/bin/python3.[0-9]*")),
                *sorted(glob.glob(os.path.join(root, "versions", "*", "bin", "python3")))]:
        if os.path.basename(exe).endswith("-config") or not os.access(exe, os.X_OK):
            continue
        found.setdefault(os.path.realpath(exe), exe)
    new_enough = "import sys; sys.exit(sys.version_info < (3, 9))"
    return sorted(exe for exe in found.values() if subprocess.run([exe, "-S", "-c", new_enough]).returncode == 0)


_CHILD = """
import json, sys
sys.path.insert(0, sys.argv[1])
import tokenizer
out = {}
for name in tokenizer.list_encoding_names():
    enc = tokenizer.get_encoding(name)
    out[name] = [[enc.encode(text), enc.decode(enc.encode(text)) == text] for text in sys.argv[2:]]
print(json.dumps(out))
"""


@pytest.mark.parametrize("exe", interpreters())
def test_every_interpreter_encodes_like_this_one(exe):
    try:
        p = subprocess.run([exe, "-S", "-c", _CHILD, SRC, *TEXTS], capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{exe}: encoding did not finish in 60 s (a regex that never returns?)")
    assert p.returncode == 0, f"{exe}: {p.stderr[-2000:]}"
    got = json.loads(p.stdout)
    want = {n: [[tokenizer.get_encoding(n).encode(t), True] for t in TEXTS] for n in tokenizer.list_encoding_names()}
    assert got == want, exe
