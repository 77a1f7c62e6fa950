"""Live conformance with tiktoken: every encoding, every public method, same answers.

tiktoken is the reference.  It is built from our own vocab files (tests/reference.py)
and asked the same questions as `tokenizer` on text read at run time from the
standard library (pydoc_data.topics and *.py files, see tests/stdlib_texts.py) and
text made here by seeded generators.  Expected values always come from tiktoken.

Without tiktoken the whole module is skipped (CI installs it, so it runs there).

A call that raises is compared by the exception's type: the messages differ on
purpose (ours name the offending token or id).  Where our documented behaviour
deliberately differs from tiktoken (negative ids, non-set arguments, special-token
names that an encoding does not have) the inputs here stay on the common ground;
tests/test_api.py and tests/test_bad_input.py cover the rest.

Run with `-s` to see how many texts and tokens were compared per encoding.
"""
import collections
import functools
import os
import random

import pytest

tiktoken = pytest.importorskip("tiktoken")
import tiktoken.load  # noqa: E402, F811
import tiktoken.model  # noqa: E402, F811

import reference  # noqa: E402
import stdlib_texts  # noqa: E402
import tokenizer  # noqa: E402
import tokenizer.load  # noqa: E402

NAMES = reference.NAMES
VOCAB = reference.VOCAB

# name -> {"texts": n, "tokens": n, "calls": n}, printed at the end of the module
STATS = collections.defaultdict(collections.Counter)


@pytest.fixture(scope="module", autouse=True)
def _report():
    yield
    print("\nconformance with tiktoken %s (texts, tokens and calls compared):" % tiktoken.__version__)
    for name in sorted(STATS):
        s = STATS[name]
        print(f"  {name:24} texts {s['texts']:7,}  tokens {s['tokens']:10,}  calls {s['calls']:9,}  "
              f"mismatches {s['mismatches']}")


def encodings(name):
    return tokenizer.get_encoding(name), reference.encoding(name)


def outcome(call, *args, **kwargs):
    """("ok", value) or ("raises", exception type name): how a call ends."""
    try:
        return ("ok", call(*args, **kwargs))
    except Exception as e:  # noqa: BLE001 - the type is what is compared
        return ("raises", type(e).__name__)


def first_difference(a, b):
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return i
    return min(len(a), len(b))


def describe_ids(ref, label, text, ours_ids, ref_ids):
    """A short repro of an id mismatch: where, what, and the text there."""
    i = first_difference(ours_ids, ref_ids)
    lo, hi = max(0, i - 3), i + 6
    near = ref.decode(ref_ids[lo:hi]) if all(isinstance(t, int) for t in ref_ids[lo:hi]) else "?"
    return (f"{label}: first difference at token {i} of {len(ref_ids)}: tiktoken {ref_ids[lo:hi]}, "
            f"ours {ours_ids[lo:hi]}; tiktoken's tokens there decode to {near!r}; text length {len(text)}")


class Compare:
    """Collects mismatches for one encoding and fails once, listing the first few."""

    def __init__(self, name, ref):
        self.name, self.ref, self.bad, self.stats = name, ref, [], STATS[name]

    def same(self, label, ours, expected, text=None):
        self.stats["calls"] += 1
        if ours == expected:
            return True
        self.stats["mismatches"] += 1
        if len(self.bad) < 8:
            if (text is not None and ours[0] == expected[0] == "ok" and isinstance(expected[1], list)
                    and all(isinstance(t, int) for t in expected[1])):
                self.bad.append(describe_ids(self.ref, label, text, ours[1], expected[1]))
            else:
                self.bad.append(f"{label}: tiktoken {_short(expected)}, ours {_short(ours)}")
        return False

    def check(self):
        assert not self.bad, f"{self.name}: {self.stats['mismatches']} mismatches with tiktoken:\n  " + \
            "\n  ".join(self.bad)


def _short(x):
    r = repr(x)
    return r if len(r) < 300 else r[:300] + "..."


# ---------------------------------------------------------------------------
# Texts


def corpus():
    return stdlib_texts.corpus()


@functools.lru_cache(maxsize=None)
def sample(step, offset=0):
    """Every `step`-th text of the corpus: the smaller set for the slower variants."""
    return corpus()[offset::step]


