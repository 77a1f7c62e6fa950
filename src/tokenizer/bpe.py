"""Piece bytes -> ids: byte-pair merging with tiktoken's rule.

Merge the adjacent pair whose joined bytes have the lowest rank, leftmost on ties, until
no adjacent pair is a token; the ids are the ranks of the parts left.  Pieces under
LONG_MIN bytes rescan a list of pair ranks (C-level min/index); longer ones keep buckets
of pairs by rank over a linked list of parts, near-linear (1 MB in about a second).

    piece_encoder(ranks)(piece) -> tuple of ids      what the piece cache runs on a miss
"""
from array import array
from heapq import heapify, heappop, heappush
from itertools import repeat
from operator import add

from .ranks import MAX_ID

_BYTES = [bytes((i,)) for i in range(256)]
_NO_RANK = MAX_ID + 1  # above every rank; fits array("i")
LONG_MIN = 80  # piece length from which the bucket merge wins (benchmarks/bpe_crossover.py)

def merge_short(ranks, piece):
    get = ranks.get
    parts = list(map(_BYTES.__getitem__, piece))
    pair_ranks = list(map(get, map(add, parts, parts[1:]), repeat(_NO_RANK)))
    pair_ranks.append(_NO_RANK)  # one entry per part: the rank of it joined with the next
    while True:
        r = min(pair_ranks)
        if r == _NO_RANK:
            return tuple(map(ranks.__getitem__, parts))
        i = pair_ranks.index(r)
        parts[i] += parts.pop(i + 1)
        del pair_ranks[i + 1]
        pair_ranks[i] = get(parts[i] + parts[i + 1], _NO_RANK) if i + 1 < len(parts) else _NO_RANK
        if i:
            pair_ranks[i - 1] = get(parts[i - 1] + parts[i], _NO_RANK)


def merge_long(ranks, piece):
    # Parts are a linked list over start offsets (arrays keep a 1 MB piece in a few MB).
    # Pairs wait in buckets by rank; a heap holds the ranks that have a bucket.  A bucket
    # is taken whole, leftmost first: merging one pair never makes another of its own rank
    # (the joined bytes are longer), and pairs of higher ranks wait their turn.  Should a
    # merge make a pair of lower rank, the rest of the bucket is set aside until that pair
    # has gone.  Stale entries (a part that grew or was absorbed) are skipped.
    get, n = ranks.get, len(piece)
    nxt = array("i", range(1, n + 1))  # start of the next part, for each part start
    prv = array("i", range(-1, n - 1))
    parts = list(map(_BYTES.__getitem__, piece))
    pair = array("i", map(get, map(add, parts, parts[1:]), repeat(_NO_RANK)))  # rank of (part, next part)
    pair.append(_NO_RANK)
    del parts
    buckets, waiting = {}, {}
    for i, r in enumerate(pair):
        if r != _NO_RANK:
            b = buckets.get(r)
            if b is None:
                buckets[r] = [i]
            else:
                b.append(i)
    heap = list(buckets)
    heapify(heap)

    def put(i, r):
        b = buckets.get(r)
        if b is None:
            buckets[r] = [i]
            heappush(heap, r)
        else:
            b.append(i)

    while heap:
        r = heappop(heap)
        todo, new = waiting.pop(r, None), buckets.pop(r, None)
        if new is not None:
            todo = new if todo is None else todo + new
            todo.sort(reverse=True)  # popped from the end: leftmost first
        elif todo is None:
            continue
        while todo:
            i = todo.pop()
            if pair[i] != r:
                continue
            j = nxt[i]
            k = nxt[i] = nxt[j]
            pair[j] = -1
            low = False
            if k < n:
                prv[k] = i
                q = pair[i] = get(piece[i:nxt[k]], _NO_RANK)
                if q != _NO_RANK:
                    put(i, q)
                    low = q <= r
            else:
                pair[i] = _NO_RANK
            p = prv[i]
            if p >= 0:
                q = pair[p] = get(piece[p:k], _NO_RANK)
                if q != _NO_RANK:
                    put(p, q)
                    low = low or q <= r
            if low and todo:
                waiting[r] = todo
                heappush(heap, r)
                break
    out, i = [], 0
    while i < n:
        out.append(ranks[piece[i:nxt[i]]])
        i = nxt[i]
    return tuple(out)




def piece_encoder(ranks):
    """The piece cache's fill: a piece's ids as a tuple (list += copies a tuple fastest),
    by one lookup when the piece is a token (most are), else by BPE."""
    get = ranks.get

    def encode_piece(piece):
        b = piece.encode("utf-8")  # UnicodeEncodeError on a lone surrogate: the encoder repairs and retries
        r = get(b)
        if r is not None:
            return (r,)
        try:
            return merge_short(ranks, b) if len(b) < LONG_MIN else merge_long(ranks, b)
        except KeyError as e:
            raise ValueError(f"this vocabulary has no token for the bytes {e.args[0]!r} (in piece {piece!r})") from None
    return encode_piece
