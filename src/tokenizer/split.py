"""Text -> pieces: the split pattern run by `re`, and where text may be cut without
changing the pieces.

    Splitter(pat_str).split(text) -> pieces     exactly the matches tiktoken's pattern finds
    cut_rules(tree)                             the proven places to cut text (see below)
    CHUNK_SPLIT(text) -> chunks                 text cut before each space that follows a
                                                character other than whitespace

Big Unicode classes are slow in `re` only because of their astral (> U+FFFF) ranges,
which it tests one by one.  So each pattern is compiled twice, small:
  - an ASCII pattern, used when text.isascii(): each class lists its ASCII members;
  - a BMP pattern with each class exact below U+10000.  Text with astral characters is
    first translated (same length) so that each astral character becomes a BMP character
    with the same membership in every class of the pattern (or, where none exists, one
    astral stand-in that the classes list); the pieces are then cut from the original.
"""
from __future__ import annotations

import re
import sys
from bisect import bisect_right
from itertools import accumulate

from .pattern import (GROUP_POSSESSIVE, MAX_CP, POSSESSIVE, WHITE_SPACE, class_text, collect_sets, compile_tree,
                      complement, intersect, normalize, parse)

# The OpenAI split patterns (r50k_base and p50k_base share the first).
R50K_PATTERN = r"""'(?:[sdmt]|ll|ve|re)| ?\p{L}++| ?\p{N}++| ?[^\s\p{L}\p{N}]++|\s++$|\s+(?!\S)|\s"""
CL100K_PATTERN = (r"""'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|"""
                  r"""\s++$|\s*[\r\n]|\s+(?!\S)|\s""")
O200K_PATTERN = "|".join([
    r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
    r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
    r"""\p{N}{1,3}""",
    r""" ?[^\s\p{L}\p{N}]+[\r\n/]*""",
    r"""\s*[\r\n]+""",
    r"""\s+(?!\S)""",
    r"""\s+""",
])

_ASTRAL_RUN = re.compile("[\U00010000-\U0010FFFF]+")
_HEADER: int | None
try:
    _HEADER = sys.getsizeof("\u0100") - 4  # a compact non-ASCII str takes _HEADER + kind * (len + 1) bytes
except TypeError:  # PyPy has no sys.getsizeof
    _HEADER = None


def _bmp_only(text):
    """No character above U+FFFF?  CPython stores a str 1 or 2 bytes a character exactly
    when it has none, which its size tells in O(1); otherwise (or elsewhere) search."""
    if _HEADER is not None:
        size = sys.getsizeof(text) - _HEADER
        if size == len(text) + 1 or size == 2 * (len(text) + 1):
            return True
    return _ASTRAL_RUN.search(text) is None


def _findall(rx):
    if not rx.groups:
        return rx.findall
    group = re.Match.group  # patterns with emulated atomic groups (before 3.11) capture
    return lambda s: list(map(group, rx.finditer(s)))


class Splitter:
    """Splits text into pieces exactly as tiktoken's pattern does.

    >>> Splitter(R50K_PATTERN).split("Hello, world!")
    ['Hello', ',', ' world', '!']
    """

    def __init__(self, pat_str):
        self.tree = parse(pat_str)
        self.ascii = _findall(compile_tree(self.tree, ((0, 127),)))
        self.bmp_re = self.bmp = self.astral = None  # built on first non-ASCII text
        self.cuts = cut_rules(self.tree)

    def split(self, text):
        if text.isascii():
            return self.ascii(text)
        if self.bmp is None:
            self._build()
        if _bmp_only(text):
            return self.bmp(text)
        # Stand in for each astral character (same length), split, then put the original
        # characters back into the pieces that hold them.
        runs = []

        def stand_in(m):
            runs.append(m.span())
            return m.group().translate(self.astral)
        t = _ASTRAL_RUN.sub(stand_in, text)
        pieces = self.bmp(t)
        ends = list(accumulate(map(len, pieces)))
        if not ends or ends[-1] != len(text):  # the pattern skips text: cut each match by its span
            return [text[a:b] for a, b in map(re.Match.span, self.bmp_re.finditer(t))]
        for a, b in runs:
            for k in range(bisect_right(ends, a), bisect_right(ends, b - 1) + 1):
                pieces[k] = text[ends[k - 1] if k else 0:ends[k]]
        return pieces

    def _build(self):
        """The BMP pattern, and the astral stand-in table that serves it."""
        sets = []
        collect_sets(self.tree, sets)
        # sweep the boundaries of all sets once: between two boundaries every code
        # point has the same membership in every set (a bit mask, its signature)
        flips = {0x10000: 0, MAX_CP + 1: 0}
        for bit, rs in enumerate(dict.fromkeys(sets)):
            for lo, hi in rs:
                flips[lo] = flips.get(lo, 0) ^ (1 << bit)
                flips[hi + 1] = flips.get(hi + 1, 0) ^ (1 << bit)
        bounds = sorted(flips)
        mask, first_bmp, astral = 0, {}, []
        for lo, hi in zip(bounds, bounds[1:]):
            mask ^= flips[lo]
            if hi <= 0x10000:
                first_bmp.setdefault(mask, lo)
            else:
                astral.append((lo, hi, mask))
        # each astral code point becomes a BMP character of the same signature, or
        # else the first astral code point of that signature, which the classes list
        stand_in, extra = {}, []
        for lo, hi, mask in astral:
            if mask not in stand_in:
                stand_in[mask] = first_bmp.get(mask, lo)
                if stand_in[mask] == lo:
                    extra.append((lo, lo))
        self.astral = _StandIns([lo for lo, _, _ in astral], [chr(stand_in[mask]) for _, _, mask in astral])
        self.bmp_re = compile_tree(self.tree, normalize([(0, 0xFFFF)] + extra))
        self.bmp = _findall(self.bmp_re)


