"""Deterministic test texts for the tiktoken conformance fixtures.

Every text here is made by this module from a fixed seed and the package's own
Unicode tables (src/tokenizer/_unicode.py, Unicode 16); it needs nothing beyond the
standard library, so the default test run can rebuild the texts and check them
against the digest recorded by make_fixtures.py.

Families (name -> list of texts, in a fixed order):

  codepoints   every Unicode scalar value, in blocks of 256, next to letters, digits,
               spaces, apostrophes, newlines and its own neighbours
  whitespace   runs of every White_Space character and of CR LF, alone and mixed
  numbers      digits of every decimal script, 1-12 long, with separators and signs
  contractions 's 't 're 've 'm 'll 'd in every case, with look-alikes, after words
  specials     the special-token strings of all encodings: whole, cut, nested
  categories   random text from each general category
  scripts      random text from each of a list of scripts (code point ranges)
  surrogates   text with lone surrogates (tiktoken turns them into U+FFFD)
  long         a few KB of one kind of character: the long-piece BPE path

Determinism across Python versions: only `random.Random.random()` is used (the
Mersenne Twister stream is stable), never str.upper/isalpha/unicodedata (their
Unicode version changes with the interpreter), and never iteration over sets of str.

Run as a script to print the number of texts and characters per family.
"""
import hashlib
import os
import random
import sys
from itertools import product

try:
    from tokenizer import _unicode
except ImportError:  # a source checkout without the package installed
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "src"))
    from tokenizer import _unicode

VERSION = 1  # bump when the texts change on purpose
SEED = 0x7E57_F1C5
BLOCK = 256  # code points per text in the codepoints family
MAX_CP = 0x10FFFF

# ---------------------------------------------------------------------------
# Character data from the package tables


def _category_runs():
    """[(first, last, category index)] for the whole code space, from the packed table."""
    index = {name: i for i, name in enumerate(_unicode.CATEGORIES)}
    return sorted((lo, hi, index[cat]) for cat, ranges in _unicode.CATEGORY_RANGES.items() for lo, hi in ranges)


RUNS = _category_runs()
CATEGORIES = list(_unicode.CATEGORIES)
_CAT_INDEX = {name: i for i, name in enumerate(CATEGORIES)}
CATEGORY_OF = bytearray(MAX_CP + 1)  # code point -> index into CATEGORIES
for _lo, _hi, _c in RUNS:
    CATEGORY_OF[_lo:_hi + 1] = bytes([_c]) * (_hi - _lo + 1)
WHITE_SPACE_CHARS = [chr(cp) for lo, hi in _unicode.WHITE_SPACE for cp in range(lo, hi + 1)]


def _select(keep, ranges):
    out = []
    for lo, hi in ranges:
        for rlo, rhi, c in RUNS:
            if keep(c) and rlo <= hi and rhi >= lo:
                out.extend(range(max(lo, rlo), min(hi, rhi) + 1))
    return out


def with_category(name, ranges=((0, MAX_CP),)):
    """Code points of one general category inside the given ranges, range by range."""
    return _select(_CAT_INDEX[name].__eq__, ranges)


def assigned_in(ranges):
    """Code points in the ranges that are neither unassigned nor surrogates, range by range."""
    skip = (_CAT_INDEX["Cn"], _CAT_INDEX["Cs"])
    return _select(lambda c: c not in skip, ranges)


class Rng:
    """random.Random, used only through random(): reproducible on every Python 3."""

    def __init__(self, *key):
        self._r = random.Random(hashlib.sha256(repr((SEED,) + key).encode()).digest())
        self.random = self._r.random

    def below(self, n):
        return int(self.random() * n)

    def between(self, lo, hi):  # inclusive
        return lo + self.below(hi - lo + 1)

    def pick(self, seq):
        return seq[self.below(len(seq))]

    def chance(self, p):
        return self.random() < p

    def chars(self, pool, n):
        return "".join(chr(self.pick(pool)) if isinstance(pool[0], int) else self.pick(pool) for _ in range(n))


ASCII_LOWER = "abcdefghijklmnopqrstuvwxyz"
ASCII_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
DIGITS = "0123456789"


def _swapcase_ascii(s):
    return "".join(ASCII_UPPER[ASCII_LOWER.index(c)] if c in ASCII_LOWER else
                   ASCII_LOWER[ASCII_UPPER.index(c)] if c in ASCII_UPPER else c for c in s)


