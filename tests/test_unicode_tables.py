"""The pattern translator's character classes equal tiktoken's on every code point.

Technique: an Encoding whose rank table is the 256 single bytes and whose pattern is
one character class keeps exactly the text the class matches (tiktoken and we both
drop what the pattern does not match), and with single-byte ranks decoding gives
that text back.  So decode(encode_ordinary(every character)) is the class's member
list, in code point order, for tiktoken and for tokenizer alike.  The class is
written `(?:CLASS){1,16}` rather than bare: a run of members is then one piece
instead of sixteen, which is much faster and keeps the same characters.

"Every character" is U+0000..U+10FFFF without the surrogates, which a str can hold
but tiktoken replaces before matching (tests/test_conformance.py covers them).

Case-insensitive matching gets a second, finer sweep: for every code point that
takes part in case folding (src/tokenizer/_unicode.py CASE_ORBITS), the characters
that (?i:<that code point>) matches, in both; see test_case_orbit_sweep.
"""
import math
import unicodedata

import pytest

tiktoken = pytest.importorskip("tiktoken")

import tokenizer  # noqa: E402
from tokenizer._unicode import CASE_ORBITS  # noqa: E402

EVERY_CHAR = "".join(map(chr, [*range(0xD800), *range(0xE000, 0x110000)]))
BYTES = {bytes([i]): i for i in range(256)}
ENGINES = {"tiktoken": tiktoken.Encoding, "tokenizer": tokenizer.Encoding}


def matched_text(engine, pat_str, text):
    """The parts of text that pat_str matches, concatenated, as engine sees them."""
    enc = ENGINES[engine]("sweep", pat_str=pat_str, mergeable_ranks=BYTES, special_tokens={})
    return enc.decode(enc.encode_ordinary(text), errors="strict")


def members(engine, cls):
    return matched_text(engine, "(?:%s){1,16}" % cls, EVERY_CHAR)


def describe(chars):
    return ", ".join("U+%04X %s" % (ord(c), unicodedata.name(c, "(no name in this Python)")) for c in chars)


def assert_same_members(what, expected, got):
    if got == expected:
        return
    missing = sorted(set(expected) - set(got))
    extra = sorted(set(got) - set(expected))
    assert not (missing or extra), (
        f"{what}: {len(missing)} code points tiktoken matches and we do not: {describe(missing[:10])}; "
        f"{len(extra)} we match and tiktoken does not: {describe(extra[:10])}")
    assert got == expected, f"{what}: same members in a different order or repeated"


CLASSES = [
    # the classes of the OpenAI patterns, and their parts
    r"\p{L}", r"\p{Lu}", r"\p{Ll}", r"\p{Lt}", r"\p{Lm}", r"\p{Lo}", r"\p{M}", r"\p{N}", r"\p{Nd}",
    r"\s", r"\S", r"[^\s\p{L}\p{N}]", r"[^\r\n\p{L}\p{N}]", r"[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]",
    r"[\p{Ll}\p{Lm}\p{Lo}\p{M}]", r"[\r\n]", r"[\r\n/]",
    # other forms a user's pattern may use
    r"\d", r"\D", r"\p{Mn}", r"\p{Mc}", r"\p{Me}", r"\p{Nl}", r"\p{No}", r"\P{L}", r"\p{P}", r"\p{S}",
    r"\p{Z}", r"\p{Zs}", r"\p{Cf}", r"\p{Co}", r"\p{Cn}", r"\p{Letter}", r"\p{Uppercase_Letter}",
    r"\p{White_Space}", r"[^\P{N}]", r".",
]

ICASE_CLASSES = [
    r"(?i:s)", r"(?i:S)", r"(?i:k)", r"(?i:K)", r"(?i:i)", r"(?i:I)", r"(?i:d)", r"(?i:[sdmt])", r"(?i:[a-z])",
    r"(?i:[A-Z])", r"(?i:[^a-z])", r"(?i:ß)", r"(?i:σ)", r"(?i:µ)", r"(?i:ǅ)", r"(?i:[\x{100}-\x{17f}])",
    r"(?i:\p{Lu})", r"(?i:\p{Ll})", r"(?i:\p{Lt})", r"(?i:[\x{10400}-\x{1044f}])",
]


@pytest.mark.parametrize("cls", CLASSES + ICASE_CLASSES)
def test_class_members(cls):
    expected = members("tiktoken", cls)
    assert expected, f"{cls} matches nothing in tiktoken: the sweep would test nothing"
    assert_same_members(cls, expected, members("tokenizer", cls))