def with_special_text(text, specials, rng, every=400):
    """text with special-token text and near misses put in at random places: inside
    words, after spaces, at line ends, back to back."""
    pieces, pos = [], 0
    candidates = list(specials) + stdlib_texts.SPECIAL_LIKE
    while pos < len(text):
        step = rng.randint(1, 2 * every)
        pieces.append(text[pos:pos + step])
        pos += step
        token = rng.choice(candidates)
        if rng.random() < 0.2:
            token += rng.choice(candidates)
        pieces.append(rng.choice(["", " ", "\n"]) + token + rng.choice(["", " ", "\n", "x"]))
    return "".join(pieces)


@functools.lru_cache(maxsize=None)
def special_texts(name):
    """About 400 KB of corpus text with this encoding's special tokens (a sample of
    them for o200k_harmony's thousand) and look-alikes mixed in."""
    ref = reference.encoding(name)
    rng = random.Random("special:" + name)
    specials = sorted(ref.special_tokens_set)
    if len(specials) > 40:
        specials = rng.sample(specials, 40) + ["<|endoftext|>", "<|endofprompt|>", "<|reserved_200018|>"]
    return [(n, with_special_text(t, specials, rng)) for n, t in sample(13)]


SURROGATES = ["\ud800", "\udbff", "\udc00", "\udfff", "\udc80", "\ud83d\ude00", "\ude00\ud83d", "\ud800\ud800",
              "'\ud800s", "\ud800'll", " \udfff", "\udfff\n", "9\ud8009"]


@functools.lru_cache(maxsize=None)
def surrogate_texts():
    """Text with lone surrogates (and surrogate pairs written as two code points):
    corpus text with them put in, the stdlib files that are not UTF-8 read with
    errors="surrogateescape", and generated text with them."""
    rng = random.Random("surrogates")
    out = []
    for n, t in sample(25, 3):
        t = t[:20_000]
        pieces, pos = [], 0
        while pos < len(t):
            step = rng.randint(0, 300)
            pieces.append(t[pos:pos + step])
            pieces.append(rng.choice(SURROGATES))
            pos += step
        out.append((n + ":surrogates", "".join(pieces)))
    out += stdlib_texts.non_utf8_sources()
    out += [("short:%d" % i, s) for i, s in enumerate(SURROGATES)]
    out.append(("only-surrogates", "".join(chr(c) for c in range(0xD800, 0xE000, 7))))
    return out


# ---------------------------------------------------------------------------
# Encoding


@pytest.mark.parametrize("name", NAMES)
def test_encode_ordinary(name):
    ours, ref = encodings(name)
    cmp = Compare(name, ref)
    for label, text in corpus():
        expected = ref.encode_ordinary(text)
        cmp.same(f"encode_ordinary({label})", ("ok", ours.encode_ordinary(text)), ("ok", expected), text)
        cmp.stats["texts"] += 1
        cmp.stats["tokens"] += len(expected)
    cmp.check()


@pytest.mark.parametrize("name", NAMES)
def test_encode_default(name):
    """encode() with its defaults: every special token disallowed."""
    ours, ref = encodings(name)
    cmp = Compare(name, ref)
    for label, text in corpus():
        cmp.same(f"encode({label})", outcome(ours.encode, text), outcome(ref.encode, text), text)
    cmp.check()


def special_variants(ref):
    """(label, keyword arguments) for encode(): sets, "all", (), and their mixtures."""
    specials = sorted(ref.special_tokens_set)
    eot = "<|endoftext|>"
    others = frozenset(specials) - {eot}
    return [
        ("allowed=all", dict(allowed_special="all")),
        ("allowed=all, disallowed=()", dict(allowed_special="all", disallowed_special=())),
        ("disallowed=()", dict(disallowed_special=())),
        ("disallowed=[]", dict(disallowed_special=[])),
        ("allowed=set()", dict(allowed_special=set())),
        ("allowed=set(), disallowed=()", dict(allowed_special=set(), disallowed_special=())),
        ("allowed={eot}", dict(allowed_special={eot})),
        ("allowed=frozenset({eot})", dict(allowed_special=frozenset({eot}))),
        ("allowed={eot}, disallowed=()", dict(allowed_special={eot}, disallowed_special=())),
        ("disallowed={eot}", dict(disallowed_special={eot})),
        ("allowed=set(), disallowed={eot}", dict(allowed_special=set(), disallowed_special={eot})),
        ("allowed=all-but-eot", dict(allowed_special=others)),
        ("allowed=all-but-eot, disallowed=()", dict(allowed_special=others, disallowed_special=())),
        ("allowed=special_tokens_set", dict(allowed_special=ref.special_tokens_set)),
        ("allowed=all, disallowed={eot}", dict(allowed_special="all", disallowed_special={eot})),
        ("allowed={eot}, disallowed=all", dict(allowed_special={eot}, disallowed_special="all")),
    ]


