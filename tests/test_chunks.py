"""The chunk layer against tiktoken, and the proof that decides where it is used.

Where a pattern's tree proves SPACE_RULE (split.py), the encoder first cuts text before
every space that follows a character that is not White_Space and caches whole chunks;
text longer than a segment is taken one segment at a time.  These tests aim at the
places where that could go wrong: every kind of character on either side of a space
(all White_Space characters, marks, apostrophes, "\\r\\n/", digits, astral characters),
the first and last chunk of a text, segment cuts, new and cached chunks, patterns the
proof must accept however they are spelled and patterns it must refuse, and the
proof's soundness on random patterns.  Expected ids come from tiktoken.
"""
import random

import pytest

tiktoken = pytest.importorskip("tiktoken")

import reference  # noqa: E402
import tokenizer  # noqa: E402
from tokenizer import encoding as encoding_module  # noqa: E402
from tokenizer import split  # noqa: E402
from tokenizer._unicode import WHITE_SPACE  # noqa: E402

ENCODINGS = ["r50k_base", "cl100k_base", "o200k_base"]  # one per pattern with chunks
WHITE = {chr(c) for lo, hi in WHITE_SPACE for c in range(lo, hi + 1)}

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
        chunks = split.CHUNK_SPLIT(text)
        assert "".join(chunks) == text
        ends = {sum(map(len, chunks[:k])) for k in range(1, len(chunks))} - {0, len(text)}
        want = {i for i in range(1, len(text)) if text[i] == " " and text[i - 1] not in WHITE}
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
    parts.insert(len(parts) // 2, "x.\u4e00\u4e8c\n" * (encoding_module._SEGMENT // 4))
    text = " ".join(parts)
    assert len(text) > 3 * encoding_module._SEGMENT
    enc = fresh(name)
    want = ref.encode_ordinary(text)
    for _ in range(2):
        assert enc.encode_ordinary(text) == want
    assert enc.encode(text, allowed_special="all") == ref.encode(text, allowed_special="all")


@pytest.mark.parametrize("tail", ["", " a", " ab", " abc", " abcd", " " + "y" * 5000, " " + "z" * 9000, "\n q"])
def test_last_segment_of_any_length(tail):
    """After the last cut a segment may be a few characters long, or a long run with no cut."""
    enc, ref = fresh("o200k_base"), reference.encoding("o200k_base")
    text = "x" * (encoding_module._SEGMENT + 100) + tail
    want = ref.encode_ordinary(text)
    for _ in range(3):
        assert enc.encode_ordinary(text) == want


@pytest.mark.parametrize("size", [300, 3000])  # chunks (short text) and units (long text)
def test_text_is_cached_on_second_sight(size):
    """A new text goes to pieces and only its hashes are noted; the second time its chunks (or
    units) are cached, all at once; the third time needs no miss at all."""
    enc, ref = fresh("o200k_base"), reference.encoding("o200k_base")
    text = "\n".join(random_texts(3, size)).replace("\ud800", "?")  # (a surrogate makes encode retry)
    keys = set((split.CHUNK_SPLIT if len(text) < encoding_module._UNITS_FROM else split.UNIT_SPLIT)(text))
    want = ref.encode_ordinary(text)
    assert enc.encode_ordinary(text) == want
    assert not keys & enc._chunks.keys() and set(map(hash, keys)) <= enc._seen
    assert enc.encode_ordinary(text) == want
    assert keys <= enc._chunks.keys()
    misses = enc._chunks.misses, enc._pieces.misses
    assert enc.encode_ordinary(text) == want
    assert (enc._chunks.misses, enc._pieces.misses) == misses


def test_a_few_new_lines_in_known_text_are_added():
    """A conversation that grows: the known units come from the cache, the new ones are added."""
    enc, ref = fresh("cl100k_base"), reference.encoding("cl100k_base")
    text = "\n".join(random_texts(4, 2000)).replace("\ud800", "?")
    enc.encode_ordinary(text)
    enc.encode_ordinary(text)
    longer = text + "\nand one more line, new here\n"
    assert enc.encode_ordinary(longer) == ref.encode_ordinary(longer)
    assert set(split.UNIT_SPLIT(longer)) <= enc._chunks.keys()


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


@pytest.mark.parametrize("pattern", [
    "(?:" + split.CL100K_PATTERN + ")",                                         # wrapped in a group
    r"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+",  # GPT-2 as Hugging Face spells it
    r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|"
    r"\s+(?!\S)|\s+",                                                            # Llama 3's
])
def test_patterns_are_recognised_by_meaning(pattern):
    """Chunks are used wherever the pattern's tree proves the cut, whatever its spelling; the
    ids stay tiktoken's."""
    base = tokenizer.get_encoding("cl100k_base")
    ours = tokenizer.Encoding("x", pat_str=pattern, mergeable_ranks=base._mergeable_ranks, special_tokens={})
    ref = tiktoken.Encoding("x", pat_str=pattern, mergeable_ranks=base._mergeable_ranks, special_tokens={})
    assert ours._chunks is not None
    texts = random_texts(9, 400)
    for _ in range(2):
        assert [ours.encode_ordinary(t) for t in texts] == [ref.encode_ordinary(t) for t in texts]


@pytest.mark.parametrize("pattern", [
    r"[^\n]+|\n",         # a piece may hold "x y"
    r"\S+ ?|\s",           # ... or end with a space
    r"\S+$|\S+|\s+",       # what comes before the space decides ($ after a non-space)
    r"(?<= )\S+|\S+|\s+",  # a lookbehind sees across the cut
    r"\S+(?= )|\S+|\s",    # a lookahead that takes the space
    r"\s*",                # can match the empty string
    r"^\S+|\S+|\s+",       # a start anchor
])
def test_patterns_the_proof_refuses(pattern):
    assert split.SPACE_RULE not in split.Splitter(pattern).cuts


SOUNDNESS_ATOMS = [r"\p{L}", r"\p{N}", " ", r"\s", r"\S", r"[^\s\p{L}]", "'s", r"[\r\n]", "x", r"\p{L}{1,2}"]
ASSERTIONS = [r"(?!\S)", r"(?= )", r"(?=\S)", "$"]


def _random_pattern(rng):
    def item():
        if rng.random() < 0.2:
            return rng.choice(ASSERTIONS)
        return rng.choice(SOUNDNESS_ATOMS) + rng.choice(["", "", "+", "*", "?", "++"])
    branches = ["".join(item() for _ in range(rng.randint(1, 3))) for _ in range(rng.randint(1, 4))]
    return "|".join(branches) + r"|\s|[\s\S]"


def test_the_proof_is_sound_on_random_patterns():
    """Random patterns from atoms that meet at spaces in every way: wherever the tree check
    proves SPACE_RULE, cutting at every such place leaves the whole text's pieces.  (It
    must also prove some: a check that refused everything would pass vacuously.)"""
    rng = random.Random(3)
    proven = 0
    for _ in range(1500):
        pattern = _random_pattern(rng)
        try:
            sp = split.Splitter(pattern)
        except ValueError:
            continue
        if split.SPACE_RULE not in sp.cuts:
            continue
        proven += 1
        for text in random_texts(rng.random(), 20, longest=12):
            whole = sp.split(text)
            cuts = [0] + list(split.cut_places(text, (split.SPACE_RULE,))) + [len(text)]
            assert [p for a, b in zip(cuts, cuts[1:]) for p in sp.split(text[a:b])] == whole, (pattern, text)
    assert proven > 100
