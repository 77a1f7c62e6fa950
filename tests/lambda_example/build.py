"""Build the Lambda deployment zip of handler.py and a vendored bpe_tokenizer.py, and
optionally time cold starts on each Python found here.

    python tests/lambda_example/build.py -o build                 # build/function.zip
    python tests/lambda_example/build.py -o build --measure       # and time cold starts

A cold start is timed the way Lambda pays for it: a new interpreter (-I -S, no
site-packages, no bytecode cache since /var/task is read-only) imports the handler,
which loads the table, and then serves one event.  Local figures, not Lambda's: a
Lambda CPU at 1 769 MB of memory is about one core of this kind; smaller memory
sizes get a proportional slice of one, so init time grows with less memory.
"""
import argparse
import glob
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
BOOT = ("import json, sys, time; t0 = time.perf_counter(); sys.path.insert(0, sys.argv[1]); import handler; "
        "t1 = time.perf_counter(); r = handler.handler({'text': 'hello world'}, None); t2 = time.perf_counter(); "
        "assert r['count'] == 2, r; print(json.dumps([t1 - t0, t2 - t1]))")


def build(out, encodings=("o200k_base",)):
    """Write out/bpe_tokenizer.py, out/handler.py and out/function.zip; returns the zip's path."""
    from tokenizer.vendor import write

    os.makedirs(out, exist_ok=True)
    write(list(encodings), os.path.join(out, "bpe_tokenizer.py"))
    shutil.copy(os.path.join(HERE, "handler.py"), os.path.join(out, "handler.py"))
    path = os.path.join(out, "function.zip")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name in ("handler.py", "bpe_tokenizer.py"):
            z.write(os.path.join(out, name), name)
    return path


def pythons():
    """sys.executable, then each pyenv Python 3.9 or later."""
    root = os.environ.get("PYENV_ROOT") or os.path.expanduser("~/.pyenv")
    found = {sys.executable: None}
    for exe in sorted(glob.glob(os.path.join(root, "versions", "3.*", "bin", "python3"))):
        minor = os.path.basename(os.path.dirname(os.path.dirname(exe))).split(".")[1]
        if minor.isdigit() and int(minor) >= 9:
            found[exe] = None
    return list(found)


def cold_start(python, zip_path, encoding="o200k_base", runs=5):
    """Median (process wall time, import time, first-invoke time) in seconds over fresh unzips."""
    env = dict(os.environ, TOKENIZER_ENCODING=encoding)  # the function's configuration, as on Lambda
    walls, inits, invokes = [], [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as task:
            zipfile.ZipFile(zip_path).extractall(task)
            t = time.perf_counter()
            p = subprocess.run([python, "-I", "-S", "-B", "-c", BOOT, task], capture_output=True, text=True,
                               env=env)
            if p.returncode:
                raise SystemExit(f"{python}: the handler failed:\n{p.stderr}")
            walls.append(time.perf_counter() - t)
            a, b = json.loads(p.stdout)
            inits.append(a)
            invokes.append(b)
    return statistics.median(walls), statistics.median(inits), statistics.median(invokes)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("-o", "--out", default="build", help="folder for the files and function.zip (default build)")
    p.add_argument("-e", "--encoding", action="append",
                   help="encodings to vendor (default o200k_base); the first is the handler's default")
    p.add_argument("--measure", action="store_true", help="time cold starts on each Python found")
    args = p.parse_args()
    encodings = args.encoding or ["o200k_base"]
    path = build(args.out, encodings)
    size = os.path.getsize(os.path.join(args.out, "bpe_tokenizer.py"))
    print(f"{path}: {os.path.getsize(path):,} bytes (bpe_tokenizer.py {size:,} bytes unzipped)")
    if args.measure:
        for py in pythons():
            version = subprocess.run([py, "-c", "import sys; print(sys.version.split()[0])"], capture_output=True,
                                     text=True).stdout.strip()
            wall, init, invoke = cold_start(py, path, encodings[0])
            print(f"Python {version}: cold start {wall * 1000:.0f} ms (import + table {init * 1000:.0f} ms, "
                  f"first invoke {invoke * 1000:.1f} ms)")


if __name__ == "__main__":
    main()
