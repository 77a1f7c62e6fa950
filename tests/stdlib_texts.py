"""Test text that every Python install has, read at run time, plus text made by our own code.

Nothing here is pasted from elsewhere: the prose is the interpreter's own help
(`pydoc_data.topics`), the code is the standard library's own `*.py` files, and
`mixed_text` draws characters from a seeded random generator.

The selection is deterministic for a given Python install (it depends only on the
files' names and contents), so a failure reproduces on the same interpreter.

    >>> texts = stdlib_texts()            # [(name, text)], about 3.5 MB
    >>> [name for name, _ in texts][:1]
    ['topic:assert']
"""
import functools
import hashlib
import io
import os
import random
import sysconfig
import tokenize

__all__ = ["topics", "source_files", "stdlib_texts", "generated_texts", "corpus", "mixed_text", "transliterate",
           "non_utf8_sources", "SPECIAL_LIKE"]

# Files above this size are left out: a few giant test modules would crowd out variety.
MAX_FILE_CHARS = 200_000


@functools.lru_cache(maxsize=None)
def topics():
    """Every pydoc help topic, [(\"topic:<name>\", text)] in name order."""
    from pydoc_data.topics import topics as table
    return [("topic:" + key, table[key]) for key in sorted(table)]


@functools.lru_cache(maxsize=None)
def _raw_sources():
    """[(relative path, bytes)] for every stdlib *.py file, in path order."""
    root = sysconfig.get_paths()["stdlib"]
    out = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in ("site-packages", "dist-packages", "__pycache__"))
        for name in sorted(files):
            if not name.endswith(".py"):
                continue
            path = os.path.join(folder, name)
            rel = os.path.relpath(path, root).replace(os.sep, "/")
            if rel == "pydoc_data/topics.py":  # the same help text as topics(), escaped
                continue
            try:
                with open(path, "rb") as f:
                    out.append((rel, f.read()))
            except OSError:
                continue
    return out


@functools.lru_cache(maxsize=None)
def _all_sources():
    """[(relative path, text)] for every stdlib *.py file, decoded the way Python reads it.

    Files in a legacy encoding (a `# coding:` line) are decoded with it, so they
    contribute real non-ASCII text; the few that Python itself cannot read are left out.
    """
    out = []
    for rel, data in _raw_sources():
        try:
            encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
            text = data.decode(encoding)
        except (SyntaxError, UnicodeDecodeError, LookupError):
            continue
        if text.startswith("\ufeff"):
            text = text[1:]
        out.append((rel, text))
    return out


@functools.lru_cache(maxsize=None)
def non_utf8_sources():
    """[(\"raw:<path>\", text)]: the stdlib files that are not UTF-8, decoded as UTF-8 with
    errors="surrogateescape", so each bad byte becomes a lone surrogate (U+DC80-U+DCFF).
    Empty on an install without such files."""
    out = []
    for rel, data in _raw_sources():
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            out.append(("raw:" + rel, data.decode("utf-8", "surrogateescape")))
    return out


@functools.lru_cache(maxsize=None)
def source_files(non_ascii_chars=1_500_000, ascii_chars=1_500_000):
    """A deterministic subset of the stdlib's source files, [(\"src:<path>\", text)].

    First the files richest in non-ASCII characters (most non-ASCII characters first)
    up to `non_ascii_chars` characters in all, then others in an order fixed by a
    hash of their path (an even spread over the library) up to `ascii_chars`.
    """
    files = [(rel, text) for rel, text in _all_sources() if len(text) <= MAX_FILE_CHARS]
    rich = sorted(((sum(not c.isascii() for c in text), rel, text) for rel, text in files if not text.isascii()),
                  key=lambda t: (-t[0], t[1]))
    chosen, total = [], 0
    for _, rel, text in rich:
        if total + len(text) <= non_ascii_chars:
            chosen.append(rel)
            total += len(text)
    taken = set(chosen)
    spread = sorted((rel for rel, _ in files if rel not in taken), key=lambda r: hashlib.sha256(r.encode()).digest())
    total = 0
    for rel in spread:
        size = len(_by_path()[rel])
        if total + size <= ascii_chars:
            chosen.append(rel)
            total += size
    return [("src:" + rel, _by_path()[rel]) for rel in chosen]