@pytest.mark.parametrize("name", NAMES)
def test_encode_special_variants(name):
    """encode() with allowed_special/disallowed_special as sets, "all" and (), on text
    with special tokens and look-alikes mixed in."""
    ours, ref = encodings(name)
    cmp = Compare(name, ref)
    texts = special_texts(name)
    for label, text in texts[::2] + [("no specials", "hello world"), ("empty", "")]:
        cmp.same(f"encode({label})", outcome(ours.encode, text), outcome(ref.encode, text), text)
    for vlabel, kwargs in special_variants(ref):
        for label, text in texts:
            cmp.same(f"encode({label}, {vlabel})", outcome(ours.encode, text, **kwargs),
                     outcome(ref.encode, text, **kwargs), text)
    # encode_ordinary ignores special tokens entirely
    for label, text in texts:
        cmp.same(f"encode_ordinary({label})", outcome(ours.encode_ordinary, text),
                 outcome(ref.encode_ordinary, text), text)
    cmp.check()


@pytest.mark.parametrize("name", NAMES)
def test_batches(name):
    """encode_batch, encode_ordinary_batch (several thread counts), decode_batch, decode_bytes_batch."""
    ours, ref = encodings(name)
    cmp = Compare(name, ref)
    plain = [t for _, t in sample(7, 1)]
    special = [t for _, t in special_texts(name)]
    for threads in (1, 2, 8):
        cmp.same(f"encode_ordinary_batch(num_threads={threads})",
                 outcome(ours.encode_ordinary_batch, plain, num_threads=threads),
                 outcome(ref.encode_ordinary_batch, plain, num_threads=threads))
    cmp.same("encode_batch(plain texts)", outcome(ours.encode_batch, plain), outcome(ref.encode_batch, plain))
    cmp.same("encode_batch([])", outcome(ours.encode_batch, []), outcome(ref.encode_batch, []))
    cmp.same("encode_ordinary_batch([])", outcome(ours.encode_ordinary_batch, []),
             outcome(ref.encode_ordinary_batch, []))
    # (the per-text variants are in test_encode_special_variants; here the batch forms)
    for vlabel, kwargs, threads in [("default", {}, 8), ("allowed=all", dict(allowed_special="all"), 1),
                                    ("allowed=all", dict(allowed_special="all"), 3),
                                    ("disallowed=()", dict(disallowed_special=()), 2),
                                    ("allowed={eot}, disallowed=()",
                                     dict(allowed_special={"<|endoftext|>"}, disallowed_special=()), 8)]:
        cmp.same(f"encode_batch(special texts, {vlabel}, num_threads={threads})",
                 outcome(ours.encode_batch, special, num_threads=threads, **kwargs),
                 outcome(ref.encode_batch, special, num_threads=threads, **kwargs))
    lists = random_id_lists(name)
    for start in range(0, len(lists), 100):
        chunk = lists[start:start + 100]
        cmp.same(f"decode_batch(lists {start}..)", outcome(ours.decode_batch, chunk), outcome(ref.decode_batch, chunk))
        cmp.same(f"decode_batch(lists {start}.., errors='strict')", outcome(ours.decode_batch, chunk, errors="strict"),
                 outcome(ref.decode_batch, chunk, errors="strict"))
        cmp.same(f"decode_batch(lists {start}.., errors='ignore', num_threads=2)",
                 outcome(ours.decode_batch, chunk, errors="ignore", num_threads=2),
                 outcome(ref.decode_batch, chunk, errors="ignore", num_threads=2))
        cmp.same(f"decode_bytes_batch(lists {start}..)", outcome(ours.decode_bytes_batch, chunk),
                 outcome(ref.decode_bytes_batch, chunk))
    valid = [ids for ids in lists if _is_utf8(ref.decode_bytes(ids))]
    cmp.same("decode_batch(valid UTF-8 lists, errors='strict')", outcome(ours.decode_batch, valid, errors="strict"),
             outcome(ref.decode_batch, valid, errors="strict"))
    cmp.check()


