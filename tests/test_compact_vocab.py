"""The compact tables the package loads hold exactly the official files' tables, and the
one compact format (ranks.py) reads back what it writes."""
import hashlib
import os

import pytest

from tokenizer import load, ranks, registry

VOCAB = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "vocab")


def _read(name):
    with open(os.path.join(VOCAB, name), "rb") as f:
        return f.read()


@pytest.mark.parametrize("table", sorted(registry.TABLES))
def test_compact_table_equals_official_file(table):
    data = _read(table)
    assert hashlib.sha256(data).hexdigest() == registry.TABLES[table]
    got, by_rank = ranks.unpack_ranks(data, table)
    expected = load.load_tiktoken_bpe(os.path.join(VOCAB, table.replace(".ranks", ".tiktoken")))
    assert got == expected
    inverse = {v: k for k, v in expected.items()}  # the rank-to-token list, None at a skipped rank
    assert by_rank == [inverse.get(r) for r in range(max(inverse) + 1)]
    assert list(got.values()) == sorted(expected.values())  # rank order, as the id table wants
    assert ranks.pack_ranks(expected) == data  # the writer makes the shipped file


def test_gpt2_official_files_hold_r50k_base_table():
    """gpt2 is built from r50k_base's compact table: GPT-2's own vocab.bpe + encoder.json give it."""
    gpt2 = load.load_gpt2_bpe(os.path.join(VOCAB, "vocab.bpe"), os.path.join(VOCAB, "encoder.json"))
    assert gpt2 == load.load_tiktoken_bpe(os.path.join(VOCAB, "r50k_base.tiktoken"))
    assert registry.ENCODINGS["gpt2"][0] == registry.ENCODINGS["r50k_base"][0]


def test_encodings_on_one_table_share_it():
    get = registry.get_encoding
    assert get("o200k_harmony")._mergeable_ranks is get("o200k_base")._mergeable_ranks
    assert registry.get_encoding("gpt2")._mergeable_ranks is registry.get_encoding("r50k_base")._mergeable_ranks


def test_compact_reader_rejects_a_damaged_file():
    data = _read("r50k_base.ranks")
    with pytest.raises(ValueError, match="r50k_base.ranks: holds"):
        ranks.unpack_ranks(data[: len(data) // 2], "r50k_base.ranks")
    with pytest.raises(ValueError, match="not a compact rank file"):
        ranks.unpack_ranks(b"garbage\nmore\n", "x.ranks")
    with pytest.raises(ValueError, match="x.ranks: its rank runs overlap"):
        ranks.unpack_ranks(b"tokenizer-ranks 1 3\n0+2 1+1\na\xff\xfeb\xff\xfec", "x.ranks")


def test_writer_picks_a_separator_no_token_holds():
    table = {b"a\xff\xfeb": 0, b"\xff": 1, b"\xfe": 2, b"": 3, b"\xfe\xff": 5}
    data = ranks.pack_ranks(table)
    got, by_rank = ranks.unpack_ranks(data)
    assert got == table and by_rank == [b"a\xff\xfeb", b"\xff", b"\xfe", b"", None, b"\xfe\xff"]


def test_skipped_ranks_are_empty_and_sparse_ranks_take_no_list():
    got, by_rank = ranks.unpack_ranks(b"tokenizer-ranks 1 3\n0+1 2+2\na\xff\xfeb\xff\xfec", "x.ranks")
    assert got == {b"a": 0, b"b": 2, b"c": 3} and by_rank == [b"a", None, b"b", b"c"]
    got, by_rank = ranks.unpack_ranks(ranks.pack_ranks({b"a": 0, b"b": 300_000_000}))
    assert got == {b"a": 0, b"b": 300_000_000} and by_rank is None


@pytest.mark.parametrize("name", registry.list_encoding_names())
def test_trusted_tables_give_the_checked_encoding(name):
    """get_encoding() builds from the files' own rank-to-token list without checking the
    ranks again: the result must equal an Encoding built (and checked) from the dict alone."""
    shipped = registry.get_encoding(name)
    _, pattern, specials, n_vocab = registry.ENCODINGS[name]
    checked = registry.Encoding(name, pat_str=pattern, mergeable_ranks=dict(shipped._mergeable_ranks),
                                special_tokens=specials, explicit_n_vocab=n_vocab)
    assert shipped._decoder == checked._decoder
    assert shipped.max_token_value == checked.max_token_value
