"""Rank tables: {token bytes: rank} checked, the table from id back to bytes, and the one
compact file format the package and the vendored module load.

    pack_ranks(ranks) -> bytes              the compact format (below)
    unpack_ranks(data, name) -> (ranks, by_rank)
    check_ranks(ranks) -> by_rank           the list from rank to token of a table from outside
    id_table(ranks, specials, by_rank)      id -> bytes: a tuple where ids are dense, else a dict

The compact format holds the raw token bytes in rank order, joined by a separator, so
one C-level bytes.split gives them all (parsing base64 line by line costs ~40 ms more
for o200k_base):

    line 1:  b"tokenizer-ranks 1 <count>[ <separator in hex>]\\n"   (default separator FF FE)
    line 2:  the ranks as runs b"start+length start+length ...\\n"
    rest:    the tokens in rank order, joined by the separator

pack_ranks picks a separator that splits the tokens back exactly (checked) and no token
holds.  Ranks and special ids run from 0 to MAX_ID: the long merge keeps ranks in 32-bit
arrays with MAX_ID + 1 meaning "no rank" (tiktoken's ranks are 32-bit too).
"""
from array import array
from itertools import chain

MAX_ID = (1 << 31) - 2
_MAGIC = b"tokenizer-ranks 1 "
_SEPARATORS = (b"\xff\xfe", b"\xfe\xff", b"\xff\xff\xfe", b"\xfe\xfe\xff", b"\xff\xfe\xfd\xfc")


def pack_ranks(ranks):
    """The compact bytes of a checked {bytes: rank} table."""
    items = sorted(ranks.items(), key=lambda kv: kv[1])
    runs, prev = [], None
    for _, r in items:
        if prev is not None and r == prev + 1:
            runs[-1][1] += 1
        else:
            runs.append([r, 1])
        prev = r
    tokens = [t for t, _ in items]
    for sep in _SEPARATORS:
        if sep.join(tokens).split(sep) == tokens:
            break
    else:
        raise ValueError("no separator splits these tokens back exactly")
    head = _MAGIC + b"%d" % len(tokens) + (b"" if sep == _SEPARATORS[0] else b" " + sep.hex().encode())
    return head + b"\n" + " ".join(f"{s}+{n}" for s, n in runs).encode() + b"\n" + sep.join(tokens)


def unpack_ranks(data, name="<data>"):
    """The rank table of compact bytes, and the list from rank to token (None at a rank no
    token has); ValueError naming `name` if the bytes are not a whole compact table."""
    try:
        head, runs, blob = data.split(b"\n", 2)
        if not head.startswith(_MAGIC):
            raise ValueError
        fields = head[len(_MAGIC):].split(b" ")
        count, sep = int(fields[0]), bytes.fromhex(fields[1].decode()) if len(fields) > 1 else _SEPARATORS[0]
        runs = [range(int(s), int(s) + int(n)) for s, n in (r.split(b"+") for r in runs.split())]
    except ValueError:
        raise ValueError(f"{name}: not a compact rank file") from None
    tokens = blob.split(sep)
    if len(tokens) != count or sum(map(len, runs)) != count:
        raise ValueError(f"{name}: holds {len(tokens)} tokens, its header says {count}")
    if any(a.stop > b.start for a, b in zip(runs, runs[1:])) or (runs and (runs[0].start < 0
                                                                          or runs[-1].stop > MAX_ID + 1)):
        raise ValueError(f"{name}: its rank runs overlap, are out of order or out of range")
    ranks = dict(zip(tokens, chain.from_iterable(runs)))
    if len(ranks) != count:
        raise ValueError(f"{name}: a token appears twice")
    if len(runs) <= 1 and (not runs or runs[0].start == 0):
        return ranks, tokens  # the usual case: ranks 0..n-1
    if not _dense(runs[-1].stop, count):
        return ranks, None
    by_rank, done = [None] * runs[-1].stop, 0
    for r in runs:
        by_rank[r.start:r.stop] = tokens[done:done + len(r)]
        done += len(r)
    return ranks, by_rank


