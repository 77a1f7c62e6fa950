"""Record tiktoken's answers for tests/fixtures/fuzz_regressions.json.

The fixture holds the inputs the fuzzer (tests/test_fuzz.py) and the adversarial
tests found to fail, each replayed by test_fuzz.py::test_fuzz_regression with only
pytest and the package.  The expected value of every case comes from tiktoken,
never from our code: this script (re)computes it.

    python tests/tools/record_regressions.py                 # re-record every case
    python tests/tools/record_regressions.py --add cl100k_base encode_ordinary '"it\\u2019S"' \\
        --note "what the fuzzer found"                       # add a case (input as JSON), record it

Ops: encode_ordinary, encode (allowed_special given by --allowed, disallowed_special=()),
encode_checked (the default arguments), decode, decode_bytes (hex), decode_with_offsets.
An error is recorded as {"error": "ValueError"} (the type name only).
"""
import argparse
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))  # tests/: reference.py

import reference  # noqa: E402

FIXTURE = os.path.join(os.path.dirname(HERE), "fixtures", "fuzz_regressions.json")
OPS = ["encode_ordinary", "encode", "encode_checked", "decode", "decode_bytes", "decode_with_offsets"]


def run_case(enc, case):
    """What an encoding (ours or tiktoken's) gives for one recorded case, in the fixture's terms."""
    op, arg = case["op"], case["input"]
    try:
        if op == "encode_ordinary":
            return enc.encode_ordinary(arg)
        if op == "encode":
            allowed = case.get("allowed_special", [])
            return enc.encode(arg, allowed_special=allowed if allowed == "all" else set(allowed),
                              disallowed_special=())
        if op == "encode_checked":  # the default: every special token disallowed
            return enc.encode(arg)
        if op == "decode":
            return enc.decode(arg)
        if op == "decode_bytes":
            return enc.decode_bytes(arg).hex()
        if op == "decode_with_offsets":
            text, offsets = enc.decode_with_offsets(arg)
            return [text, offsets]
    except (ValueError, KeyError, TypeError) as e:  # UnicodeDecodeError is a ValueError
        return {"error": type(e).__name__}
    raise ValueError(f"unknown op {op!r} in {FIXTURE}")


def expected(case):
    """tiktoken's answer for one case: the fixture's expected value."""
    return run_case(reference.encoding(case["encoding"]), case)


def load():
    with open(FIXTURE, encoding="utf-8") as f:
        return json.load(f)


def save(doc):
    # ensure_ascii keeps lone surrogates and odd spaces readable and loadable as \\u escapes
    with open(FIXTURE, "w", encoding="ascii") as f:
        json.dump(doc, f, ensure_ascii=True, indent=1)
        f.write("\n")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--add", nargs=3, metavar=("ENCODING", "OP", "INPUT_JSON"))
    ap.add_argument("--allowed", default="[]", help='allowed_special for op "encode": JSON list or "all"')
    ap.add_argument("--note", default="")
    args = ap.parse_args(argv)
    doc = load()
    if args.add:
        name, op, raw = args.add
        if name not in reference.NAMES or op not in OPS:
            ap.error(f"encoding must be one of {reference.NAMES}, op one of {OPS}")
        case = {"encoding": name, "op": op, "input": json.loads(raw)}
        if op == "encode":
            allowed = args.allowed if args.allowed == "all" else json.loads(args.allowed)
            case["allowed_special"] = allowed
        case["note"] = args.note
        doc["cases"].append(case)
    changed = 0
    for case in doc["cases"]:
        value = expected(case)
        if case.get("expected") != value:
            changed += 1
        case["expected"] = value
    save(doc)
    print(f"{len(doc['cases'])} cases, {changed} recorded anew, in {FIXTURE}")


if __name__ == "__main__":
    main()
