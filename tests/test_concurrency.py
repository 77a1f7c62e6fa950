"""Concurrency: one Encoding shared by many threads, and Encodings sent to processes.

Threads encode and decode different texts at the same moment (a barrier starts them
together; the switch interval is cut to a microsecond so they interleave inside the
encoder) and must get exactly the serial results.  One run shrinks the piece cache
to a few entries so that it is cleared constantly while other threads read it; one
uses a new pattern, so the lazily built non-ASCII splitter is built under contention.

Pickling: a named encoding pickles by name (a few dozen bytes) and unpickles to the
shared object; a custom Encoding pickles its tables and round-trips; both go to
worker processes (spawned, so nothing is inherited) and give the serial results.

Texts are made here or read from the standard library at run time.
"""
import multiprocessing
import os
import pickle
import random
import sys
import threading

import pytest

import tokenizer

THREADS = 12
ROUNDS = 4  # each thread goes through its share of the work this many times

SPECIALS = ["<|endoftext|>", "<|fim_prefix|>", "<|endofprompt|>"]


def _stdlib_texts(n=24, size=6000):
    """Slices of standard-library source files and pydoc topics."""
    texts = []
    folder = os.path.dirname(os.__file__)
    names = sorted(f for f in os.listdir(folder) if f.endswith(".py"))
    for name in names[: n // 2]:
        with open(os.path.join(folder, name), encoding="utf-8", errors="replace") as f:
            texts.append(f.read(size))
    try:
        from pydoc_data.topics import topics
        for key in sorted(topics)[: n // 2]:
            texts.append(topics[key][:size])
    except ImportError:  # some distributions leave pydoc_data out
        pass
    return texts


def _synthetic_texts(n=24, seed=7):
    """Mixed-script text: accented and CJK letters, digits of other scripts, emoji
    (astral), combining marks, odd spaces, CRLF, contractions, lone surrogates,
    special-token text.  Built from a fixed seed."""
    rng = random.Random(seed)
    atoms = ["word", "Word", "WORD", " the", "'s", "'LL", "\u2019re", "caf\u00e9", "\u00c5ngstr\u00f6m",
             "\u65e5\u672c\u8a9e", "\u0928\u092e\u0938\u094d\u0924\u0947", "\u0661\u0662\u0663", "\u096a\u096b",
             "12345", "\U0001f600", "\U0001f44d\U0001f3fd", "\U00010400\U00010428", "e\u0301", "\u00a0",
             "\u3000", "\u2028", "\r\n", "\n\n", "  ", "\t", "!?", "...", "\ud800", "\udfff"] + SPECIALS
    return ["".join(rng.choice(atoms) for _ in range(rng.randint(50, 400))) for _ in range(n)]


TEXTS = _stdlib_texts() + _synthetic_texts()


def _jobs(enc):
    """(kind, argument) work items over all texts: encode, encode with specials, decode."""
    jobs = []
    for i, text in enumerate(TEXTS):
        jobs.append(("encode", text))
        jobs.append(("encode_all", text))
        jobs.append(("decode", enc.encode(text, allowed_special="all")))
        if i % 3 == 0:
            valid = text.replace("\ud800", "?").replace("\udfff", "?")
            jobs.append(("decode_with_offsets", enc.encode_ordinary(valid)))
    return jobs


def _do(enc, job):
    kind, arg = job
    if kind == "encode":
        return enc.encode(arg, disallowed_special=())
    if kind == "encode_all":
        return enc.encode(arg, allowed_special="all")
    if kind == "decode":
        return enc.decode(arg)
    return enc.decode_with_offsets(arg)


def _run_threads(enc, jobs, expected):
    """Each thread takes every THREADS-th job from its own offset, ROUNDS times over,
    so different threads work on different texts at the same time."""
    barrier = threading.Barrier(THREADS)
    errors, mismatches = [], []

    def worker(k):
        try:
            barrier.wait()
            for r in range(ROUNDS):
                for j in range((k + r) % THREADS, len(jobs), THREADS):
                    got = _do(enc, jobs[j])
                    if got != expected[j]:
                        mismatches.append((k, j, jobs[j][0]))
        except BaseException as e:  # noqa: B902 - reported below
            errors.append(repr(e))

    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        threads = [threading.Thread(target=worker, args=(k,)) for k in range(THREADS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        sys.setswitchinterval(old)
    assert not errors, errors[:3]
    assert not mismatches, mismatches[:5]


@pytest.mark.parametrize("name", ["cl100k_base", "o200k_base", "r50k_base"])
def test_threads_share_one_encoding(name):
    enc = tokenizer.get_encoding(name)
    jobs = _jobs(enc)
    enc.clear_cache()  # the threads start cold, filling the cache together
    expected = [_do(enc, job) for job in jobs]
    enc.clear_cache()
    _run_threads(enc, jobs, expected)


def test_threads_with_a_tiny_cache():
    """Caches of a few entries start a new generation every few misses, while other threads
    look up."""
    enc = tokenizer.get_encoding("o200k_base")
    jobs = _jobs(enc)
    expected = [_do(enc, job) for job in jobs]
    budget = tokenizer.cache_memory()
    enc.clear_cache()
    tokenizer.set_cache_memory(4096)
    try:
        _run_threads(enc, jobs, expected)
        assert len(enc._pieces) + len(enc._pieces.old) <= 40 and len(enc._chunks) + len(enc._chunks.old) <= 40
    finally:
        tokenizer.set_cache_memory(budget)


def test_threads_build_the_splitter_together():
    """A custom Encoding with a new pattern (cl100k's, wrapped in a group): its
    non-ASCII splitter does not exist yet, and twelve threads need it at once."""
    named = tokenizer.get_encoding("cl100k_base")
    from tokenizer.registry import CL100K_PATTERN
    pattern = "(?:%s)" % CL100K_PATTERN
    enc = tokenizer.Encoding("cl100k-threads-%d" % os.getpid(), pat_str=pattern,
                             mergeable_ranks=named._mergeable_ranks, special_tokens=named._special_tokens)
    jobs = [job for job in _jobs(named) if job[0] in ("encode", "encode_all") and not job[1].isascii()]
    assert len(jobs) >= THREADS
    expected = [_do(named, job) for job in jobs]
    _run_threads(enc, jobs, expected)


def test_encode_batch_matches_serial():
    enc = tokenizer.get_encoding("cl100k_base")
    texts = [t.replace("<|", "< |") for t in TEXTS]
    assert enc.encode_batch(texts, num_threads=8) == [enc.encode(t) for t in texts]
    assert enc.encode_ordinary_batch(texts, num_threads=8) == [enc.encode_ordinary(t) for t in texts]
    ids = [enc.encode_ordinary(t) for t in texts]
    assert enc.decode_batch(ids, num_threads=8) == [enc.decode(i) for i in ids]
    assert enc.decode_bytes_batch(ids, num_threads=8) == [enc.decode_bytes(i) for i in ids]


# ---------------------------------------------------------------------------
# Pickling


@pytest.mark.parametrize("name", tokenizer.list_encoding_names())
def test_named_encoding_pickles_by_name(name):
    enc = tokenizer.get_encoding(name)
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        data = pickle.dumps(enc, protocol=protocol)
        assert len(data) < 200, (protocol, len(data))
        assert pickle.loads(data) is enc  # the shared object: nothing is loaded again


def _custom():
    ranks = {bytes([i]): i for i in range(256)}
    for pair in (b"he", b"ll", b"llo", b"hello", b" w", b" wor", b"ld", b" world"):
        ranks[pair] = len(ranks)
    return tokenizer.Encoding("custom-pickle", pat_str=r"""'s|\s?\p{L}+|\s?\p{N}+|\s?[^\s\p{L}\p{N}]+|\s+""",
                              mergeable_ranks=ranks, special_tokens={"<|end|>": 1000})


def test_custom_encoding_pickles_and_round_trips():
    enc = _custom()
    text = "hello world's <|end|> h\u00e9llo 123"
    copy = pickle.loads(pickle.dumps(enc))
    assert copy is not enc and copy.name == enc.name
    assert copy.encode(text, allowed_special="all") == enc.encode(text, allowed_special="all")
    assert copy.decode(enc.encode(text, allowed_special="all")) == text
    assert copy.n_vocab == enc.n_vocab and copy.special_tokens_set == enc.special_tokens_set


def _spawn_pool():
    # multiprocessing's Pool, not concurrent.futures: Debian's PyPy 7.3.11 ProcessPoolExecutor fails
    # on its own (AttributeError: _adjust_process_count)
    return multiprocessing.get_context("spawn").Pool(2)


def test_encodings_in_worker_processes():
    """Bound methods of a named and of a custom Encoding, sent to spawned workers."""
    named = tokenizer.get_encoding("o200k_base")
    custom = _custom()
    texts = TEXTS[::3]
    ids = [named.encode(t, allowed_special="all") for t in texts]
    with _spawn_pool() as pool:
        assert list(pool.map(named.encode_ordinary, texts)) == [named.encode_ordinary(t) for t in texts]
        assert list(pool.map(named.decode, ids)) == [named.decode(i) for i in ids]
        assert list(pool.map(custom.encode_ordinary, texts)) == [custom.encode_ordinary(t) for t in texts]
        # the Encoding itself crosses both ways, by name: min([x]) is x, run in the worker
        assert pool.apply(min, ([named],)) is named
        back = pool.apply(min, ([custom],))
        assert back is not custom and back.encode_ordinary(texts[0]) == custom.encode_ordinary(texts[0])