def _dense(size, count):
    """Whether a list of `size` slots is worth it for `count` ids (else a dict holds them)."""
    return size <= 2 * count + 4096


def check_ranks(ranks):
    """The list from rank to token of a {bytes: rank} table from outside, checked on the way
    (C-level passes where it can); None when the ranks are too sparse for a list."""
    if not isinstance(ranks, dict):
        raise TypeError(f"mergeable_ranks must be a dict of bytes to int, not {type(ranks).__name__}")
    keys, values = list(ranks), list(ranks.values())
    try:
        b"".join(keys)
    except TypeError:
        bad = next(k for k in keys if not isinstance(k, bytes))
        raise TypeError(f"mergeable_ranks keys must be bytes, not {type(bad).__name__} ({bad!r})") from None
    try:
        array("q", values)
    except (TypeError, OverflowError):  # not an int, or an int too big for 64 bits (refused below)
        bad = next((v for v in values if type(v) is not int), None)
        if bad is not None:
            raise TypeError(f"mergeable_ranks: the rank of {_token_of(ranks, bad)!r} is {bad!r} "
                            f"({type(bad).__name__}), not an int") from None
    low, high = (min(values), max(values)) if values else (0, -1)
    if low < 0 or high > MAX_ID:
        bad = low if low < 0 else high
        raise ValueError(f"mergeable_ranks: the rank of {_token_of(ranks, bad)!r} is {bad}, outside 0..{MAX_ID}")
    if values == list(range(len(values))):
        return keys  # the usual case: ranks 0..n-1 in order
    if len(set(values)) != len(values):
        seen = {}
        for tok, v in ranks.items():
            if v in seen:
                raise ValueError(f"mergeable_ranks: rank {v} is given to both {seen[v]!r} and {tok!r}")
            seen[v] = tok
    if not _dense(high + 1, len(values)):
        return None
    by_rank = [None] * (high + 1)
    list(map(by_rank.__setitem__, values, keys))
    return by_rank


def _token_of(ranks, value):
    return next(t for t, v in ranks.items() if v == value)


def id_table(ranks, specials, by_rank=None):
    """The table from id to bytes, and the largest id.  `by_rank` (the ranks' list from rank to
    token, None where no token has a rank) is the table's start: a tuple, whose lookups are the
    fastest and which the garbage collector untracks once (a list of 200k bytes objects it
    walked on every full collection, 1.2-2 ms each for o200k).  Where ids are sparse (by_rank
    is None) the table is a dict, so memory follows the number of tokens, not the largest id.
    Special tokens are checked and added."""
    for tok, v in specials.items():
        if not isinstance(tok, str):
            raise TypeError(f"special token {tok!r} is not a str")
        if type(v) is not int:
            raise TypeError(f"special token {tok!r} has id {v!r}, not an int")
        if not 0 <= v <= MAX_ID:
            raise ValueError(f"special token {tok!r} has id {v}, outside 0..{MAX_ID}")
    top = max(chain(ranks.values(), specials.values()), default=-1)
    dense = by_rank is not None and _dense(top + 1, len(ranks) + len(specials))
    table = list(by_rank) if dense else {v: k for k, v in ranks.items()}  # (by_rank may be shared: a copy)
    # CPython 3.12+ shares one immortal object per one-byte bytes value, and skips the reference
    # counting of immortal objects behind a branch that mispredicts when they alternate with
    # other tokens (half the ids of a multilingual text name one-byte tokens).  With copies of
    # our own (int.to_bytes makes a new object) decode there is 10-17% faster.
    for b in range(256):
        r = ranks.get(bytes((b,)))
        if r is not None:
            table[r] = b.to_bytes(1, "big")
    if dense:
        table += [None] * (top + 1 - len(table))
    given = set()
    for tok, v in specials.items():
        if v in given:
            continue  # two special tokens may share an id (as in o200k_harmony): the first one decodes
        have = table[v] if dense else table.get(v)
        if have is not None:
            raise ValueError(f"special token {tok!r} has id {v}, which the token {have!r} already has")
        table[v] = tok.encode("utf-8")
        given.add(v)
    return (tuple(table) if dense else table), top