class _StandIns(dict):
    """The str.translate table for astral code points: each to its stand-in, looked up
    in the segment list on first sight and remembered (at most 4,096 remembered)."""

    __slots__ = ("starts", "chars")

    def __init__(self, starts, chars):
        self.starts, self.chars = starts, chars

    def __missing__(self, cp):
        if len(self) >= 4096:
            self.clear()
        c = self[cp] = self.chars[bisect_right(self.starts, cp) - 1]
        return c


_SPLITTERS: dict = {}


def splitter(pat_str):
    """One compiled splitter per pattern, shared by every Encoding that uses it (the
    registry's seven encodings use three patterns); at most 16 are kept."""
    sp = _SPLITTERS.get(pat_str)
    if sp is None:
        if len(_SPLITTERS) >= 16:
            _SPLITTERS.clear()
        sp = _SPLITTERS.setdefault(pat_str, Splitter(pat_str))
    return sp


# ---------------------------------------------------------------------------
# Where text may be cut: THE cut rule, and its proof.
#
# Cutting text at c is safe when the pieces of text[:c] and of text[c:], split alone,
# are the pieces of the whole text.  A rule names a class of characters A and a class B;
# it says: cut between a character of A and a following character of B.  It is proven for
# a pattern when the pattern's tree shows all of these:
#   1. no lookbehind and no start anchor (^, \A): matching text[c:] alone starts exactly
#      as matching the whole text does at c;
#   2. the pattern cannot match the empty string (at the end of text[:c] it finds nothing);
#   3. after any step that can take a character of A, no step can take a character of B,
#      and none is an end anchor ($, \z).
# Then every match attempt that started before c and reached c fails there in the whole
# text (the next character is in B) exactly as it fails at the end of text[:c]; a
# lookahead at c sees a B character in one and the end in the other, and by (3) takes
# neither, so it answers the same; so the attempts before c, and their results, are the
# same in both, and no piece spans c.
#
# "Can follow" is worked out on the tree as Glushkov's construction does for regular
# expressions: each set (a step that takes one character) and each end anchor is a
# position; first(node), last(node) and nullable(node) give, for each position, the
# positions that can come right after it.  Repeat counts are not tracked ({1,3} is taken
# as +), which can only add follows: the check stays sound, at worst it refuses a rule.
# A lookahead is a way into its own positions that gives nothing back to what follows.

_SPACE = ((0x20, 0x20),)
_NOT_WHITE = complement(WHITE_SPACE)
_LETTER_OR_DIGIT = normalize(r for cat in ("L", "N") for r in parse(r"[\p{%s}]" % cat)[1])
_PUNCT_NOT_APOSTROPHE = intersect(parse(r"[\p{P}\p{S}]")[1], complement(((0x27, 0x27),)))

# The rules the library uses: a space after a character other than whitespace ("word| next";
# the chunk cache and `count` cut there), and a letter or digit before punctuation or a
# symbol other than "'" ("x|," ; `count` also cuts there, for text without spaces).
SPACE_RULE = (_NOT_WHITE, _SPACE)
PUNCT_RULE = (_LETTER_OR_DIGIT, _PUNCT_NOT_APOSTROPHE)