# ---------------------------------------------------------------------------
# (a) every scalar value

# (name, before, after): each code point of a block sits between `before` and `after`
CONTEXTS = [("letter", "a", "Z"), ("upper-lower", "Q", "q"), ("digit", "7", "0"), ("space", " ", " "),
            ("apostrophe", "'", "'"), ("newline", "\n", "\n"), ("punctuation", "-", ".")]
# single-text blocks put a context drawn from this list before each run of code points
MIXED_CONTEXTS = ["a", "Z", "7", " ", "'", "\n", "", "", "  ", "\r\n", "\u00e9", ".", "'s", "ab", "09", "\t",
                  " 1", "x ", "'t", "\u4e00"]


def _uniform(lo):
    cats = CATEGORY_OF[lo:lo + BLOCK]
    return cats.count(cats[0]) == len(cats)


def codepoints():
    """Blocks of 256 code points.  Blocks with mixed categories and the whole BMP give
    one text per context (every code point after and before each context) and one
    with the code points side by side.  Astral blocks of one category (unassigned,
    private use, CJK ideographs: 3,999 of the 4,096 astral blocks, 1.02 million
    code points) give one text: runs of 1-16 code points, each run after a random context.
    That keeps the run time within bounds while still covering every scalar value,
    all its bytes and every context, though not every code point in every context."""
    out = []
    for lo in range(0, MAX_CP + 1, BLOCK):
        chars = [chr(cp) for cp in range(lo, lo + BLOCK) if not 0xD800 <= cp <= 0xDFFF]
        if not chars:
            continue
        if lo >= 0x10000 and _uniform(lo):
            rng, parts, i = Rng("codepoints", lo), [], 0
            while i < len(chars):
                n = rng.between(1, 16)
                parts += [rng.pick(MIXED_CONTEXTS)] + chars[i:i + n]
                i += n
            out.append("".join(parts) + rng.pick(MIXED_CONTEXTS))
            continue
        for _, before, after in CONTEXTS:
            out.append("".join(before + c + after for c in chars))
        out.append("".join(chars))
    return out


# ---------------------------------------------------------------------------
# (b) whitespace

WS_UNITS = WHITE_SPACE_CHARS + ["\r\n"]


def whitespace():
    out = []
    frames = [("", ""), ("", "x"), ("x", ""), ("x", "y"), ("", "\n"), ("\n", "x"), ("x", "\n"), (".", "x"),
              ("", " x"), ("1", "2"), ("'", "s"), ("x", "\r\n")]
    for u in WS_UNITS:
        for n in (1, 2, 3, 4, 5, 8, 17):
            for pre, post in frames:
                out.append(pre + u * n + post)
    for u, v in product(WS_UNITS, WS_UNITS):
        out += [u + v, u + u + v + "x", "x" + u + v + v + v, "x" + u + v + "\n"]
    rng = Rng("whitespace")
    ends = ["", "x", "X", "\n", ".", "1", "\u00e9", "\u4e00", " ", "\r", "'s", "\u0300"]
    for _ in range(800):
        parts = []
        for _ in range(rng.between(1, 4)):
            parts.append(rng.pick(ends[1:]) * rng.between(0, 3))
            parts.append("".join(rng.pick(WS_UNITS) for _ in range(rng.between(1, 40))))
        out.append("".join(parts) + rng.pick(ends))
    return out


# ---------------------------------------------------------------------------
# (c) numbers


def digit_sets():
    """Each decimal digit set (ten consecutive Nd code points from a zero), ASCII first."""
    nd = with_category("Nd")
    sets = [DIGITS]
    for i in range(0, len(nd), 10):
        s = "".join(chr(cp) for cp in nd[i:i + 10])
        if s != DIGITS:
            sets.append(s)
    return sets


SEPARATORS = [",", ".", " ", "\u00a0", "\u2009", "\u202f", "_", "'", "\u066b", "\u066c", "-", "/", ":"]


def _group(digits, sep):
    head = len(digits) % 3 or 3
    return sep.join([digits[:head]] + [digits[i:i + 3] for i in range(head, len(digits), 3)])


