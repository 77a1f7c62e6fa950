"""Bad files and bad arguments: each gets a clear error of the right type.

Files: ValueError naming the file and (where the format has lines) the line; OSError
for I/O.  Arguments: TypeError for a wrong type, KeyError naming the id for an id
that is not a token, ValueError for a bad value; the message names the offending
thing.  Needs only pytest and the package.
"""
import base64
import json
import os
import re

import pytest

import tokenizer
from tokenizer import Encoding, load_tiktoken_bpe
from tokenizer.encoding import _IDS_SLICE
from tokenizer.load import load_gpt2_bpe

# ---------------------------------------------------------------------------
# .tiktoken files

GOOD_TIKTOKEN = b"".join(base64.b64encode(bytes([i])) + b" %d\n" % i for i in range(4))


def _write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return str(path)


def _assert_names(message, path, line=None):
    assert os.path.basename(path) in message, message
    if line is not None:
        assert re.search(r"\bline %d\b" % line, message), message


def test_good_tiktoken_file_loads(tmp_path):
    path = _write(tmp_path, "good.tiktoken", GOOD_TIKTOKEN)
    assert load_tiktoken_bpe(path) == {bytes([i]): i for i in range(4)}
    # CRLF line ends and blank lines are accepted, as tiktoken accepts them
    path = _write(tmp_path, "crlf.tiktoken", b"\n" + GOOD_TIKTOKEN.replace(b"\n", b"\r\n"))
    assert load_tiktoken_bpe(path) == {bytes([i]): i for i in range(4)}


# (case, the fifth line of the file).  Lines 1-4 are good.
BAD_TIKTOKEN_LINES = [
    ("no rank", b"YWI="),
    ("rank not a number", b"YWI= x"),
    ("negative rank", b"YWI= -4"),
    ("three fields", b"YWI= 4 5"),
    ("tab separator", b"YWI=\t4"),
    ("non-base64 characters", b"!!!! 4"),
    ("base64 of bad length", b"YWI 4"),
    ("padding inside base64", b"YQ==YQ== 4"),
    ("binary garbage", b"\xff\xfe 4"),
    ("duplicate rank", b"YWI= 2"),
    ("duplicate token", base64.b64encode(b"\x01") + b" 4"),
]


@pytest.mark.parametrize("case,line", BAD_TIKTOKEN_LINES, ids=[c for c, _ in BAD_TIKTOKEN_LINES])
def test_bad_tiktoken_line(tmp_path, case, line):
    path = _write(tmp_path, "bad.tiktoken", GOOD_TIKTOKEN + line + b"\n" + base64.b64encode(b"zz") + b" 9\n")
    with pytest.raises(ValueError) as info:
        load_tiktoken_bpe(path)
    _assert_names(str(info.value), path, line=5)


def test_duplicate_rank_names_both_lines(tmp_path):
    path = _write(tmp_path, "dup.tiktoken", GOOD_TIKTOKEN + b"YWI= 2\n")
    with pytest.raises(ValueError, match=r"line 5.*duplicate rank 2.*line 3"):
        load_tiktoken_bpe(path)


def test_missing_tiktoken_file(tmp_path):
    path = str(tmp_path / "missing.tiktoken")
    with pytest.raises(OSError) as info:  # FileNotFoundError
        load_tiktoken_bpe(path)
    _assert_names(str(info.value), path)


def test_tiktoken_path_is_a_directory(tmp_path):
    with pytest.raises(OSError):
        load_tiktoken_bpe(str(tmp_path))


def test_tiktoken_hash_mismatch(tmp_path):
    path = _write(tmp_path, "good.tiktoken", GOOD_TIKTOKEN)
    with pytest.raises(ValueError, match="SHA-256") as info:
        load_tiktoken_bpe(path, expected_hash="0" * 64)
    _assert_names(str(info.value), path)


# ---------------------------------------------------------------------------
# GPT-2 files: vocab.bpe (merges) and encoder.json (token -> id)

# GPT-2's printable stand-in for each byte (the inverse of the byte map in load.py,
# written out here from its definition rather than imported)
_PRINTABLE = [*range(0x21, 0x7F), *range(0xA1, 0xAD), *range(0xAE, 0x100)]
_BYTE_ORDER = _PRINTABLE + [b for b in range(256) if b not in _PRINTABLE]
_BYTE_CHAR = {b: chr(b) for b in _PRINTABLE}
_BYTE_CHAR.update((b, chr(0x100 + i)) for i, b in enumerate(b for b in range(256) if b not in _PRINTABLE))
MERGES = ["\u0120 t", "\u0120 a", "h e"]  # " t", " a", "he"


def _encoder(merges=MERGES):
    enc = {_BYTE_CHAR[b]: i for i, b in enumerate(_BYTE_ORDER)}
    for i, m in enumerate(merges):
        enc[m.replace(" ", "")] = 256 + i
    return enc


