"""Adversarial inputs: our time against tiktoken's, at growing sizes.

Each case is a text made here that stresses the split pattern or the BPE: a long run
that one pattern branch scans and gives back, one enormous piece, or a flood of tiny
ones.  For each case, encoding and size this times our encode (cold: the piece cache
is cleared before every run, so BPE really runs) and tiktoken's, best of --repeat,
and prints a markdown table: the times, our time over tiktoken's, and how much each
time grew from the previous size.  Near-linear means growth close to the size ratio
(3.3x from 30k to 100k, 3x from 100k to 300k); quadratic would be its square.

    python benchmarks/adversarial.py                              # 30k, 100k, 300k; cl100k and o200k
    python benchmarks/adversarial.py --sizes 100000,1000000 --encodings r50k_base

tests/test_adversarial.py checks the ids of the same cases against tiktoken's.
"""
import argparse
import os
import random
import string
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

WHITE_SPACE = ("\t\n\x0b\x0c\r \x85\xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B)))
               + "\u2028\u2029\u202f\u205f\u3000")


def _random(alphabet, n, seed):
    rng = random.Random(seed)
    return "".join(rng.choice(alphabet) for _ in range(n))


# name -> (function of the size n giving a text of about n characters, what it stresses)
CASES = {
    "spaces, then a letter": (lambda n: " " * n + "a",
                              "`\\s+(?!\\S)` gives back one space; `\\s*[\\r\\n]` scans the run and fails"),
    "alternating newline/space": (lambda n: "\n " * (n // 2), "one whitespace run, newlines all through it"),
    "'s repeated": (lambda n: "'s" * (n // 2), "the contraction branch, n/2 tiny pieces"),
    "digits": (lambda n: _random(string.digits, n, 1), "digit groups of 3 (one piece in r50k)"),
    "mixed Unicode spaces": (lambda n: _random(WHITE_SPACE, n, 2), "every White_Space character, CR and LF"),
    "punctuation": (lambda n: _random(string.punctuation, n, 3), "one long punctuation piece"),
    "one letter, 1 MB": (lambda n: "a" * (1 << 20) if n >= 300_000 else "a" * n,
                         "the largest single piece: BPE on 1 MB (at the largest size)"),
    "uppercase letter run": (lambda n: "A" * n, "o200k's first branch scans it and fails, the second takes it"),
    "spaces, then a newline": (lambda n: " " * n + "\nx", "`\\s*[\\r\\n]` matches after a long scan"),
    "combining marks": (lambda n: "a" + "\u0301" * n, "one piece of marks (2 bytes each)"),
    "emoji": (lambda n: "\U0001F600" * (n // 2), "astral characters (translated, 4 bytes each)"),
    "CJK, one character": (lambda n: "\u4e2d" * (n // 3), "a letter run of 3-byte characters"),
    "lone surrogates": (lambda n: "\ud800" * (n // 2), "repaired to U+FFFD (as tiktoken does), then one piece"),
    "special-token look-alikes": (lambda n: "<|endoftext|" * (n // 12), "special-token search"),
}


def _ours(name):
    sys.path.insert(0, os.path.join(ROOT, "src"))
    import tokenizer
    return tokenizer.get_encoding(name)


def _reference(name):
    sys.path.insert(0, os.path.join(ROOT, "tests"))
    import reference
    return reference.encoding(name)


def _best(f, repeat, before=None):
    best = float("inf")
    for _ in range(repeat):
        if before:
            before()
        t = time.perf_counter()
        out = f()
        best = min(best, time.perf_counter() - t)
    return best, out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="30000,100000,300000")
    ap.add_argument("--encodings", default="cl100k_base,o200k_base")
    ap.add_argument("--cases", default="", help="comma-separated substrings of case names (default: all)")
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    wanted = [c for c in CASES if not args.cases or any(w in c for w in args.cases.split(","))]
    print(f"Python {sys.version.split()[0]}; times in ms, best of {args.repeat}; "
          f"our piece cache cleared before every run; growth = time / time at the previous size\n")
    print("| case | encoding | chars | ours ms | tiktoken ms | ours / tiktoken | ours growth | tiktoken growth |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for name in args.encodings.split(","):
        ours, ref = _ours(name), _reference(name)
        for case in wanted:
            make = CASES[case][0]
            prev = None
            for n in sizes:
                text = make(n)
                kw = {"allowed_special": "all"} if "special" in case else {"disallowed_special": ()}
                t_ours, ids = _best(lambda: ours.encode(text, **kw), args.repeat, ours.clear_cache)
                t_ref, expected = _best(lambda: ref.encode(text, **kw), args.repeat)
                same = "" if ids == expected else " **ids differ**"
                growth = ("%.1fx" % (t_ours / prev[0]), "%.1fx" % (t_ref / prev[1])) if prev else ("", "")
                print(f"| {case}{same} | {name} | {len(text):,} | {t_ours * 1e3:.0f} | {t_ref * 1e3:.1f} | "
                      f"{t_ours / t_ref:.0f}x | {growth[0]} | {growth[1]} |", flush=True)
                prev = (t_ours, t_ref)


if __name__ == "__main__":
    main()