def numbers():
    out = []
    sets = digit_sets()
    frames = [("", ""), ("-", ""), ("+", ""), (" ", ""), ("x", ""), ("", "x"), ("$", ""), ("", "%"),
              ("(", ")"), ("\n", "\n"), ("v", ".0"), ("'", "s")]
    rng = Rng("numbers")
    for n in range(1, 13):
        for pre, post in frames:
            d = "".join(rng.pick(DIGITS) for _ in range(n))
            out.append(pre + d + post)
            out.append(pre + _group(d, rng.pick(SEPARATORS)) + post)
            point = rng.pick([".", ",", "\u066b"])  # (drawn in this order: the fixtures depend on it)
            out.append(pre + d + point + "".join(rng.pick(DIGITS) for _ in range(rng.between(1, 6))) + post)
        out.append("".join(DIGITS[i % 10] for i in range(n)))
        out.append(" " + "".join(DIGITS[(9 - i) % 10] for i in range(n)) + " " + "0" * n)
    for digits in sets:
        for n in range(1, 13):
            d = "".join(rng.pick(digits) for _ in range(n))
            pre, post = rng.pick(frames)
            out.append(pre + d + post)
            out.append(_group(d, rng.pick(SEPARATORS)) + rng.pick(["", " ", "x", "\n"]))
    for _ in range(300):  # digits of several scripts in one number, and lists of numbers
        parts = []
        for _ in range(rng.between(1, 8)):
            digits = rng.pick(sets) if rng.chance(0.5) else DIGITS
            parts.append("".join(rng.pick(digits) for _ in range(rng.between(1, 12))))
            parts.append(rng.pick(SEPARATORS + ["", "", " ", "\n", "a", "e", "E+"]))
        out.append("".join(parts))
    other = with_category("No") + with_category("Nl")
    for _ in range(300):  # other numbers: superscripts, fractions, roman numerals, circled
        out.append(rng.pick(["", " ", "x", "1"]) + rng.chars(other, rng.between(1, 6)) +
                   rng.pick(["", " ", "x", "1", "23", "\n"]))
    return out


# ---------------------------------------------------------------------------
# (d) contractions

SUFFIXES = ["s", "t", "re", "ve", "m", "ll", "d"]


def _case_variants(s):
    return ["".join(v) for v in product(*[(c, _swapcase_ascii(c)) for c in s])]


def _fold_lookalikes():
    """letter -> the non-ASCII code points that case-fold together with it (U+017F for s)."""
    out = {}
    for orbit in _unicode.CASE_ORBITS:
        for c in orbit:
            if chr(c) in ASCII_LOWER:
                out.setdefault(chr(c), []).extend(chr(o) for o in orbit if o > 127)
    return out


def contraction_suffixes():
    variants = [v for s in SUFFIXES for v in _case_variants(s)]
    fold = _fold_lookalikes()
    for s in SUFFIXES:  # swap in each fold look-alike (s -> long s)
        for i, c in enumerate(s):
            for alt in fold.get(c, []):
                variants += [s[:i] + alt + s[i + 1:], _swapcase_ascii(s[:i]) + alt + _swapcase_ascii(s[i + 1:])]
    # near misses: homoglyphs that do not fold, letter-like numerals, too short or too long
    variants += ["\u0455", "\u0442", "r\u0435", "v\u0435", "\u217c\u217c", "\u217e", "\u217f", "\uff53",
                 "\u1d05", "x", "", "l", "v", "r", "e", "dd", "ss", "sss", "lll", "ree", "ved", "mm",
                 "s'", "t's", "ll've", "S'S"]
    return variants


APOSTROPHES = ["'", "\u2019", "\u02bc", "\uff07", "`", "''"]
WORDS = ["dog", "DOG", "Dog", "dOG", "we", "I", "i", "x", "Stra\u00dfe", "\u00c9COLE", "\u00d6l\u00e7\u00fc",
         "\u039f\u0394\u039f\u03a3", "\u0441\u043b\u043e\u0432\u043e", "\u65e5\u672c", "1990", "42", "",
         " ", "  ", "\n", ".", "?!", "_", "a-b", "\u01c5emal", "x\u02b0", "e\u0301", "\U0001d400b"]
FOLLOWERS = ["", " ", "x", "X", ".", "\n", "'s", "s", "1", " the", "\u00e9"]


