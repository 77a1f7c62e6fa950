"""Byte-level BPE with tiktoken's ids, in pure Python.

Text flows one way:  text -> chunks -> chunk cache -> split (regex) -> piece cache
                     -> BPE merge -> ids  (chunks only for the OpenAI patterns),
and back:            ids -> bytes table -> bytes -> str.

This module stands alone (stdlib only, plus the generated Unicode tables) so it can
be vendored as one file.  The hot path is C: `re.findall` splits, a dict subclass
serves cached pieces, and `list +=` of each cached tuple joins them (functools.reduce);
Python runs only on a cache miss.
"""
import re
import sys
from array import array
from bisect import bisect_right
from functools import lru_cache, reduce
from heapq import heapify, heappop, heappush
from itertools import accumulate, chain, filterfalse, repeat
from operator import add, iadd, itemgetter

from ._unicode import CASE_ORBITS, CATEGORIES, CATEGORY_RANGES, WHITE_SPACE  # vendor: inline

__all__ = ["Encoding"]

MAX_CP = 0x10FFFF


def _re_does(pattern, text, span):
    """Whether the running `re` compiles `pattern` and gives `span` for its first match in `text`
    (None: no match).  Features are chosen by what `re` does, not by version number alone."""
    try:
        m = re.search(pattern, text)
    except re.error:
        return False
    return (m and m.span()) == span


# `re` learned atomic groups and possessive quantifiers in 3.11.  A possessive repeat of a
# single set is POSSESSIVE_REPEAT_ONE, right from 3.11.0; a possessive repeat of a group
# was wrong up to 3.11.4 (Debian 12's python3.11 is 3.11.2): it matched where the greedy
# form fails, and it loops forever on a group holding a lookbehind, `(?:(?<= )x)*+`.  The
# first bug is the safe probe for the second (both went with CPython gh-106052's fix);
# where it shows, groups are repeated inside an atomic group, which those versions get right.
_POSSESSIVE = _re_does(r"(?>a*)a|[ab]*+b", "aab", None)
_GROUP_POSSESSIVE = _POSSESSIVE and _re_does(r"(?:ab?c)*+$", "a", (1, 1))

# ---------------------------------------------------------------------------
# Sets of code points: sorted tuples of disjoint inclusive (lo, hi) ranges.


def _normalize(ranges):
    out = []
    for lo, hi in sorted(ranges):
        if out and lo <= out[-1][1] + 1:
            if hi > out[-1][1]:
                out[-1] = (out[-1][0], hi)
        else:
            out.append((lo, hi))
    return tuple(out)


@lru_cache(maxsize=256)
def _union(sets):
    """The union of a tuple of sets (a pattern repeats its classes: each is worked out once)."""
    return sets[0] if len(sets) == 1 else _normalize(r for rs in sets for r in rs)


def _complement(rs):
    out, nxt = [], 0
    for lo, hi in rs:
        if lo > nxt:
            out.append((nxt, lo - 1))
        nxt = hi + 1
    if nxt <= MAX_CP:
        out.append((nxt, MAX_CP))
    return tuple(out)


def _intersect(a, b):
    out, i, j = [], 0, 0
    while i < len(a) and j < len(b):
        lo, hi = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if lo <= hi:
            out.append((lo, hi))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return tuple(out)


def _contains(rs, cp):
    i = bisect_right(rs, (cp, MAX_CP + 1)) - 1
    return i >= 0 and rs[i][0] <= cp <= rs[i][1]


def _category_set(cats):
    """The code points whose general category is one of `cats` (two-letter names)."""
    return _normalize(r for c in cats for r in CATEGORY_RANGES[c])


_LONG_NAMES = {
    "letter": "L", "casedletter": "LC", "uppercaseletter": "Lu", "lowercaseletter": "Ll",
    "titlecaseletter": "Lt", "modifierletter": "Lm", "otherletter": "Lo", "mark": "M",
    "combiningmark": "M", "nonspacingmark": "Mn", "spacingmark": "Mc", "enclosingmark": "Me",
    "number": "N", "decimalnumber": "Nd", "letternumber": "Nl", "othernumber": "No",
    "punctuation": "P", "connectorpunctuation": "Pc", "dashpunctuation": "Pd",
    "openpunctuation": "Ps", "closepunctuation": "Pe", "initialpunctuation": "Pi",
    "finalpunctuation": "Pf", "otherpunctuation": "Po", "symbol": "S", "mathsymbol": "Sm",
    "currencysymbol": "Sc", "modifiersymbol": "Sk", "othersymbol": "So", "separator": "Z",
    "spaceseparator": "Zs", "lineseparator": "Zl", "paragraphseparator": "Zp", "other": "C",
    "control": "Cc", "format": "Cf", "surrogate": "Cs", "privateuse": "Co", "unassigned": "Cn",
    "whitespace": "White_Space", "any": "Any",
}


@lru_cache(maxsize=None)
def _property_set(name):
    """The set for \\p{name}: a general category (short or long name), White_Space or Any."""
    key = _LONG_NAMES.get(name.replace("_", "").replace(" ", "").replace("-", "").lower(), name)
    if key == "White_Space":
        return WHITE_SPACE
    if key == "Any":
        return ((0, MAX_CP),)
    if key == "LC":
        return _category_set({"Lu", "Ll", "Lt"})
    cats = {c for c in CATEGORIES if c == key or c[0] == key}
    if not cats:
        raise ValueError(f"pattern uses \\p{{{name}}}: only general categories, White_Space and Any are supported")
    return _category_set(cats)


_FOLD = {}  # code point -> its simple case folding orbit, filled on first use


def _case_close(rs):
    """Add every code point that equals a member under simple case folding."""
    if not _FOLD:
        _FOLD.update((cp, orbit) for orbit in CASE_ORBITS for cp in orbit)
    if sum(hi - lo + 1 for lo, hi in rs) <= 1024:
        orbits = [_FOLD[cp] for lo, hi in rs for cp in range(lo, hi + 1) if cp in _FOLD]
    else:
        orbits = [orbit for orbit in CASE_ORBITS if any(_contains(rs, cp) for cp in orbit)]
    return _normalize(rs + tuple((cp, cp) for orbit in orbits for cp in orbit)) if orbits else rs