@functools.lru_cache(maxsize=None)
def _by_path():
    return dict(_all_sources())


@functools.lru_cache(maxsize=None)
def stdlib_texts():
    """[(name, text)]: all help topics and the chosen source files, plus a few with Windows line ends
    (the cl100k/o200k patterns treat \\r specially), about 3.5 MB in all."""
    texts = list(topics()) + list(source_files())
    crlf = [(name + ":crlf", text.replace("\n", "\r\n")) for name, text in texts[::10]]
    return texts + crlf


# ---------------------------------------------------------------------------
# Generated text: runs of characters from classes the split patterns care about.

# Strings the OpenAI patterns treat specially (contractions, in several cases).
_CONTRACTIONS = ["'s", "'t", "'re", "'ve", "'m", "'ll", "'d", "'S", "'T", "'RE", "'Ve", "'LL", "'D", "\u2019s", "'x"]
_SPACES = "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2005\u200a\u2028\u2029\u202f\u205f\u3000"

# (weight, code point ranges): each run draws from one of these.
_POOLS = [
    (20, [(0x61, 0x7A)]),                       # a-z
    (8, [(0x41, 0x5A)]),                        # A-Z
    (6, [(0x30, 0x39)]),                        # 0-9
    (6, [(0x21, 0x2F), (0x3A, 0x40), (0x5B, 0x60), (0x7B, 0x7E)]),  # ASCII punctuation
    (5, [(0xC0, 0x24F)]),                       # Latin-1 and Latin Extended (cased pairs)
    (4, [(0x300, 0x36F)]),                      # combining marks (\p{M})
    (4, [(0x391, 0x3C9), (0x400, 0x4FF)]),      # Greek, Cyrillic
    (3, [(0x1C4, 0x1CC), (0x1F88, 0x1FAF)]),    # titlecase letters (\p{Lt})
    (3, [(0x2B0, 0x2FF)]),                      # modifier letters (\p{Lm})
    (3, [(0x5D0, 0x5EA), (0x620, 0x64A), (0x660, 0x669)]),  # Hebrew, Arabic, Arabic-Indic digits
    (3, [(0x900, 0x97F)]),                      # Devanagari (letters and spacing marks)
    (5, [(0x4E00, 0x9FFF), (0x3040, 0x30FF), (0xAC00, 0xD7A3)]),  # CJK, kana, Hangul
    (2, [(0xB2, 0xB3), (0xBC, 0xBE), (0x2150, 0x218B), (0xFF10, 0xFF19)]),  # other numbers
    (3, [(0x1F300, 0x1F64F), (0x1F900, 0x1F9FF), (0x200D, 0x200D), (0xFE0F, 0xFE0F)]),  # emoji, ZWJ
    (2, [(0x1D400, 0x1D7FF), (0x10400, 0x1044F), (0x1E900, 0x1E94B)]),  # astral letters, digits
    (1, [(0xE000, 0xF8FF), (0x378, 0x379), (0xFFF0, 0xFFFD)]),  # private use, unassigned, specials
    (1, [(0x0, 0x8), (0xE, 0x1F), (0x7F, 0x9F)]),                # control characters
    (2, [(0x0, 0xD7FF), (0xE000, 0x10FFFF)]),  # anything at all
]
_POOL_WEIGHTS = [w for w, _ in _POOLS]


def _draw(rng, ranges):
    lo, hi = rng.choice(ranges)
    return chr(rng.randint(lo, hi))


