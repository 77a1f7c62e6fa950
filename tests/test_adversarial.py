"""Adversarial inputs give tiktoken's ids, and no translated pattern backtracks
catastrophically.

The cases (benchmarks/adversarial.py, which also times them against tiktoken) are
long runs that make a pattern branch scan far and give back, single pieces of up to
1 MB, and floods of tiny pieces.  cl100k_base and o200k_base get them at full size
(300,000 characters; the letter run at 1 MB); the other encodings, whose patterns
and vocabularies these two cover or share, at 30,000.

Speed is measured in the benchmark, not asserted here.  What this file can prove
honestly about backtracking: test_no_catastrophic_backtracking splits every case at
1,000,000 characters with each distinct pattern in a child process with a time
limit.  Linear splitting takes well under a second per case; a quadratic one would
need ~10^12 steps, hours, and is reported as a failure naming the case instead of
hanging the run.
"""
import importlib.util
import json
import os
import subprocess
import sys

import pytest

pytest.importorskip("tiktoken")

import reference  # noqa: E402
import tokenizer  # noqa: E402

BENCHMARKS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "benchmarks")


def _load_cases():
    """The cases of benchmarks/adversarial.py, loaded by path (benchmarks/ stays off sys.path)."""
    spec = importlib.util.spec_from_file_location("_adversarial_cases", os.path.join(BENCHMARKS, "adversarial.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.CASES


CASES = _load_cases()

FULL = {"cl100k_base": 300_000, "o200k_base": 300_000}
SMALL = 30_000


def _params():
    out = []
    for name in reference.NAMES:
        for case in CASES:
            out.append(pytest.param(name, case, id=f"{name}-{case}"))
    return out


@pytest.mark.parametrize("name,case", _params())
def test_adversarial_ids_match_tiktoken(name, case):
    ours, ref = tokenizer.get_encoding(name), reference.encoding(name)
    text = CASES[case][0](FULL.get(name, SMALL))
    ours.clear_cache()  # BPE really runs on these pieces
    if "special" in case:
        assert ours.encode(text, allowed_special="all") == ref.encode(text, allowed_special="all")
        assert ours.encode(text, disallowed_special=()) == ref.encode(text, disallowed_special=())
        return
    expected = ref.encode_ordinary(text)
    assert ours.encode_ordinary(text) == expected
    assert ours.decode(expected) == ref.decode(expected)


def test_disallowed_special_search_on_look_alikes():
    """o200k_harmony has 1,091 special tokens: the default check searches for all of
    them, at every '<|' of 300,000 characters of near misses."""
    ours, ref = tokenizer.get_encoding("o200k_harmony"), reference.encoding("o200k_harmony")
    for text in ("<|" * 150_000, "<|reserved_2000" * 20_000, "<|endoftext|" * 25_000 + "<|endoftext|>"):
        try:
            expected = ref.encode(text)
        except ValueError:
            expected = ValueError
        if expected is ValueError:
            with pytest.raises(ValueError):
                ours.encode(text)
        else:
            assert ours.encode(text) == expected


_SPLIT_SCRIPT = r"""
import json, sys, time
sys.path.insert(0, sys.argv[1])
import tokenizer
from adversarial import CASES
N = int(sys.argv[2])
for name in ("r50k_base", "cl100k_base", "o200k_base"):  # the three distinct patterns
    enc = tokenizer.get_encoding(name)
    splitter = getattr(enc, "_splitter", None)
    split = getattr(splitter, "split", None)
    for case, (make, _) in CASES.items():
        if "special" in case:
            continue
        text = make(N)
        print(json.dumps({"start": [name, case]}), flush=True)
        t = time.perf_counter()
        if split is not None:
            pieces = split(text)
            ok = "".join(pieces) == text
        else:  # no splitter to call: time the whole encode instead
            ok = enc.decode(enc.encode_ordinary(text)) == text or "\ud800" in text
        print(json.dumps({"done": [name, case], "s": time.perf_counter() - t, "ok": ok}), flush=True)
"""


def test_no_catastrophic_backtracking():
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    limit = 240  # seconds, for all cases on three patterns; linear takes ~10
    try:
        out = subprocess.run([sys.executable, "-c", _SPLIT_SCRIPT, BENCHMARKS, str(1_000_000)], env=env,
                             capture_output=True, text=True, timeout=limit)
    except subprocess.TimeoutExpired as e:
        lines = (e.stdout.decode() if isinstance(e.stdout, bytes) else e.stdout or "").splitlines()
        last = json.loads(lines[-1]) if lines else {}
        pytest.fail(f"splitting did not finish in {limit} s; still running: {last.get('start')}")
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in out.stdout.splitlines() if '"done"' in line]
    assert rows and all(r["ok"] for r in rows), [r for r in rows if not r["ok"]]
    slow = sorted(rows, key=lambda r: -r["s"])[:3]
    print("slowest splits at 1M characters:", ", ".join(f"{r['done']}: {r['s']:.2f} s" for r in slow))