# ---------------------------------------------------------------------------
# Pattern parser: tiktoken's (Rust regex / fancy-regex) syntax to a small tree.
# Nodes: ("set", ranges) ("seq", [nodes]) ("alt", [nodes]) ("rep", node, lo, hi, mode)
#        ("look", "=" | "!" | "<=" | "<!", node) ("atomic", node) ("start",) ("end",)
# Groups do not capture: tiktoken only ever uses the whole match.

_SIMPLE_ESCAPES = {"n": 10, "r": 13, "t": 9, "f": 12, "v": 11, "a": 7}
_CLASS_ESCAPES = {"d": ("Nd", False), "D": ("Nd", True), "s": ("White_Space", False), "S": ("White_Space", True)}


class _Parser:
    def __init__(self, pattern):
        self.p, self.i = pattern, 0

    def fail(self, what):
        raise ValueError(f"cannot translate {what} at offset {self.i} of pattern {self.p!r}")

    def peek(self, k=0):
        j = self.i + k
        return self.p[j] if j < len(self.p) else ""

    def parse(self):
        node = self.alternation(False)
        if self.i < len(self.p):
            self.fail("unbalanced ')'")
        return node

    def alternation(self, icase):
        branches = [self.sequence(icase)]
        while self.peek() == "|":
            self.i += 1
            branches.append(self.sequence(icase))
        return branches[0] if len(branches) == 1 else ("alt", branches)

    def sequence(self, icase):
        items = []
        while self.peek() not in ("", "|", ")"):
            if self.p.startswith("(?", self.i) and self.flag_group_is_bare():
                icase = self.flags(icase)  # "(?i)" changes the rest of this group
                continue
            items.append(self.quantified(self.atom(icase)))
        return items[0] if len(items) == 1 else ("seq", items)

    def flag_group_is_bare(self):
        m = re.match(r"\(\?[a-zA-Z-]*\)", self.p[self.i:])
        return m is not None

    def flags(self, icase):
        m = re.match(r"\(\?([a-zA-Z]*)(?:-([a-zA-Z]*))?[:)]", self.p[self.i:])
        on, off = m.group(1), m.group(2) or ""
        bad = set(on + off) - {"i"}
        if bad:
            self.fail(f"flag {''.join(sorted(bad))!r} (only 'i' is supported)")
        self.i += m.end()
        return ("i" in on) or (icase and "i" not in off)

    def quantified(self, node):
        c = self.peek()
        if c in ("*", "+", "?"):
            self.i += 1
            lo, hi = {"*": (0, None), "+": (1, None), "?": (0, 1)}[c]
        elif c == "{" and re.match(r"\{\d+(,\d*)?\}", self.p[self.i:]):
            m = re.match(r"\{(\d+)(?:(,)(\d*))?\}", self.p[self.i:])
            self.i += m.end()
            lo = int(m.group(1))
            hi = lo if not m.group(2) else (int(m.group(3)) if m.group(3) else None)
            if hi is not None and hi < lo:
                self.fail(f"repetition {m.group()} (max below min)")
        else:
            return node
        if node[0] in ("start", "end", "look"):
            self.fail("a quantifier on an assertion")
        mode = ""
        if self.peek() in ("?", "+"):
            mode = self.peek()
            self.i += 1
        if self.peek() in ("*", "+", "?") or (self.peek() == "{" and re.match(r"\{\d", self.p[self.i:])):
            self.fail("a repeated quantifier")
        return ("rep", node, lo, hi, mode)

    def atom(self, icase):
        c = self.peek()
        if c == "(":
            return self.group(icase)
        if c == "[":
            return self.char_class(icase)
        if c == ".":
            self.i += 1
            return ("set", _complement(((10, 10),)))
        if c == "^":
            self.i += 1
            return ("start",)
        if c == "$":
            self.i += 1
            return ("end",)
        if c in ("*", "+", "?"):
            self.fail(f"quantifier {c!r} with nothing to repeat")
        if c == "\\":
            e = self.peek(1)
            if e == "A":
                self.i += 2
                return ("start",)
            if e == "z":
                self.i += 2
                return ("end",)
            if e in "bBZGwW" or e.isdigit() and e != "0" or e == "k":
                self.fail(f"\\{e}")
        rs = self.class_item_set()
        return ("set", _case_close(rs) if icase else rs)

    def group(self, icase):
        p, start = self.p, self.i
        if p.startswith("(?", start):
            rest = p[start + 2:]
            for prefix, kind in (("=", "="), ("!", "!"), ("<=", "<="), ("<!", "<!"), (">", "atomic"), (":", "group")):
                if rest.startswith(prefix):
                    self.i = start + 2 + len(prefix)
                    break
            else:
                m = re.match(r"P?<[A-Za-z_][A-Za-z0-9_]*>", rest)
                if m:
                    self.i, kind = start + 2 + m.end(), "group"
                elif re.match(r"[a-zA-Z-]*:", rest):
                    icase, kind = self.flags(icase), "group"
                else:
                    self.fail("group syntax " + repr(p[start:start + 4]))
        else:
            self.i, kind = start + 1, "group"
        inner = self.alternation(icase)
        if self.peek() != ")":
            self.i = start
            self.fail("unclosed '('")
        self.i += 1
        if kind == "group":
            return inner
        if kind == "atomic":
            return ("atomic", inner)
        return ("look", kind, inner)

    def char_class(self, icase):
        start = self.i
        self.i += 1
        negate = self.peek() == "^"
        if negate:
            self.i += 1
        items, first = [], True
        while True:
            c = self.peek()
            if c == "":
                self.i = start
                self.fail("unclosed '['")
            if c == "]" and not first:
                self.i += 1
                break
            if c == "[" or self.p.startswith(("&&", "--", "~~"), self.i):
                self.fail("nested classes and class set operations")
            first = False
            lo_set = self.class_item_set()
            if self.peek() == "-" and self.peek(1) not in ("]", ""):
                self.i += 1
                hi_set = self.class_item_set()
                if len(lo_set) != 1 or len(hi_set) != 1 or lo_set[0][0] != lo_set[0][1] or hi_set[0][0] != hi_set[0][1]:
                    self.fail("a range whose end is a class")
                lo, hi = lo_set[0][0], hi_set[0][0]
                if hi < lo:
                    self.fail(f"range {chr(lo)!r}-{chr(hi)!r} out of order")
                items.append(((lo, hi),))
            else:
                items.append(lo_set)
        rs = _union(tuple(items))
        if icase:
            rs = _case_close(rs)
        return ("set", _complement(rs) if negate else rs)

    def class_item_set(self):
        """One literal, escape or \\p{...} class, as a set of code points."""
        c = self.peek()
        if c != "\\":
            self.i += 1
            return ((ord(c), ord(c)),)
        e = self.peek(1)
        self.i += 2
        if e in _SIMPLE_ESCAPES:
            cp = _SIMPLE_ESCAPES[e]
            return ((cp, cp),)
        if e in _CLASS_ESCAPES:
            name, neg = _CLASS_ESCAPES[e]
            rs = _property_set(name)
            return _complement(rs) if neg else rs
        if e in ("p", "P"):
            if self.peek() == "{":
                end = self.p.find("}", self.i)
                if end < 0:
                    self.fail("unclosed \\p{")
                name, self.i = self.p[self.i + 1:end], end + 1
            else:
                name = self.peek()
                self.i += 1
            if "=" in name or ":" in name:
                self.fail(f"\\{e}{{{name}}}")
            rs = _property_set(name)
            return _complement(rs) if e == "P" else rs
        if e in ("x", "u", "U"):
            m = re.match(r"\{([0-9a-fA-F]{1,8})\}" if self.peek() == "{" else
                         {"x": r"[0-9a-fA-F]{2}", "u": r"[0-9a-fA-F]{4}", "U": r"[0-9a-fA-F]{8}"}[e], self.p[self.i:])
            if not m:
                self.fail(f"\\{e} escape")
            cp = int(m.group(1) if m.lastindex else m.group(), 16)
            if cp > MAX_CP or 0xD800 <= cp < 0xE000:
                self.fail(f"\\{e} escape of a value that is not a scalar value")
            self.i += m.end()
            return ((cp, cp),)
        if e and not e.isalnum():
            return ((ord(e), ord(e)),)
        self.i -= 2
        self.fail(f"escape \\{e}")