@pytest.mark.parametrize("name", NAMES)
def test_lone_surrogates(name):
    """Text with lone surrogates: tiktoken replaces each with U+FFFD (a pair written as
    two code points becomes its character); we must give the same ids."""
    ours, ref = encodings(name)
    cmp = Compare(name, ref)
    texts = surrogate_texts()
    rng = random.Random("surrogate-specials:" + name)
    specials = sorted(ref.special_tokens_set)[:5]
    for label, text in texts:
        cmp.same(f"encode_ordinary({label})", outcome(ours.encode_ordinary, text), outcome(ref.encode_ordinary, text),
                 text)
        cmp.same(f"encode({label})", outcome(ours.encode, text), outcome(ref.encode, text), text)
        mixed = with_special_text(text, specials, rng, every=200)
        for kwargs in (dict(allowed_special="all"), dict(disallowed_special=()), {}):
            cmp.same(f"encode({label} with specials, {kwargs})", outcome(ours.encode, mixed, **kwargs),
                     outcome(ref.encode, mixed, **kwargs), mixed)
    plain = [t for _, t in texts]
    cmp.same("encode_ordinary_batch(surrogate texts)", outcome(ours.encode_ordinary_batch, plain),
             outcome(ref.encode_ordinary_batch, plain))
    cmp.same("encode_batch(surrogate texts)", outcome(ours.encode_batch, plain), outcome(ref.encode_batch, plain))
    cmp.check()


# ---------------------------------------------------------------------------
# Decoding


@functools.lru_cache(maxsize=None)
def token_table(name):
    """tiktoken's bytes for every id from 0 to max_token_value (None where no token)."""
    ref = reference.encoding(name)
    table = []
    for i in range(ref.max_token_value + 1):
        try:
            table.append(ref.decode_single_token_bytes(i))
        except KeyError:
            table.append(None)
    return table


@functools.lru_cache(maxsize=None)
def shared_ids(name):
    """{id: names} for ids that two special tokens share (o200k_harmony: <|endofprompt|>
    and <|reserved_200018|> are both 200018).  Which name tiktoken decodes such an id to
    follows the order of its internal hash map, which nothing specifies, so these ids
    are left out of the exact comparisons; test_vocabulary checks that we decode them to
    one of their names."""
    ref = reference.encoding(name)
    by_id = collections.defaultdict(list)
    for special in ref.special_tokens_set:
        by_id[ref.encode_single_token(special)].append(special)
    return {i: sorted(names) for i, names in by_id.items() if len(names) > 1}


def _is_utf8(b):
    try:
        b.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


@functools.lru_cache(maxsize=None)
def random_id_lists(name):
    """Seeded id lists drawn from the vocabulary: uniform ids, ids biased to tokens that
    are not whole characters (so UTF-8 is split and errors="replace" matters), slices
    of encoded non-ASCII text (cut inside characters), whole encodings of it (valid
    UTF-8 made of split tokens, for decode_with_offsets), and special tokens."""
    ref = reference.encoding(name)
    table = token_table(name)
    rng = random.Random("ids:" + name)
    shared = shared_ids(name)
    valid = [i for i, b in enumerate(table) if b is not None and i not in shared]
    partial = [i for i, b in enumerate(table) if b is not None and not _is_utf8(b)]
    specials = sorted({ref.encode_single_token(s) for s in ref.special_tokens_set} - set(shared))
    lists = [[], [valid[0]], [valid[-1]], specials[:50]]
    for _ in range(400):
        lists.append(rng.choices(valid, k=rng.randint(1, 40)))
    for _ in range(300):
        lists.append([rng.choice(partial if rng.random() < 0.6 else valid) for _ in range(rng.randint(1, 12))])
    for seed in range(300):
        text = stdlib_texts.mixed_text(f"ids:{name}:{seed}", rng.randint(5, 120))
        ids = ref.encode(text, disallowed_special=())
        if rng.random() < 0.3:
            ids.insert(rng.randint(0, len(ids)), rng.choice(specials))
        lists.append(ids)  # valid UTF-8, often with tokens that split characters
        i = rng.randint(0, len(ids))
        lists.append(ids[i:i + rng.randint(1, 10)])  # may start or end inside a character
    return lists


