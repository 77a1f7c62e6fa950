"""The package's ids against tiktoken's, on every text of the generated fixture set.

The texts come from tests/tools/textgen.py (rebuilt here; their digest must equal
the one recorded in the fixture), the expected ids from tiktoken through
tests/tools/make_fixtures.py (stored in tests/fixtures/<encoding>.json.gz as block
digests, per-text counts and sampled full ids).  Needs only pytest and the package.

For a one-screen report of texts, tokens and mismatches per encoding:
    python tests/tools/make_fixtures.py --check
"""
import functools
import os
import sys

import pytest

import tokenizer

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "tools"))
import make_fixtures as fx  # noqa: E402
import textgen  # noqa: E402

FAMILIES = list(textgen.FAMILIES)
SHOWN_BLOCKS = 3  # failing blocks described in full in one failure message


@functools.lru_cache(maxsize=None)
def texts(family):
    return textgen.generate(family)


@functools.lru_cache(maxsize=None)
def text_digest(family):
    return textgen.text_digest(texts(family))


@functools.lru_cache(maxsize=None)
def fixture(name):
    return fx.load(name)


def generator_note(name):
    info = fixture(name)["generator"]
    return (f"the fixture was made by textgen version {info['version']}, seed {info['seed']:#x}; textgen is now "
            f"version {textgen.VERSION}, seed {textgen.SEED:#x}. If the texts changed on purpose, bump "
            "textgen.VERSION and run tests/tools/make_fixtures.py; otherwise textgen lost its determinism")


def test_fixtures_exist_for_every_encoding_and_family():
    assert fx.NAMES == tokenizer.list_encoding_names()
    for name in fx.NAMES:
        data = fixture(name)
        assert data["format"] == fx.FORMAT and data["encoding"] == name
        assert sorted(data["families"]) == sorted(FAMILIES), f"{name}: {generator_note(name)}"
        for family, want in data["families"].items():
            assert want["texts"] > 0 and "ordinary" in want["modes"]
            assert ("special" in want["modes"]) == ("raises" in want["modes"]) == (family == "specials")


@pytest.mark.parametrize("family", FAMILIES)
def test_generator_makes_the_fixture_texts(family):
    got = texts(family)
    for name in fx.NAMES:
        want = fixture(name)["families"][family]
        assert (len(got), text_digest(family)) == (want["texts"], want["text_sha256"]), \
            f"{family}: textgen.py now makes other texts than {name}'s fixture was made from: {generator_note(name)}"


def _token_bytes(enc, ids):
    out = []
    for t in ids:
        try:
            out.append(enc.decode_single_token_bytes(t))
        except Exception as e:  # an id the package cannot decode is itself worth showing
            out.append(f"<{type(e).__name__}>")
    return out


def describe_text(enc, i, text, want, got):
    """Where one text's ids part from tiktoken's, with the text around that place."""
    k = next((j for j, (a, b) in enumerate(zip(want, got)) if a != b), min(len(want), len(got)))
    try:
        done = len(enc.decode_bytes(want[:k]).decode("utf-8", "replace"))
    except Exception:
        done = 0
    lo = max(0, done - 30)
    where = repr(text) if len(text) <= 120 else f"...{text[lo:done + 60]!r}... (chars {lo}- of {len(text)})"
    return (f"    text {i}: {where}\n"
            f"      first difference at id {k} of {len(want)} (ours: {len(got)} ids)\n"
            f"      tiktoken: {want[max(0, k - 2):k + 6]} = {_token_bytes(enc, want[max(0, k - 2):k + 6])}\n"
            f"      ours:     {got[max(0, k - 2):k + 6]} = {_token_bytes(enc, got[max(0, k - 2):k + 6])}")


def describe_block(enc, b, ts, got, want):
    """Which text of a block whose digest differs is wrong: by sampled ids, else by counts,
    else the block's texts, named by their first characters."""
    block = want["block"]
    lo, hi = b * block, min((b + 1) * block, len(ts))
    samples = dict(zip(want["sample_index"], want["sample_ids"]))
    for i in range(lo, hi):
        if i in samples and samples[i] != got[i]:
            return describe_text(enc, i, ts[i], samples[i], got[i])
    for i in range(lo, hi):
        if len(got[i]) != want["counts"][i]:
            return (f"    text {i} (not sampled): tiktoken gives {want['counts'][i]} ids, ours {len(got[i])}: "
                    f"{ts[i][:80]!r}{'...' if len(ts[i]) > 80 else ''}")
    rows = [f"    text {i}: {ts[i][:40]!r}{'...' if len(ts[i]) > 40 else ''}" for i in range(lo, hi)]
    return f"    block {b} (texts {lo}-{hi - 1}; same id counts, different ids), one of:\n" + "\n".join(rows)


def compare(enc, family, mode, ts, got, want):
    """Failure messages for one mode; empty when every block digest matches."""
    digests = fx.block_digests(got, want["block"])
    bad = [b for b, (g, w) in enumerate(zip(digests, want["digests"])) if g != w]
    if not bad and len(digests) == len(want["digests"]):
        return []
    head = (f"{enc.name} {family} {mode}: {len(bad)} of {len(want['digests'])} blocks of {want['block']} texts "
            f"differ from tiktoken ({len(ts)} texts, {want['tokens']} tokens compared; ours gave "
            f"{sum(map(len, got))} tokens)")
    return [head] + [describe_block(enc, b, ts, got, want) for b in bad[:SHOWN_BLOCKS]]


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize("name", fx.NAMES)
def test_ids_match_tiktoken(name, family):
    want = fixture(name)["families"][family]
    ts = texts(family)
    assert (len(ts), text_digest(family)) == (want["texts"], want["text_sha256"]), \
        f"{family}: the generated texts are not the fixture's: {generator_note(name)}"
    enc = tokenizer.get_encoding(name)
    failures = compare(enc, family, "ordinary", ts, [enc.encode_ordinary(t) for t in ts], want["modes"]["ordinary"])
    if "special" in want["modes"]:
        got = [enc.encode(t, allowed_special="all") for t in ts]
        failures += compare(enc, family, 'allowed_special="all"', ts, got, want["modes"]["special"])
        raised = [i for i, t in enumerate(ts) if fx._raises(enc.encode, t)]
        expected = want["modes"]["raises"]
        if raised != expected:
            wrong = sorted(set(raised) ^ set(expected))
            failures.append(f"{name} {family} encode() with every special token disallowed: {len(wrong)} texts "
                            f"where ours {'raises' if wrong[0] in raised else 'does not raise'} ValueError and "
                            f"tiktoken {'does not' if wrong[0] in raised else 'does'}; the first: {ts[wrong[0]]!r}")
    assert not failures, "\n".join(failures)
