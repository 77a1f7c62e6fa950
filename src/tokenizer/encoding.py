"""Encoding: tiktoken's API over the pipeline

    text -> chunks (split.CHUNK_SPLIT) -> chunk cache -> pieces (Splitter.split)
         -> piece cache -> BPE merge (bpe.piece_encoder) -> ids
    ids -> id table (ranks.id_table) -> bytes -> str

Both caches are cache.Cache dicts: a hit is one C-level lookup and only a miss runs Python.
The chunk cache's miss is Encoding._encode_chunk (split the chunk into pieces, look each up);
the piece cache's miss is bpe.piece_encoder (one rank lookup, else the merge).  Chunks are
cut before each space that follows a character other than whitespace; that never changes
the pieces for patterns whose tree proves the rule (split.py), and other patterns go
straight to pieces.
"""
from __future__ import annotations

import re
from array import array
from functools import reduce
from itertools import chain, filterfalse, repeat
from operator import iadd, itemgetter

from .bpe import piece_encoder
from .cache import Cache
from .ranks import check_ranks, id_table
from .split import CHUNK_SPLIT, NEXT_CUT, SPACE_RULE, UNIT_SPLIT, splitter

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Collection, Iterable, Sequence
    from typing import Literal

__all__ = ["Encoding"]

# The share of the cache budget (cache.set_cache_memory) each cache may use.
_CHUNK_SHARE, _PIECE_SHARE = 0.6, 0.4
_SEGMENT = 1 << 16  # long text is taken this many characters at a time, cut where chunks end
_UNITS_FROM = 1 << 12  # text this long is cut into units (split.UNIT_SPLIT), shorter text into chunks
_SEEN = 1 << 16  # hashes of chunks and units seen once, kept at most