# ---------------------------------------------------------------------------
# Compiling the tree to `re`.
#
# Big Unicode classes are slow in `re` only because of their astral (> U+FFFF)
# ranges, which it tests one by one.  So patterns are built twice, small:
#  - an ASCII pattern, used when text.isascii(): each class lists its ASCII members;
#  - a BMP pattern with each class exact below U+10000.  Text with astral characters
#    is first translated (same length) so that each astral character becomes a BMP
#    character with the same membership in every class of the pattern (or, where
#    none exists, one astral stand-in that the classes list); matches are then cut
#    from the original text.

_ASTRAL_RUN = re.compile("[\U00010000-\U0010FFFF]+")
_HEADER = sys.getsizeof("\u0100") - 4  # a compact non-ASCII str takes _HEADER + kind * (len + 1) bytes


def _bmp_only(text):
    """No character above U+FFFF?  CPython stores a str 1 or 2 bytes a character exactly
    when it has none, which its size tells in O(1); otherwise (or elsewhere) search."""
    size = sys.getsizeof(text) - _HEADER
    if size == len(text) + 1 or size == 2 * (len(text) + 1):
        return True
    return _ASTRAL_RUN.search(text) is None


def _esc(cp):
    # characters stand for themselves (re parses them fastest), but for the ones
    # with a meaning in patterns or classes, and controls/spaces, kept readable
    c = chr(cp)
    if c in "\\[]^-&~|.*+?{}()$" or cp < 0x21 or 0x7F <= cp < 0xA1:
        return "\\x%02x" % cp if cp < 0x100 else "\\u%04x" % cp
    return c


def _class_text(rs):
    return "".join(_esc(lo) if lo == hi else _esc(lo) + ("-" if hi > lo + 1 else "") + _esc(hi) for lo, hi in rs)


def _emit_set(rs, domain):
    """An `re` class matching the members of rs, exact on every code point in domain."""
    inside = _intersect(rs, domain)
    outside = _intersect(_complement(inside), domain)  # (the same as rs's complement within domain, and shorter)
    if not inside:
        return "(?!)"
    if len(inside) == 1 and inside[0][0] == inside[0][1]:
        return _esc(inside[0][0])
    # list whichever side has fewer code points: re's compiler visits each one
    if sum(hi - lo for lo, hi in outside) < sum(hi - lo for lo, hi in inside):
        return "[^" + _class_text(outside) + "]" if outside else "[\\s\\S]"
    return "[" + _class_text(inside) + "]"


_END = (frozenset(), True, True)  # what may follow the whole pattern: anything (it matched)


class _Emitter:
    """Writes one `re` pattern for a tree and a domain of code points."""

    def __init__(self, domain):
        self.domain, self.groups = domain, 0

    def emit(self, node, follow=_END):
        kind = node[0]
        if kind == "set":
            return _emit_set(node[1], self.domain)
        if kind == "seq":
            parts, f = [], follow
            for item in reversed(node[1]):
                parts.append(self.emit(item, f))
                f = _first(item, f)
            return "".join(reversed(parts))
        if kind == "alt":
            return "(?:" + "|".join(self.emit(b, follow) for b in node[1]) + ")"
        if kind == "start":
            return "\\A"
        if kind == "end":
            return "\\Z"
        if kind == "look":
            return "(?" + node[1] + self.emit(node[2], _UNKNOWN) + ")"
        if kind == "atomic":
            return self.atomic(self.emit(node[1], _UNKNOWN))
        _, item, lo, hi, mode = node
        if mode == "+":
            body = self.emit(item, _UNKNOWN)
        else:  # after one round of item comes another round, or what follows the repetition
            f = _first(item, _END)
            body = self.emit(item, (f[0] | follow[0], follow[1], f[2] and follow[2]))
        if item[0] != "set" or body.startswith("(?"):
            body = "(?:" + body + ")"
        q = {(0, None): "*", (1, None): "+", (0, 1): "?"}.get((lo, hi))
        if q is None:
            q = "{%d}" % lo if lo == hi else "{%d,%s}" % (lo, "" if hi is None else hi)
        if mode != "?" and item[0] == "set" and _greedy_is_possessive(item[1], follow, self.domain):
            # greedy and possessive match the same here: possessive where `re` has it (it keeps
            # no places to backtrack to, so runs faster), greedy before 3.11
            return body + q + ("+" if _POSSESSIVE else "")
        if mode != "+" or (_POSSESSIVE if item[0] == "set" else _GROUP_POSSESSIVE):
            return body + q + mode
        return self.atomic(body + q)

    def atomic(self, body):
        if _POSSESSIVE:
            return "(?>" + body + ")"
        self.groups += 1  # before 3.11: a lookahead captures what the group would match, then takes it
        return "(?=(?P<a%d>%s))(?P=a%d)" % (self.groups, body, self.groups)


