"""The compact .ranks copies the package loads hold exactly the official .tiktoken tables."""
import hashlib
import os

import pytest

from tokenizer import load, registry

VOCAB = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "vocab")


@pytest.mark.parametrize("official", sorted(registry.COMPACT))
def test_compact_copy_equals_official_file(official):
    compact, sha = registry.COMPACT[official]
    data = open(os.path.join(VOCAB, compact), "rb").read()
    assert hashlib.sha256(data).hexdigest() == sha
    ranks = load.parse_compact_ranks(data, compact)
    expected = load.load_tiktoken_bpe(os.path.join(VOCAB, official))
    assert ranks == expected
    assert list(ranks.values()) == sorted(expected.values())  # rank order, as the decoder table wants
    assert not any(b"\xff\xfe" in t for t in expected)  # the separator is safe for this vocabulary


def test_every_named_encoding_uses_a_hash_checked_file():
    for name, (files, sha, *_rest) in registry.ENCODINGS.items():
        if isinstance(files, str):
            assert files in registry.COMPACT and sha, name


def test_compact_reader_rejects_a_truncated_file(tmp_path):
    data = open(os.path.join(VOCAB, "r50k_base.ranks"), "rb").read()
    with pytest.raises(ValueError, match="r50k_base.ranks: holds"):
        load.parse_compact_ranks(data[: len(data) // 2], "r50k_base.ranks")
    with pytest.raises(ValueError, match="not a compact rank file"):
        load.parse_compact_ranks(b"garbage\nmore\n", "x.ranks")
