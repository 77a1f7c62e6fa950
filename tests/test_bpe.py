"""Long pieces against tiktoken: the bucket merge in bpe.merge_long.

Pieces from 80 bytes up are merged by buckets of pairs per rank.  What could go wrong
there: ties (the same pair many times, overlapping as in "aaaa"), stale entries, and a
merge that makes a pair ranking below the bucket being worked through.  Real
vocabularies rarely do the last, so random small vocabularies whose longer tokens may
rank below their parts are used as well.  Expected ids come from tiktoken, given the
same ranks and a pattern that keeps the whole text one piece.
"""
import random

import pytest

tiktoken = pytest.importorskip("tiktoken")

import reference  # noqa: E402
import tokenizer  # noqa: E402
from tokenizer import bpe  # noqa: E402

WHOLE = r"[\s\S]+"  # one piece: the text itself


def pair(name, ranks):
    special = {}
    ours = tokenizer.Encoding(name, pat_str=WHOLE, mergeable_ranks=ranks, special_tokens=special)
    ref = tiktoken.Encoding(name, pat_str=WHOLE, mergeable_ranks=ranks, special_tokens=special)
    return ours, ref


@pytest.mark.parametrize("name", ["cl100k_base", "o200k_base"])
def test_long_pieces_from_small_alphabets(name):
    ours, ref = pair(name, reference.encoding(name)._mergeable_ranks)
    rnd = random.Random(11)
    alphabets = ["ab", "abc", "aeiou", "the ", "ing", "0123456789", ".,;!?", "\u00e9a", "\u4e00\u4e8c\u4e09",
                 "--==", "  \n", "ab ", "xyz", "\u0915\u093e\u094d", "\U0001F600a"]
    texts = [c * n for c in ("a", " ", "ab", "\u4e00", "\n") for n in (40, 81, 500, 3000)]
    texts += ["".join(rnd.choice(a) for _ in range(rnd.randint(30, 1500))) for a in alphabets for _ in range(12)]
    assert sum(len(t.encode()) >= bpe.LONG_MIN for t in texts) > 150
    for t in texts:
        assert ours.encode_ordinary(t) == ref.encode_ordinary(t), t[:40]


def random_vocabulary(rnd, alphabet, count):
    """Every byte, then `count` random strings over the alphabet in a random order, so a
    longer token often ranks below the tokens it is made of."""
    ranks = {bytes([i]): i for i in range(256)}
    tokens = set()
    while len(tokens) < count:
        tokens.add(bytes(rnd.choice(alphabet) for _ in range(rnd.randint(2, 5))))
    order = sorted(tokens)
    rnd.shuffle(order)
    ranks.update((t, 256 + k) for k, t in enumerate(order))
    return ranks


def test_merges_that_make_a_lower_ranked_pair():
    rnd = random.Random(12)
    checked = 0
    for v in range(40):
        alphabet = b"abc" if v % 2 else b"abcd"
        ours, ref = pair(f"random{v}", random_vocabulary(rnd, alphabet, 40))
        for _ in range(10):
            text = "".join(chr(rnd.choice(alphabet)) for _ in range(rnd.randint(80, 600)))
            assert ours.encode_ordinary(text) == ref.encode_ordinary(text), (v, text)
            checked += 1
    assert checked == 400


def test_long_run_of_one_letter_pair():
    """A very long piece with every pair a tie: leftmost first, all the way."""
    ours, ref = pair("o200k_base", reference.encoding("o200k_base")._mergeable_ranks)
    text = "ab" * 50_000 + "a"
    assert ours.encode_ordinary(text) == ref.encode_ordinary(text)