# What can come next, for deciding when a possessive quantifier may be written greedily
# (before 3.11) and a greedy one possessively (from 3.11):
# (set of ranges of possible first characters, may match empty, analysis is exact).
_UNKNOWN = (frozenset(), False, False)


def _first(node, follow):
    kind = node[0]
    if kind == "set":
        return (frozenset(node[1]), False, True)
    if kind in ("start", "end"):  # only ever true where no character was given back
        return (frozenset(), False, True)
    if kind == "seq":
        f = follow
        for item in reversed(node[1]):
            f = _first(item, f)
        return f
    if kind == "alt":
        fs = [_first(b, follow) for b in node[1]]
        return (frozenset().union(*(f[0] for f in fs)), any(f[1] for f in fs), all(f[2] for f in fs))
    if kind == "atomic":
        return _first(node[1], follow)
    if kind == "rep":
        inner = _first(node[1], _END)
        if node[2] == 0 or inner[1]:
            return (inner[0] | follow[0], follow[1], inner[2] and follow[2])
        return (inner[0], False, inner[2])
    return _UNKNOWN


def _greedy_is_possessive(rs, follow, domain):
    """True when backtracking into a run of `rs` can never help what follows it, for text
    made of the code points in `domain` only."""
    first, nullable, exact = follow
    if not exact:
        return False
    top = domain[-1][1]  # (only ranges that start within the domain can meet it)
    return nullable or not _intersect(_intersect(rs, domain), _normalize(r for r in first if r[0] <= top))


class _Splitter:
    """Splits text into pieces exactly as tiktoken's pattern does."""

    def __init__(self, pat_str):
        self.tree = _Parser(pat_str).parse()
        self.ascii = _findall(self._compile(((0, 127),)))
        self.bmp_re = self.bmp = self.astral = None  # built on first non-ASCII text

    def _compile(self, domain):
        text = _Emitter(domain).emit(self.tree)
        try:
            return re.compile(text)
        except (re.error, RecursionError, OverflowError) as e:
            raise ValueError(f"the pattern cannot be translated to Python's re: {e}") from None

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

    def split_each(self, texts):
        """split() of each text in a list, as an iterator."""
        if all(map(str.isascii, texts)):
            return map(self.ascii, texts)
        if self.bmp is None:
            self._build()
        return map(self.bmp if _bmp_only("".join(texts)) else self.split, texts)

    def _build(self):
        """The BMP pattern, and the astral stand-in table that serves it."""
        sets = []
        _collect_sets(self.tree, sets)
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
        self.bmp_re = self._compile(_normalize([(0, 0xFFFF)] + extra))
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


_SPLITTERS = {}


def _splitter(pat_str):
    """One compiled splitter per pattern, shared by every Encoding that uses it (the
    registry's seven encodings use three patterns); at most 16 are kept."""
    sp = _SPLITTERS.get(pat_str)
    if sp is None:
        if len(_SPLITTERS) >= 16:
            _SPLITTERS.clear()
        sp = _SPLITTERS.setdefault(pat_str, _Splitter(pat_str))
    return sp


def _findall(rx):
    if not rx.groups:
        return rx.findall
    group = re.Match.group  # patterns with emulated atomic groups (before 3.11) capture
    return lambda s: list(map(group, rx.finditer(s)))


def _collect_sets(node, out):
    if node[0] == "set":
        out.append(node[1])
    for child in node[1:]:
        if isinstance(child, tuple) and child and isinstance(child[0], str):
            _collect_sets(child, out)
        elif isinstance(child, list):
            for c in child:
                _collect_sets(c, out)


# ---------------------------------------------------------------------------
# BPE: merge the adjacent pair with the lowest rank, leftmost on ties, until no
# pair is a token.  Short pieces rescan a list of pair ranks (C-level min/index);
# long ones keep buckets of pairs by rank over a linked list of parts, near-linear.

_BYTES = [bytes((i,)) for i in range(256)]
_NO_RANK = (1 << 31) - 1  # above every real rank (a table that large would not fit in memory); fits array("i")
_LONG_MIN = 80  # piece length from which the bucket merge wins (benchmarks/bpe_crossover.py)


def _merge_short(ranks, piece):
    get = ranks.get
    parts = list(map(_BYTES.__getitem__, piece))
    pair_ranks = list(map(get, map(add, parts, parts[1:]), repeat(_NO_RANK)))
    pair_ranks.append(_NO_RANK)  # one entry per part: the rank of it joined with the next
    while True:
        r = min(pair_ranks)
        if r == _NO_RANK:
            return tuple(map(ranks.__getitem__, parts))
        i = pair_ranks.index(r)
        parts[i] += parts.pop(i + 1)
        del pair_ranks[i + 1]
        pair_ranks[i] = get(parts[i] + parts[i + 1], _NO_RANK) if i + 1 < len(parts) else _NO_RANK
        if i:
            pair_ranks[i - 1] = get(parts[i - 1] + parts[i], _NO_RANK)