@pytest.mark.parametrize("name", NAMES)
def test_decode_methods(name):
    """decode (errors="replace" by default, "strict", and other handlers), decode_bytes,
    decode_tokens_bytes and decode_with_offsets on seeded random id lists."""
    ours, ref = encodings(name)
    cmp = Compare(name, ref)
    lists = random_id_lists(name)
    for k, ids in enumerate(lists):
        label = f"list {k} {ids[:12]}"
        cmp.same(f"decode({label})", outcome(ours.decode, ids), outcome(ref.decode, ids))
        for errors in ("replace", "strict", "ignore", "backslashreplace", "surrogateescape"):
            cmp.same(f"decode({label}, errors={errors!r})", outcome(ours.decode, ids, errors=errors),
                     outcome(ref.decode, ids, errors=errors))
        cmp.same(f"decode_bytes({label})", outcome(ours.decode_bytes, ids), outcome(ref.decode_bytes, ids))
        cmp.same(f"decode_tokens_bytes({label})", outcome(ours.decode_tokens_bytes, ids),
                 outcome(ref.decode_tokens_bytes, ids))
        cmp.same(f"decode_with_offsets({label})", outcome(ours.decode_with_offsets, ids),
                 outcome(ref.decode_with_offsets, ids))
        cmp.same(f"decode(tuple({label}))", outcome(ours.decode, tuple(ids)), outcome(ref.decode, tuple(ids)))
    n_valid = sum(_is_utf8(ref.decode_bytes(ids)) for ids in lists)
    n_split = sum(_is_utf8(ref.decode_bytes(ids)) and any(not _is_utf8(ref.decode_single_token_bytes(t)) for t in ids)
                  for ids in lists)
    # the generator must give both kinds, or this test would not test what it says
    assert n_valid > 200 and len(lists) - n_valid > 200 and n_split > 50, (n_valid, n_split, len(lists))
    cmp.check()


@pytest.mark.parametrize("name", NAMES)
def test_decode_encoded_corpus(name):
    """decode(encode(text)) and decode_with_offsets on real text: ids from tiktoken."""
    ours, ref = encodings(name)
    cmp = Compare(name, ref)
    for label, text in sample(9, 2):
        ids = ref.encode_ordinary(text)
        cmp.same(f"decode(ids of {label})", outcome(ours.decode, ids), outcome(ref.decode, ids))
        cmp.same(f"decode_with_offsets(ids of {label})", outcome(ours.decode_with_offsets, ids),
                 outcome(ref.decode_with_offsets, ids))
        cmp.same(f"decode_tokens_bytes(ids of {label})", outcome(ours.decode_tokens_bytes, ids),
                 outcome(ref.decode_tokens_bytes, ids))
    cmp.check()


@pytest.mark.parametrize("name", NAMES)
def test_vocabulary(name):
    """decode_single_token_bytes for every id (and past the end), encode_single_token for
    every token (bytes, and str where the bytes are UTF-8), token_byte_values."""
    ours, ref = encodings(name)
    cmp = Compare(name, ref)
    top = ref.max_token_value
    shared = shared_ids(name)
    for i in list(range(top + 1)) + [top + 1, top + 2, top + 1000, 2 * top + 1, 2 * top + 2, 10 ** 9]:
        if i in shared:
            got = outcome(ours.decode_single_token_bytes, i)
            cmp.same(f"decode_single_token_bytes({i}) is one of {shared[i]}", got[1] in [n.encode() for n in shared[i]],
                     True)
            continue
        cmp.same(f"decode_single_token_bytes({i})", outcome(ours.decode_single_token_bytes, i),
                 outcome(ref.decode_single_token_bytes, i))
    cmp.same("token_byte_values()", outcome(ours.token_byte_values), outcome(ref.token_byte_values))
    every = [i for i, b in enumerate(token_table(name)) if b and i not in shared]
    cmp.same("decode_tokens_bytes(every id)", outcome(ours.decode_tokens_bytes, every),
             outcome(ref.decode_tokens_bytes, every))
    for token in ref.token_byte_values():
        cmp.same(f"encode_single_token({token!r})", outcome(ours.encode_single_token, token),
                 outcome(ref.encode_single_token, token))
        if _is_utf8(token):
            text = token.decode("utf-8")
            cmp.same(f"encode_single_token({text!r})", outcome(ours.encode_single_token, text),
                     outcome(ref.encode_single_token, text))
    for special in sorted(ref.special_tokens_set):
        for form in (special, special.encode("utf-8")):
            cmp.same(f"encode_single_token({form!r})", outcome(ours.encode_single_token, form),
                     outcome(ref.encode_single_token, form))
    for not_one in ("hello world, this is not one token", b"\xff\xfe\xfd\xfc\xfb", "", b"", "<|endoftext",
                    "<|nope|>", "\u0100\u0101\u0102\u0103"):
        cmp.same(f"encode_single_token({not_one!r})", outcome(ours.encode_single_token, not_one),
                 outcome(ref.encode_single_token, not_one))
    cmp.check()