def mixed_text(seed, n_chars):
    """About n_chars characters of seeded random text: runs of letters of every case
    class, marks, digits of several scripts, punctuation, contractions, every kind of
    white space and line end, and arbitrary code points.  No surrogates."""
    rng = random.Random(seed)
    out, size = [], 0
    while size < n_chars:
        roll = rng.random()
        if roll < 0.22:
            piece = "".join(rng.choice(_SPACES) if rng.random() < 0.3 else rng.choice((" ", "\n", "\r\n", "\t", "  "))
                            for _ in range(rng.choice((1, 1, 1, 2, 3, 5))))
        elif roll < 0.28:
            piece = rng.choice(_CONTRACTIONS)
        else:
            ranges = rng.choices(_POOLS, weights=_POOL_WEIGHTS)[0][1]
            piece = "".join(_draw(rng, ranges) for _ in range(rng.choice((1, 2, 3, 4, 6, 9))))
        out.append(piece)
        size += len(piece)
    return "".join(out)


# Stdlib text in other scripts: letters and digits are moved to another script by a
# fixed table, so the words, spaces and punctuation keep their real shape while the
# characters exercise \p{L}/\p{N}/\p{M} across the code space.
def _letters(upper_start, lower_start, step=1):
    return (dict(zip(range(0x41, 0x5B), (chr(upper_start + i * step) for i in range(26)))),
            dict(zip(range(0x61, 0x7B), (chr(lower_start + i * step) for i in range(26)))))


def _script(upper, lower, digits, vowels=None):
    table = {}
    for part in _letters(upper, lower):
        table.update(part)
    table.update(zip(range(0x30, 0x3A), (chr(digits + i) for i in range(10))))
    if vowels:  # vowels become combining or spacing marks (\p{M}) after the previous letter
        table.update(zip(map(ord, "aeiou"), vowels))
    return table


SCRIPTS = {
    "greek": _script(0x391, 0x3B1, 0x660),          # cased Greek; Arabic-Indic digits
    "cyrillic": _script(0x410, 0x430, 0xFF10),      # cased Cyrillic; fullwidth digits
    "cjk": _script(0x4E00, 0x5B57, 0x966),          # ideographs (\p{Lo}); Devanagari digits
    "hangul": _script(0xAC00, 0xB098, 0x30),        # Hangul syllables
    "devanagari": _script(0x915, 0x915, 0x966, "\u093e\u093f\u0940\u0941\u0947"),
    "thai": _script(0xE01, 0xE01, 0xE50, "\u0e31\u0e34\u0e35\u0e36\u0e37"),
    "math": _script(0x1D400, 0x1D41A, 0x1D7CE),     # astral bold letters and digits
    "deseret": _script(0x10400, 0x10428, 0x104A0),  # astral cased letters; Osmanya digits
}


def transliterate(text, script):
    """text with its ASCII letters and digits replaced by those of `script` (see SCRIPTS)."""
    return text.translate(SCRIPTS[script])


@functools.lru_cache(maxsize=None)
def generated_texts(mixed_chars=400_000):
    """Text made by our own code: every 8th stdlib text moved to each script in turn,
    and seeded random mixed text in 10,000-character chunks."""
    base = topics() + source_files()
    names = sorted(SCRIPTS)
    out = [(f"{name}:{names[i % len(names)]}", transliterate(text, names[i % len(names)]))
           for i, (name, text) in enumerate(base[::8])]
    out += [(f"mixed:{seed}", mixed_text(seed, 10_000)) for seed in range(mixed_chars // 10_000)]
    return out


def corpus():
    """stdlib_texts() + generated_texts(): the texts the conformance suite compares."""
    return stdlib_texts() + generated_texts()


# Text near the special tokens: they must be found whole, and only when allowed.
SPECIAL_LIKE = ["<|endoftext|>", "<|endoftext|", "<|endoftext", "|endoftext|>", "<|endoftext|>>",
                "<<|endoftext|>", "<|ENDOFTEXT|>", "<| endoftext|>", "<|fim_prefix|>", "<|endofprompt|>",
                "<|reserved_200500|>", "<|start|>", "<|im_start|>", "<|", "|>"]