def _gpt2_files(tmp_path, bpe_lines=None, encoder=None, bpe_raw=None, json_raw=None):
    bpe = bpe_raw if bpe_raw is not None else "#version: 0.2\n" + "\n".join(
        MERGES if bpe_lines is None else bpe_lines) + "\n"
    enc = json_raw if json_raw is not None else json.dumps(_encoder() if encoder is None else encoder)
    return _write(tmp_path, "vocab.bpe", bpe), _write(tmp_path, "encoder.json", enc)


def test_good_gpt2_files_load(tmp_path):
    ranks = load_gpt2_bpe(*_gpt2_files(tmp_path))
    assert len(ranks) == 259 and ranks[b" t"] == 256 and ranks[b"he"] == 258


# (case, merge lines, line number of the bad one: line 1 is "#version")
BAD_BPE = [
    ("one token", ["\u0120 t", "\u0120a", "h e"], 3),
    ("three tokens", ["\u0120 t", "\u0120 a x", "h e"], 3),
    ("not a GPT-2 byte character", ["\u0120 t", "\u0120 a", "h \u4e2d"], 4),
    ("duplicate merge", ["\u0120 t", "\u0120 a", "\u0120 t"], 4),
    ("empty line inside", ["\u0120 t", "", "\u0120 a", "h e"], 3),
]


@pytest.mark.parametrize("case,lines,line", BAD_BPE, ids=[c for c, _, _ in BAD_BPE])
def test_bad_vocab_bpe_line(tmp_path, case, lines, line):
    bpe, enc = _gpt2_files(tmp_path, bpe_lines=lines)
    with pytest.raises(ValueError) as info:
        load_gpt2_bpe(bpe, enc)
    _assert_names(str(info.value), bpe, line=line)


def test_vocab_bpe_not_utf8(tmp_path):
    # A byte that is not UTF-8 on line 3: a ValueError (UnicodeDecodeError is one) that
    # names the file and the line, like every other bad line.
    bpe = _write(tmp_path, "vocab.bpe", b"#version: 0.2\n\xc4\xa0 t\n\xff\xfe a\n")
    enc = _write(tmp_path, "encoder.json", json.dumps(_encoder()))
    with pytest.raises(ValueError) as info:
        load_gpt2_bpe(bpe, enc)
    _assert_names(str(info.value), bpe, line=3)


def _bad_encoders():
    wrong_id = _encoder()
    wrong_id["he"] = 999
    missing = _encoder()
    del missing["he"]
    extra_char = _encoder()
    extra_char["\u4e2d"] = 300
    str_id = _encoder()
    str_id["he"] = "258"
    return [
        ("not JSON", "{not json"),
        ("JSON list", "[1, 2]"),
        ("id differs from vocab.bpe", json.dumps(wrong_id)),
        ("token missing", json.dumps(missing)),
        ("not a GPT-2 byte character", json.dumps(extra_char)),
        ("id is a string", json.dumps(str_id)),
    ]


BAD_ENCODERS = _bad_encoders()


@pytest.mark.parametrize("case,raw", BAD_ENCODERS, ids=[c for c, _ in BAD_ENCODERS])
def test_bad_encoder_json(tmp_path, case, raw):
    bpe, enc = _gpt2_files(tmp_path, json_raw=raw)
    with pytest.raises(ValueError) as info:
        load_gpt2_bpe(bpe, enc)
    _assert_names(str(info.value), enc)


def test_encoder_json_not_json_names_line(tmp_path):
    bpe, enc = _gpt2_files(tmp_path, json_raw='{\n"a": 1,\n oops}')
    with pytest.raises(ValueError, match=r"line 3"):
        load_gpt2_bpe(bpe, enc)


def test_encoder_json_not_utf8(tmp_path):
    bpe, enc = _gpt2_files(tmp_path)
    with open(enc, "wb") as f:
        f.write(b'{"\xff": 1}')
    with pytest.raises(ValueError) as info:
        load_gpt2_bpe(bpe, enc)
    _assert_names(str(info.value), enc)


def test_missing_gpt2_files(tmp_path):
    bpe, enc = _gpt2_files(tmp_path)
    for args in ((str(tmp_path / "nope.bpe"), enc), (bpe, str(tmp_path / "nope.json"))):
        with pytest.raises(OSError) as info:
            load_gpt2_bpe(*args)
        assert "nope." in str(info.value)


def test_gpt2_hash_mismatch(tmp_path):
    bpe, enc = _gpt2_files(tmp_path)
    with pytest.raises(ValueError, match="SHA-256") as info:
        load_gpt2_bpe(bpe, enc, vocab_bpe_hash="0" * 64)
    _assert_names(str(info.value), bpe)
    with pytest.raises(ValueError, match="SHA-256") as info:
        load_gpt2_bpe(bpe, enc, encoder_json_hash="f" * 64)
    _assert_names(str(info.value), enc)


