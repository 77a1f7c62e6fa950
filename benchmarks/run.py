"""Benchmarks: tokenizer against tiktoken, side by side in one run.

    python benchmarks/run.py            # full run (a few minutes), writes results.md and results.svg
    python benchmarks/run.py --quick    # smaller inputs and fewer repeats

tiktoken is built from this repository's vocab files (tests/reference.py).  Without
tiktoken installed the suite still runs and reports our own figures.  Every figure
is the best of several repeats (less noise from the rest of the machine) except
start-up and peak RSS, which are medians/maxima over fresh processes.
"""
import argparse
import gc
import os
import platform
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path[:0] = [os.path.join(ROOT, "src"), os.path.join(ROOT, "tests"), HERE]

import corpora  # noqa: E402
import reference  # noqa: E402
import svg  # noqa: E402
import tokenizer  # noqa: E402

ENCODINGS = ["cl100k_base", "o200k_base"]


def best(fn, repeat):
    times = []
    for _ in range(repeat):
        gc.collect()
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def best_pair(ours, theirs, repeat):
    """Best of `repeat` runs of each, taken in turn, so that both see the same machine
    (on a shared machine the load drifts within seconds); theirs may be None."""
    a, b = [], []
    for _ in range(repeat):
        a.append(best(ours, 1))
        if theirs is not None:
            b.append(best(theirs, 1))
    return min(a), (min(b) if b else None)


def fresh(name):
    """A new Encoding with an empty piece cache (the compiled pattern is shared, as in real use)."""
    enc = tokenizer.get_encoding(name)
    return tokenizer.Encoding(name, pat_str=enc._pat_str, mergeable_ranks=enc._mergeable_ranks,
                              special_tokens=enc._special_tokens)


def ratio(ours, theirs):
    return f"{ours / theirs:.2f}x" if theirs else "n/a"


def ms(t):
    return f"{t * 1e3:.1f} ms" if t is not None else "n/a"


def each(method, arg, many):
    """A call of `method` on the text (or ids), or on each of a list of short ones."""
    return (lambda: list(map(method, arg))) if many else (lambda: method(arg))


def throughput(names, texts, repeat, have_ref):
    rows, chart = [], []
    for name in names:
        ours_enc = tokenizer.get_encoding(name)
        ref = reference.encoding(name) if have_ref else None
        for label, text in texts.items():
            many = isinstance(text, list)
            each(ours_enc.encode_ordinary, text, many)()  # warm: passes after the first over the same text
            each(ours_enc.encode_ordinary, text, many)()  # (a chunk is cached when seen a second time)
            ids = each(ours_enc.encode_ordinary, text, many)()
            if ref is not None:
                assert each(ref.encode_ordinary, text, many)() == ids, f"ids differ from tiktoken on {label}"
            theirs = ref and each(ref.encode_ordinary, text, many)
            colds, t_colds = zip(*(best_pair(each(fresh(name).encode_ordinary, text, many), theirs, 1)
                                   for _ in range(repeat)))
            warm, t_warm = best_pair(each(ours_enc.encode_ordinary, text, many), theirs, repeat)
            cold = min(colds)
            if ref is not None:  # tiktoken keeps no cache: its every pass is the same, best of both sets
                t_warm = t_cold = min(t_warm, *t_colds)
            else:
                t_cold = None
            dec, t_dec = best_pair(each(ours_enc.decode, ids, many), ref and each(ref.decode, ids, many), repeat)
            mb = len("".join(text).encode("utf-8")) / 1e6
            rows.append([name, label, f"{mb:.2f}", ms(warm), ms(t_warm), ratio(warm, t_warm), ms(cold),
                         ratio(cold, t_cold), ms(dec), ms(t_dec), ratio(dec, t_dec)])
            chart.append((f"{name.split('_')[0]} {label}", mb / warm, mb / t_warm if t_warm else None))
    head = ["encoding", "corpus", "MB", "warm", "tiktoken", "warm ratio", "cold", "cold ratio",
            "decode", "tiktoken decode", "decode ratio"]
    return head, rows, chart


def _child_env():
    """Children run with -S (no site processing: no .pth files of this dev machine's
    other packages) and find our src, tests and the installed tiktoken by PYTHONPATH."""
    import site
    paths = [os.path.join(ROOT, "src"), os.path.join(ROOT, "tests"), HERE] + site.getsitepackages()
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(paths))
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed package has its .pyc files; so do we, after one run
    return env


