"""The public API's behaviour, with expected values from the vocab files or from
documented tiktoken behaviour (stated here as facts).  Needs only pytest.

Facts used (tiktoken's, from tiktoken_ext/openai_public.py and tiktoken/core.py):
- the encodings, their special tokens and ids, and their n_vocab (below);
- a piece of text that is itself a token encodes as that token;
- decode() replaces invalid UTF-8 with U+FFFD unless errors="strict";
- decode_with_offsets gives, per token, the index of the first character that holds
  bytes of the token, and raises on invalid UTF-8;
- a special token in the text is an error unless allowed or disallowed_special=();
- encoding_for_model maps gpt-4o to o200k_base, gpt-4 to cl100k_base, ...; unknown
  models raise KeyError.
Our own documented choices: bad ids raise KeyError naming the id (negative ones too),
non-int ids TypeError; unknown encoding names ValueError naming the name.
"""
import base64
import functools
import os
import pickle
import random

import pytest

import stdlib_texts
import tokenizer
from tokenizer import encoding as encoding_module

VOCAB = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "vocab")
NAMES = ["gpt2", "r50k_base", "p50k_base", "p50k_edit", "cl100k_base", "o200k_base", "o200k_harmony"]
FILE = {"gpt2": "r50k_base", "r50k_base": "r50k_base", "p50k_base": "p50k_base", "p50k_edit": "p50k_base",
        "cl100k_base": "cl100k_base", "o200k_base": "o200k_base", "o200k_harmony": "o200k_base"}

EOT, FIM_PREFIX, FIM_MIDDLE, FIM_SUFFIX, EOP = ("<|endoftext|>", "<|fim_prefix|>", "<|fim_middle|>",
                                                "<|fim_suffix|>", "<|endofprompt|>")
HARMONY = {EOT: 199999, EOP: 200018, "<|startoftext|>": 199998, "<|reserved_200000|>": 200000,
           "<|reserved_200001|>": 200001, "<|return|>": 200002, "<|constrain|>": 200003,
           "<|reserved_200004|>": 200004, "<|channel|>": 200005, "<|start|>": 200006, "<|end|>": 200007,
           "<|message|>": 200008, "<|reserved_200009|>": 200009, "<|reserved_200010|>": 200010,
           "<|reserved_200011|>": 200011, "<|call|>": 200012}
HARMONY.update({f"<|reserved_{i}|>": i for i in range(200013, 201088)})
SPECIALS = {
    "gpt2": {EOT: 50256},
    "r50k_base": {EOT: 50256},
    "p50k_base": {EOT: 50256},
    "p50k_edit": {EOT: 50256, FIM_PREFIX: 50281, FIM_MIDDLE: 50282, FIM_SUFFIX: 50283},
    "cl100k_base": {EOT: 100257, FIM_PREFIX: 100258, FIM_MIDDLE: 100259, FIM_SUFFIX: 100260, EOP: 100276},
    "o200k_base": {EOT: 199999, EOP: 200018},
    "o200k_harmony": HARMONY,
}
N_VOCAB = {"gpt2": 50257, "r50k_base": 50257, "p50k_base": 50281, "p50k_edit": 50284, "cl100k_base": 100277,
           "o200k_base": 200019, "o200k_harmony": 201088}
EOT_TOKEN = {"gpt2": 50256, "r50k_base": 50256, "p50k_base": 50256, "p50k_edit": 50256, "cl100k_base": 100257,
             "o200k_base": 199999, "o200k_harmony": 199999}


@functools.lru_cache(maxsize=None)
def file_ranks(name):
    """{token bytes: rank} read straight from the .tiktoken file (base64, space, rank)."""
    with open(os.path.join(VOCAB, FILE[name] + ".tiktoken"), "rb") as f:
        lines = f.read().split()
    return {base64.b64decode(t): int(r) for t, r in zip(lines[0::2], lines[1::2])}


def unused_ids(name):
    """Ids below n_vocab that no token and no special token has."""
    used = set(file_ranks(name).values()) | set(SPECIALS[name].values())
    return [i for i in range(N_VOCAB[name]) if i not in used]


@pytest.fixture(params=NAMES)
def name(request):
    return request.param


# ---------------------------------------------------------------------------
# The named encodings