class Encoding:
    """A byte-level BPE encoding: a split pattern, a rank table and special tokens.

    >>> enc = Encoding("tiny", pat_str=r"\\S+|\\s+", mergeable_ranks={bytes([i]): i for i in range(256)},
    ...                special_tokens={})
    >>> enc.encode("hi")
    [104, 105]

    Attributes: `name`; `max_token_value`, the largest id (of a token or a special token).
    """

    name: str
    max_token_value: int

    def __init__(self, name: str, *, pat_str: str, mergeable_ranks: dict[bytes, int],
                 special_tokens: dict[str, int], explicit_n_vocab: int | None = None):
        if not isinstance(special_tokens, dict):
            raise TypeError(f"special_tokens must be a dict of str to int, not {type(special_tokens).__name__}")
        self._setup(name, pat_str, mergeable_ranks, check_ranks(mergeable_ranks), special_tokens, explicit_n_vocab)

    @classmethod
    def _from_tables(cls, name, pat_str, mergeable_ranks, by_rank, special_tokens, explicit_n_vocab=None):
        """An Encoding from tables that were checked when they were made (the package's own
        hash-checked files): `by_rank` is the list from rank to token (None at a rank no token
        has, or None for sparse ranks); the rank checks are skipped (~40 ms for o200k)."""
        self = cls.__new__(cls)
        self._setup(name, pat_str, mergeable_ranks, by_rank, special_tokens, explicit_n_vocab)
        return self

    def _setup(self, name, pat_str, mergeable_ranks, by_rank, special_tokens, explicit_n_vocab):
        self.name = name
        self._pat_str = pat_str
        self._mergeable_ranks = mergeable_ranks
        self._special_tokens = dict(special_tokens)
        self._splitter = splitter(pat_str)
        self._decoder, self.max_token_value = id_table(mergeable_ranks, self._special_tokens, by_rank)
        if explicit_n_vocab is not None:
            n = len(mergeable_ranks) + len(self._special_tokens)
            if n != explicit_n_vocab or self.max_token_value != explicit_n_vocab - 1:
                raise ValueError(f"explicit_n_vocab is {explicit_n_vocab}, but the encoding has {n} tokens "
                                 f"and a largest id of {self.max_token_value}")
        self._special_values = frozenset(self._special_tokens.values())
        self._all_specials = frozenset(self._special_tokens)
        self._special_bytes = {k.encode("utf-8"): v for k, v in self._special_tokens.items()}
        # The pipeline's caches, and what runs on a miss in each:
        self._pieces = Cache(piece_encoder(mergeable_ranks), _PIECE_SHARE)  # a miss runs the BPE merge
        self._chunks = None  # chunks and units (where SPACE_RULE is proven): a miss splits one into pieces
        if SPACE_RULE in self._splitter.cuts:
            self._chunks = Cache(self._encode_chunk, _CHUNK_SHARE)
            self._seen = set()  # hashes of chunks and units seen once
        self._specials_re = None  # every special token, longest first; compiled on first use
        self._pickle = None  # set by the registry for named encodings

    def __repr__(self):
        return f"<Encoding {self.name!r}>"

    def __reduce__(self):
        if self._pickle is not None:
            return self._pickle
        return (Encoding._rebuild, (self.name, self._pat_str, self._mergeable_ranks, self._special_tokens))

    @staticmethod
    def _rebuild(name, pat_str, mergeable_ranks, special_tokens):
        return Encoding(name, pat_str=pat_str, mergeable_ranks=mergeable_ranks, special_tokens=special_tokens)

    # -- encoding: text -> chunks -> pieces -> ids --------------------------------

    def encode_ordinary(self, text: str) -> list[int]:
        """Encode text, treating special-token text as ordinary text.

        >>> enc.encode_ordinary("hello world")
        [24912, 2375]
        """
        if not isinstance(text, str):
            raise TypeError(f"text must be a str, not {type(text).__name__}")
        try:
            return self._ids(text)
        except UnicodeEncodeError:
            return self._ids(_repair_surrogates(text))

    def _ids(self, text):
        """The hot path.  Text is cut where its pieces provably restart (SPACE_RULE): into chunks
        (" word,"), or, for long text, into units (a line, on to the next chunk cut), so that a
        text encoded again (a document, a growing conversation) costs a lookup a line.  Known
        chunks and units come from their cache in C.  New ones are cached on second sight, all of
        a text's at once; a text mostly never seen goes straight to pieces, for which the cache
        would not pay (most new text never comes back)."""
        if self._chunks is None:
            return self._encode_pieces(text)
        keys = CHUNK_SPLIT(text) if len(text) < _UNITS_FROM else UNIT_SPLIT(text)
        cache, seen = self._chunks, self._seen
        try:
            return reduce(iadd, map(cache.get, keys), [])  # (a key the cache lacks gives None: TypeError)
        except TypeError:
            pass
        new = set(filterfalse(cache.__contains__, keys))  # (set.difference(a dict subclass) walks the dict)
        old = cache.old
        back = {k: v for k in new if (v := old.get(k)) is not None}
        if back:  # in the cache's old generation: kept (cache.py)
            cache.add(list(back), list(back.values()))
            new.difference_update(back)
        if new:
            hashes = list(map(hash, new))
            if 2 * (len(new) - sum(map(seen.__contains__, hashes))) > len(keys):  # mostly never seen
                if len(seen) + len(hashes) > _SEEN:
                    seen.clear()
                seen.update(hashes)
                return self._by_segments(text, self._encode_pieces)
            if len(text) >= _UNITS_FROM and max(map(len, new)) > _SEGMENT:  # a long run without newlines
                return self._by_segments(text, self._encode_chunks)
            new = list(new)  # each one's ids: its pieces' (cached: this text was seen)
            cache.add(new, [*map(tuple, map(chain.from_iterable, map(map, repeat(self._pieces.__getitem__),
                                                                      map(self._splitter.split, new))))])
        return reduce(iadd, map(cache.__getitem__, keys), [])

    def _encode_chunks(self, text):
        return reduce(iadd, map(self._chunks.__getitem__, CHUNK_SPLIT(text)), [])

    def _by_segments(self, text, encode):
        out, start = [], 0  # a segment at a time, cut where chunks end: less held at once
        while start < len(text):
            cut = NEXT_CUT(text, start + _SEGMENT)
            end = cut.start() if cut else len(text)
            out += encode(text[start:end])
            start = end
        return out

    def _encode_pieces(self, text):
        return reduce(iadd, map(self._pieces.__getitem__, self._splitter.split(text)), [])

    def clear_cache(self) -> None:
        """Empty this encoding's caches (they refill as text is encoded; their memory is bounded
        anyway: see set_cache_memory)."""
        self._pieces.reset()
        if self._chunks is not None:
            self._chunks.reset()
            self._seen.clear()

    def _encode_chunk(self, chunk):
        """The chunk cache's miss (a chunk or a unit): its pieces through the piece cache, as one
        tuple.  A chunk that is one piece (most are, in most languages) shares its key and its
        tuple with the piece cache's entry: one copy of each in memory."""
        pieces = self._splitter.split(chunk)
        if len(pieces) == 1:
            return self._pieces[chunk]
        return tuple(reduce(iadd, map(self._pieces.__getitem__, pieces), []))

    def encode(self, text: str, *, allowed_special: Literal["all"] | Collection[str] = frozenset(),
               disallowed_special: Literal["all"] | Collection[str] = "all") -> list[int]:
        """Encode text; special-token text raises ValueError unless allowed.

        allowed_special: "all", or a set of special tokens to encode as their ids.
        disallowed_special: "all" (every special token not allowed), or a set; text
        matching one raises ValueError; pass () to encode it as ordinary text.

        >>> enc.encode("hello <|endoftext|>", allowed_special="all")
        [24912, 220, 199999]
        """
        if not isinstance(text, str):
            raise TypeError(f"text must be a str, not {type(text).__name__}")
        allowed = self._special_set(allowed_special, "allowed_special")
        if disallowed_special == "all":  # every special token not allowed
            disallowed = self._all_specials - allowed if allowed else self._all_specials
        else:
            disallowed = self._special_set(disallowed_special, "disallowed_special")
        if disallowed:
            find = self._specials().search
            m = find(text)
            while m is not None and m.group() not in disallowed:  # (an allowed one: look further on)
                m = find(text, m.end())
            if m is not None:
                raise ValueError(
                    f"the text contains the special token {m.group()!r}, which is disallowed. To encode it as "
                    f"the special token, pass allowed_special={{{m.group()!r}}} (or \"all\"); to encode it as "
                    "plain text, pass disallowed_special=() or use encode_ordinary()")
        if not allowed:
            return self.encode_ordinary(text)
        try:
            return self._encode_with_specials(text, allowed)
        except UnicodeEncodeError:
            return self._encode_with_specials(_repair_surrogates(text), allowed)

    def _encode_with_specials(self, text, allowed):
        # Like tiktoken, the pattern runs on each stretch between special tokens separately.
        out, start = [], 0
        for m in self._specials().finditer(text):
            if m.group() in allowed:
                if m.start() > start:
                    out += self._ids(text[start:m.start()])
                out.append(self._special_tokens[m.group()])
                start = m.end()
        if start < len(text):
            out += self._ids(text[start:])
        return out

    def _special_set(self, value, what):
        if value == "all":
            return self._all_specials
        if type(value) is frozenset and value <= self._all_specials:  # (the default, frozenset(), among them)
            return value
        if isinstance(value, (str, bytes)) or not hasattr(value, "__iter__"):
            raise TypeError(f'{what} must be "all" or a set of special-token strings, not {type(value).__name__}')
        value = frozenset(value)
        if not all(isinstance(v, str) for v in value):
            bad = next(v for v in value if not isinstance(v, str))
            raise TypeError(f"{what} must hold special-token strings, not {type(bad).__name__} ({bad!r})")
        unknown = value - self._special_tokens.keys()
        if unknown:
            raise ValueError(f"{what} names {sorted(map(repr, unknown))[0]}, "
                             f"which is not a special token of {self.name!r}")
        return value

    def _specials(self):
        """One pattern for all special tokens (longest first); allowed and disallowed sets
        filter its matches, so no pattern is compiled per set."""
        if self._specials_re is None:
            tokens = sorted(self._special_tokens, key=lambda t: (-len(t), t))
            self._specials_re = re.compile("|".join(map(re.escape, tokens)) or "(?!)")
        return self._specials_re

    def encode_batch(self, text: Sequence[str], *, num_threads: int = 8,
                     allowed_special: Literal["all"] | Collection[str] = frozenset(),
                     disallowed_special: Literal["all"] | Collection[str] = "all") -> list[list[int]]:
        """encode() each text of a list."""
        return [self.encode(t, allowed_special=allowed_special, disallowed_special=disallowed_special) for t in text]

    def encode_ordinary_batch(self, text: Sequence[str], *, num_threads: int = 8) -> list[list[int]]:
        """encode_ordinary() each text of a list."""
        return list(map(self.encode_ordinary, text))

    def encode_single_token(self, text_or_bytes: str | bytes) -> int:
        """The id of a single token given as bytes or str; KeyError if it is not one.

        >>> enc.encode_single_token("hello")
        24912
        """
        if isinstance(text_or_bytes, str):
            b = text_or_bytes.encode("utf-8")
        elif isinstance(text_or_bytes, (bytes, bytearray)):
            b = bytes(text_or_bytes)
        else:
            raise TypeError(f"expected str or bytes, not {type(text_or_bytes).__name__}")
        try:
            return self._mergeable_ranks[b]
        except KeyError:
            pass
        try:
            return self._special_bytes[b]
        except KeyError:
            raise KeyError(f"{text_or_bytes!r} is not a single token of {self.name!r}") from None

    # -- decoding --------------------------------------------------------------

    def decode_bytes(self, tokens: Iterable[int]) -> bytes:
        """The bytes of a list of ids.

        >>> enc.decode_bytes([24912, 2375])
        b'hello world'
        """
        try:
            return _join(self._decoder, tokens)
        except (TypeError, IndexError, KeyError, OverflowError):
            raise self._bad_token(tokens) from None

    def decode(self, tokens: Iterable[int], errors: str = "replace") -> str:
        """The text of a list of ids; invalid UTF-8 becomes U+FFFD (errors="replace").

        >>> enc.decode([24912, 2375])
        'hello world'
        """
        try:
            b = _join(self._decoder, tokens)
        except (TypeError, IndexError, KeyError, OverflowError):
            raise self._bad_token(tokens) from None
        return b.decode("utf-8", errors)

    def decode_single_token_bytes(self, token: int) -> bytes:
        """The bytes of one id.

        >>> enc.decode_single_token_bytes(24912)
        b'hello'
        """
        try:
            b = self._decoder[token] if token >= 0 else None
        except (TypeError, IndexError, KeyError):
            b = None
        if b is None:
            raise self._bad_token((token,))
        return b

    def decode_tokens_bytes(self, tokens: Iterable[int]) -> list[bytes]:
        """The bytes of each id, as a list.

        >>> enc.decode_tokens_bytes([24912, 2375])
        [b'hello', b' world']
        """
        try:
            out: list = reduce(iadd, _lookup(self._decoder, tokens), [])
        except (TypeError, IndexError, KeyError, OverflowError):
            raise self._bad_token(tokens) from None
        if None in out:
            raise self._bad_token(tokens)
        return out

    def decode_with_offsets(self, tokens: Iterable[int]) -> tuple[str, list[int]]:
        """The text of the ids and, for each id, the index in that text where it starts.

        A token that begins inside a character (a UTF-8 continuation byte) is given the
        start of that character.  Raises UnicodeDecodeError if the bytes are not UTF-8.

        >>> enc.decode_with_offsets([24912, 2375])
        ('hello world', [0, 5])
        """
        parts = self.decode_tokens_bytes(tokens)
        offsets, chars = [], 0
        for b in parts:  # count characters by their first bytes (all but 0x80-0xBF)
            offsets.append(max(0, chars - (0x80 <= b[0] < 0xC0)) if b else chars)
            chars += len(b.translate(None, _CONTINUATION_BYTES))
        return b"".join(parts).decode("utf-8", "strict"), offsets

    def decode_batch(self, batch: Sequence[Iterable[int]], *, errors: str = "replace",
                     num_threads: int = 8) -> list[str]:
        """decode() each list of ids."""
        return [self.decode(t, errors) for t in batch]

    def decode_bytes_batch(self, batch: Sequence[Iterable[int]], *, num_threads: int = 8) -> list[bytes]:
        """decode_bytes() each list of ids."""
        return list(map(self.decode_bytes, batch))

    def _bad_token(self, tokens):
        if not hasattr(tokens, "__iter__"):
            return TypeError(f"tokens must be a list of int ids, not {type(tokens).__name__}")
        for t in tokens:
            if not isinstance(t, int):
                return TypeError(f"token ids must be int, not {type(t).__name__} ({t!r})")
            if not 0 <= t <= self.max_token_value or _entry(self._decoder, t) is None:
                return KeyError(f"{t} is not a token id of {self.name!r}")
        return TypeError("tokens must be an iterable of int")

    # -- the vocabulary --------------------------------------------------------

    def token_byte_values(self) -> list[bytes]:
        """Every mergeable token's bytes, sorted."""
        return sorted(self._mergeable_ranks)

    @property
    def eot_token(self) -> int:
        """The id of <|endoftext|> (KeyError if this encoding has none)."""
        return self._special_tokens["<|endoftext|>"]

    @property
    def special_tokens_set(self) -> set[str]:
        """The special tokens' strings."""
        return set(self._special_tokens)

    def is_special_token(self, token: int) -> bool:
        """Whether an id is a special token's."""
        if not isinstance(token, int):
            raise TypeError(f"token id must be int, not {type(token).__name__}")
        return token in self._special_values

    @property
    def n_vocab(self) -> int:
        """The number of ids, max_token_value + 1 (tiktoken's definition; gaps count)."""
        return self.max_token_value + 1