def startup(runs, have_ref):
    ours = "import tokenizer; e = tokenizer.get_encoding('o200k_base'); e.encode('hello world')"
    theirs = "import reference; reference.encoding('o200k_base').encode('hello world')"

    def median_wall(code):
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            subprocess.run([sys.executable, "-S", "-c", code], check=True, env=_child_env())
            times.append(time.perf_counter() - t)
        return sorted(times)[len(times) // 2]
    median_wall(ours)  # writes our .pyc files, as pip install would have
    base = median_wall("pass")
    return base, median_wall(ours), median_wall(theirs) if have_ref else None


RSS = """
import resource, sys
import corpora
text = corpora.english()
text += corpora.code(1_000_000 - len(text))  # 1 MB, read no further than needed
if {which!r} == "ours":
    import tokenizer; enc = tokenizer.get_encoding("o200k_base")
else:
    import reference; enc = reference.encoding("o200k_base")
enc.encode_ordinary(text)
try:  # the high-water mark of this process image (ru_maxrss would include the parent's, inherited over fork)
    print([l.split()[1] for l in open("/proc/self/status") if l.startswith("VmHWM")][0])
except OSError:
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def peak_rss(which):
    code = RSS.format(which=which)
    out = subprocess.run([sys.executable, "-S", "-c", code], check=True, capture_output=True, text=True,
                         env=_child_env()).stdout
    return int(out.split()[-1]) / 1024  # KiB


def scaling(name, sizes, make, have_ref, repeat=1):
    """Encode time against input size, cold, for one kind of text."""
    ref = reference.encoding(name) if have_ref else None
    out = []
    for n in sizes:
        text = make(n)
        enc = fresh(name)
        t_ours = best(lambda: enc.encode_ordinary(text), 1)
        t_ref = None
        if ref is not None:
            assert ref.encode_ordinary(text) == enc.encode_ordinary(text)
            t_ref = best(lambda: ref.encode_ordinary(text), repeat)
        out.append((n, t_ours, t_ref))
    return out


def table(head, rows):
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(map(str, r)) + " |" for r in rows]
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="smaller inputs, fewer repeats")
    ap.add_argument("--out", default=HERE, help="folder for results.md and results.svg")
    args = ap.parse_args()
    have_ref = reference.available()
    repeat = 3 if args.quick else 9
    size = 200_000 if args.quick else 1_000_000
    texts = {"english": corpora.english()[:size], "code": corpora.code(size),
             "multilingual": corpora.multilingual(size // 2),
             "paragraphs": corpora.paragraphs()[:size // 100]}  # short texts, each encoded alone
    print("throughput ...", file=sys.stderr)
    head, rows, chart = throughput(ENCODINGS, texts, repeat, have_ref)

    print("adversarial ...", file=sys.stderr)
    adv_rows = []
    for label, text in corpora.adversarial(30_000 if args.quick else 100_000).items():
        enc = fresh("o200k_base")
        t = best(lambda: enc.encode_ordinary(text), 1)
        tr = None
        if have_ref:
            ref = reference.encoding("o200k_base")
            assert ref.encode_ordinary(text) == enc.encode_ordinary(text), label
            tr = best(lambda: ref.encode_ordinary(text), 1)
        adv_rows.append([label, f"{len(text):,}", ms(t), ms(tr), ratio(t, tr)])

    print("single pre-token ...", file=sys.stderr)
    sizes = [10_000, 100_000] if args.quick else [10_000, 100_000, 1_000_000]
    piece = scaling("o200k_base", sizes, corpora.letters, have_ref)
    piece_rows = [[f"{n:,}", ms(t), ms(tr), ratio(t, tr)] for n, t, tr in piece]
    growth = piece[-1][1] / piece[-2][1]

    print("time against size ...", file=sys.stderr)
    eng = corpora.english() + corpora.code()
    prose_sizes = [2 ** k * 1000 for k in range(4, 11 if not args.quick else 8)]
    prose = scaling("o200k_base", prose_sizes, lambda n: eng[:n], have_ref, repeat=3)

    print("start-up and memory ...", file=sys.stderr)
    base, s_ours, s_ref = startup(3 if args.quick else 7, have_ref)
    rss_ours, rss_ref = peak_rss("ours"), peak_rss("tiktoken") if have_ref else None

    ver = __import__("tiktoken").__version__ if have_ref else "not installed"
    md = [
        "# Benchmark results",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}; "
        f"Python {platform.python_version()}; tiktoken {ver}; tokenizer {tokenizer.__version__}. "
        f"Made by `python benchmarks/run.py{' --quick' if args.quick else ''}`. Ratios are our time over "
        "tiktoken's (below 1 means we are faster). Cache budget per encoding: "
        f"{tokenizer.cache_memory() >> 20} MiB.",
        "",
        "## Encode and decode",
        "",
        "warm: a later pass over the same text (its chunks and pieces cached); cold: a fresh Encoding on "
        "text it has not seen. Each of our runs is followed by one of tiktoken's, so both see the same "
        "machine; tiktoken keeps no cache, so its figure is its best over the warm and cold runs. paragraphs: the "
        "English text's paragraphs, each encoded (and decoded) by a call of its own, as chat messages are.",
        "",
        table(head, rows),
        "",
        "## Start-up and memory (o200k_base)",
        "",
        table(["figure", "tokenizer", "tiktoken", "ratio"], [
            ["fresh process: import + get_encoding + first encode", ms(s_ours), ms(s_ref), ratio(s_ours, s_ref)],
            ["(of which the bare interpreter, `python -S -c pass`)", ms(base), ms(base), ""],
            ["peak RSS after encoding 1 MB", f"{rss_ours:.0f} MB", f"{rss_ref:.0f} MB" if rss_ref else "n/a",
             ratio(rss_ours, rss_ref)],
        ]),
        "",
        "## One pre-token of random letters (o200k_base, cold)",
        "",
        table(["characters", "tokenizer", "tiktoken", "ratio"], piece_rows),
        "",
        f"Growth from {sizes[-2]:,} to {sizes[-1]:,} characters: {growth:.1f}x for {sizes[-1] // sizes[-2]}x "
        "the input.",
        "",
        "## Adversarial inputs (o200k_base, cold)",
        "",
        table(["input", "characters", "tokenizer", "tiktoken", "ratio"], adv_rows),
        "",
    ]
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "results.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(md))
    svg.write(os.path.join(args.out, "results.svg"), chart, prose, piece)
    print("\n".join(md))


if __name__ == "__main__":
    main()