def _merge_long(ranks, piece):
    # Parts are a linked list over start offsets (arrays keep a 1 MB piece in a few MB).
    # Pairs wait in buckets by rank; a heap holds the ranks that have a bucket.  A bucket
    # is taken whole, leftmost first: merging one pair never makes another of its own rank
    # (the joined bytes are longer), and pairs of higher ranks wait their turn.  Should a
    # merge make a pair of lower rank, the rest of the bucket is set aside until that pair
    # has gone.  Stale entries (a part that grew or was absorbed) are skipped.
    get, n = ranks.get, len(piece)
    nxt = array("i", range(1, n + 1))  # start of the next part, for each part start
    prv = array("i", range(-1, n - 1))
    parts = list(map(_BYTES.__getitem__, piece))
    pair = array("i", map(get, map(add, parts, parts[1:]), repeat(_NO_RANK)))  # rank of (part, next part)
    pair.append(_NO_RANK)
    del parts
    buckets, waiting = {}, {}
    for i, r in enumerate(pair):
        if r != _NO_RANK:
            b = buckets.get(r)
            if b is None:
                buckets[r] = [i]
            else:
                b.append(i)
    heap = list(buckets)
    heapify(heap)

    def put(i, r):
        b = buckets.get(r)
        if b is None:
            buckets[r] = [i]
            heappush(heap, r)
        else:
            b.append(i)

    while heap:
        r = heappop(heap)
        todo, new = waiting.pop(r, None), buckets.pop(r, None)
        if new is not None:
            todo = new if todo is None else todo + new
            todo.sort(reverse=True)  # popped from the end: leftmost first
        elif todo is None:
            continue
        while todo:
            i = todo.pop()
            if pair[i] != r:
                continue
            j = nxt[i]
            k = nxt[i] = nxt[j]
            pair[j] = -1
            low = False
            if k < n:
                prv[k] = i
                q = pair[i] = get(piece[i:nxt[k]], _NO_RANK)
                if q != _NO_RANK:
                    put(i, q)
                    low = q <= r
            else:
                pair[i] = _NO_RANK
            p = prv[i]
            if p >= 0:
                q = pair[p] = get(piece[p:k], _NO_RANK)
                if q != _NO_RANK:
                    put(p, q)
                    low = low or q <= r
            if low and todo:
                waiting[r] = todo
                heappush(heap, r)
                break
    out, i = [], 0
    while i < n:
        out.append(ranks[piece[i:nxt[i]]])
        i = nxt[i]
    return tuple(out)


class _Cache(dict):
    """key (str) -> ids (a tuple); a miss calls `fill`.  Cleared whenever it reaches `limit`
    entries or `max_chars` characters of keys, so its memory is bounded whatever the text."""

    __slots__ = ("fill", "limit", "max_chars", "chars")

    def __init__(self, fill, limit, max_chars):
        self.fill, self.limit, self.max_chars, self.chars = fill, limit, max_chars, 0

    def _room(self, entries, chars):
        """Clear the cache unless it has room for this many more entries and key characters."""
        if len(self) + entries > self.limit or self.chars + chars > self.max_chars:
            self.clear()
            self.chars = 0

    def add(self, entries):
        """Store a dict of new entries at once, within the same bound."""
        chars = sum(map(len, entries))
        self._room(len(entries), chars)
        if len(entries) <= self.limit and chars <= self.max_chars:
            self.update(entries)
            self.chars += chars

    def __missing__(self, key):
        ids = self.fill(key)
        self._room(1, len(key))
        self[key] = ids
        self.chars += len(key)
        return ids


def _piece_filler(ranks):
    """The piece cache's fill: a piece's ids as a tuple (list += copies a tuple fastest),
    by one lookup when the piece is a token (most are), else by BPE."""
    get = ranks.get

    def fill(piece):
        b = piece.encode("utf-8")  # UnicodeEncodeError on a lone surrogate: encode() repairs and retries
        r = get(b)
        if r is not None:
            return (r,)
        try:
            return _merge_short(ranks, b) if len(b) < _LONG_MIN else _merge_long(ranks, b)
        except KeyError as e:
            raise ValueError(f"this vocabulary has no token for the bytes {e.args[0]!r} (in piece {piece!r})") from None
    return fill


class _Miss(LookupError):
    """A chunk the cache lacks: the caller finds all of a text's new chunks at once."""


def _miss(chunk):
    raise _Miss


# The bound: 32,768 entries (about 150 bytes each for words) and 1M characters of keys
# (with their ids, under ~10 bytes a character): a full cache stays near 10-20 MB.
CACHE_LIMIT = 1 << 15
CACHE_CHARS = 1 << 20


# ---------------------------------------------------------------------------
# Chunks: one level above pieces, for the OpenAI patterns.
#
# In the r50k/p50k, cl100k and o200k patterns the split provably restarts at a space
# (U+0020) that follows a character that is not White_Space ("word| next"):
#   - no piece holds a non-space character followed by a space (only a leading " ?",
#     or whitespace after whitespace, or "\r\n/" after punctuation), so no piece spans it;
#   - every test a match starting earlier can make there (a letter, digit or punctuation
#     run going on, a contraction, `[\r\n]*`, `\s+$`, `(?!\S)` after whitespace, which
#     cannot end on a non-space) fails on a space just as it does at the end of the text;
#   - nothing looks behind, and no `^`/`\A`, so a match starting at the space is the same.
# So text is first cut there, by one cheap pattern (about half as many matches as
# pieces on English), into chunks (" word," " x):\n    return"), and a chunk cache maps
# whole chunks to ids: text seen before costs one findall and one lookup per chunk.
# A chunk is cached the second time it is seen (Encoding._fill); text mostly new goes
# to pieces directly, and long text is judged by a sample before it is cut into chunks
# at all (Encoding._mostly_new).  Text longer than _SEGMENT is taken a segment at a
# time, cut at the same kind of place, so that its working lists stay small.
# tests/test_chunks.py, test_fixtures.py and test_conformance.py check all this
# against tiktoken; patterns not listed here never get chunks.

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
_CUT_AT_SPACES = frozenset((R50K_PATTERN, CL100K_PATTERN, O200K_PATTERN))

_W = _class_text(WHITE_SPACE)
# Chunks end before each space that follows a character other than whitespace: a space,
# the rest up to the next space, then more spaces and the rest while whitespace comes
# before them.  Runs of one literal are `re`'s fastest loop (this is ~15% faster than
# classes of whitespace); possessive where `re` has it, though nothing here backtracks.
_CHUNK_SPLIT = re.compile(" ?[^ ]*{p}(?:(?<=[{W}]) +{p}[^ ]*{p})*{g}".format(
    W=_W, p="+" if _POSSESSIVE else "", g="+" if _GROUP_POSSESSIVE else "")).findall
_NEXT_CUT = re.compile(f"(?<=[^{_W}]) ").search  # the first cut at or after a position
_SEGMENT = 1 << 16
_SAMPLED, _SLICE = 1 << 13, 1 << 10  # longer text is first judged by a sample (Encoding._mostly_new)


# ---------------------------------------------------------------------------