def test_list_encoding_names():
    assert set(NAMES) <= set(tokenizer.list_encoding_names())


def test_get_encoding(name):
    enc = tokenizer.get_encoding(name)
    assert isinstance(enc, tokenizer.Encoding)
    assert enc.name == name
    assert tokenizer.get_encoding(name) is enc  # loaded once, shared
    assert name in repr(enc)


@pytest.mark.parametrize("bad", ["cl100k", "CL100K_BASE", "", "gpt-4", "o200k_base ", "r50k-base"])
def test_unknown_encoding_name(bad):
    with pytest.raises(ValueError) as info:
        tokenizer.get_encoding(bad)
    assert repr(bad) in str(info.value) or (bad and bad in str(info.value))


def test_sizes_and_special_tokens(name):
    enc = tokenizer.get_encoding(name)
    assert enc.n_vocab == N_VOCAB[name]
    assert enc.max_token_value == N_VOCAB[name] - 1
    assert enc.eot_token == EOT_TOKEN[name]
    assert enc.special_tokens_set == set(SPECIALS[name])
    for text, i in SPECIALS[name].items():
        assert enc.encode_single_token(text) == i
        assert enc.encode_single_token(text.encode()) == i
        assert enc.is_special_token(i)
        assert enc.encode(text, allowed_special="all") == [i]
    # each allowed set is a new pattern of the rest (as in tiktoken): a sample of harmony's thousand
    for text in random.Random(name).sample(sorted(SPECIALS[name]), min(len(SPECIALS[name]), 12)):
        assert enc.encode(text, allowed_special={text}) == [SPECIALS[name][text]]
    for text, i in SPECIALS[name].items():
        if text != "<|reserved_200018|>":  # shares 200018 with <|endofprompt|>, which decodes
            assert enc.decode_single_token_bytes(i) == text.encode()
            assert enc.decode([i]) == text
    for i in random.Random(name).sample(sorted(file_ranks(name).values()), 300):
        assert not enc.is_special_token(i)


def test_vocabulary_matches_the_file(name):
    """Every token of the file encodes to its rank and back; token_byte_values is the file's tokens."""
    enc = tokenizer.get_encoding(name)
    ranks = file_ranks(name)
    assert enc.token_byte_values() == sorted(ranks)
    for token, rank in ranks.items():
        assert enc.decode_single_token_bytes(rank) == token
    for token, rank in random.Random(name).sample(sorted(ranks.items()), 3000):
        assert enc.encode_single_token(token) == rank
        assert enc.decode_tokens_bytes([rank, rank]) == [token, token]
        assert enc.decode_bytes([rank]) == token


def test_a_piece_that_is_a_token_encodes_as_it(name):
    enc = tokenizer.get_encoding(name)
    ranks = file_ranks(name)
    assert enc.encode("hello world") == [ranks[b"hello"], ranks[b" world"]]
    assert enc.encode_ordinary(" the") == [ranks[b" the"]]
    assert enc.encode("") == [] and enc.encode_ordinary("") == []
    assert enc.encode_batch(["hello", " world"]) == [[ranks[b"hello"]], [ranks[b" world"]]]
    assert enc.encode_ordinary_batch(["hello", " world"], num_threads=2) == [[ranks[b"hello"]], [ranks[b" world"]]]


def test_special_tokens_in_text(name):
    enc = tokenizer.get_encoding(name)
    ranks = file_ranks(name)
    text = "hello" + EOT
    assert enc.encode(text, allowed_special="all") == [ranks[b"hello"], EOT_TOKEN[name]]
    assert enc.encode(text, allowed_special={EOT}) == [ranks[b"hello"], EOT_TOKEN[name]]
    as_text = enc.encode(text, disallowed_special=())
    assert EOT_TOKEN[name] not in as_text and enc.decode(as_text) == text
    assert enc.encode_ordinary(text) == as_text
    assert enc.encode_batch([text, "hello"], allowed_special="all") == [[ranks[b"hello"], EOT_TOKEN[name]],
                                                                        [ranks[b"hello"]]]


