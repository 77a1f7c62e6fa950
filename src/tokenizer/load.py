"""Readers for rank tables: tiktoken's `.tiktoken` files and GPT-2's vocab.bpe + encoder.json.

Both give a dict from token bytes to rank, the `mergeable_ranks` of an Encoding.
Bad files raise ValueError naming the file and line; I/O problems raise OSError.
"""
import binascii
import re

from hashlib import sha256  # OpenSSL's: 1 ms for o200k's 1.8 MB, against 10-14 ms for the interpreter's own

__all__ = ["load_tiktoken_bpe", "load_gpt2_bpe", "data_gym_to_mergeable_bpe_ranks", "dump_tiktoken_bpe"]

_LINE = re.compile(rb"([A-Za-z0-9+/]+={0,2}) (0|[1-9][0-9]*)")


def _read(path, expected_hash=None):
    with open(path, "rb") as f:
        data = f.read()
    if expected_hash is not None:
        got = sha256(data).hexdigest()
        if got != expected_hash.lower():
            raise ValueError(f"{path}: SHA-256 is {got}, expected {expected_hash}")
    return data


def load_tiktoken_bpe(path, expected_hash=None):
    """Read a `.tiktoken` file (one `base64(token) rank` a line) into {bytes: rank}.

    >>> ranks = load_tiktoken_bpe("vocab/cl100k_base.tiktoken")  # doctest: +SKIP
    """
    return parse_tiktoken_bpe(_read(path, expected_hash), path)


def parse_tiktoken_bpe(data, name="<data>"):
    """The rank table in the bytes of a `.tiktoken` file; ValueError naming the line if bad."""
    _check_lines(data, name)
    fields = data.split()
    tokens, ranks = fields[0::2], fields[1::2]
    table = dict(zip(map(binascii.a2b_base64, tokens), map(int, ranks)))
    if len(table) != len(tokens):
        _find_duplicate(data, name, lambda line: binascii.a2b_base64(line.split()[0]), "token")
    if len(set(table.values())) != len(table):
        _find_duplicate(data, name, lambda line: int(line.split()[1]), "rank")
    return table


def _check_lines(data, name):
    for n, line in enumerate(data.split(b"\n"), 1):
        line = line.rstrip(b"\r")
        if not line:
            continue
        m = _LINE.fullmatch(line)
        if m is None:
            raise ValueError(f"{name}, line {n}: expected 'BASE64 RANK', got {line[:80]!r}")
        if len(m.group(1)) % 4:  # with _LINE's alphabet, this is the one way left to be bad base64
            raise ValueError(f"{name}, line {n}: {m.group(1)[:80]!r} is not base64 (length {len(m.group(1))})")


def _find_duplicate(data, name, key, what):
    seen = {}
    for n, line in enumerate(data.split(b"\n"), 1):
        if not line.strip():
            continue
        k = key(line)
        if k in seen:
            raise ValueError(f"{name}, line {n}: duplicate {what} {k!r} (first on line {seen[k]})")
        seen[k] = n


def dump_tiktoken_bpe(ranks, path):
    """Write {bytes: rank} as a `.tiktoken` file, in rank order."""
    with open(path, "wb") as f:
        for token, rank in sorted(ranks.items(), key=lambda kv: kv[1]):
            f.write(binascii.b2a_base64(token, newline=False) + b" " + str(rank).encode() + b"\n")


# GPT-2 stores tokens as text: each byte is shown as a printable character.  The bytes
# that are printable in Latin-1 stand for themselves, the other 68 are shifted to
# U+0100 onwards in byte order.  Ranks start with the single bytes in that same order.
_PRINTABLE = [*range(0x21, 0x7F), *range(0xA1, 0xAD), *range(0xAE, 0x100)]
_BYTE_ORDER = _PRINTABLE + [b for b in range(256) if b not in _PRINTABLE]
_CHAR_TO_BYTE = {chr(b): b for b in _PRINTABLE}
_CHAR_TO_BYTE.update((chr(0x100 + i), b) for i, b in enumerate(b for b in range(256) if b not in _PRINTABLE))


def _gpt2_bytes(text, where):
    try:
        return bytes(map(_CHAR_TO_BYTE.__getitem__, text))
    except KeyError as e:
        raise ValueError(f"{where}: {e.args[0]!r} is not a GPT-2 byte character") from None


def _utf8(data, name):
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise ValueError(f"{name}, line {line}: not UTF-8 (byte {data[e.start]:#04x})") from None


def load_gpt2_bpe(vocab_bpe_path, encoder_json_path, vocab_bpe_hash=None, encoder_json_hash=None):
    """Build {bytes: rank} from GPT-2's merge list (vocab.bpe), checked against encoder.json.

    Ranks are the 256 single bytes, then one rank per merge, in file order.
    """
    merges = _utf8(_read(vocab_bpe_path, vocab_bpe_hash), vocab_bpe_path)
    ranks = {bytes((b,)): i for i, b in enumerate(_BYTE_ORDER)}
    lines = merges.split("\n")
    for n, line in enumerate(lines, 1):
        if n == 1 and line.startswith("#version"):
            continue
        if not line.strip():
            if n == len(lines):
                continue
            raise ValueError(f"{vocab_bpe_path}, line {n}: empty line")
        pair = line.split()
        if len(pair) != 2:
            raise ValueError(f"{vocab_bpe_path}, line {n}: expected two tokens, got {line[:80]!r}")
        where = f"{vocab_bpe_path}, line {n}"
        token = _gpt2_bytes(pair[0], where) + _gpt2_bytes(pair[1], where)
        if token in ranks:
            raise ValueError(f"{where}: the merge {line!r} makes {token!r}, which an earlier line made")
        ranks[token] = len(ranks)
    import json  # here, not at the top: only the gpt2 encoding needs it, and it costs start-up time

    try:
        encoder = json.loads(_utf8(_read(encoder_json_path, encoder_json_hash), encoder_json_path))
    except json.JSONDecodeError as e:
        raise ValueError(f"{encoder_json_path}, line {e.lineno}: not JSON ({e.msg})") from None
    if not isinstance(encoder, dict):
        raise ValueError(f"{encoder_json_path}: expected a JSON object of token to id")
    for special in ("<|endoftext|>", "<|startoftext|>"):
        encoder.pop(special, None)
    for text, rank in encoder.items():
        token = _gpt2_bytes(text, f"{encoder_json_path}, token {text!r}")
        if ranks.get(token) != rank:
            raise ValueError(f"{encoder_json_path}: token {text!r} has id {rank!r}, but vocab.bpe gives it "
                             f"{ranks.get(token)!r}")
    if len(encoder) != len(ranks):
        raise ValueError(f"{encoder_json_path}: has {len(encoder)} tokens, vocab.bpe makes {len(ranks)}")
    return ranks


def data_gym_to_mergeable_bpe_ranks(vocab_bpe_file, encoder_json_file, vocab_bpe_hash=None, encoder_json_hash=None):
    """tiktoken's name for load_gpt2_bpe."""
    return load_gpt2_bpe(vocab_bpe_file, encoder_json_file, vocab_bpe_hash, encoder_json_hash)