class Encoding:
    """A byte-level BPE encoding: a split pattern, a rank table and special tokens.

    >>> enc = Encoding("tiny", pat_str=r"\\S+|\\s+", mergeable_ranks={bytes([i]): i for i in range(256)}, special_tokens={})
    >>> enc.encode("hi")
    [104, 105]
    """

    def __init__(self, name, *, pat_str, mergeable_ranks, special_tokens, explicit_n_vocab=None):
        if not isinstance(pat_str, str):
            raise TypeError(f"pat_str must be a str, not {type(pat_str).__name__}")
        if not isinstance(mergeable_ranks, dict):
            raise TypeError(f"mergeable_ranks must be a dict of bytes to int, not {type(mergeable_ranks).__name__}")
        if not isinstance(special_tokens, dict):
            raise TypeError(f"special_tokens must be a dict of str to int, not {type(special_tokens).__name__}")
        self._setup(name, pat_str, mergeable_ranks, None, special_tokens, explicit_n_vocab)

    @classmethod
    def _from_tables(cls, name, pat_str, mergeable_ranks, table, special_tokens, explicit_n_vocab=None):
        """An Encoding from the package's own hash-checked files.  `table` is the list from
        rank to token (None at a rank no token has) and becomes the Encoding's; then the
        rank checks are skipped (~40 ms of start-up for o200k).  None: the ranks are checked."""
        self = cls.__new__(cls)
        self._setup(name, pat_str, mergeable_ranks, table, special_tokens, explicit_n_vocab)
        return self

    def _setup(self, name, pat_str, mergeable_ranks, table, special_tokens, explicit_n_vocab):
        self.name = name
        self._pat_str = pat_str
        self._mergeable_ranks = mergeable_ranks
        self._special_tokens = dict(special_tokens)
        self._splitter = _splitter(pat_str)
        self._decoder, self.max_token_value = _decoder(mergeable_ranks, self._special_tokens, table)
        if explicit_n_vocab is not None:
            n = len(mergeable_ranks) + len(self._special_tokens)
            if n != explicit_n_vocab or self.max_token_value != explicit_n_vocab - 1:
                raise ValueError(f"explicit_n_vocab is {explicit_n_vocab}, but the encoding has {n} tokens "
                                 f"and a largest id of {self.max_token_value}")
        self._special_values = frozenset(self._special_tokens.values())
        self._all_specials = frozenset(self._special_tokens)
        self._special_bytes = {k.encode("utf-8"): v for k, v in self._special_tokens.items()}
        self._cache = _Cache(_piece_filler(mergeable_ranks), CACHE_LIMIT, CACHE_CHARS)
        self._chunks = None  # chunk -> ids, where the pattern allows (see _CUT_AT_SPACES)
        if pat_str in _CUT_AT_SPACES:
            self._chunks = _Cache(_miss, CACHE_LIMIT, CACHE_CHARS)
            self._seen = set()  # chunks seen once, not cached (yet), and hashes of long texts
        self._specials_re = None  # every special token, longest first; compiled on first use
        self._pickle = None  # set by the registry for named encodings

    def __repr__(self):
        return f"<Encoding {self.name!r}>"

    def __reduce__(self):
        if self._pickle is not None:
            return self._pickle
        return (Encoding._rebuild, (self.name, self._pat_str, self._mergeable_ranks, self._special_tokens))

    @staticmethod
    def _rebuild(name, pat_str, mergeable_ranks, special_tokens):
        return Encoding(name, pat_str=pat_str, mergeable_ranks=mergeable_ranks, special_tokens=special_tokens)

    # -- encoding --------------------------------------------------------------

    def encode_ordinary(self, text):
        """Encode text, treating special-token text as ordinary text.

        >>> enc.encode_ordinary("hello world")
        [24912, 2375]
        """
        if not isinstance(text, str):
            raise TypeError(f"text must be a str, not {type(text).__name__}")
        try:
            return self._ids(text)
        except UnicodeEncodeError:
            return self._ids(_repair_surrogates(text))

    def _ids(self, text):
        """The hot path: chunks (or pieces) through their cache; Python runs only on misses."""
        if self._chunks is None:
            return self._pieces(text)
        if len(text) <= _SAMPLED:
            return self._chunked(text)
        out, start = [], 0  # long text a segment at a time, cut where chunks end: less held at once
        while start < len(text):
            cut = _NEXT_CUT(text, start + _SEGMENT)
            end = cut.start() if cut else len(text)
            segment = text[start:end]
            key = hash(segment)
            known = key in self._seen
            self._seen.discard(key)  # (once: if its chunks do not stay cached, sample it again)
            if known or len(segment) <= _SAMPLED or not self._mostly_new(segment, key):
                out += self._chunked(segment, known)
            else:
                out += self._pieces(segment)
            start = end
        return out

    def _pieces(self, text):
        return reduce(iadd, map(self._cache.__getitem__, self._splitter.split(text)), [])

    def _chunked(self, text, known=False):
        chunks = _CHUNK_SPLIT(text)
        try:
            return reduce(iadd, map(self._chunks.__getitem__, chunks), [])
        except _Miss:
            return self._fill(text, chunks, known)

    def _mostly_new(self, text, key):
        """Whether a long text looks mostly new, judged by four slices of it: then finding
        its chunks would be wasted work, and it goes to pieces.  Its hash is noted, so that
        if it comes again its chunks are all cached at once."""
        step = len(text) >> 2
        sample = _CHUNK_SPLIT("".join([text[i:i + _SLICE] for i in range(0, 4 * step, step)]))
        unseen = set(filterfalse(self._seen.__contains__, filterfalse(self._chunks.__contains__, sample)))
        if len(unseen) <= len(sample) >> 3:
            return False
        self._note((key,))
        return True

    def _fill(self, text, chunks, known):
        """The ids of a text some of whose chunks the cache lacks.  A chunk is cached the
        second time it is seen (or its whole text is): most chunks of new text never come
        back, and caching one costs more than splitting it into pieces.  If no more than an
        eighth of the text is new, all its new chunks are cached; else it goes to pieces."""
        cache, get = self._chunks, self._cache.__getitem__
        new = set(filterfalse(cache.__contains__, chunks))
        again = new if known else new.intersection(self._seen)
        few = len(new) - len(again) <= len(chunks) >> 3
        if not few:
            self._note(new)
        keep = list(new if few else again)
        if keep:  # each chunk's pieces' ids, joined into one tuple
            ids = map(tuple, map(chain.from_iterable, map(map, repeat(get), self._splitter.split_each(keep))))
            cache.add(dict(zip(keep, ids)))
        if few:
            try:
                return reduce(iadd, map(cache.__getitem__, chunks), [])
            except _Miss:  # the add cleared the cache (it was full), or another thread did
                pass
        return self._pieces(text)

    def _note(self, new):
        seen = self._seen
        if len(seen) + len(new) > self._chunks.limit:
            seen.clear()
        seen.update(new)

    def encode(self, text, *, allowed_special=frozenset(), disallowed_special="all"):
        """Encode text; special-token text raises ValueError unless allowed.

        allowed_special: "all", or a set of special tokens to encode as their ids.
        disallowed_special: "all" (every special token not allowed), or a set; text
        matching one raises ValueError; pass () to encode it as ordinary text.

        >>> enc.encode("hello <|endoftext|>", allowed_special="all")
        [24912, 220, 199999]
        """
        if not isinstance(text, str):
            raise TypeError(f"text must be a str, not {type(text).__name__}")
        allowed = self._special_set(allowed_special, "allowed_special")
        if disallowed_special == "all":  # every special token not allowed
            disallowed = self._all_specials - allowed if allowed else self._all_specials
        else:
            disallowed = self._special_set(disallowed_special, "disallowed_special")
        if disallowed:
            find = self._specials().search
            m = find(text)
            while m is not None and m.group() not in disallowed:  # (an allowed one: look further on)
                m = find(text, m.end())
            if m is not None:
                raise ValueError(
                    f"the text contains the special token {m.group()!r}, which is disallowed. To encode it as "
                    f"the special token, pass allowed_special={{{m.group()!r}}} (or \"all\"); to encode it as "
                    "plain text, pass disallowed_special=() or use encode_ordinary()")
        if not allowed:
            return self.encode_ordinary(text)
        try:
            return self._encode_with_specials(text, allowed)
        except UnicodeEncodeError:
            return self._encode_with_specials(_repair_surrogates(text), allowed)

    def _encode_with_specials(self, text, allowed):
        # Like tiktoken, the pattern runs on each stretch between special tokens separately.
        out, start = [], 0
        for m in self._specials().finditer(text):
            if m.group() in allowed:
                if m.start() > start:
                    out += self._ids(text[start:m.start()])
                out.append(self._special_tokens[m.group()])
                start = m.end()
        if start < len(text):
            out += self._ids(text[start:])
        return out

    def _special_set(self, value, what):
        if value == "all":
            return self._all_specials
        if type(value) is frozenset and value <= self._all_specials:  # (the default, frozenset(), among them)
            return value
        if isinstance(value, (str, bytes)) or not hasattr(value, "__iter__"):
            raise TypeError(f'{what} must be "all" or a set of special-token strings, not {type(value).__name__}')
        value = frozenset(value)
        if not all(isinstance(v, str) for v in value):
            bad = next(v for v in value if not isinstance(v, str))
            raise TypeError(f"{what} must hold special-token strings, not {type(bad).__name__} ({bad!r})")
        unknown = value - self._special_tokens.keys()
        if unknown:
            raise ValueError(f"{what} names {sorted(map(repr, unknown))[0]}, which is not a special token of {self.name!r}")
        return value

    def _specials(self):
        """One pattern for all special tokens (longest first); allowed and disallowed sets
        filter its matches, so no pattern is compiled per set."""
        if self._specials_re is None:
            tokens = sorted(self._special_tokens, key=lambda t: (-len(t), t))
            self._specials_re = re.compile("|".join(map(re.escape, tokens)) or "(?!)")
        return self._specials_re

    def encode_batch(self, text, *, num_threads=8, allowed_special=frozenset(), disallowed_special="all"):
        """encode() each text of a list."""
        return [self.encode(t, allowed_special=allowed_special, disallowed_special=disallowed_special) for t in text]

    def encode_ordinary_batch(self, text, *, num_threads=8):
        """encode_ordinary() each text of a list."""
        return list(map(self.encode_ordinary, text))

    def encode_single_token(self, text_or_bytes):
        """The id of a single token given as bytes or str; KeyError if it is not one.

        >>> enc.encode_single_token("hello")
        24912
        """
        if isinstance(text_or_bytes, str):
            b = text_or_bytes.encode("utf-8")
        elif isinstance(text_or_bytes, (bytes, bytearray)):
            b = bytes(text_or_bytes)
        else:
            raise TypeError(f"expected str or bytes, not {type(text_or_bytes).__name__}")
        try:
            return self._mergeable_ranks[b]
        except KeyError:
            pass
        try:
            return self._special_bytes[b]
        except KeyError:
            raise KeyError(f"{text_or_bytes!r} is not a single token of {self.name!r}") from None

    # -- decoding --------------------------------------------------------------

    def decode_bytes(self, tokens):
        """The bytes of a list of ids.

        >>> enc.decode_bytes([24912, 2375])
        b'hello world'
        """
        try:
            return _join(self._decoder, tokens)
        except (TypeError, IndexError, OverflowError):
            raise self._bad_token(tokens) from None

    def decode(self, tokens, errors="replace"):
        """The text of a list of ids; invalid UTF-8 becomes U+FFFD (errors="replace").

        >>> enc.decode([24912, 2375])
        'hello world'
        """
        try:
            b = _join(self._decoder, tokens)
        except (TypeError, IndexError, OverflowError):
            raise self._bad_token(tokens) from None
        return b.decode("utf-8", errors)

    def decode_single_token_bytes(self, token):
        """The bytes of one id.

        >>> enc.decode_single_token_bytes(24912)
        b'hello'
        """
        try:
            b = self._decoder[token] if token >= 0 else None
        except (TypeError, IndexError):
            b = None
        if b is None:
            raise self._bad_token((token,))
        return b

    def decode_tokens_bytes(self, tokens):
        """The bytes of each id, as a list.

        >>> enc.decode_tokens_bytes([24912, 2375])
        [b'hello', b' world']
        """
        try:
            out = reduce(iadd, _lookup(self._decoder, tokens), [])
        except (TypeError, IndexError, OverflowError):
            raise self._bad_token(tokens) from None
        if None in out:
            raise self._bad_token(tokens)
        return out

    def decode_with_offsets(self, tokens):
        """The text of the ids and, for each id, the index in that text where it starts.

        A token that begins inside a character (a UTF-8 continuation byte) is given the
        start of that character.  Raises UnicodeDecodeError if the bytes are not UTF-8.

        >>> enc.decode_with_offsets([24912, 2375])
        ('hello world', [0, 5])
        """
        parts = self.decode_tokens_bytes(tokens)
        offsets, chars = [], 0
        for b in parts:  # count characters by their first bytes (all but 0x80-0xBF)
            offsets.append(max(0, chars - (0x80 <= b[0] < 0xC0)) if b else chars)
            chars += len(b.translate(None, _CONTINUATION_BYTES))
        return b"".join(parts).decode("utf-8", "strict"), offsets

    def decode_batch(self, batch, *, errors="replace", num_threads=8):
        """decode() each list of ids."""
        return [self.decode(t, errors) for t in batch]

    def decode_bytes_batch(self, batch, *, num_threads=8):
        """decode_bytes() each list of ids."""
        return list(map(self.decode_bytes, batch))

    def _bad_token(self, tokens):
        if not hasattr(tokens, "__iter__"):
            return TypeError(f"tokens must be a list of int ids, not {type(tokens).__name__}")
        for t in tokens:
            if not isinstance(t, int):
                return TypeError(f"token ids must be int, not {type(t).__name__} ({t!r})")
            if t < 0 or t > self.max_token_value or self._decoder[t] is None:
                return KeyError(f"{t} is not a token id of {self.name!r}")
        return TypeError("tokens must be an iterable of int")

    # -- the vocabulary --------------------------------------------------------

    def token_byte_values(self):
        """Every mergeable token's bytes, sorted."""
        return sorted(self._mergeable_ranks)

    @property
    def eot_token(self):
        return self._special_tokens["<|endoftext|>"]

    @property
    def special_tokens_set(self):
        return set(self._special_tokens)

    def is_special_token(self, token):
        if not isinstance(token, int):
            raise TypeError(f"token id must be int, not {type(token).__name__}")
        return token in self._special_values

    @property
    def n_vocab(self):
        return self.max_token_value + 1