def test_round_trip_on_stdlib_text(name):
    enc = tokenizer.get_encoding(name)
    for _, text in stdlib_texts.topics()[::4] + stdlib_texts.generated_texts()[::9]:
        ids = enc.encode_ordinary(text)
        assert enc.decode(ids) == text
        assert enc.decode_bytes(ids) == text.encode("utf-8")
        assert b"".join(enc.decode_tokens_bytes(ids)) == text.encode("utf-8")
        assert enc.decode_with_offsets(ids) == (text, expected_offsets(enc, ids))


def expected_offsets(enc, ids):
    """For each token, the index of the first character holding bytes of it (from the bytes alone)."""
    data = b"".join(enc.decode_tokens_bytes(ids))
    starts = [i for i, b in enumerate(data) if not 0x80 <= b < 0xC0]  # where each character begins
    out, pos, char = [], 0, 0
    for token in enc.decode_tokens_bytes(ids):
        while char + 1 < len(starts) and starts[char + 1] <= pos:
            char += 1
        out.append(char if data else 0)
        pos += len(token)
    return out


@pytest.mark.parametrize("extra", [-1, 0, 1, 2, 16385])
def test_decode_of_long_lists(extra):
    """Decoding works on long lists a slice at a time: a slice of one id (or none) left
    over at the end must decode like any other."""
    enc = tokenizer.get_encoding("o200k_base")
    ranks = file_ranks("o200k_base")
    tokens = [b"hello", b" world", b"!"]
    n = 2 * encoding_module._IDS_SLICE + extra
    ids = [ranks[tokens[i % 3]] for i in range(n)]
    want = b"".join(tokens[i % 3] for i in range(n))
    assert enc.decode_bytes(ids) == want
    assert enc.decode(ids) == want.decode()
    assert enc.decode_tokens_bytes(ids) == [tokens[i % 3] for i in range(n)]
    assert enc.decode_with_offsets(ids)[0] == want.decode()


def test_decode_of_split_characters():
    enc = tokenizer.get_encoding("cl100k_base")
    ranks = file_ranks("cl100k_base")
    half = ranks[b"\xe2\x80"]  # the first two bytes of a three-byte character
    assert enc.decode([half]) == "\ufffd"
    assert enc.decode([half], errors="replace") == "\ufffd"
    assert enc.decode([half], errors="ignore") == ""
    with pytest.raises(UnicodeDecodeError):
        enc.decode([half], errors="strict")
    with pytest.raises(UnicodeDecodeError):
        enc.decode_with_offsets([half])
    assert enc.decode_bytes([half]) == b"\xe2\x80"
    # a character cut across tokens: both tokens' offsets point at it
    text = "a\u2019b"
    ids = enc.encode(text)
    assert enc.decode_with_offsets(ids) == (text, expected_offsets(enc, ids))
    assert enc.decode_batch([[half], ids]) == ["\ufffd", text]
    with pytest.raises(UnicodeDecodeError):
        enc.decode_batch([[half], ids], errors="strict")


def test_decode_with_offsets_inside_characters():
    enc = tokenizer.get_encoding("cl100k_base")
    ranks = file_ranks("cl100k_base")
    # U+2019 is b"\xe2\x80\x99": as the two tokens b"\xe2\x80" + b"\x99" both start in character 1
    ids = [ranks[b"a"], ranks[b"\xe2\x80"], ranks[b"\x99"], ranks[b"b"]]
    assert enc.decode_with_offsets(ids) == ("a\u2019b", [0, 1, 1, 2])


# ---------------------------------------------------------------------------
# Bad input


@pytest.mark.parametrize("text", [None, b"hello", 5, ["hello"], bytearray(b"x")])
def test_text_must_be_str(text):
    enc = tokenizer.get_encoding("r50k_base")
    for method in (enc.encode, enc.encode_ordinary):
        with pytest.raises(TypeError):
            method(text)
    for method in (enc.encode_batch, enc.encode_ordinary_batch):
        with pytest.raises(TypeError):
            method(["fine", text])


def bad_ids(name):
    n = N_VOCAB[name]
    return unused_ids(name)[:3] + [-1, -2, -n, -n - 1, -(2 ** 63), n, n + 1, 2 * n, 2 * n + 1, 2 ** 64]


