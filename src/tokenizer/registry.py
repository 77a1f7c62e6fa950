"""The named OpenAI encodings: which table, pattern and special tokens each one has.

Encodings on the same table share it (o200k_base and o200k_harmony; r50k_base and gpt2,
whose official vocab.bpe + encoder.json hold r50k_base's table: tests/test_vocab.py
checks that).  Tables are compact files (ranks.py), SHA-256-checked before use.  The
package reads them from its vocab/ folder; a vendored module (vendor.py) carries them
inside itself and replaces `read_table`.
"""
import _thread  # (threading.Lock is _thread.allocate_lock; importing threading costs ~0.7 ms of start-up)
import os

from .encoding import Encoding
from .ranks import unpack_ranks
from .split import CL100K_PATTERN, O200K_PATTERN, R50K_PATTERN

__all__ = ["get_encoding", "list_encoding_names", "encoding_for_model", "encoding_name_for_model",
           "MODEL_TO_ENCODING", "MODEL_PREFIX_TO_ENCODING"]

ENDOFTEXT, ENDOFPROMPT = "<|endoftext|>", "<|endofprompt|>"
FIM = {"<|fim_prefix|>": 0, "<|fim_middle|>": 1, "<|fim_suffix|>": 2}

_HARMONY = {ENDOFTEXT: 199999, ENDOFPROMPT: 200018, "<|startoftext|>": 199998, "<|return|>": 200002,
            "<|constrain|>": 200003, "<|channel|>": 200005, "<|start|>": 200006, "<|end|>": 200007,
            "<|message|>": 200008, "<|call|>": 200012}
_HARMONY.update((f"<|reserved_{i}|>", i)
                for i in (200000, 200001, 200004, 200009, 200010, 200011, *range(200013, 201088)))
# <|reserved_200018|> shares id 200018 with <|endofprompt|>, as in tiktoken; the first name decodes.

# The compact tables (tests/tools/make_compact_vocab.py makes them from the official files
# in vocab/; tests/test_vocab.py checks each against its file): file -> SHA-256.
TABLES = {
    "r50k_base.ranks": "6d2bb2647fb00fae2f55728a30aee7c38350c698633a433114de093acf1d9f37",
    "p50k_base.ranks": "da30c416db1ac1973a9d699181e676215d46eb6841249e7e18287ea2cf92f75b",
    "cl100k_base.ranks": "775902936b29c27b2c5cbbcaf3e90888538cda639032279e5ff5e326c0ae0da1",
    "o200k_base.ranks": "f94344f38efcd9177510fd11c8c71e6f6271531a2f7e6b9d588ec5c2a30824d0",
}

# name: (table, split pattern, special tokens, explicit n_vocab)
ENCODINGS = {
    "gpt2": ("r50k_base.ranks", R50K_PATTERN, {ENDOFTEXT: 50256}, 50257),
    "r50k_base": ("r50k_base.ranks", R50K_PATTERN, {ENDOFTEXT: 50256}, 50257),
    "p50k_base": ("p50k_base.ranks", R50K_PATTERN, {ENDOFTEXT: 50256}, 50281),
    "p50k_edit": ("p50k_base.ranks", R50K_PATTERN, {ENDOFTEXT: 50256, **{k: 50281 + v for k, v in FIM.items()}},
                  None),
    "cl100k_base": ("cl100k_base.ranks", CL100K_PATTERN,
                    {ENDOFTEXT: 100257, **{k: 100258 + v for k, v in FIM.items()}, ENDOFPROMPT: 100276}, None),
    "o200k_base": ("o200k_base.ranks", O200K_PATTERN, {ENDOFTEXT: 199999, ENDOFPROMPT: 200018}, None),
    "o200k_harmony": ("o200k_base.ranks", O200K_PATTERN, _HARMONY, None),
}

