"""Write tests/fixtures/<encoding>.json.gz: tiktoken's ids for every text of textgen.py.

    python tests/tools/make_fixtures.py            # regenerate the fixtures (needs tiktoken)
    python tests/tools/make_fixtures.py --check    # compare the package against them (stdlib only)

The texts are not stored: the test rebuilds them with textgen.py and checks their
digest first, so "the generator changed" is told apart from "the encoder is wrong".
What is stored, per encoding, family and mode:

  tokens   the number of ids tiktoken gave for the whole family
  counts   the number of ids for each text
  digests  SHA-256 (first 128 bits, hex) of the ids of each block of `block` texts
  samples  the full ids of every `every`-th text (of every text in small families),
           so a mismatch can be shown id by id

Modes: "ordinary" is encode_ordinary(text) for every family; the specials family
also has "special", encode(text, allowed_special="all"), and "raises", the indices
of the texts for which encode(text) (every special token disallowed) raises ValueError.

Only this module's main() imports tiktoken; the helpers are shared with the tests.
"""
import gzip
import hashlib
import json
import os
import sys
import time
from array import array

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import textgen  # noqa: E402

FIXTURES = os.path.join(os.path.dirname(HERE), "fixtures")
FORMAT = 1
NAMES = ["gpt2", "r50k_base", "p50k_base", "p50k_edit", "cl100k_base", "o200k_base", "o200k_harmony"]

# family: (texts per digest block, sample every n-th text)
LAYOUT = {
    "codepoints": (8, 61),
    "whitespace": (64, 1),
    "numbers": (64, 1),
    "contractions": (64, 4),
    "specials": (64, 1),
    "categories": (16, 5),
    "scripts": (16, 5),
    "surrogates": (64, 1),
    "long": (4, 7),
}


def fixture_path(name):
    return os.path.join(FIXTURES, name + ".json.gz")


def ids_bytes(ids):
    a = array("I", ids)
    if sys.byteorder == "big":
        a.byteswap()
    return len(ids).to_bytes(4, "little") + a.tobytes()


def block_digests(id_lists, block):
    out = []
    for i in range(0, len(id_lists), block):
        h = hashlib.sha256()
        for ids in id_lists[i:i + block]:
            h.update(ids_bytes(ids))
        out.append(h.hexdigest()[:32])
    return out


def summarize(id_lists, block, every):
    """The stored form of one mode: counts, block digests and sampled ids."""
    sampled = list(range(0, len(id_lists), every))
    return {"tokens": sum(map(len, id_lists)), "block": block, "every": every,
            "counts": [len(ids) for ids in id_lists], "digests": block_digests(id_lists, block),
            "sample_index": sampled, "sample_ids": [id_lists[i] for i in sampled]}


def load(name):
    with gzip.open(fixture_path(name), "rt", encoding="utf-8") as f:
        return json.load(f)


def generator_info():
    return {"version": textgen.VERSION, "seed": textgen.SEED, "block": textgen.BLOCK,
            "unicode": textgen._unicode.UNICODE_VERSION}


def encode_family(encode, encode_all, texts, family, specials_mode):
    """(mode -> stored form) for one family, given encode functions of some encoder."""
    block, every = LAYOUT[family]
    modes = {"ordinary": summarize([encode(t) for t in texts], block, every)}
    if specials_mode:
        modes["special"] = summarize([encode_all(t) for t in texts], block, every)
    return modes


def main(argv):
    if "--check" in argv:
        return check()
    sys.path.insert(0, os.path.dirname(HERE))
    import reference
    import tiktoken

    os.makedirs(FIXTURES, exist_ok=True)
    families = {name: textgen.generate(name) for name in textgen.FAMILIES}
    digests = {name: textgen.text_digest(texts) for name, texts in families.items()}
    joined = "\0".join(families["specials"])
    for name in NAMES:
        t0 = time.time()
        enc = reference.encoding(name)
        missing = sorted(t for t in enc.special_tokens_set if t not in joined)
        if missing:  # textgen lists the special tokens itself; it must not fall behind tiktoken
            raise SystemExit(f"{name}: no text of textgen's specials family holds {missing[0]!r} "
                             f"({len(missing)} such tokens)")
        data = {"format": FORMAT, "encoding": name, "generator": generator_info(),
                "reference": "tiktoken " + tiktoken.__version__, "families": {}}
        for family, texts in families.items():
            modes = encode_family(enc.encode_ordinary, lambda t: enc.encode(t, allowed_special="all"),
                                  texts, family, family == "specials")
            if family == "specials":
                modes["raises"] = [i for i, t in enumerate(texts) if _raises(enc.encode, t)]
            data["families"][family] = {"texts": len(texts), "chars": sum(map(len, texts)),
                                        "text_sha256": digests[family], "modes": modes}
        with gzip.GzipFile(fixture_path(name), "wb", 9, mtime=0) as f:
            f.write(json.dumps(data, separators=(",", ":"), sort_keys=True).encode("utf-8"))
        texts_n = sum(f["texts"] for f in data["families"].values())
        tokens_n = sum(m["tokens"] for f in data["families"].values() for k, m in f["modes"].items() if k != "raises")
        print(f"{name:14} {texts_n:7} texts {tokens_n:9} tokens  {os.path.getsize(fixture_path(name)):8} bytes"
              f"  {time.time() - t0:.1f}s", flush=True)
    return 0


def _raises(encode, text):
    try:
        encode(text)
    except ValueError:
        return True
    return False


def check():
    """Compare the package with the fixtures; print texts, tokens and mismatches per encoding."""
    import tokenizer

    families = {name: textgen.generate(name) for name in textgen.FAMILIES}
    digests = {name: textgen.text_digest(texts) for name, texts in families.items()}
    bad = 0
    for name in NAMES:
        t0 = time.time()
        data, enc = load(name), tokenizer.get_encoding(name)
        texts_n = encodes_n = tokens_n = mismatched = 0
        for family, texts in families.items():
            want = data["families"][family]
            if want["text_sha256"] != digests[family]:
                print(f"{name}: family {family}: the generated texts differ from the fixture's; run make_fixtures.py")
                bad += 1
                continue
            got = encode_family(enc.encode_ordinary, lambda t: enc.encode(t, allowed_special="all"),
                                texts, family, "special" in want["modes"])
            texts_n += len(texts)
            for mode, g in got.items():
                w = want["modes"][mode]
                encodes_n += len(texts)
                tokens_n += w["tokens"]
                # a text is counted as wrong if its count differs, or else if its block's digest does
                wrong = sum(a != b for a, b in zip(g["counts"], w["counts"]))
                mismatched += wrong or sum(a != b for a, b in zip(g["digests"], w["digests"]))
            if "raises" in want["modes"]:
                raised = [i for i, t in enumerate(texts) if _raises(enc.encode, t)]
                mismatched += len(set(raised) ^ set(want["modes"]["raises"]))
        bad += mismatched
        print(f"{name:14} {texts_n} texts ({encodes_n} encodings), {tokens_n} tokens compared: "
              f"{mismatched} mismatches  ({time.time() - t0:.1f}s)", flush=True)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
