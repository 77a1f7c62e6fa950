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
    ranks, table = load.compact_tables(data, compact)
    expected = load.load_tiktoken_bpe(os.path.join(VOCAB, official))
    assert ranks == expected
    by_rank = {v: k for k, v in expected.items()}  # the rank-to-token list, None at a skipped rank
    assert table == [by_rank.get(r) for r in range(max(by_rank) + 1)]
    assert list(ranks.values()) == sorted(expected.values())  # rank order, as the decoder table wants
    assert not any(b"\xff\xfe" in t for t in expected)  # the separator is safe for this vocabulary


def test_every_named_encoding_uses_a_hash_checked_file():
    for name, (files, sha, *_rest) in registry.ENCODINGS.items():
        if isinstance(files, str):
            assert files in registry.COMPACT and sha, name


def test_compact_reader_rejects_a_truncated_file(tmp_path):
    data = open(os.path.join(VOCAB, "r50k_base.ranks"), "rb").read()
    with pytest.raises(ValueError, match="r50k_base.ranks: holds"):
        load.compact_tables(data[: len(data) // 2], "r50k_base.ranks")
    with pytest.raises(ValueError, match="not a compact rank file"):
        load.compact_tables(b"garbage\nmore\n", "x.ranks")
    with pytest.raises(ValueError, match="x.ranks: its rank runs overlap"):
        load.compact_tables(b"tokenizer-ranks 1 3\n0+2 1+1\na\xff\xfeb\xff\xfec", "x.ranks")


@pytest.mark.parametrize("name", registry.list_encoding_names())
def test_trusted_tables_give_the_checked_encoding(name):
    """get_encoding() builds from the files' own rank-to-token list without checking the
    ranks again: the result must equal an Encoding built (and checked) from the dict alone."""
    shipped = registry.get_encoding(name)
    _, _, pattern, specials, n_vocab = registry.ENCODINGS[name]
    checked = registry.Encoding(name, pat_str=pattern, mergeable_ranks=dict(shipped._mergeable_ranks),
                                special_tokens=specials, explicit_n_vocab=n_vocab)
    assert shipped._decoder == checked._decoder
    assert shipped.max_token_value == checked.max_token_value


def test_compact_tables_leave_skipped_ranks_empty():
    ranks, table = load.compact_tables(b"tokenizer-ranks 1 3\n0+1 2+2\na\xff\xfeb\xff\xfec", "x.ranks")
    assert ranks == {b"a": 0, b"b": 2, b"c": 3} and table == [b"a", None, b"b", b"c"]