MODEL_PREFIX_TO_ENCODING = {
    "o1-": "o200k_base", "o3-": "o200k_base", "o4-mini-": "o200k_base", "gpt-5": "o200k_base",
    "gpt-4.5-": "o200k_base", "gpt-4.1-": "o200k_base", "chatgpt-4o-": "o200k_base", "gpt-4o-": "o200k_base",
    "gpt-4-": "cl100k_base", "gpt-3.5-turbo-": "cl100k_base", "gpt-35-turbo-": "cl100k_base",
    "gpt-oss-": "o200k_harmony", "ft:gpt-4o": "o200k_base", "ft:gpt-4": "cl100k_base",
    "ft:gpt-3.5-turbo": "cl100k_base", "ft:davinci-002": "cl100k_base", "ft:babbage-002": "cl100k_base",
}
MODEL_TO_ENCODING = {
    "o1": "o200k_base", "o3": "o200k_base", "o4-mini": "o200k_base", "gpt-5": "o200k_base",
    "gpt-4.1": "o200k_base", "gpt-4o": "o200k_base", "gpt-4": "cl100k_base", "gpt-3.5-turbo": "cl100k_base",
    "gpt-3.5": "cl100k_base", "gpt-35-turbo": "cl100k_base", "davinci-002": "cl100k_base",
    "babbage-002": "cl100k_base", "text-embedding-ada-002": "cl100k_base",
    "text-embedding-3-small": "cl100k_base", "text-embedding-3-large": "cl100k_base",
    "text-davinci-003": "p50k_base", "text-davinci-002": "p50k_base", "text-davinci-001": "r50k_base",
    "text-curie-001": "r50k_base", "text-babbage-001": "r50k_base", "text-ada-001": "r50k_base",
    "davinci": "r50k_base", "curie": "r50k_base", "babbage": "r50k_base", "ada": "r50k_base",
    "code-davinci-002": "p50k_base", "code-davinci-001": "p50k_base", "code-cushman-002": "p50k_base",
    "code-cushman-001": "p50k_base", "davinci-codex": "p50k_base", "cushman-codex": "p50k_base",
    "text-davinci-edit-001": "p50k_edit", "code-davinci-edit-001": "p50k_edit",
    "text-similarity-davinci-001": "r50k_base", "text-similarity-curie-001": "r50k_base",
    "text-similarity-babbage-001": "r50k_base", "text-similarity-ada-001": "r50k_base",
    "text-search-davinci-doc-001": "r50k_base", "text-search-curie-doc-001": "r50k_base",
    "text-search-babbage-doc-001": "r50k_base", "text-search-ada-doc-001": "r50k_base",
    "code-search-babbage-code-001": "r50k_base", "code-search-ada-code-001": "r50k_base",
    "gpt2": "gpt2", "gpt-2": "gpt2",
}



def read_table(filename):
    """The bytes of a table file shipped with the package, SHA-256-checked: inside the
    installed package, or in the repository's vocab/ folder for a source checkout."""
    from hashlib import sha256  # OpenSSL's: 1 ms for o200k's 1.8 MB (the interpreter's own takes 10-14)

    here = os.path.dirname(os.path.abspath(__file__))
    for folder in (os.path.join(here, "vocab"), os.path.join(os.path.dirname(os.path.dirname(here)), "vocab")):
        path = os.path.join(folder, filename)
        if os.path.exists(path):
            with open(path, "rb") as f:
                data = f.read()
            got = sha256(data).hexdigest()
            if got != TABLES[filename]:
                raise ValueError(f"{path}: SHA-256 is {got}, expected {TABLES[filename]}")
            return data
    raise FileNotFoundError(f"vocabulary file {filename!r} is not in {os.path.join(here, 'vocab')}: "
                            "the package was installed without its data")


_tables: dict = {}  # table file -> (ranks, by_rank), shared by the encodings on it
_encodings: dict = {}
_lock = _thread.allocate_lock()


def load_ranks(name):
    """The rank table of a named encoding ({bytes: rank}, shared: do not modify it)."""
    return _table(ENCODINGS[name][0])[0]


def _table(filename):
    table = _tables.get(filename)
    if table is None:
        table = _tables[filename] = unpack_ranks(read_table(filename), filename)
    return table


def get_encoding(name):
    """The named encoding (gpt2, r50k_base, p50k_base, p50k_edit, cl100k_base, o200k_base,
    o200k_harmony), loaded once and shared.

    >>> get_encoding("o200k_base").encode("hello world")
    [24912, 2375]
    """
    enc = _encodings.get(name)
    if enc is not None:
        return enc
    if not isinstance(name, str):
        raise TypeError(f"encoding name must be a str, not {type(name).__name__}")
    if name not in ENCODINGS:
        raise ValueError(f"unknown encoding {name!r}; the encodings are: {', '.join(ENCODINGS)}")
    with _lock:
        if name not in _encodings:
            filename, pattern, specials, n_vocab = ENCODINGS[name]
            ranks, by_rank = _table(filename)
            enc = Encoding._from_tables(name, pattern, ranks, by_rank, specials, n_vocab)
            enc._pickle = (get_encoding, (name,))
            _encodings[name] = enc
        return _encodings[name]


def list_encoding_names():
    """The names get_encoding() accepts."""
    return list(ENCODINGS)


def encoding_name_for_model(model_name):
    """The encoding a model uses, by exact name or by a known prefix; KeyError if unknown.

    >>> encoding_name_for_model("gpt-4o-mini")
    'o200k_base'
    """
    if model_name in MODEL_TO_ENCODING:
        return MODEL_TO_ENCODING[model_name]
    for prefix, name in MODEL_PREFIX_TO_ENCODING.items():
        if model_name.startswith(prefix) and name in ENCODINGS:
            return name
    raise KeyError(f"no known encoding for model {model_name!r}; use get_encoding() with one of: "
                   f"{', '.join(ENCODINGS)}")


def encoding_for_model(model_name):
    """The Encoding a model uses; KeyError if the model is unknown."""
    return get_encoding(encoding_name_for_model(model_name))
