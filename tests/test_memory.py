"""Bounded memory: the piece cache stops growing, and so does the process.

Every Encoding keeps a piece cache (piece -> ids; `enc._cache`, a dict subclass): a
miss runs BPE and stores the result, and the cache is cleared when it reaches
`limit` entries (core.CACHE_LIMIT) or, since the long-piece test below first failed,
`max_chars` characters of keys (core.CACHE_CHARS).  The tests read both from the
live cache and derive what they allow:

    entries it can hold = min(limit, max_chars / mean key length)
    cache bytes         = entries * bytes per entry   (measured with tracemalloc on the
                                                        same kind of text)
    RSS allowance       = 2 * cache bytes + 8 MB      (dict growth, allocator slack,
                                                        interpreter noise)

and require the bound itself to be small for any text: cache bytes <= 32 MB.
Measured on CPython 3.11 with the bound at 32,768 entries and 1M characters:
words ~200 B an entry, 6.5 MB full; 4 KB pieces ~37 KB an entry, 256 of them, 9 MB.

The RSS tests run in a fresh interpreter, so the baseline is clean.  Each first
encodes one chunk of the same kind of text (so the peak already holds what one
encode() call needs for a chunk: the list of pieces, the list of ids), then encodes
the rest chunk by chunk, recording the cache's entries and key characters after
every chunk, and peak RSS (ru_maxrss) and current RSS (/proc/self/statm, on Linux)
at the end.

TOKENIZER_MEMORY_MB sets how much text the word test encodes (default 20).
"""
import gc
import json
import os
import re
import subprocess
import sys
import textwrap
import types

import pytest

import tokenizer
from tokenizer import core

resource = pytest.importorskip("resource")  # POSIX only

TEXT_MB = float(os.environ.get("TOKENIZER_MEMORY_MB", "20"))
SLACK_FACTOR, NOISE_MB = 2.0, 8.0
MAX_CACHE_MB = 32.0  # what a full cache may hold, whatever the text

_SCRIPT = r'''
import gc, json, os, random, resource, sys, time, tracemalloc
import tokenizer

MB = 1 << 20
KIND, NAME, TOTAL_MB = sys.argv[1], sys.argv[2], float(sys.argv[3])
LETTERS = b"abcdefghijklmnopqrstuvwxyz"
rng = random.Random(20240601)
counter = [0]

PAIRS = [bytes((a, b)) for a in LETTERS for b in LETTERS]
TRIPLES = [p + bytes((c,)) for p in PAIRS for c in LETTERS]

def words_chunk(size):
    """Never-repeating words: 3 random letters, then a counter written in 5 letters
    (base 26), so no word repeats in the 11.8 million the counter allows."""
    n = size // 9
    rand = rng.randbytes(3 * n).translate(bytes(LETTERS[i % 26] for i in range(256)))
    start, counter[0] = counter[0], counter[0] + n
    assert counter[0] < 26 ** 5
    return b" ".join(rand[3 * k:3 * k + 3] + TRIPLES[i // 676] + PAIRS[i % 676]
                     for k, i in enumerate(range(start, start + n))).decode()

CONTROL = bytes([*range(1, 9), *range(14, 28)])  # not White_Space, not letters or digits

def long_pieces_chunk(size, piece=4096):
    """Runs of 4,096 random control characters: each run is one piece, never repeated,
    and (no pair of these bytes being a token) one id per byte."""
    raw = rng.randbytes(size).translate(bytes(CONTROL[i % len(CONTROL)] for i in range(256)))
    return b" ".join(raw[i:i + piece] for i in range(0, len(raw), piece)).decode()

def peak_mb():
    r = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return r / MB if sys.platform == "darwin" else r / 1024

def current_mb():
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / MB
    except OSError:
        return None

chunk = words_chunk if KIND == "words" else long_pieces_chunk
enc = tokenizer.get_encoding(NAME)
limit = enc._cache.limit

max_chars = getattr(enc._cache, "max_chars", None)

# the cost of one cache entry for this kind of text (a sample well inside the bound)
enc._cache.clear()
gc.collect()
sample = chunk(9 * 5000 if KIND == "words" else 64 * 4097)
tracemalloc.start()
before = tracemalloc.get_traced_memory()[0]
enc.encode_ordinary(sample)
entries = len(enc._cache)
entry_bytes = (tracemalloc.get_traced_memory()[0] - before) / entries
key_chars = sum(map(len, enc._cache)) / entries
tracemalloc.stop()
del sample
enc._cache.clear()

enc.encode_ordinary(chunk(MB))  # warm-up: one chunk's own working memory is in the baseline
gc.collect()
peak0, cur0 = peak_mb(), current_mb()
sizes, done, t0 = [], MB, time.process_time()
while done < TOTAL_MB * MB:
    text = chunk(MB)
    enc.encode_ordinary(text)
    done += len(text)
    sizes.append([len(enc._cache), sum(map(len, enc._cache))])
gc.collect()
cur1 = current_mb()
print(json.dumps({
    "limit": limit, "max_chars": max_chars, "entry_bytes": entry_bytes, "key_chars": key_chars,
    "entries_sampled": entries, "mb": done / MB,
    "cache_sizes": sizes, "peak_growth_mb": peak_mb() - peak0,
    "current_growth_mb": None if cur0 is None else cur1 - cur0, "cpu_s": time.process_time() - t0,
}))
'''