_CONTINUATION_BYTES = bytes(range(0x80, 0xC0))


def _lookup(table, ids):
    """The bytes of each id, as a list of tuples of at most _IDS_SLICE: itemgetter, in C (one
    bytes.join over 700k items allocates 80 bytes of bookkeeping per item, a slice keeps
    that small)."""
    ids = tuple(ids)  # (a tuple's slices are tuples, and itemgetter(*slice) takes them without a copy)
    if len(ids) <= _IDS_SLICE:  # (short lists skip the comprehension: 0.4 us a decode, not 1.0)
        return [_take(table, ids)]
    return [_take(table, ids[i:i + _IDS_SLICE]) for i in range(0, len(ids), _IDS_SLICE)]


def _take(table, ids):
    # array("I") first refuses negative ids (else they would index from the end), floats
    # and other non-ints, as OverflowError or TypeError; a too-large id gives IndexError.
    # A slice at a time, so that itemgetter finds its ints still in the CPU's cache.
    array("I", ids)
    return itemgetter(*ids)(table) if len(ids) > 1 else [table[i] for i in ids]  # (of one id itemgetter gives no tuple)


def _join(table, ids):
    parts = _lookup(table, ids)
    return b"".join(parts[0]) if len(parts) == 1 else b"".join(map(b"".join, parts))