def _positions(tree):
    """(leaves, follow, nullable, safe_shape): the Glushkov positions of the tree, what
    can follow each, whether the whole can match empty, and whether it has no lookbehind
    and no start anchor."""
    leaves, follow, shape = [], [], [True]

    def walk(node):  # -> (first, last, nullable)
        kind = node[0]
        if kind in ("set", "end"):
            leaves.append(node)
            follow.append(set())
            i = len(leaves) - 1
            return {i}, {i}, kind == "end"
        if kind == "start" or kind == "look" and node[1] in ("<=", "<!"):
            shape[0] = False
            return set(), set(), True
        if kind == "look":
            first, _, _ = walk(node[2])
            return first, set(), True
        if kind == "atomic":
            return walk(node[1])
        if kind == "alt":
            parts = [walk(b) for b in node[1]]
            return (set().union(*(p[0] for p in parts)), set().union(*(p[1] for p in parts)),
                    any(p[2] for p in parts))
        if kind == "seq":
            first, last, nullable = set(), set(), True
            for item in node[1]:
                f, lst, n = walk(item)
                for i in last:
                    follow[i] |= f
                if nullable:
                    first |= f
                last = lst | last if n else lst
                nullable = nullable and n
            return first, last, nullable
        _, item, lo, hi, _ = node  # rep
        first, last, nullable = walk(item)
        if hi is None or hi > 1:
            for i in last:
                follow[i] |= first
        return first, last, nullable or lo == 0

    _, _, nullable = walk(tree)
    return leaves, follow, nullable, shape[0]


def _meets(a, b):
    """Whether two sets of code points share one."""
    i = j = 0
    while i < len(a) and j < len(b):
        if a[i][1] < b[j][0]:
            i += 1
        elif b[j][1] < a[i][0]:
            j += 1
        else:
            return True
    return False


def proves(tree, rule):
    """Whether the tree shows that `rule` (a pair of classes A, B) is a safe cut (see above)."""
    before, after = rule
    leaves, follow, nullable, shape = _positions(tree)
    if nullable or not shape:
        return False
    stops = [leaf[0] == "end" or _meets(leaf[1], after) for leaf in leaves]
    return not any(leaf[0] == "set" and _meets(leaf[1], before) and any(map(stops.__getitem__, nxt))
                   for leaf, nxt in zip(leaves, follow))


def cut_rules(tree):
    """The library's rules that the pattern's tree proves: a subset of (SPACE_RULE, PUNCT_RULE)."""
    return tuple(rule for rule in (SPACE_RULE, PUNCT_RULE) if proves(tree, rule))


_W = class_text(WHITE_SPACE)
# Chunks end before each space that follows a character other than whitespace (SPACE_RULE):
# a space, the rest up to the next space, then more spaces and the rest while whitespace
# comes before them.  Runs of one literal are `re`'s fastest loop (~15% faster than classes
# of whitespace); possessive where `re` gets it right (pattern.py), though nothing here
# backtracks: from 3.11.5 the possessive group is 15-35% faster than a greedy or atomic one.
CHUNK_SPLIT = re.compile(" ?[^ ]*{p}(?:(?<=[{W}]) +{p}[^ ]*{p})*{g}".format(
    W=_W, p="+" if POSSESSIVE else "", g="+" if GROUP_POSSESSIVE else "")).findall
# Units, one level above chunks, for long text: a line (up to and with its newline), then on to
# the next SPACE_RULE cut, so a unit starts and ends where chunks do; text with no newline left
# is one last unit.  Content-defined: a unit does not shift when earlier text changes.
UNIT_SPLIT = re.compile("[^\\n]*{p}\\n[^ ]*{p}(?:(?<=[{W}]) +{p}[^ ]*{p})*{g}|[\\s\\S]+".format(
    W=_W, p="+" if POSSESSIVE else "", g="+" if GROUP_POSSESSIVE else "")).findall
NEXT_CUT = re.compile(f"(?<=[^{_W}]) ").search  # the first SPACE_RULE cut at or after a position
_CUTS: dict = {}  # rules -> the compiled search for their places, made on first use


def cut_places(text, rules, start=1):
    """The places c >= start in text where `rules` allow a cut, in order."""
    if not rules:
        return iter(())
    rx = _CUTS.get(rules)
    if rx is None:
        rx = _CUTS[rules] = re.compile("|".join(f"(?<=[{class_text(a)}])(?=[{class_text(b)}])" for a, b in rules))
    return map(re.Match.start, rx.finditer(text, max(1, start)))


def last_cut(text, rules, window=1 << 16):
    """The last place in text where `rules` allow a cut, looked for in the last `window`
    characters only; 0 if there is none."""
    last = 0
    for last in cut_places(text, rules, len(text) - window):
        pass
    return last