# ---------------------------------------------------------------------------
# The case-orbit sweep: (?i:c) for each code point c that case folding touches.
#
# Asking each engine about each c separately works but is slow for us (a pattern
# build per query), so queries are batched in three steps, each exact:
#  1. the universe: one pattern, the alternation of all the (?i:c), over every
#     character, gives every character any query can match;
#  2. bounds: the queries are split into groups two different ways; one tagged
#     pattern (below) gives, for each group, the characters of the universe that
#     some query in it matches.  A query's matches lie in both of its groups' results;
#  3. exact: one tagged pattern tests each query against that (small) intersection.
# Each step compares tiktoken with us, and step 3 compares the full answer.

QUERIES = sorted({cp for orbit in CASE_ORBITS for cp in orbit})
TAG_A, TAG_B = 0xE000, 0xE800  # private-use characters: no case, in no orbit


def tagged_matches(engine, queries, pairs):
    """The (query index, character) pairs for which character matches queries[index].

    queries are pattern fragments that match one character.  Each pair goes into
    the text as three characters, two tags naming the query and then the character;
    the pattern is an alternation that, after the tags of query i, tries query i
    only.  Matches are therefore whole triples, and the matched text lists them.
    """
    side = max(1, math.isqrt(len(queries) - 1) + 1)
    assert side <= TAG_B - TAG_A
    branches = []
    for a in range(0, len(queries), side):
        inner = "|".join("\\x{%x}(?:%s)" % (TAG_B + j, q) for j, q in enumerate(queries[a:a + side]))
        branches.append("\\x{%x}(?:%s)" % (TAG_A + a // side, inner))
    text = []
    for i, ch in pairs:
        assert not TAG_A <= ord(ch) < TAG_B + side, "a tag character cannot be tested"
        text.append(chr(TAG_A + i // side) + chr(TAG_B + i % side) + ch)
    out = matched_text(engine, "|".join(branches), "".join(text))
    assert len(out) % 3 == 0
    return {((ord(out[k]) - TAG_A) * side + ord(out[k + 1]) - TAG_B, out[k + 2]) for k in range(0, len(out), 3)}


def literal(cp):
    return "(?i:\\x{%x})" % cp


def case_relation(engine):
    """{query code point: the set of characters (?i:<it>) matches}, and the universe."""
    universe = set(matched_text(engine, "|".join(map(literal, QUERIES)), EVERY_CHAR))
    universe |= set(map(chr, QUERIES))
    chars = sorted(universe)
    groupings = [[QUERIES[g::48] for g in range(48)], [QUERIES[g:g + 64] for g in range(0, len(QUERIES), 64)]]
    bounds = {cp: set(chars) for cp in QUERIES}
    for groups in groupings:
        pattern_parts = ["(?:%s)" % "|".join(map(literal, group)) for group in groups]
        found = tagged_matches(engine, pattern_parts, [(g, ch) for g in range(len(groups)) for ch in chars])
        hit = {g: {ch for gg, ch in found if gg == g} for g in range(len(groups))}
        for g, group in enumerate(groups):
            for cp in group:
                bounds[cp] &= hit[g]
    pairs = [(i, ch) for i, cp in enumerate(QUERIES) for ch in sorted(bounds[cp])]
    found = tagged_matches(engine, [literal(cp) for cp in QUERIES], pairs)
    relation = {cp: set() for cp in QUERIES}
    for i, ch in found:
        relation[QUERIES[i]].add(ch)
    return universe, relation


def test_tagged_matches_finds_what_it_should():
    # the batching helper itself, on facts about case folding that hold in both engines
    # (simple case folding: K, k and KELVIN SIGN are one orbit; a digit has no case)
    queries = [literal(0x6B), literal(0x30), r"\p{Lu}"]
    pairs = [(0, "K"), (0, "k"), (0, "\u212a"), (0, "x"), (1, "0"), (1, "O"), (2, "A"), (2, "a")]
    for engine in ENGINES:
        assert tagged_matches(engine, queries, pairs) == {(0, "K"), (0, "k"), (0, "\u212a"), (1, "0"), (2, "A")}


def test_case_orbit_sweep():
    """For every code point c in the case-folding table, (?i:c) matches the same
    characters in tiktoken and in tokenizer."""
    expected_universe, expected = case_relation("tiktoken")
    got_universe, got = case_relation("tokenizer")
    assert_same_members("characters some (?i:c) matches", "".join(sorted(expected_universe)),
                        "".join(sorted(got_universe)))
    bad = [cp for cp in QUERIES if got[cp] != expected[cp]]
    assert not bad, f"{len(bad)} of {len(QUERIES)} case-insensitive literals differ:\n" + "\n".join(
        f"  (?i:{chr(cp)}) U+{cp:04X}: tiktoken matches [{describe(sorted(expected[cp]))}], "
        f"we match [{describe(sorted(got[cp]))}]" for cp in bad[:12])
    # the sweep must have had something to find: most literals match more than themselves
    assert sum(len(v) > 1 for v in expected.values()) > len(QUERIES) // 2