def contractions():
    out = []
    for suffix in contraction_suffixes():
        for word in WORDS:
            for follow in FOLLOWERS:
                out.append(word + "'" + suffix + follow)
    rng = Rng("contractions")
    ascii_variants = [v for s in SUFFIXES for v in _case_variants(s)]
    for apos in APOSTROPHES[1:]:
        for suffix in ascii_variants:
            for word in WORDS[:12]:
                out.append(word + apos + suffix + rng.pick(FOLLOWERS))
    for _ in range(400):  # several in a row, as in running text
        parts = []
        for _ in range(rng.between(2, 8)):
            parts.append(rng.pick(WORDS) + rng.pick(APOSTROPHES[:3]) + rng.pick(ascii_variants))
            parts.append(rng.pick([" ", "", "\n", ", ", "'"]))
        out.append("".join(parts))
    return out


# ---------------------------------------------------------------------------
# (e) special-token strings

NAMED_SPECIALS = ["<|endoftext|>", "<|fim_prefix|>", "<|fim_middle|>", "<|fim_suffix|>", "<|endofprompt|>",
                  "<|startoftext|>", "<|return|>", "<|constrain|>", "<|channel|>", "<|start|>", "<|end|>",
                  "<|message|>", "<|call|>"]
RESERVED = ["<|reserved_%d|>" % i for i in range(199990, 201100)]  # o200k_harmony's, and a few around them


def specials():
    out = []
    tokens = NAMED_SPECIALS + ["<|reserved_200000|>", "<|reserved_200018|>", "<|reserved_201087|>"]
    for t in tokens:
        out += [t, "x" + t, t + "x", "word" + t + "word", " " + t, t + " ", "\n" + t + "\n", t + t, t + " " + t,
                "'" + t + "s", t + "'s", "1" + t + "2", "<" + t + ">", "|" + t + "|", t.upper(), t.replace("|", ""),
                t[1:], t[:-1], " \u00e9" + t + "\u4e00", t + "\r\n", "  " + t + "  x", t + "\U0001f600"]
        for k in range(1, len(t)):
            out += [t[:k], t[:k] + " " + t[k:], t[:k] + t, t[:k] + t + t[k:], t[k:] + t[:k]]
    for a, b in product(NAMED_SPECIALS, NAMED_SPECIALS):
        out += [a + b, a[:5] + b + a[5:], a + " " + b]
    rng = Rng("specials")
    for i in range(0, len(RESERVED), 8):
        out.append("".join(rng.pick(["", " ", "x", "\n", "1"]) + t for t in RESERVED[i:i + 8]))
    pool = NAMED_SPECIALS + RESERVED[::37] + ["<|", "|>", "<", ">", "|", "endoftext", " ", "\n", "hello",
                                               "'s", "123", "\u00e9t\u00e9", "\u4e2d\u6587", "!"]
    for _ in range(400):
        out.append("".join(rng.pick(pool) for _ in range(rng.between(1, 12))))
    return out


# ---------------------------------------------------------------------------
# (f) random text per general category and per script

SEPARATOR_CHOICES = [" ", " ", " ", " ", "\n", ", ", ". ", "  ", "\t", "-", "'", "\n\n", " (", ") ", "? ", ": "]


def _random_text(rng, pool, words, maxlen=10, mix=0.15):
    parts = []
    for _ in range(words):
        w = rng.chars(pool, rng.between(1, maxlen))
        if rng.chance(mix):
            w += rng.pick([rng.chars(ASCII_LOWER, 3), rng.chars(DIGITS, rng.between(1, 5)), "'s", "'LL",
                           rng.chars(ASCII_UPPER, 2)])
        parts.append(w)
        parts.append(rng.pick(SEPARATOR_CHOICES))
    return "".join(parts)


def categories():
    out = []
    for name in CATEGORIES:
        if name == "Cs":
            continue  # lone surrogates have their own family
        rng = Rng("categories", name)
        pool = with_category(name)
        for _ in range(30):
            out.append(_random_text(rng, pool, rng.between(5, 40)))
    return out