@pytest.mark.parametrize("name", NAMES)
def test_properties(name):
    """name, n_vocab, max_token_value, eot_token, special_tokens_set, is_special_token."""
    ours, ref = encodings(name)
    cmp = Compare(name, ref)
    for prop in ("name", "n_vocab", "max_token_value", "eot_token", "special_tokens_set"):
        cmp.same(prop, outcome(getattr, ours, prop), outcome(getattr, ref, prop))
    for i in range(ref.n_vocab + 5):
        cmp.same(f"is_special_token({i})", outcome(ours.is_special_token, i), outcome(ref.is_special_token, i))
    cmp.check()


# ---------------------------------------------------------------------------
# A user's own encodings: Encoding(name, *, pat_str, mergeable_ranks, special_tokens, explicit_n_vocab)


@functools.lru_cache(maxsize=None)
def tiktoken_ranks(filename):
    return tiktoken.load.load_tiktoken_bpe(os.path.join(VOCAB, filename))


def truncated(ranks, n):
    return {token: rank for token, rank in ranks.items() if rank < n}


CUSTOM = {
    # the cased-word structure of o200k written differently: \p{Lu}, \p{Lt}, \p{Ll}, \p{Lm},
    # \p{Lo}, \p{M}, a negative lookahead, possessive quantifiers and a negated class
    "cased": lambda: dict(
        pat_str=r"""[\p{Lu}\p{Lt}]?[\p{Ll}\p{Lm}\p{Lo}\p{M}]++|\p{Lu}++(?!\p{Ll})|\p{Lu}|\p{Nd}{1,2}+|\p{N}"""
                r"""|[^\s\p{L}\p{N}]++[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+""",
        mergeable_ranks=tiktoken_ranks("cl100k_base.tiktoken"),
        special_tokens={"<|endoftext|>": 100257, "<|custom|>": 100300}),
    # case-insensitive groups and classes, $ and a possessive \s
    "icase": lambda: dict(
        pat_str=r"""(?i:'(?:s|t|re|ve|m|ll|d))|(?i:[a-z]+)|(?i:straße|ǅ|σ)|\p{L}+|\d+|[^\s\p{L}\d]|\s++$"""
                r"""|\s+(?!\S)|\s""",
        mergeable_ranks=tiktoken_ranks("cl100k_base.tiktoken"),
        special_tokens={"<|endoftext|>": 100257}),
    # lazy quantifiers, positive lookahead, lookbehind, $, \P{..}, \x{..} ranges
    "lookaround": lambda: dict(
        pat_str=r"""\p{L}+?(?=\p{N})|\p{L}++(?=\s|$)|\p{L}+|(?<=\d)[.,]\d+|[\x{30}-\x{39}]{1,3}|\p{N}"""
                r"""|\P{L}?[^\p{L}\p{N}\s]+|\s+$|\s+(?=\S)|\s+""",
        mergeable_ranks=tiktoken_ranks("o200k_base.tiktoken"),
        special_tokens={"<|endoftext|>": 199999}),
    # atomic groups, bounded repeats, \A and \z, classes with escapes and \p{Z}/\p{P}/\p{S}
    "atomic": lambda: dict(
        pat_str=r"""\A\s+|(?>\p{Lo}{1,4})|\p{M}+|\p{L}{1,5}|\p{Nd}+|[\p{P}\p{S}]{1,3}|[\t\x{20}\p{Zs}]+|\s+\z"""
                r"""|\s""",
        mergeable_ranks=tiktoken_ranks("p50k_base.tiktoken"),
        special_tokens={}),
    # GPT-2's own released pattern (no possessives) with the r50k table
    "gpt2-original": lambda: dict(
        pat_str=r"""'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+""",
        mergeable_ranks=tiktoken_ranks("r50k_base.tiktoken"),
        special_tokens={"<|endoftext|>": 50256}, explicit_n_vocab=50257),
    # a truncated rank table: the first 3,000 cl100k ranks, specials right after them
    "truncated": lambda: dict(
        pat_str=reference.encoding("cl100k_base")._pat_str,
        mergeable_ranks=truncated(tiktoken_ranks("cl100k_base.tiktoken"), 3000),
        special_tokens={"<|endoftext|>": 3000, "<|pad|>": 3001}, explicit_n_vocab=3002),
    # a tiny table with ids that are not dense (every rank doubled, same merge order)
    "sparse-ids": lambda: dict(
        pat_str=reference.encoding("o200k_base")._pat_str,
        mergeable_ranks={t: 2 * r for t, r in truncated(tiktoken_ranks("o200k_base.tiktoken"), 1000).items()},
        special_tokens={"<|endoftext|>": 1999, "<|x|>": 5000}),
    # bytes only: every piece becomes its bytes
    "bytes-only": lambda: dict(
        pat_str=r"""\S+|\s+""", mergeable_ranks={bytes([i]): i for i in range(256)},
        special_tokens={"<|endoftext|>": 256}),
}


