"""Write vocab/<name>.ranks: a compact copy of each .tiktoken file, for fast start-up.

Parsing a .tiktoken file means one base64 decode and one int() per token: ~40 ms
for o200k_base before the dict is even built.  The compact copy holds the raw
token bytes in rank order, joined by SEP, so one bytes.split() (C) gives them all:

    line 1:  b"tokenizer-ranks 1 <count>\\n"
    line 2:  the ranks as runs "start+length start+length ...\\n"
    rest:    the tokens in rank order, joined by SEP

SEP (FF FE) never occurs inside a token of these vocabularies (checked here and by
tests/test_compact_vocab.py); a split still finds the right boundary when a token
ends in FF or starts with FE, because the search takes the leftmost match.  The
package checks each file's SHA-256 (registry.ENCODINGS) before it trusts it.

Run: python tests/tools/make_compact_vocab.py   (then update the hashes it prints)
"""
import hashlib
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))
from tokenizer.load import load_tiktoken_bpe  # noqa: E402

SEP = b"\xff\xfe"


def compact(ranks):
    items = sorted(ranks.items(), key=lambda kv: kv[1])
    runs, prev = [], None
    for _, r in items:
        if prev is not None and r == prev + 1:
            runs[-1][1] += 1
        else:
            runs.append([r, 1])
        prev = r
    for token, _ in items:
        if SEP in token:
            raise ValueError(f"token {token!r} contains the separator")
    head = b"tokenizer-ranks 1 %d\n" % len(items) + " ".join(f"{s}+{n}" for s, n in runs).encode() + b"\n"
    return head + SEP.join(t for t, _ in items)


def main():
    for path in sorted((ROOT / "vocab").glob("*.tiktoken")):
        data = compact(load_tiktoken_bpe(path))
        out = path.with_suffix(".ranks")
        out.write_bytes(data)
        print(f"{out.name}: {len(data)} bytes, sha256 {hashlib.sha256(data).hexdigest()}")


if __name__ == "__main__":
    main()