# ---------------------------------------------------------------------------
# Bad arguments to a named encoding


@pytest.fixture(scope="module")
def enc():
    return tokenizer.get_encoding("cl100k_base")


@pytest.mark.parametrize("value", [123, "<|endoftext|>", "", None, 1.5, b"all"],
                         ids=["int", "str-not-all", "empty-str", "None", "float", "bytes"])
def test_allowed_special_wrong_type(enc, value):
    with pytest.raises(TypeError, match="allowed_special"):
        enc.encode("hello", allowed_special=value)


@pytest.mark.parametrize("value", [123, "<|endoftext|>", None, b"all"],
                         ids=["int", "str-not-all", "None", "bytes"])
def test_disallowed_special_wrong_type(enc, value):
    with pytest.raises(TypeError, match="disallowed_special"):
        enc.encode("hello", disallowed_special=value)


def test_unknown_special_token_names(enc):
    with pytest.raises(ValueError, match=re.escape("<|not_a_token|>")):
        enc.encode("hello", allowed_special={"<|not_a_token|>"})
    with pytest.raises(ValueError, match=re.escape("<|endoftext |>")):
        enc.encode("hello", disallowed_special={"<|endoftext |>"})
    with pytest.raises(ValueError, match=re.escape("<|fim_prefix|>")):  # cl100k's, not r50k's
        tokenizer.get_encoding("r50k_base").encode("x", allowed_special={"<|endoftext|>", "<|fim_prefix|>"})


def test_disallowed_special_in_text(enc):
    with pytest.raises(ValueError, match=re.escape("<|endoftext|>")):
        enc.encode("a <|endoftext|> b")
    with pytest.raises(ValueError, match=re.escape("<|fim_prefix|>")):
        enc.encode("a <|fim_prefix|> b", allowed_special={"<|endoftext|>"})


@pytest.mark.parametrize("text", [None, b"bytes", 12, ["a"], bytearray(b"a")],
                         ids=["None", "bytes", "int", "list", "bytearray"])
def test_encode_wrong_type(enc, text):
    for method in (enc.encode, enc.encode_ordinary):
        with pytest.raises(TypeError, match="str") as info:
            method(text)
        assert type(text).__name__ in str(info.value)


def _decoders(enc):
    return {
        "decode": enc.decode,
        "decode_bytes": enc.decode_bytes,
        "decode_tokens_bytes": enc.decode_tokens_bytes,
        "decode_with_offsets": enc.decode_with_offsets,
        "decode_single_token_bytes": lambda ids: [enc.decode_single_token_bytes(i) for i in ids],
    }


DECODERS = ["decode", "decode_bytes", "decode_tokens_bytes", "decode_with_offsets", "decode_single_token_bytes"]