@functools.lru_cache(maxsize=None)
def custom_texts():
    return list(sample(8, 5)) + list(stdlib_texts.generated_texts()[::3])


@pytest.mark.parametrize("custom", sorted(CUSTOM))
def test_custom_encoding(custom):
    """The same user-built Encoding in tiktoken and in tokenizer gives the same ids."""
    spec = CUSTOM[custom]()
    ref = tiktoken.Encoding(custom, **spec)
    ours = tokenizer.Encoding(custom, **spec)
    cmp = Compare("custom:" + custom, ref)
    for label, text in custom_texts():
        expected = ref.encode_ordinary(text)
        cmp.same(f"encode_ordinary({label})", ("ok", ours.encode_ordinary(text)), ("ok", expected), text)
        cmp.stats["texts"] += 1
        cmp.stats["tokens"] += len(expected)
        cmp.same(f"decode(ids of {label})", outcome(ours.decode, expected), outcome(ref.decode, expected))
    specials = sorted(ref.special_tokens_set)
    rng = random.Random("custom:" + custom)
    for label, text in custom_texts()[::6]:
        text = with_special_text(text, specials, rng)
        for kwargs in ({}, dict(allowed_special="all"), dict(disallowed_special=())):
            cmp.same(f"encode({label} with specials, {kwargs})", outcome(ours.encode, text, **kwargs),
                     outcome(ref.encode, text, **kwargs), text)
    for prop in ("name", "n_vocab", "max_token_value", "special_tokens_set"):
        cmp.same(prop, outcome(getattr, ours, prop), outcome(getattr, ref, prop))
    cmp.same("eot_token", outcome(getattr, ours, "eot_token"), outcome(getattr, ref, "eot_token"))
    cmp.same("token_byte_values()", outcome(ours.token_byte_values), outcome(ref.token_byte_values))
    for i in range(ref.max_token_value + 3):
        cmp.same(f"decode_single_token_bytes({i})", outcome(ours.decode_single_token_bytes, i),
                 outcome(ref.decode_single_token_bytes, i))
    cmp.check()


# ---------------------------------------------------------------------------
# Loaders, the registry, model names

TIKTOKEN_FILES = {"r50k_base.tiktoken": "306cd27f03c1a714eca7108e03d66b7dc042abe8c258b44c199a7ed9838dd930",
                  "p50k_base.tiktoken": "94b5ca7dff4d00767bc256fdd1b27e5b17361d7b8a5f968547f9f23eb70d2069",
                  "cl100k_base.tiktoken": "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7",
                  "o200k_base.tiktoken": "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d"}
GPT2_FILES = {"vocab.bpe": "1ce1664773c50f3e0cc8842619a93edc4624525b728b188a9e0be33b7726adc5",
              "encoder.json": "196139668be63f3b5d6574427317ae82f612a97c5d1cdaf36ed2256dbf636783"}


