"""Where the bucket BPE for long pieces starts to beat the rescanning one: sets bpe.LONG_MIN.

    python benchmarks/bpe_crossover.py
"""
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [os.path.join(os.path.dirname(HERE), "src"), HERE]
import corpora  # noqa: E402
import tokenizer  # noqa: E402
from tokenizer import bpe  # noqa: E402

ranks = tokenizer.get_encoding("o200k_base")._mergeable_ranks
text = corpora.english() + corpora.multilingual(200_000)
print("| piece bytes | rescan (us) | buckets (us) |\n|---|---|---|")
for n in (16, 32, 48, 64, 96, 128, 256, 512):
    pieces = [text[i:i + n].encode()[:n] for i in range(0, 200_000, 997)]
    cells = []
    for merge in (bpe.merge_short, bpe.merge_long):
        best = float("inf")
        for _ in range(3):
            t = time.perf_counter()
            for p in pieces:
                merge(ranks, p)
            best = min(best, time.perf_counter() - t)
        cells.append(f"{best / len(pieces) * 1e6:.1f}")
    print(f"| {n} | {cells[0]} | {cells[1]} |")