def _not_ids(enc):
    """Ints that are not token ids of enc: too large, negative at every scale, and the
    holes between the last rank and the special tokens."""
    top = enc.max_token_value
    return [top + 1, 10 ** 9, 2 ** 70, -1, -2, -(top // 2), -top, -(top + 1), -(top + 2), -(2 * top),
            -(2 * top + 2), -(2 * top + 3), -(10 ** 9), -(2 ** 70), 100261, 100275]


@pytest.mark.parametrize("method", DECODERS)
def test_decode_ids_that_are_not_tokens(enc, method):
    decode = _decoders(enc)[method]
    bad = _not_ids(enc)
    for t in bad:
        # (long lists: a slice at a time)
        for ids in ([t], [220, t], [220, 220, t, 220], [220] * (_IDS_SLICE + 5) + [t]):
            with pytest.raises(KeyError) as info:
                decode(ids)
            assert str(t) in str(info.value), (t, info.value)


@pytest.mark.parametrize("method", DECODERS)
@pytest.mark.parametrize("value", [1.5, 220.0, "1", None, b"\x01", [1]],
                         ids=["float", "integral-float", "str", "None", "bytes", "list"])
def test_decode_ids_of_wrong_type(enc, method, value):
    decode = _decoders(enc)[method]
    for ids in ([value], [220, value]):
        with pytest.raises(TypeError) as info:
            decode(ids)
        assert type(value).__name__ in str(info.value), info.value


@pytest.mark.parametrize("method", ["decode", "decode_bytes", "decode_tokens_bytes", "decode_with_offsets"])
@pytest.mark.parametrize("value", [None, 220, 1.5], ids=["None", "int", "float"])
def test_decode_not_a_list(enc, method, value):
    with pytest.raises(TypeError):
        _decoders(enc)[method](value)


def test_decode_with_offsets_of_invalid_utf8(enc):
    # a token that is a lone UTF-8 lead byte: decode() replaces, decode_with_offsets() is strict
    lead = enc.encode_single_token(b"\xe4")
    assert enc.decode([lead]) == "\ufffd"
    with pytest.raises(UnicodeDecodeError):
        enc.decode_with_offsets([lead])


def test_encode_single_token_errors(enc):
    with pytest.raises(KeyError, match="not a single token"):
        enc.encode_single_token("hello world, not one token")
    with pytest.raises(TypeError):
        enc.encode_single_token(123)
    with pytest.raises(TypeError):
        enc.encode_single_token(None)


def test_is_special_token_wrong_type(enc):
    with pytest.raises(TypeError):
        enc.is_special_token("100257")


def test_get_encoding_errors():
    with pytest.raises(ValueError, match="nope_base"):
        tokenizer.get_encoding("nope_base")
    with pytest.raises(TypeError):
        tokenizer.get_encoding(None)
    with pytest.raises(KeyError, match="no-such-model"):
        tokenizer.encoding_for_model("no-such-model")


# ---------------------------------------------------------------------------
# Bad arguments to Encoding(...)

BYTES = {bytes([i]): i for i in range(256)}


def _make(**kw):
    args = dict(pat_str=r"\S+|\s+", mergeable_ranks=BYTES, special_tokens={})
    args.update(kw)
    return Encoding("test", **args)


def test_encoding_good_arguments():
    enc = _make(special_tokens={"<|x|>": 256}, explicit_n_vocab=257)
    assert enc.encode("ab<|x|>", allowed_special="all") == [97, 98, 256]


# (case, constructor arguments, exception, text the message must contain)
BAD_ENCODINGS = [
    ("ranks a list", dict(mergeable_ranks=list(BYTES.items())), TypeError, "list"),
    ("ranks None", dict(mergeable_ranks=None), TypeError, "NoneType"),
    ("str keys", dict(mergeable_ranks={chr(i): i for i in range(256)}), TypeError, "str"),
    ("one str key, last", dict(mergeable_ranks={**BYTES, "ab": 256}), TypeError, "'ab'"),
    ("one str key, in the middle", dict(mergeable_ranks={**{bytes([i]): i for i in range(100)}, "zz": 100,
                                                          **{bytes([i]): i + 1 for i in range(100, 256)}}),
     TypeError, "'zz'"),
    ("duplicate rank", dict(mergeable_ranks={**BYTES, b"ab": 5}), ValueError, "5"),
    ("negative rank", dict(mergeable_ranks={**BYTES, b"ab": -1}), ValueError, "-1"),
    ("str rank", dict(mergeable_ranks={**BYTES, b"ab": "256"}), TypeError, "'256'"),
    ("float ranks", dict(mergeable_ranks={k: float(v) for k, v in BYTES.items()}), TypeError, "float"),
    ("float rank", dict(mergeable_ranks={**BYTES, b"ab": 256.0}), TypeError, "256.0"),
    ("explicit_n_vocab too large", dict(explicit_n_vocab=300), ValueError, "300"),
    ("explicit_n_vocab too small", dict(special_tokens={"<|x|>": 256}, explicit_n_vocab=256), ValueError, "256"),
    ("pat_str bytes", dict(pat_str=rb"\S+"), TypeError, "bytes"),
    ("pat_str with \\b", dict(pat_str=r"\bfoo|\s+"), ValueError, "\\b"),
    ("pat_str unclosed group", dict(pat_str=r"(foo"), ValueError, "("),
    ("special_tokens a list", dict(special_tokens=[("<|x|>", 256)]), TypeError, "list"),
    ("special token bytes", dict(special_tokens={b"<|x|>": 256}), TypeError, "<|x|>"),
    ("special id str", dict(special_tokens={"<|x|>": "256"}), TypeError, "'256'"),
    ("special id float", dict(special_tokens={"<|x|>": 256.0}), TypeError, "256.0"),
    ("special id negative", dict(special_tokens={"<|x|>": -5}), ValueError, "-5"),
    ("special id is a rank", dict(special_tokens={"<|x|>": 5}), ValueError, "<|x|>"),
]


@pytest.mark.parametrize("case,kw,exc,names", BAD_ENCODINGS, ids=[c[0] for c in BAD_ENCODINGS])
def test_encoding_bad_arguments(case, kw, exc, names):
    with pytest.raises(exc) as info:
        _make(**kw)
    assert names in str(info.value), info.value


def test_vocabulary_without_a_byte():
    # ranks for ASCII only: text with other bytes cannot be encoded; ValueError naming them
    enc = _make(mergeable_ranks={bytes([i]): i for i in range(128)})
    assert enc.encode("ab") == [97, 98]
    with pytest.raises(ValueError, match=re.escape(repr(b"\xc3"))):
        enc.encode("\u00e9")