def _run(kind, name, total_mb, timeout=900):
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    out = subprocess.run([sys.executable, "-c", _SCRIPT, kind, name, str(total_mb)], env=env,
                         capture_output=True, text=True, timeout=timeout)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def _cache_mb(r):
    """What a full cache of this kind of text holds, by the bound as implemented."""
    entries = r["limit"] if r["max_chars"] is None else min(r["limit"], r["max_chars"] / r["key_chars"])
    return entries * r["entry_bytes"] / (1 << 20)


def _allowance_mb(r):
    return SLACK_FACTOR * _cache_mb(r) + NOISE_MB


def _report(r):
    brief = {k: (round(v, 1) if isinstance(v, float) else v) for k, v in r.items() if k != "cache_sizes"}
    brief.update(cache_mb=round(_cache_mb(r), 1), allowance_mb=round(_allowance_mb(r), 1))
    return textwrap.shorten(json.dumps(brief), 500)


def _check(r):
    entries = [n for n, _ in r["cache_sizes"]]
    assert max(entries) <= r["limit"], _report(r)
    if r["max_chars"] is not None:  # one piece may take it past the bound until the next miss clears it
        assert max(c for _, c in r["cache_sizes"]) <= r["max_chars"] + 4097, _report(r)
    assert _cache_mb(r) <= MAX_CACHE_MB, "a full cache of this text would hold %.0f MB" % _cache_mb(r)
    assert r["peak_growth_mb"] <= _allowance_mb(r), _report(r)
    if r["current_growth_mb"] is not None:
        assert r["current_growth_mb"] <= _allowance_mb(r), _report(r)


def test_cache_stops_growing_and_rss_stays_bounded():
    """Tens of MB of never-repeating words: the cache never passes its bound, and peak
    RSS grows by no more than a full cache's worth."""
    r = _run("words", "o200k_base", TEXT_MB)
    print("\nwords:", _report(r))
    assert r["limit"] == core.CACHE_LIMIT
    entries = [n for n, _ in r["cache_sizes"]]
    # the cache filled up and was cleared (the bound was reached, not just approached)
    assert any(b < a for a, b in zip(entries, entries[1:])), entries
    # ~9 bytes a word: far more distinct pieces than the cache can hold
    assert r["mb"] * (1 << 20) / 9 > 10 * r["limit"]
    assert 50 < r["entry_bytes"] < 1000, r["entry_bytes"]  # the measure itself is sane
    _check(r)