# name: inclusive code point ranges; only assigned code points are drawn
SCRIPTS = {
    "latin": [(0x41, 0x5A), (0x61, 0x7A), (0xC0, 0x24F), (0x1E00, 0x1EFF), (0x2C60, 0x2C7F), (0xA720, 0xA7FF)],
    "greek": [(0x370, 0x3FF), (0x1F00, 0x1FFF)],
    "cyrillic": [(0x400, 0x52F), (0x1C80, 0x1C8F), (0x2DE0, 0x2DFF), (0xA640, 0xA69F)],
    "armenian": [(0x530, 0x58F)],
    "hebrew": [(0x590, 0x5FF), (0xFB1D, 0xFB4F)],
    "arabic": [(0x600, 0x6FF), (0x750, 0x77F), (0x8A0, 0x8FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF)],
    "devanagari": [(0x900, 0x97F), (0xA8E0, 0xA8FF)],
    "bengali": [(0x980, 0x9FF)],
    "tamil": [(0xB80, 0xBFF)],
    "thai": [(0xE00, 0xE7F)],
    "lao_tibetan": [(0xE80, 0xEFF), (0xF00, 0xFFF)],
    "georgian": [(0x10A0, 0x10FF), (0x1C90, 0x1CBF)],
    "ethiopic": [(0x1200, 0x139F)],
    "khmer_mongolian": [(0x1780, 0x17FF), (0x1800, 0x18AF)],
    "hangul": [(0x1100, 0x11FF), (0x3130, 0x318F), (0xAC00, 0xD7A3)],
    "kana": [(0x3040, 0x30FF), (0x31F0, 0x31FF), (0xFF66, 0xFF9F), (0x1B000, 0x1B16F)],
    "cjk": [(0x3000, 0x303F), (0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0xFF01, 0xFF60), (0x20000, 0x2A6DF)],
    "emoji": [(0x2600, 0x27BF), (0x1F300, 0x1F64F), (0x1F680, 0x1F6FF), (0x1F900, 0x1FAFF)],
    "math_alnum": [(0x1D400, 0x1D7FF), (0x2200, 0x22FF)],
    "astral_scripts": [(0x10000, 0x1007F), (0x10300, 0x1034F), (0x10400, 0x1044F), (0x11000, 0x1107F),
                       (0x12000, 0x1236F), (0x13000, 0x1342F), (0x16A40, 0x16A6F), (0x1E900, 0x1E95F)],
    "punctuation_symbols": [(0x21, 0x2F), (0x3A, 0x40), (0x5B, 0x60), (0x7B, 0x7E), (0xA1, 0xBF), (0x2010, 0x205E),
                            (0x20A0, 0x20C0), (0x2190, 0x21FF)],
}
MARKS = with_category("Mn", [(0x300, 0x36F), (0x1AB0, 0x1AFF), (0x1DC0, 0x1DFF), (0x20D0, 0x20FF)])
EMOJI_JOINERS = ["\u200d", "\ufe0f", "\ufe0e"] + [chr(cp) for cp in range(0x1F3FB, 0x1F400)]
REGIONAL = [chr(cp) for cp in range(0x1F1E6, 0x1F200)]
TAGS = [chr(cp) for cp in range(0xE0020, 0xE0080)]


def scripts():
    out = []
    for name, ranges in SCRIPTS.items():
        rng = Rng("scripts", name)
        pool = assigned_in(ranges)
        for _ in range(30):
            out.append(_random_text(rng, pool, rng.between(5, 50), 12))
    rng = Rng("scripts", "marks")
    for _ in range(40):  # combining-mark heavy: base letters with stacks of marks
        words = []
        for _ in range(rng.between(3, 30)):
            words.append("".join(rng.pick(ASCII_LOWER + ASCII_UPPER + "\u00e9\u03b1\u0436") + rng.chars(MARKS, rng.between(0, 6))
                                 for _ in range(rng.between(1, 8))))
        out.append(rng.pick([" ", "'", "\n", ""]).join(words) + rng.pick(["", " ", "\n"]))
    rng = Rng("scripts", "emoji_sequences")
    emoji = assigned_in([(0x1F300, 0x1F64F), (0x1F900, 0x1F9FF)])
    for _ in range(40):  # ZWJ sequences, presentation selectors, skin tones, flags, tag sequences
        parts = []
        for _ in range(rng.between(2, 20)):
            kind = rng.below(4)
            if kind == 0:
                parts.append(rng.chars(emoji, 1) + "".join(rng.pick(EMOJI_JOINERS) + rng.chars(emoji, 1)
                                                           for _ in range(rng.between(0, 3))))
            elif kind == 1:
                parts.append(rng.pick(REGIONAL) + rng.pick(REGIONAL))
            elif kind == 2:
                parts.append("\U0001f3f4" + "".join(rng.pick(TAGS) for _ in range(rng.between(1, 6))) + "\U000e007f")
            else:
                parts.append(rng.pick(["a", "A", "1", "'s"]) + rng.chars(emoji, 1) + rng.pick(EMOJI_JOINERS))
            parts.append(rng.pick(["", " ", " ", "\n", ".", "x"]))
        out.append("".join(parts))
    return out


