"""Write vocab/<name>.ranks: the compact copy of each official .tiktoken file, the tables
the package loads (format: tokenizer/ranks.py; parsing base64 line by line at start-up
would cost ~40 ms more for o200k_base).

Run: python tests/tools/make_compact_vocab.py   (then update registry.TABLES with the hashes
it prints; tests/test_compact_vocab.py checks each table equals its official file)
"""
import hashlib
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))
from tokenizer.load import load_tiktoken_bpe  # noqa: E402
from tokenizer.ranks import pack_ranks  # noqa: E402


def main():
    for path in sorted((ROOT / "vocab").glob("*.tiktoken")):
        data = pack_ranks(load_tiktoken_bpe(path))
        out = path.with_suffix(".ranks")
        out.write_bytes(data)
        print(f"{out.name}: {len(data)} bytes, sha256 {hashlib.sha256(data).hexdigest()}")


if __name__ == "__main__":
    main()