def test_unknown_ids_raise_key_error_naming_the_id(name):
    enc = tokenizer.get_encoding(name)
    good = EOT_TOKEN[name]
    for bad in bad_ids(name):
        calls = [lambda: enc.decode([good, bad]), lambda: enc.decode([bad], errors="strict"),
                 lambda: enc.decode_bytes([bad]), lambda: enc.decode_tokens_bytes([good, bad]),
                 lambda: enc.decode_with_offsets([bad]), lambda: enc.decode_single_token_bytes(bad),
                 lambda: enc.decode_batch([[good], [bad]]), lambda: enc.decode_bytes_batch([[bad]])]
        for call in calls:
            with pytest.raises(KeyError) as info:
                call()
            assert str(bad) in str(info.value), f"{name}: the KeyError for {bad} does not name it"


def test_unused_ids_exist_where_expected():
    # the gaps the test above relies on, from the files: p50k's file skips 50256 (the
    # end-of-text id); cl100k has no token 100256 and none from 100261 to 100275
    assert unused_ids("p50k_base") == []
    assert 50256 not in file_ranks("p50k_base").values()
    assert unused_ids("cl100k_base") == [100256, *range(100261, 100276)]
    assert unused_ids("o200k_base")[:2] == [199998, 200000]
    assert unused_ids("r50k_base") == []


@pytest.mark.parametrize("bad", [1.5, 1.0, "5", None, b"5", [5]], ids=repr)
def test_non_integer_ids_raise_type_error(bad):
    enc = tokenizer.get_encoding("cl100k_base")
    calls = [lambda: enc.decode([1, bad]), lambda: enc.decode_bytes([bad]), lambda: enc.decode_tokens_bytes([bad]),
             lambda: enc.decode_with_offsets([bad]), lambda: enc.decode_single_token_bytes(bad),
             lambda: enc.decode_batch([[bad]]), lambda: enc.decode_bytes_batch([[bad]])]
    for call in calls:
        with pytest.raises(TypeError):
            call()


def test_disallowed_special_text_raises_value_error_naming_it(name):
    enc = tokenizer.get_encoding(name)
    specials = sorted(SPECIALS[name])
    for special in random.Random(name).sample(specials, min(len(specials), 12)):
        text = "hello " + special + " world"
        for kwargs in ({}, dict(disallowed_special="all"), dict(disallowed_special={special}),
                       dict(allowed_special=set(specials) - {special}),
                       dict(allowed_special="all", disallowed_special={special})):
            with pytest.raises(ValueError) as info:
                enc.encode(text, **kwargs)
            assert special in str(info.value), f"{name}: the error for {special} does not name it"
        with pytest.raises(ValueError):
            enc.encode_batch(["fine", text])
        assert enc.encode(text, disallowed_special=()) == enc.encode_ordinary(text)
        for other in [s for s in specials if s != special][:1]:  # an allowed one first, then this one
            with pytest.raises(ValueError) as info:
                enc.encode(other + text + other, allowed_special={other})
            assert special in str(info.value) and other not in str(info.value)


@pytest.mark.parametrize("value", ["<|endoftext|>", "ALL", "All", "", "none"])
def test_allowed_special_as_a_plain_str_must_be_all(value):
    enc = tokenizer.get_encoding("cl100k_base")
    with pytest.raises(TypeError):
        enc.encode("hello", allowed_special=value)
    with pytest.raises(TypeError):
        enc.encode_batch(["hello"], allowed_special=value)


def test_encode_single_token_errors():
    enc = tokenizer.get_encoding("cl100k_base")
    for not_a_token in ("hello world and more", b"\x00\x01\x02\x03\x04\x05", "", b"", "<|endoftext"):
        with pytest.raises(KeyError):
            enc.encode_single_token(not_a_token)
    for wrong_type in (5, None, 1.5, ["a"]):
        with pytest.raises(TypeError):
            enc.encode_single_token(wrong_type)


# ---------------------------------------------------------------------------
# Pickling


@pytest.mark.parametrize("protocol", range(pickle.HIGHEST_PROTOCOL + 1))
def test_named_encodings_pickle_by_name(name, protocol):
    enc = tokenizer.get_encoding(name)
    data = pickle.dumps(enc, protocol=protocol)
    assert len(data) < 500, f"{name}: a named encoding should pickle by name, not by table ({len(data)} bytes)"
    back = pickle.loads(data)
    assert back.name == name
    assert back.encode("hello world" + EOT, allowed_special="all") == enc.encode("hello world" + EOT,
                                                                                 allowed_special="all")


