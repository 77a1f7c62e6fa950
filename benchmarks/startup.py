"""Start-up time and memory of fresh processes that load named encodings.

    python benchmarks/startup.py [--runs 9] [--src PATH]

Each scenario runs in new interpreters (after one run that writes the bytecode cache):
import the package, get_encoding() each name, encode one short text.  Prints the median
wall time of the whole process and its peak RSS (VmHWM).  --src points at another
checkout's src/ folder to compare two versions.
"""
import argparse
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SCENARIOS = [["o200k_base"], ["o200k_base", "o200k_harmony"], ["cl100k_base"], ["gpt2"], ["r50k_base", "gpt2"]]

_CHILD = """
import sys
sys.path.insert(0, sys.argv[1])
import tokenizer
for name in sys.argv[2:]:
    tokenizer.get_encoding(name).encode("hello world")
with open("/proc/self/status") as f:
    print(next(int(line.split()[1]) for line in f if line.startswith("VmHWM")))
"""


# bytecode is cached as an installed package's would be (this machine sets PYTHONDONTWRITEBYTECODE)
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def measure(src, names, runs):
    times, rss = [], []
    subprocess.run([sys.executable, "-S", "-c", _CHILD, src, *names], env=ENV, capture_output=True, check=True)
    for _ in range(runs):
        t = time.perf_counter()
        out = subprocess.run([sys.executable, "-S", "-c", _CHILD, src, *names], env=ENV, capture_output=True,
                             text=True, check=True).stdout
        times.append(time.perf_counter() - t)
        rss.append(int(out) / 1024)
    return statistics.median(times), max(rss)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--src", default=os.path.join(os.path.dirname(HERE), "src"))
    args = ap.parse_args()
    bare = statistics.median(
        [(lambda t: (subprocess.run([sys.executable, "-S", "-c", "pass"]), time.perf_counter() - t)[1])(
            time.perf_counter()) for _ in range(args.runs)])
    print(f"Python {sys.version.split()[0]}; bare interpreter (-S -c pass) {bare * 1e3:.1f} ms")
    print("| encodings | start-up | peak RSS |\n|---|---|---|")
    for names in SCENARIOS:
        t, rss = measure(args.src, names, args.runs)
        print(f"| {' + '.join(names)} | {t * 1e3:.1f} ms | {rss:.1f} MB |")


if __name__ == "__main__":
    main()