def test_cache_bound_holds_for_long_pieces():
    """8 MB of never-repeating 4 KB pieces.  A bound on entries alone is a bound on
    bytes only if entries are small: each of these holds a 4 KB key and 4,096 ids
    (~37 KB), so 65,536 of them (the first bound) would be ~2.4 GB; this test measured
    64 MB of growth after 8 MB of text, rising linearly, before the cache was also
    bounded in characters."""
    r = _run("long", "o200k_base", 8)
    print("\nlong pieces:", _report(r))
    _check(r)


def test_tiny_cache_limit_is_respected():
    """The bound holds for any limit: a custom Encoding with limit 64."""
    enc = tokenizer.Encoding("bytes", pat_str=r"\S+|\s+", mergeable_ranks={bytes([i]): i for i in range(256)},
                             special_tokens={})
    enc._cache.limit = 64
    sizes = []
    for i in range(2000):
        assert enc.encode_ordinary("w%d x%d" % (i, i)) == list(b"w%d x%d" % (i, i))
        sizes.append(len(enc._cache))
    assert max(sizes) <= 64
    assert min(sizes[100:]) < 64  # it was cleared and refilled


def _patterns_held(root):
    """The compiled regular expressions reachable from root through containers and
    instance attributes (not through modules, classes or functions)."""
    seen, stack, found = set(), [root], 0
    while stack:
        obj = stack.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        if isinstance(obj, re.Pattern):
            found += 1
        elif isinstance(obj, (dict, list, tuple, set, frozenset)) or hasattr(obj, "__dict__") and not isinstance(
                obj, (type, types.ModuleType, types.FunctionType, types.MethodType, types.BuiltinFunctionType)):
            stack.extend(o for o in gc.get_referents(obj) if not isinstance(o, (str, bytes, int, float)))
    return found


def test_special_token_patterns_do_not_accumulate():
    """encode() compiles a pattern per distinct set of allowed (and disallowed) special
    tokens.  Passing many distinct sets (a server that allows a different token per
    request) must not make an Encoding hold more and more compiled patterns: tiktoken
    keeps at most 128 (an lru_cache).  With o200k_harmony's 1,091 special tokens each
    default-disallowed pattern is ~0.2 MB, so 300 distinct sets held ~70 MB."""
    specials = {"<|s%d|>" % i: 256 + i for i in range(2000)}
    enc = tokenizer.Encoding("many-specials", pat_str=r"\S+|\s+",
                             mergeable_ranks={bytes([i]): i for i in range(256)}, special_tokens=specials)
    names = sorted(specials)
    base = _patterns_held(enc)
    for i in range(1000):
        allowed = {names[i], names[(i * 7 + 1) % len(names)]}
        expected = [120, 32, 257] if "<|s1|>" in allowed else [120, 32] + list(b"<|s1|>")
        assert enc.encode("x <|s1|>", allowed_special=allowed, disallowed_special=()) == expected
    held = _patterns_held(enc) - base
    assert held <= 256, "the Encoding holds %d compiled patterns after 1,000 distinct allowed_special sets" % held


@pytest.mark.parametrize("name", ["cl100k_base", "o200k_base"])
def test_collector_does_not_walk_the_vocabulary(name):
    """A loaded encoding holds 100-200k bytes objects (rank table and decoder).  Held in a
    list, every full collection in the user's process walked them all: 1.2-2 ms a
    collection for o200k, touching each token's memory.  A dict of bytes to int and a
    tuple of bytes hold nothing the collector follows, so it leaves them alone."""
    enc = tokenizer.get_encoding(name)
    enc.decode(enc.encode("hello world"))
    gc.collect()
    assert not gc.is_tracked(enc._mergeable_ranks), "the rank table is tracked by the garbage collector"
    kind = type(enc._decoder).__name__
    assert not gc.is_tracked(enc._decoder), f"the decoder table (a {kind}) is tracked by the garbage collector"
    checked = tokenizer.Encoding(name, pat_str=enc._pat_str, mergeable_ranks=enc._mergeable_ranks,
                                 special_tokens=enc._special_tokens)  # tables from outside take the checked path
    gc.collect()
    assert not gc.is_tracked(checked._decoder)
