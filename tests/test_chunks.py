"""The chunk layer against tiktoken.

For the OpenAI patterns, core.py first cuts text before every space that follows a
character that is not White_Space, caches whole chunks once they are seen a second
time, and encodes text longer than a segment one segment at a time.  These tests aim
at the places where that could go wrong: every kind of character on either side of a
space (all White_Space characters, marks, apostrophes, "\\r\\n/", digits, astral
characters), the first and last chunk of a text, segment cuts, and the three states
of a chunk (new, seen once, cached).  Expected ids always come from tiktoken.
"""
import random

import pytest

tiktoken = pytest.importorskip("tiktoken")

import reference  # noqa: E402
import tokenizer  # noqa: E402
from tokenizer import core  # noqa: E402

ENCODINGS = ["r50k_base", "cl100k_base", "o200k_base"]  # one per pattern with chunks

# what may stand on either side of a space, one unit each
UNITS = ["a", "Z", "Ab", "\u00e9", "e\u0301", "\u0301", "7", "42", "'", "'s", "'LL", ".", ",", "/", "-", "(",
         "\r", "\n", "\r\n", " ", "  ", "\t", "\u00a0", "\u3000", "\u0085", "\u2028", "\x1c", "\x00",
         "\U0001F600", "\u4e00\u4e8c", "\u0915\u093e", "\ud800"]


def fresh(name):
    enc = tokenizer.get_encoding(name)
    return tokenizer.Encoding(name, pat_str=enc._pat_str, mergeable_ranks=enc._mergeable_ranks,
                              special_tokens=enc._special_tokens)


def random_texts(seed, count, longest=24):
    rnd = random.Random(seed)
    weights = [6 if u == " " else 1 for u in UNITS]  # spaces often: they are where chunks end
    return ["".join(rnd.choices(UNITS, weights, k=rnd.randint(1, longest))) for _ in range(count)]


def test_chunks_end_exactly_before_spaces_after_non_whitespace():
    """The chunk split's rule, checked position by position: a chunk ends before each
    space whose previous character is not White_Space, and nowhere else."""
    for text in random_texts(7, 3000, longest=40) + [" ", "  x", "x  ", "\n  x", "x\u3000 y"]:
        chunks = core._CHUNK_SPLIT(text)
        assert "".join(chunks) == text
        ends = {sum(map(len, chunks[:k])) for k in range(1, len(chunks))} - {0, len(text)}
        want = {i for i in range(1, len(text)) if text[i] == " " and not core._contains(core.WHITE_SPACE, ord(text[i - 1]))}
        assert ends == want, text


@pytest.mark.parametrize("name", ENCODINGS)
def test_every_pair_around_a_space(name):
    """x + " " + y for every pair of units, in word context and alone, three passes each
    (new, seen once, cached), on one Encoding: every pass gives tiktoken's ids."""
    enc, ref = fresh(name), reference.encoding(name)
    texts = [t for x in UNITS for y in UNITS for t in (x + " " + y, "w" + x + " " + y + "w", x + "  " + y)]
    expected = [ref.encode_ordinary(t) for t in texts]
    for _ in range(3):
        assert [enc.encode_ordinary(t) for t in texts] == expected
    joined = " ".join(texts)  # one text of many chunks: goes through _fill as a whole
    want = ref.encode_ordinary(joined)
    for _ in range(3):
        assert enc.encode_ordinary(joined) == want


@pytest.mark.parametrize("name", ENCODINGS)
def test_random_texts_alone_and_together(name):
    enc, ref = fresh(name), reference.encoding(name)
    texts = random_texts(1, 3000)
    expected = [ref.encode_ordinary(t) for t in texts]
    for _ in range(3):
        assert [enc.encode_ordinary(t) for t in texts] == expected
    for sep in ("", " ", "\n"):
        joined = sep.join(texts)
        want = ref.encode_ordinary(joined)
        for _ in range(3):
            assert enc.encode_ordinary(joined) == want