def test_custom_encodings_pickle():
    ranks = {t: r for t, r in file_ranks("r50k_base").items() if r < 2000}
    enc = tokenizer.Encoding("custom", pat_str=r"""\p{L}+|\p{N}|\s+|[^\s\p{L}\p{N}]+""", mergeable_ranks=ranks,
                             special_tokens={"<|x|>": 2000, "<|y|>": 2002})
    text = "Hello, world 2024<|x|>ok<|y|>"
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        back = pickle.loads(pickle.dumps(enc, protocol=protocol))
        assert back.name == "custom"
        assert back.n_vocab == 2003 and back.max_token_value == 2002
        assert back.special_tokens_set == {"<|x|>", "<|y|>"}
        assert back.encode(text, allowed_special="all") == enc.encode(text, allowed_special="all")
        assert back.decode(enc.encode(text, allowed_special="all")) == text
        assert back.token_byte_values() == enc.token_byte_values()


# ---------------------------------------------------------------------------
# `import tokenizer as tiktoken`: code written for tiktoken runs unchanged


def test_tiktoken_style_code():
    import tokenizer as tiktoken

    enc = tiktoken.get_encoding("o200k_base")
    assert enc.decode(enc.encode("hello world")) == "hello world"

    enc = tiktoken.encoding_for_model("gpt-4o")
    assert enc.name == "o200k_base"
    assert tiktoken.encoding_for_model("gpt-4").name == "cl100k_base"
    assert tiktoken.encoding_for_model("gpt-4-0613").name == "cl100k_base"
    assert tiktoken.encoding_for_model("gpt-3.5-turbo").name == "cl100k_base"
    assert tiktoken.encoding_for_model("text-davinci-003").name == "p50k_base"
    assert tiktoken.encoding_for_model("text-davinci-edit-001").name == "p50k_edit"
    assert tiktoken.encoding_for_model("davinci").name == "r50k_base"
    assert tiktoken.encoding_for_model("gpt2").name == "gpt2"
    assert tiktoken.encoding_name_for_model("gpt-4o-mini") == "o200k_base"
    with pytest.raises(KeyError):
        tiktoken.encoding_for_model("no-such-model")
    with pytest.raises(KeyError):
        tiktoken.encoding_name_for_model("no-such-model")

    # counting tokens, the most common use
    def num_tokens_from_string(string, encoding_name):
        encoding = tiktoken.get_encoding(encoding_name)
        return len(encoding.encode(string))

    assert num_tokens_from_string("hello world", "cl100k_base") == 2

    # special tokens, as tiktoken's docs show them
    enc = tiktoken.get_encoding("cl100k_base")
    assert enc.encode("<|endoftext|>", allowed_special={"<|endoftext|>"}) == [100257]
    assert enc.encode("<|endoftext|>", allowed_special="all") == [100257]
    assert enc.decode(enc.encode("<|endoftext|>", disallowed_special=())) == "<|endoftext|>"
    with pytest.raises(ValueError):
        enc.encode("<|endoftext|>")

    # tiktoken's README, "Extending tiktoken": a new encoding from an old one's parts
    cl100k_base = tiktoken.get_encoding("cl100k_base")
    enc = tiktoken.Encoding(
        name="cl100k_im",
        pat_str=cl100k_base._pat_str,
        mergeable_ranks=cl100k_base._mergeable_ranks,
        special_tokens={**cl100k_base._special_tokens, "<|im_start|>": 100264, "<|im_end|>": 100265},
    )
    hello = file_ranks("cl100k_base")[b"hello"]
    assert enc.encode("<|im_start|>hello<|im_end|>", allowed_special="all") == [100264, hello, 100265]
    assert enc.n_vocab == 100277

    # the modules people import from
    from tokenizer.encoding import Encoding
    from tokenizer.load import load_tiktoken_bpe
    assert Encoding is tiktoken.Encoding
    ranks = load_tiktoken_bpe(os.path.join(VOCAB, "r50k_base.tiktoken"))
    assert ranks == file_ranks("r50k_base")
    assert tiktoken.registry.get_encoding is tiktoken.get_encoding