_IDS_SLICE = 1 << 12


def _repair_surrogates(text):
    # tiktoken's rule: lone surrogates become U+FFFD (valid pairs become their character)
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def _decoder(ranks, specials, table=None):
    """The tuple from id to bytes (None where no token has that id) and the largest id.
    `table`, the ranks' own list from rank to token, is trusted and becomes the decoder;
    without it the ranks are checked (_rank_table).  Special tokens are checked and added.
    A tuple, not a list: the garbage collector untracks a tuple of bytes once, while it
    walked a list's 200k items on every full collection (1.2-2 ms each for o200k)."""
    if table is None:
        table = _rank_table(ranks)
    # CPython 3.12+ shares one immortal object per one-byte bytes value, and skips the reference
    # counting of immortal objects behind a branch that mispredicts when they alternate with
    # other tokens (half the ids of our multilingual corpus name one-byte tokens).  With copies
    # of our own (int.to_bytes makes a new object) decode there is 10-17% faster.
    for b in _BYTES:
        r = ranks.get(b)
        if r is not None:
            table[r] = b[0].to_bytes(1, "big")
    top = len(table) - 1
    for tok, v in specials.items():
        if not isinstance(tok, str):
            raise TypeError(f"special token {tok!r} is not a str")
        if not isinstance(v, int) or isinstance(v, bool):
            raise TypeError(f"special token {tok!r} has id {v!r}, not an int")
        if v < 0:
            raise ValueError(f"special token {tok!r} has id {v}, a negative number")
        top = max(top, v)
    table += [None] * (top + 1 - len(table))
    special_ids = set()
    for tok, v in specials.items():
        if v in special_ids:
            continue  # two special tokens may share an id (as in o200k_harmony): the first one decodes
        if table[v] is not None:
            raise ValueError(f"special token {tok!r} has id {v}, which the token {table[v]!r} already has")
        table[v] = tok.encode("utf-8")
        special_ids.add(v)
    return tuple(table), top


def _rank_table(ranks):
    """The list from rank to token (None where no token has the rank) of a rank table
    from outside, checked on the way (C-level passes where it can)."""
    keys = list(ranks)
    values = list(ranks.values())
    try:
        b"".join(keys)
    except TypeError:
        bad = next(k for k in keys if not isinstance(k, bytes))
        raise TypeError(f"mergeable_ranks keys must be bytes, not {type(bad).__name__} ({bad!r})") from None
    try:
        array("q", values)
    except (TypeError, OverflowError):
        bad = next(v for v in values if not isinstance(v, int) or not 0 <= v < 2 ** 63)
        raise TypeError(f"rank {bad!r} ({type(bad).__name__}) is not an int") from None
    if values and min(values) < 0:
        raise ValueError(f"rank {min(values)} is negative")
    if values == list(range(len(values))):
        return keys  # the usual case: ranks 0..n-1 in order
    table = [None] * (max(values, default=-1) + 1)
    list(map(table.__setitem__, values, keys))
    if table.count(None) != len(table) - len(keys):
        seen = {}
        for tok, v in ranks.items():
            if v in seen:
                raise ValueError(f"rank {v} is given to both {seen[v]!r} and {tok!r}")
            seen[v] = tok
    return table