@pytest.mark.parametrize("name", ["cl100k_base", "o200k_base"])
def test_text_of_many_segments(name):
    """Longer than several segments, with a stretch longer than a segment that has no cut
    at all (no space in it)."""
    ref = reference.encoding(name)
    parts = random_texts(2, 30000, longest=12)
    parts.insert(len(parts) // 2, "x.\u4e00\u4e8c\n" * (core._SEGMENT // 4))
    text = " ".join(parts)
    assert len(text) > 3 * core._SEGMENT
    enc = fresh(name)
    want = ref.encode_ordinary(text)
    for _ in range(2):
        assert enc.encode_ordinary(text) == want
    assert enc.encode(text, allowed_special="all") == ref.encode(text, allowed_special="all")


@pytest.mark.parametrize("tail", ["", " a", " ab", " abc", " abcd", " " + "y" * 5000, " " + "z" * 9000, "\n q"])
def test_last_segment_of_any_length(tail):
    """After the last cut a segment may be a few characters long, or just over the size
    from which a segment is judged by a sample."""
    enc, ref = fresh("o200k_base"), reference.encoding("o200k_base")
    text = "x" * (core._SEGMENT + 100) + tail
    want = ref.encode_ordinary(text)
    for _ in range(3):
        assert enc.encode_ordinary(text) == want


def test_chunks_are_cached_on_second_sight():
    """A new short text goes the piece way and leaves its chunks in `_seen`; the second
    pass caches them; the third is served from the chunk cache alone."""
    enc, ref = fresh("o200k_base"), reference.encoding("o200k_base")
    text = " ".join(random_texts(3, 300)).replace("\ud800", "?")  # (a surrogate makes encode retry)
    assert len(text) <= core._SAMPLED
    want = ref.encode_ordinary(text)
    chunks = set(core._CHUNK_SPLIT(text))
    assert enc.encode_ordinary(text) == want
    assert not chunks & enc._chunks.keys() and chunks <= enc._seen
    assert enc.encode_ordinary(text) == want
    assert chunks <= enc._chunks.keys()
    enc._fill = None  # a third pass that needed _fill would now fail
    assert enc.encode_ordinary(text) == want


def test_long_new_text_is_judged_by_a_sample(monkeypatch):
    """A long text that is mostly new is not cut into chunks at all: only a sample of each
    segment is (it goes to pieces), and each segment's hash is noted.  When the same text
    comes again all its chunks are cached at once, and the third pass needs no _fill."""
    enc, ref = fresh("cl100k_base"), reference.encoding("cl100k_base")
    text = " ".join(random_texts(6, 9000)).replace("\ud800", "?")
    assert 2 * core._SEGMENT < len(text) < 4 * core._SEGMENT
    want = ref.encode_ordinary(text)
    cut = []
    real_split = core._CHUNK_SPLIT
    monkeypatch.setattr(core, "_CHUNK_SPLIT", lambda t: cut.append(len(t)) or real_split(t))
    assert enc.encode_ordinary(text) == want
    assert 3 <= len(cut) <= 4 and sum(cut) <= len(cut) * 4 * core._SLICE  # samples only
    assert not enc._chunks and all(isinstance(k, int) for k in enc._seen) and len(enc._seen) == len(cut)
    assert enc.encode_ordinary(text) == want
    assert set(real_split(text)) <= enc._chunks.keys()  # (segments end where chunks do)
    assert not any(isinstance(k, int) for k in enc._seen)  # each hash is used once
    enc._fill = None
    assert enc.encode_ordinary(text) == want


def test_a_few_new_chunks_are_cached_at_once():
    enc, ref = fresh("cl100k_base"), reference.encoding("cl100k_base")
    words = " ".join(random_texts(4, 1000))
    enc.encode_ordinary(words)
    enc.encode_ordinary(words)
    text = words + " zebra-crossing quokka"  # two chunks new among a thousand known
    assert enc.encode_ordinary(text) == ref.encode_ordinary(text)
    assert {" zebra-crossing", " quokka"} <= enc._chunks.keys()


def test_patterns_without_the_proof_use_pieces_only():
    """A pattern whose pieces may span "x| " ("[^\\n]+" takes whole lines) must not be cut
    there: a token for "a b" proves the line stayed one piece."""
    ranks = {bytes([i]): i for i in range(256)}
    ranks.update({b"a ": 256, b"a b": 257})
    ours = tokenizer.Encoding("lines", pat_str=r"[^\n]+|\n", mergeable_ranks=ranks, special_tokens={})
    ref = tiktoken.Encoding("lines", pat_str=r"[^\n]+|\n", mergeable_ranks=ranks, special_tokens={})
    assert ours._chunks is None
    for text in ("a b", "a b\na b a b", "xa b"):
        assert ours.encode_ordinary(text) == ref.encode_ordinary(text)
    assert ours.encode_ordinary("a b") == [257]


def test_cleared_cache_between_steps_still_gives_the_ids(monkeypatch):
    """If another thread clears the chunk cache between _fill's steps, the text is still
    encoded right (the piece way)."""
    enc, ref = fresh("o200k_base"), reference.encoding("o200k_base")
    text = " ".join(random_texts(5, 500))
    enc.encode_ordinary(text)
    enc.encode_ordinary(text)
    real_add = core._Cache.add

    def add_then_clear(cache, entries):
        real_add(cache, entries)
        cache.clear()
    monkeypatch.setattr(core._Cache, "add", add_then_clear)
    assert enc.encode_ordinary(text + " one more") == ref.encode_ordinary(text + " one more")
