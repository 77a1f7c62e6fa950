"""Split patterns: tiktoken's regex syntax (Rust `regex` / fancy-regex, and Oniguruma's,
which Hugging Face files use) read into a small tree, and written back as Python `re`.

    parse(pat_str) -> tree          the pattern's meaning: sets of code points, sequences,
                                    alternatives, repeats, lookarounds, anchors
    compile_tree(tree, domain)      an `re` pattern exact on the code points in `domain`

Character classes become explicit sets of code points from the Unicode tables in
_unicode.py (tiktoken's Unicode version), so `\\p{L}`, `\\p{Lu}`, `(?i:...)` and
`[^\\s\\p{L}\\p{N}]` mean what they mean in Rust, whatever Python's own Unicode data
says.  A construct that cannot be translated exactly raises ValueError naming it and
its offset.  split.py decides which domains to compile for and runs the patterns.
"""
import re
from bisect import bisect_right
from functools import lru_cache

from ._unicode import CASE_ORBITS, CATEGORIES, CATEGORY_RANGES, WHITE_SPACE

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
POSSESSIVE = _re_does(r"(?>a*)a|[ab]*+b", "aab", None)
GROUP_POSSESSIVE = POSSESSIVE and _re_does(r"(?:ab?c)*+$", "a", (1, 1))

# ---------------------------------------------------------------------------
# Sets of code points: sorted tuples of disjoint inclusive (lo, hi) ranges.


def normalize(ranges):
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
    return sets[0] if len(sets) == 1 else normalize(r for rs in sets for r in rs)


def complement(rs):
    out, nxt = [], 0
    for lo, hi in rs:
        if lo > nxt:
            out.append((nxt, lo - 1))
        nxt = hi + 1
    if nxt <= MAX_CP:
        out.append((nxt, MAX_CP))
    return tuple(out)


def intersect(a, b):
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


def contains(rs, cp):
    i = bisect_right(rs, (cp, MAX_CP + 1)) - 1
    return i >= 0 and rs[i][0] <= cp <= rs[i][1]


def _category_set(cats):
    """The code points whose general category is one of `cats` (two-letter names)."""
    return normalize(r for c in cats for r in CATEGORY_RANGES[c])


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


_FOLD: dict = {}  # code point -> its simple case folding orbit, filled on first use


def _case_close(rs):
    """Add every code point that equals a member under simple case folding."""
    if not _FOLD:
        _FOLD.update((cp, orbit) for orbit in CASE_ORBITS for cp in orbit)
    if sum(hi - lo + 1 for lo, hi in rs) <= 1024:
        orbits = [_FOLD[cp] for lo, hi in rs for cp in range(lo, hi + 1) if cp in _FOLD]
    else:
        orbits = [orbit for orbit in CASE_ORBITS if any(contains(rs, cp) for cp in orbit)]
    return normalize(rs + tuple((cp, cp) for orbit in orbits for cp in orbit)) if orbits else rs


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
            return ("set", complement(((10, 10),)))
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
        return ("set", complement(rs) if negate else rs)

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
            return complement(rs) if neg else rs
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
            return complement(rs) if e == "P" else rs
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
# Writing the tree as `re`, for a domain of code points (split.py compiles one
# pattern for ASCII text and one for the BMP): each class lists only its members
# within the domain, so `re` tests small classes.


def _esc(cp):
    # characters stand for themselves (re parses them fastest), but for the ones
    # with a meaning in patterns or classes, and controls/spaces, kept readable
    c = chr(cp)
    if c in "\\[]^-&~|.*+?{}()$" or cp < 0x21 or 0x7F <= cp < 0xA1:
        return "\\x%02x" % cp if cp < 0x100 else "\\u%04x" % cp
    return c


def class_text(rs):
    return "".join(_esc(lo) if lo == hi else _esc(lo) + ("-" if hi > lo + 1 else "") + _esc(hi) for lo, hi in rs)


def _emit_set(rs, domain):
    """An `re` class matching the members of rs, exact on every code point in domain."""
    inside = intersect(rs, domain)
    outside = intersect(complement(inside), domain)  # (the same as rs's complement within domain, and shorter)
    if not inside:
        return "(?!)"
    if len(inside) == 1 and inside[0][0] == inside[0][1]:
        return _esc(inside[0][0])
    # list whichever side has fewer code points: re's compiler visits each one
    if sum(hi - lo for lo, hi in outside) < sum(hi - lo for lo, hi in inside):
        return "[^" + class_text(outside) + "]" if outside else "[\\s\\S]"
    return "[" + class_text(inside) + "]"


_END: tuple = (frozenset(), True, True)  # what may follow the whole pattern: anything (it matched)


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
            return body + q + ("+" if POSSESSIVE else "")
        if mode != "+" or (POSSESSIVE if item[0] == "set" else GROUP_POSSESSIVE):
            return body + q + mode
        return self.atomic(body + q)

    def atomic(self, body):
        if POSSESSIVE:
            return "(?>" + body + ")"
        self.groups += 1  # before 3.11: a lookahead captures what the group would match, then takes it
        return "(?=(?P<a%d>%s))(?P=a%d)" % (self.groups, body, self.groups)


# What can come next, for deciding when a possessive quantifier may be written greedily
# (before 3.11) and a greedy one possessively (from 3.11):
# (set of ranges of possible first characters, may match empty, analysis is exact).
_UNKNOWN: tuple = (frozenset(), False, False)


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
    return nullable or not intersect(intersect(rs, domain), normalize(r for r in first if r[0] <= top))



def collect_sets(node, out):
    if node[0] == "set":
        out.append(node[1])
    for child in node[1:]:
        if isinstance(child, tuple) and child and isinstance(child[0], str):
            collect_sets(child, out)
        elif isinstance(child, list):
            for c in child:
                collect_sets(c, out)


def parse(pat_str):
    """The tree of a pattern (ValueError naming what cannot be translated, and where)."""
    if not isinstance(pat_str, str):
        raise TypeError(f"pat_str must be a str, not {type(pat_str).__name__}")
    return _Parser(pat_str).parse()


def compile_tree(tree, domain):
    """An `re` pattern for the tree, exact on text made of the code points in `domain`."""
    text = _Emitter(domain).emit(tree)
    try:
        return re.compile(text)
    except (re.error, RecursionError, OverflowError) as e:
        raise ValueError(f"the pattern cannot be translated to Python's re: {e}") from None