# ---------------------------------------------------------------------------
# (g) lone surrogates


def surrogates():
    rng = Rng("surrogates")
    high = [chr(cp) for cp in range(0xD800, 0xDC00)]
    low = [chr(cp) for cp in range(0xDC00, 0xE000)]
    base = list(ASCII_LOWER + ASCII_UPPER + DIGITS + " \n'.") + ["\u00e9", "\u4e2d", "\U0001f600", "'s", "  "]
    out = []
    for s in ["\ud800", "\udbff", "\udc00", "\udfff", "\ud83d\ude00", "\ude00\ud83d", "\ud800\ud800", "\udc00\udc00"]:
        for pre, post in [("", ""), ("a", "b"), (" ", ""), ("", " "), ("1", "2"), ("'", "s"), ("\n", "\n"),
                          ("x", "'s"), ("\u00e9", "\u4e2d"), ("  ", "  "), ("!", "?")]:
            out.append(pre + s + post)
    for _ in range(400):
        parts = []
        for _ in range(rng.between(1, 30)):
            r = rng.random()
            if r < 0.6:
                parts.append(rng.pick(base))
            elif r < 0.75:
                parts.append(rng.pick(high))
            elif r < 0.9:
                parts.append(rng.pick(low))
            else:
                parts.append(rng.pick(high) + rng.pick(low))  # a valid pair as two code units
        out.append("".join(parts))
    return out


# ---------------------------------------------------------------------------
# long single pieces


def long_pieces():
    rng = Rng("long")
    out = ["a" * 4000, "ab" * 2500, "Z" * 3000, " " + "q" * 5000, "1" * 4000, "1234567890" * 400,
           " " * 4000, " " * 3000 + "x", "\n" * 3000, "\t \n" * 1000 + "y", "!" * 4000, " !?" * 1500,
           "\u00e9" * 3000, "\u4e2d" * 2000, "\U0001f600" * 1000, "a" + "\u0300" * 2000, "'" * 3000,
           "\u00a0" * 2000 + "x", "\u3000" * 2000, "\r\n" * 2000]
    out.append(rng.chars(ASCII_LOWER, 6000))
    out.append(rng.chars(ASCII_LOWER + ASCII_UPPER, 6000))
    out.append(rng.chars(DIGITS, 5000))
    out.append(rng.chars(list(range(0xA1, 0x250)), 3000))
    out.append(rng.chars(assigned_in([(0x4E00, 0x9FFF)]), 2000))
    out.append(rng.chars(assigned_in([(0x600, 0x6FF)]), 3000))
    out.append(rng.chars(list(range(0x80, 0x800)), 3000))
    out.append(rng.chars(list(range(0xF0000, 0xF1000)), 1500))
    return out


# ---------------------------------------------------------------------------

FAMILIES = {
    "codepoints": codepoints,
    "whitespace": whitespace,
    "numbers": numbers,
    "contractions": contractions,
    "specials": specials,
    "categories": categories,
    "scripts": scripts,
    "surrogates": surrogates,
    "long": long_pieces,
}


def generate(family):
    """The texts of one family, always the same list."""
    return FAMILIES[family]()


def utf8(text):
    """The text's UTF-8 bytes; lone surrogates are written as they are (surrogatepass)."""
    return text.encode("utf-8", "surrogatepass")


def text_digest(texts):
    """SHA-256 over the texts, each prefixed with its byte length."""
    h = hashlib.sha256()
    for t in texts:
        b = utf8(t)
        h.update(len(b).to_bytes(4, "little"))
        h.update(b)
    return h.hexdigest()


def main():
    total_texts = total_chars = 0
    for name in FAMILIES:
        texts = generate(name)
        chars = sum(map(len, texts))
        total_texts += len(texts)
        total_chars += chars
        print(f"{name:14} {len(texts):7} texts {chars:10} chars  {text_digest(texts)[:16]}")
    print(f"{'total':14} {total_texts:7} texts {total_chars:10} chars")


if __name__ == "__main__":
    main()
