"""Bounded memory: the caches stop growing, and so does the process; hot entries survive.

Every Encoding keeps two caches (cache.Cache: chunk -> ids and piece -> ids), bounded
together by one budget (tokenizer.set_cache_memory; each cache has a share).  A cache
keeps two generations: when the current one's estimated memory reaches half its share it
becomes the old one and the previous old one is dropped.  The tests set a small budget in
a fresh interpreter, flood it with text that never repeats, and check:

    the caches' own estimate never passes the budget;
    the memory they really hold (sys.getsizeof of dicts, keys and tuples) is within 1.5x of it;
    peak and current RSS grow by at most 2 x budget + 8 MB (allocator slack, noise).

Two kinds of text: never-repeating words (~180 bytes an entry) and never-repeating 4 KB
pieces (~40 KB an entry: a bound on entries alone would be no bound on bytes).
"""
import gc
import json
import os
import re
import subprocess
import sys
import types

import pytest

import tokenizer

resource = pytest.importorskip("resource")  # POSIX only

BUDGET_MB = 4
SLACK_FACTOR, NOISE_MB = 2.0, 8.0
if sys.implementation.name == "pypy":  # its collector runs when the heap grows ~1.8x past what is live,
    SLACK_FACTOR, NOISE_MB = 4.0, 16.0  # and keeps the arenas it frees

_SCRIPT = r'''
import gc, json, os, random, resource, sys
import tokenizer

MB = 1 << 20
KIND, NAME, TOTAL_MB, BUDGET = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4])
LETTERS = b"abcdefghijklmnopqrstuvwxyz"
rng = random.Random(20240601)
counter = [0]
PAIRS = [bytes((a, b)) for a in LETTERS for b in LETTERS]
TRIPLES = [p + bytes((c,)) for p in PAIRS for c in LETTERS]

def words_chunk(size):
    """Never-repeating words: 3 random letters, then a counter written in 5 letters."""
    n = size // 9
    rand = rng.randbytes(3 * n).translate(bytes(LETTERS[i % 26] for i in range(256)))
    start, counter[0] = counter[0], counter[0] + n
    return b" ".join(rand[3 * k:3 * k + 3] + TRIPLES[i // 676] + PAIRS[i % 676]
                     for k, i in enumerate(range(start, start + n))).decode()

CONTROL = bytes([*range(1, 9), *range(14, 28)])  # not White_Space, not letters or digits

def long_pieces_chunk(size, piece=4096):
    """Runs of 4,096 random control characters: each run one piece, never repeated, one id a byte."""
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
tokenizer.set_cache_memory(BUDGET)
caches = [c for c in (enc._chunks, enc._pieces) if c is not None]
enc.encode_ordinary(chunk(MB // 4))  # warm-up: one call's own working memory is in the baseline
enc.clear_cache()
gc.collect()
peak0, cur0 = peak_mb(), current_mb()
used, flips, done = [], 0, 0
while done < TOTAL_MB * MB:
    text = chunk(MB // 4)
    olds = [id(c.old) for c in caches]
    enc.encode_ordinary(text)
    flips += sum(id(c.old) != o for c, o in zip(caches, olds))
    done += len(text)
    used.append(sum(c.used + c.share * BUDGET / 2 * bool(c.old) for c in caches))
del text
gc.collect()
try:  # (the ids are the rank table's own ints)
    held = sum(sys.getsizeof(d) + sum(map(sys.getsizeof, d)) + sum(map(sys.getsizeof, d.values()))
               for c in caches for d in (c, c.old))
except TypeError:  # PyPy has no sys.getsizeof: RSS alone is checked there
    held = None
print(json.dumps({"used_max": max(used), "flips": flips, "held": held, "mb": done / MB,
                  "peak_growth_mb": peak_mb() - peak0,
                  "current_growth_mb": None if cur0 is None else current_mb() - cur0}))
'''


def _run(kind, name, total_mb, budget_mb=BUDGET_MB, timeout=600):
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    out = subprocess.run([sys.executable, "-c", _SCRIPT, kind, name, str(total_mb), str(budget_mb << 20)], env=env,
                         capture_output=True, text=True, timeout=timeout)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def _check(r, budget_mb=BUDGET_MB):
    budget = budget_mb << 20
    assert r["flips"] >= 4, r  # the bound was reached again and again, not just approached
    assert r["used_max"] <= budget * 1.01, r  # the estimate (an old generation counts as full)
    assert r["held"] is None or r["held"] <= 1.5 * budget, r  # what the caches really hold
    allowance = SLACK_FACTOR * budget_mb + NOISE_MB
    assert r["peak_growth_mb"] <= allowance, r
    if r["current_growth_mb"] is not None:
        assert r["current_growth_mb"] <= allowance, r


def test_caches_stop_growing_and_rss_stays_bounded():
    """Never-repeating words, four times the budget's worth: the caches never pass it."""
    _check(_run("words", "o200k_base", 4))


def test_cache_bound_holds_for_long_pieces():
    """Never-repeating 4 KB pieces: each entry holds a 4 KB key and 4,096 ids (~40 KB), so
    the bound is on bytes, not entries (65,536 such entries, the first bound, were ~2.4 GB)."""
    _check(_run("long", "o200k_base", 4))


def test_hot_entries_survive_a_flood():
    """Text used again and again stays cached while a flood of new text passes through: a
    cache cleared whole when full would lose it at every clear."""
    enc = tokenizer.get_encoding("cl100k_base")
    budget = tokenizer.cache_memory()
    hot = "The quick brown fox jumps over the lazy dog, again and again."
    try:
        tokenizer.set_cache_memory(256 << 10)
        enc.clear_cache()
        want = enc.encode_ordinary(hot)
        flips = 0
        for i in range(200):
            old = enc._chunks.old
            flood = " ".join("w%dx%d" % (i, j) for j in range(200))
            enc.encode_ordinary(flood)
            enc.encode_ordinary(flood)  # 200 new chunks, cached on second sight
            flips += old is not enc._chunks.old
            misses = enc._pieces.misses
            assert enc.encode_ordinary(hot) == want
            assert enc._pieces.misses == misses and set(re.findall(r" ?[^ ]+", hot)) <= enc._chunks.keys()
        assert flips >= 20
        assert all(c in enc._chunks or c in enc._chunks.old for c in re.findall(r" ?[^ ]+", hot))
    finally:
        tokenizer.set_cache_memory(budget)


def test_any_budget_gives_the_same_ids():
    """A budget of 0 (a new generation at every miss) or 1 KB still encodes exactly."""
    enc = tokenizer.Encoding("bytes", pat_str=r"\S+|\s+", mergeable_ranks={bytes([i]): i for i in range(256)},
                             special_tokens={})
    budget = tokenizer.cache_memory()
    try:
        for b in (0, 1024):
            tokenizer.set_cache_memory(b)
            for i in range(500):
                assert enc.encode_ordinary("w%d x%d" % (i, i)) == list(b"w%d x%d" % (i, i))
            assert len(enc._pieces) + len(enc._pieces.old) <= 20
    finally:
        tokenizer.set_cache_memory(budget)
    with pytest.raises(ValueError, match="cache memory"):
        tokenizer.set_cache_memory(-1)


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


@pytest.mark.skipif(sys.implementation.name != "cpython", reason="CPython's cyclic collector; PyPy's GC differs")
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