@pytest.mark.parametrize("filename", sorted(TIKTOKEN_FILES))
def test_load_tiktoken_bpe(filename):
    path = os.path.join(VOCAB, filename)
    expected = tiktoken.load.load_tiktoken_bpe(path, TIKTOKEN_FILES[filename])
    assert tokenizer.load_tiktoken_bpe(path, TIKTOKEN_FILES[filename]) == expected
    assert tokenizer.load_tiktoken_bpe(path) == expected
    wrong = "0" * 64
    with pytest.raises(ValueError):
        tiktoken.load.load_tiktoken_bpe(path, wrong)
    with pytest.raises(ValueError):
        tokenizer.load_tiktoken_bpe(path, wrong)


def test_gpt2_loaders():
    """load_gpt2_bpe / data_gym_to_mergeable_bpe_ranks equal tiktoken's
    data_gym_to_mergeable_bpe_ranks, and GPT-2's ranks are r50k_base's."""
    bpe, enc = os.path.join(VOCAB, "vocab.bpe"), os.path.join(VOCAB, "encoder.json")
    expected = tiktoken.load.data_gym_to_mergeable_bpe_ranks(bpe, enc, GPT2_FILES["vocab.bpe"],
                                                              GPT2_FILES["encoder.json"])
    assert tokenizer.load_gpt2_bpe(bpe, enc) == expected
    assert tokenizer.load_gpt2_bpe(bpe, enc, GPT2_FILES["vocab.bpe"], GPT2_FILES["encoder.json"]) == expected
    assert tokenizer.data_gym_to_mergeable_bpe_ranks(bpe, enc) == expected
    assert tokenizer.load.data_gym_to_mergeable_bpe_ranks(
        vocab_bpe_file=bpe, encoder_json_file=enc, vocab_bpe_hash=GPT2_FILES["vocab.bpe"],
        encoder_json_hash=GPT2_FILES["encoder.json"]) == expected
    assert expected == tiktoken.load.load_tiktoken_bpe(os.path.join(VOCAB, "r50k_base.tiktoken"))
    with pytest.raises(ValueError):
        tokenizer.load_gpt2_bpe(bpe, enc, "0" * 64, None)
    ours_gpt2, ours_r50k = tokenizer.get_encoding("gpt2"), tokenizer.get_encoding("r50k_base")
    assert ours_gpt2.token_byte_values() == ours_r50k.token_byte_values() == sorted(expected)
    ids = list(range(ours_r50k.n_vocab))
    assert ours_gpt2.decode_tokens_bytes(ids) == ours_r50k.decode_tokens_bytes(ids)


def test_encoding_names():
    assert set(tiktoken.list_encoding_names()) <= set(tokenizer.list_encoding_names())
    assert set(NAMES) <= set(tokenizer.list_encoding_names())
    for name in tokenizer.list_encoding_names():
        assert tokenizer.get_encoding(name).name == name


def model_names():
    exact = sorted(tiktoken.model.MODEL_TO_ENCODING)
    prefixed = sorted(p + suffix for p in tiktoken.model.MODEL_PREFIX_TO_ENCODING
                      for suffix in ("", "2024-08-06", "x", "mini-2025"))
    unknown = ["", "gpt", "gpt-", "gpt-3", "gpt4", "GPT-4", "text-davinci", "davinci-003", "claude", "o2",
               "ft:", "ft:gpt-5", "gpt2-xl", " gpt-4", "gpt-4 ", "text-embedding-ada"]
    return exact + prefixed + unknown


def test_encoding_name_for_model():
    """Every model tiktoken knows, by exact name and by prefix, maps as tiktoken maps
    it; a name it does not know raises KeyError in both."""
    bad = []
    for model in model_names():
        expected = outcome(tiktoken.model.encoding_name_for_model, model)
        got = outcome(tokenizer.encoding_name_for_model, model)
        if got != expected:
            bad.append(f"{model!r}: tiktoken {expected}, ours {got}")
        elif expected[0] == "ok":
            enc = tokenizer.encoding_for_model(model)
            if enc.name != expected[1]:
                bad.append(f"encoding_for_model({model!r}).name is {enc.name!r}, not {expected[1]!r}")
        elif outcome(tokenizer.encoding_for_model, model)[1] != "KeyError":
            bad.append(f"encoding_for_model({model!r}) does not raise KeyError")
    assert not bad, "\n".join(bad)
    # all of tiktoken's exact names were compared, not just some
    assert len(tiktoken.model.MODEL_TO_ENCODING) > 40
