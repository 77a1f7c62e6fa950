"""Regenerate src/tokenizer/_unicode.py: the character data the pattern translator needs.

tiktoken's regex engine (Rust `regex`/`fancy-regex`) is built on Unicode 16.0; the
interpreter's own `unicodedata` is older (Unicode 14 on 3.11), so we ship our own
tables.  A full code-point sweep against tiktoken (tests/test_unicode_tables.py)
pins the version: 16.0.0 gives zero differences for every class, 17.0.0 does not.

Needs (development time only):  pip install unicodedata2==16.0.0 regex
Run:                            python tests/tools/make_unicode_tables.py
"""
import pathlib
import sys

import regex
import unicodedata2 as ud

VERSION = "16.0.0"
assert ud.unidata_version == VERSION, f"need unicodedata2=={VERSION}, have {ud.unidata_version}"

# The White_Space property (PropList.txt); unchanged since Unicode 6.3.
WHITE_SPACE = [(0x09, 0x0D), (0x20, 0x20), (0x85, 0x85), (0xA0, 0xA0), (0x1680, 0x1680),
               (0x2000, 0x200A), (0x2028, 0x2029), (0x202F, 0x202F), (0x205F, 0x205F),
               (0x3000, 0x3000)]


def category(cp):
    return "Cs" if 0xD800 <= cp < 0xE000 else ud.category(chr(cp))


def category_runs():
    """(start, category) for every maximal run of code points with one general category."""
    runs, last = [], None
    for cp in range(0x110000):
        cat = category(cp)
        if cat != last:
            runs.append((cp, cat))
            last = cat
    return runs


# CaseFolding.txt marks exactly two mappings T (Turkic): U+0049 -> U+0131 and
# U+0130 -> U+0069.  Simple case folding (statuses C and S), which tiktoken's engine
# uses, leaves them out; the `regex` package folds them in, so they are dropped here.
TURKIC = {0x130, 0x131}


def case_orbits():
    """Sets of code points that are equal under Unicode simple case folding.

    `regex` matches (?i) with simple case folding (its V0 mode), but its Unicode
    may be newer than 16.0, so only characters assigned in 16.0 take part.
    """
    def cased(cp):
        cat = category(cp)
        return cat in ("Lu", "Ll", "Lt", "Nl", "Mn", "So", "Lm") or chr(cp).lower() != chr(cp) or chr(cp).upper() != chr(cp)
    pool = "".join(chr(cp) for cp in range(0x110000)
                   if category(cp) not in ("Cn", "Cs") and cp not in TURKIC and cased(cp))
    orbits = set()
    for c in pool:
        orbit = frozenset(m for m in regex.findall("(?iV0)" + regex.escape(c), pool) if len(m) == 1) | {c}
        if len(orbit) > 1:
            orbits.add(tuple(sorted(map(ord, orbit))))
    seen = {}
    for orbit in orbits:  # each code point must be in one orbit only: folding is an equivalence
        for cp in orbit:
            assert seen.setdefault(cp, orbit) == orbit, (hex(cp), seen[cp], orbit)
    return sorted(orbits)


def main():
    runs = category_runs()
    cats = sorted({c for _, c in runs})
    orbits = case_orbits()
    out = pathlib.Path(__file__).resolve().parents[2] / "src" / "tokenizer" / "_unicode.py"
    lines = [
        f'"""Unicode {VERSION} character data for the pattern translator (generated; do not edit).',
        "",
        "Made by tests/tools/make_unicode_tables.py from unicodedata2 " + VERSION + ", the Unicode",
        "version of tiktoken's regex engine.",
        '"""',
        f"UNICODE_VERSION = {VERSION!r}",
        "# The code points of each general category, as inclusive (first, last) ranges.",
        "CATEGORY_RANGES = {",
    ]
    ends = [start - 1 for start, _ in runs[1:]] + [0x10FFFF]
    for cat in cats:
        ranges = [(start, end) for (start, c), end in zip(runs, ends) if c == cat]
        cells = [f"(0x{lo:x}, 0x{hi:x})," for lo, hi in ranges]
        lines.append(f"    {cat!r}: (")
        lines += ["        " + " ".join(cells[i:i + 6]) for i in range(0, len(cells), 6)]
        lines.append("    ),")
    lines += ["}", "CATEGORIES = sorted(CATEGORY_RANGES)", "WHITE_SPACE = " + repr(tuple(WHITE_SPACE)),
              "# Groups of code points that are equal under simple case folding.",
              "CASE_ORBITS = ("]
    for i in range(0, len(orbits), 8):
        lines.append("    " + " ".join(f"{o!r}," for o in orbits[i:i + 8]))
    lines.append(")")
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {out}: {len(runs)} runs, {len(cats)} categories, {len(orbits)} case orbits", file=sys.stderr)


if __name__ == "__main__":
    main()