_CONTINUATION_BYTES = bytes(range(0x80, 0xC0))


def _entry(table, i):
    return table.get(i) if type(table) is dict else table[i]


def _lookup(table, ids):
    """The bytes of each id, as a list of tuples of at most _IDS_SLICE: itemgetter, in C (one
    bytes.join over 700k items allocates 80 bytes of bookkeeping per item, a slice keeps
    that small)."""
    ids = tuple(ids)  # (a tuple's slices are tuples, and itemgetter(*slice) takes them without a copy)
    if len(ids) <= _IDS_SLICE:  # (short lists skip the comprehension: 0.4 us a decode, not 1.0)
        return [_take(table, ids)]
    return [_take(table, ids[i:i + _IDS_SLICE]) for i in range(0, len(ids), _IDS_SLICE)]


def _take(table, ids):
    # array("I") first refuses negative ids (else they would index from the end), floats
    # and other non-ints, as OverflowError or TypeError; a too-large id gives IndexError (KeyError from a dict table).
    # A slice at a time, so that itemgetter finds its ints still in the CPU's cache.
    array("I", ids)
    return itemgetter(*ids)(table) if len(ids) > 1 else [table[i] for i in ids]  # (of one id itemgetter gives no tuple)


def _join(table, ids):
    parts = _lookup(table, ids)
    return b"".join(parts[0]) if len(parts) == 1 else b"".join(map(b"".join, parts))


_IDS_SLICE = 1 << 12


def _repair_surrogates(text):
    # tiktoken's rule: lone surrogates become U+FFFD (valid pairs become their character)
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


