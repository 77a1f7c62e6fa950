"""Differential fuzzing against tiktoken, and the replay of what it has found.

The fuzz tests draw random Unicode text biased toward the places where a pattern
translation or a BPE goes wrong, run it through our Encoding and tiktoken's (built
from the same vocab files, tests/reference.py) for every encoding, and require the
same ids, the same errors and the same decoded text.  They need tiktoken and
hypothesis (the `reference` extra, installed by CI); without them only the replay
of tests/fixtures/fuzz_regressions.json runs, which needs nothing but pytest.

Budget: TOKENIZER_FUZZ_EXAMPLES examples per test and encoding (default 1,000: 21 tests,
21,000 examples, about a minute on one core).  Examples are derandomized, so CI sees the same
ones every run; TOKENIZER_FUZZ_RANDOM=1 draws fresh ones.  A long run:

    TOKENIZER_FUZZ_EXAMPLES=20000 TOKENIZER_FUZZ_RANDOM=1 python -m pytest tests/test_fuzz.py -x -q

Every failure found becomes a case in tests/fixtures/fuzz_regressions.json, with
tiktoken's answer recorded by tests/tools/record_regressions.py.
"""
import functools
import json
import os
import sys
import unicodedata

import pytest

import tokenizer

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "tools"))
from record_regressions import FIXTURE, run_case  # noqa: E402  (the recorder asks tiktoken the same way)


# ---------------------------------------------------------------------------
# Replay of recorded failures: pytest and the package only.


def _load_regressions():
    with open(FIXTURE, encoding="utf-8") as f:
        return json.load(f)["cases"]


REGRESSIONS = _load_regressions()


@pytest.mark.parametrize("case", REGRESSIONS, ids=[f"{i}-{c['encoding']}-{c['op']}" for i, c in enumerate(REGRESSIONS)])
def test_fuzz_regression(case):
    enc = tokenizer.get_encoding(case["encoding"])
    assert run_case(enc, case) == case["expected"], case.get("note", "")


# ---------------------------------------------------------------------------
# The fuzzer: needs tiktoken and hypothesis.

try:
    import hypothesis  # noqa: F401
    import tiktoken  # noqa: F401
except ImportError:
    hypothesis = None

if hypothesis is None:
    def test_fuzz():
        pytest.importorskip("tiktoken")
        pytest.importorskip("hypothesis")
else:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    import reference

    EXAMPLES = int(os.environ.get("TOKENIZER_FUZZ_EXAMPLES", "1000"))
    FUZZ = settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=os.environ.get("TOKENIZER_FUZZ_RANDOM", "") in ("", "0"),
        database=None,
        suppress_health_check=list(HealthCheck),
        print_blob=True,
    )

    # -- the alphabet, from the interpreter's Unicode tables ----------------------
    # (independent of the package's own tables; tiktoken is the judge, these only bias
    # the draw.  Code points at category boundaries catch off-by-one ranges and the
    # characters whose category changed between Unicode versions.)

    def _unicode_pools():
        pools, boundaries, prev = {}, [], None
        for cp in range(0x110000):
            cat = unicodedata.category(chr(cp))
            pools.setdefault(cat, []).append(cp)
            if cat != prev and cp:
                boundaries += [cp - 1, cp]
            prev = cat
        return pools, boundaries

    POOLS, BOUNDARIES = _unicode_pools()

    def _cps(*cats):
        return st.sampled_from(sorted(cp for c in cats for cp in POOLS.get(c, ()))).map(chr)

    WHITE_SPACE = ("\t\n\x0b\x0c\r \x85\xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B)))
                   + "\u2028\u2029\u202f\u205f\u3000")
    NOT_WHITE_SPACE = "\x1c\x1d\x1e\x1f\u180e\u200b\u200c\u200d\u2060\ufeff"  # str.isspace() or look-alikes
    LINE_ENDS = ["\r\n", "\n\r", "\r", "\n", "\r\n\r\n", " \r\n", "\t\r\n ", "\r\r\n", "\n\n\n", " \n ", "\u2028\n"]
    APOSTROPHES = ["'", "\u2019", "\u2018", "\u02bc", "`", "''"]
    SUFFIXES = ["s", "S", "t", "T", "d", "D", "m", "M", "re", "RE", "Re", "rE", "ve", "VE", "Ve", "vE",
                "ll", "LL", "Ll", "lL", "\u017f", "\u212a", "\u0130", "\u0131", "x", "", "s's"]
    SPECIAL_NAMES = sorted({t for n in reference.NAMES if n != "o200k_harmony" for t in
                            tokenizer.get_encoding(n).special_tokens_set}
                           | {"<|startoftext|>", "<|return|>", "<|constrain|>", "<|channel|>", "<|start|>",
                              "<|end|>", "<|message|>", "<|call|>", "<|reserved_200000|>", "<|reserved_201087|>",
                              "<|reserved_200018|>"})

    def _special_lookalike(draw):
        name = draw(st.sampled_from(SPECIAL_NAMES))
        how = draw(st.integers(0, 9))
        if how == 0:
            return name[1:]
        if how == 1:
            return name[:-1]
        if how == 2:
            return name.upper()
        if how == 3:
            return name.replace("|", "| ", 1)
        if how == 4:
            return "<|" + name + "|>"
        if how == 5:
            return name + name
        if how == 6:
            return name[:draw(st.integers(0, len(name)))]
        if how == 7:
            return name.replace("_", "", 1) if "_" in name else "<" + name
        return name  # the real thing, most often

    special_lookalikes = st.composite(lambda draw: _special_lookalike(draw))()

    contraction = st.builds(lambda a, s: a + s, st.sampled_from(APOSTROPHES), st.sampled_from(SUFFIXES))
    letters = _cps("Lu", "Ll", "Lt", "Lm", "Lo")
    marks = _cps("Mn", "Mc", "Me")
    numbers = _cps("Nd", "Nl", "No")
    digits = _cps("Nd")
    punct_symbols = _cps("Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "Sm", "Sc", "Sk", "So")
    others = _cps("Cc", "Cf", "Co", "Cn", "Zs", "Zl", "Zp")
    ascii_char = st.characters(min_codepoint=0, max_codepoint=127)
    ascii_word = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"), min_size=1,
                         max_size=12)
    any_cp = st.integers(0, 0x10FFFF).map(chr)  # lone surrogates included
    boundary_cp = st.sampled_from(BOUNDARIES).map(chr)
    surrogates = st.one_of(st.integers(0xD800, 0xDFFF).map(chr),
                           st.sampled_from(["\ud83d\ude00", "\ude00\ud83d", "\ud800\ud800", "\udbff\udfff"]))
    whitespace = st.one_of(st.sampled_from(WHITE_SPACE), st.sampled_from(LINE_ENDS), st.sampled_from(NOT_WHITE_SPACE))
    digit_run = st.lists(digits, min_size=1, max_size=9).map("".join)

    single = st.one_of(ascii_word, ascii_char, letters, marks, numbers, digit_run, punct_symbols, whitespace,
                       contraction, special_lookalikes, surrogates, boundary_cp, others, any_cp)

    def _run(draw):
        """One atom repeated: short runs often, long ones (past the BPE's heap threshold) sometimes."""
        atom = draw(single)
        n = draw(st.one_of(st.integers(2, 12), st.integers(40, 400)))
        return (atom * n)[: max(n, 1) * 4]

    atom = st.one_of(single, single, single, st.composite(lambda draw: _run(draw))())

    def _corpus():
        """Real prose and code from the standard library, read at run time."""
        parts = []
        try:
            from pydoc_data.topics import topics
            parts += [topics[k] for k in sorted(topics)[:40]]
        except ImportError:
            pass
        for name in ("os.py", "argparse.py", "textwrap.py"):
            path = os.path.join(os.path.dirname(os.__file__), name)
            if os.path.exists(path):
                with open(path, encoding="utf-8", errors="replace") as f:
                    parts.append(f.read())
        return "\n".join(parts)

    CORPUS = _corpus()

    def _corpus_mix(draw):
        """A slice of real text with a few hard atoms dropped into it."""
        start = draw(st.integers(0, len(CORPUS) - 1))
        text = CORPUS[start:start + draw(st.integers(1, 400))]
        for _ in range(draw(st.integers(0, 5))):
            i = draw(st.integers(0, len(text)))
            text = text[:i] + draw(atom) + text[i:]
        return text

    texts = st.one_of(st.lists(atom, max_size=24).map("".join),
                      st.text(max_size=40),  # hypothesis's own text strategy
                      st.lists(st.one_of(letters, marks, whitespace, contraction, numbers), max_size=30).map("".join),
                      st.composite(lambda draw: _corpus_mix(draw))())

    # -- the encodings ------------------------------------------------------------

    def _both(name):
        return tokenizer.get_encoding(name), reference.encoding(name)

    def _outcome(f, *args, **kw):
        """The result of f, or the type of the exception it raised (compared, not the message)."""
        try:
            return f(*args, **kw)
        except (ValueError, KeyError, TypeError) as e:
            return type(e).__name__

    @functools.lru_cache(maxsize=None)
    def _valid_ids(name):
        ref = reference.encoding(name)
        return sorted(set(ref._mergeable_ranks.values()) | set(ref._special_tokens.values()))

    @functools.lru_cache(maxsize=None)
    def _aliased_specials(name):
        """Special tokens that share their id with another, and so do not round-trip:
        o200k_harmony's <|reserved_200018|> decodes as <|endofprompt|>, in tiktoken too
        (found by this fuzzer; see the fixture)."""
        specials = reference.encoding(name)._special_tokens
        ids = list(specials.values())
        return [t for t, i in specials.items() if ids.count(i) > 1]

    NAMES = reference.NAMES

    @pytest.mark.parametrize("name", NAMES)
    @FUZZ
    @given(text=texts)
    def test_fuzz_encode(name, text):
        ours, ref = _both(name)
        expected = ref.encode_ordinary(text)
        assert ours.encode_ordinary(text) == expected
        assert ours.encode(text, disallowed_special=()) == expected
        # the default: any special-token text raises ValueError, in both
        assert _outcome(ours.encode, text) == _outcome(ref.encode, text)

    @pytest.mark.parametrize("name", NAMES)
    @FUZZ
    @given(text=texts, data=st.data())
    def test_fuzz_encode_specials(name, text, data):
        ours, ref = _both(name)
        specials = sorted(ref.special_tokens_set)
        # o200k_harmony has 1,091: draw from its named ones and two reserved ones, in small
        # sets (each distinct set costs both libraries a compiled pattern of ~1,000 names)
        small = len(specials) < 50
        pool = specials if small else [t for t in specials if "reserved" not in t] + specials[:2]
        allowed = data.draw(st.one_of(st.just("all"), st.sets(st.sampled_from(pool), max_size=4 if small else 2)),
                            label="allowed")
        ours_allowed = allowed if allowed == "all" else set(allowed)
        assert ours.encode(text, allowed_special=ours_allowed, disallowed_special=()) == \
            ref.encode(text, allowed_special=allowed, disallowed_special=())
        assert _outcome(ours.encode, text, allowed_special=ours_allowed) == \
            _outcome(ref.encode, text, allowed_special=allowed)

    @pytest.mark.parametrize("name", NAMES)
    @FUZZ
    @given(data=st.data())
    def test_fuzz_decode(name, data):
        ours, ref = _both(name)
        how = data.draw(st.sampled_from(["random ids", "slice of an encoding"]), label="how")
        if how == "random ids":
            valid = _valid_ids(name)
            ids = data.draw(st.lists(st.integers(0, len(valid) - 1).map(valid.__getitem__), max_size=16), label="ids")
        else:  # ids of real text, cut anywhere (often inside a UTF-8 sequence)
            text = data.draw(texts, label="text")
            full = ref.encode(text, allowed_special="all")
            i = data.draw(st.integers(0, len(full)), label="start")
            j = data.draw(st.integers(i, len(full)), label="end")
            ids = full[i:j]
            if (i, j) == (0, len(full)) and not any(0xD800 <= ord(c) < 0xE000 for c in text) \
                    and not any(alias in text for alias in _aliased_specials(name)):
                assert ours.decode(ids) == text  # a whole encoding of surrogate-free text round-trips
        assert ours.decode_bytes(ids) == ref.decode_bytes(ids)
        assert ours.decode(ids) == ref.decode(ids)
        assert ours.decode(ids, errors="ignore") == ref.decode(ids, errors="ignore")
        assert ours.decode_tokens_bytes(ids) == ref.decode_tokens_bytes(ids)
        assert _outcome(ours.decode_with_offsets, ids) == _outcome(ref.decode_with_offsets, ids)
        for t in ids[:4]:
            assert ours.decode_single_token_bytes(t) == ref.decode_single_token_bytes(t)
