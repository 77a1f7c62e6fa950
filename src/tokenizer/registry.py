"""The named OpenAI encodings, built from the vocabulary files shipped with the package."""
import _thread  # (threading.Lock is _thread.allocate_lock; importing threading costs ~0.7 ms of start-up)
import os

from .core import CL100K_PATTERN, O200K_PATTERN, R50K_PATTERN, Encoding
from .load import _read, compact_tables, load_gpt2_bpe

__all__ = ["get_encoding", "list_encoding_names", "encoding_for_model", "encoding_name_for_model",
           "MODEL_TO_ENCODING", "MODEL_PREFIX_TO_ENCODING"]

ENDOFTEXT, ENDOFPROMPT = "<|endoftext|>", "<|endofprompt|>"
FIM = {"<|fim_prefix|>": 0, "<|fim_middle|>": 1, "<|fim_suffix|>": 2}

_HARMONY = {ENDOFTEXT: 199999, ENDOFPROMPT: 200018, "<|startoftext|>": 199998, "<|return|>": 200002,
            "<|constrain|>": 200003, "<|channel|>": 200005, "<|start|>": 200006, "<|end|>": 200007,
            "<|message|>": 200008, "<|call|>": 200012}
_HARMONY.update((f"<|reserved_{i}|>", i) for i in (200000, 200001, 200004, 200009, 200010, 200011, *range(200013, 201088)))
# <|reserved_200018|> shares id 200018 with <|endofprompt|>, as in tiktoken; the first name decodes.

# name: (rank file, its SHA-256, pattern, special tokens, explicit n_vocab)
ENCODINGS = {
    "gpt2": (("vocab.bpe", "encoder.json"), None, R50K_PATTERN, {ENDOFTEXT: 50256}, 50257),
    "r50k_base": ("r50k_base.tiktoken", "306cd27f03c1a714eca7108e03d66b7dc042abe8c258b44c199a7ed9838dd930",
                  R50K_PATTERN, {ENDOFTEXT: 50256}, 50257),
    "p50k_base": ("p50k_base.tiktoken", "94b5ca7dff4d00767bc256fdd1b27e5b17361d7b8a5f968547f9f23eb70d2069",
                  R50K_PATTERN, {ENDOFTEXT: 50256}, 50281),
    "p50k_edit": ("p50k_base.tiktoken", "94b5ca7dff4d00767bc256fdd1b27e5b17361d7b8a5f968547f9f23eb70d2069",
                  R50K_PATTERN, {ENDOFTEXT: 50256, **{k: 50281 + v for k, v in FIM.items()}}, None),
    "cl100k_base": ("cl100k_base.tiktoken", "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7",
                    CL100K_PATTERN, {ENDOFTEXT: 100257, **{k: 100258 + v for k, v in FIM.items()},
                                     ENDOFPROMPT: 100276}, None),
    "o200k_base": ("o200k_base.tiktoken", "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d",
                   O200K_PATTERN, {ENDOFTEXT: 199999, ENDOFPROMPT: 200018}, None),
    "o200k_harmony": ("o200k_base.tiktoken", "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d",
                      O200K_PATTERN, _HARMONY, None),
}
# The compact copies the package loads (tests/tools/make_compact_vocab.py; a test checks
# that each equals its .tiktoken file): .tiktoken file -> (.ranks file, its SHA-256).
COMPACT = {
    "r50k_base.tiktoken": ("r50k_base.ranks", "6d2bb2647fb00fae2f55728a30aee7c38350c698633a433114de093acf1d9f37"),
    "p50k_base.tiktoken": ("p50k_base.ranks", "da30c416db1ac1973a9d699181e676215d46eb6841249e7e18287ea2cf92f75b"),
    "cl100k_base.tiktoken": ("cl100k_base.ranks", "775902936b29c27b2c5cbbcaf3e90888538cda639032279e5ff5e326c0ae0da1"),
    "o200k_base.tiktoken": ("o200k_base.ranks", "f94344f38efcd9177510fd11c8c71e6f6271531a2f7e6b9d588ec5c2a30824d0"),
}
GPT2_HASHES = {"vocab.bpe": "1ce1664773c50f3e0cc8842619a93edc4624525b728b188a9e0be33b7726adc5",
               "encoder.json": "196139668be63f3b5d6574427317ae82f612a97c5d1cdaf36ed2256dbf636783"}

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


def vocab_path(filename):
    """Where a shipped vocabulary file is: inside the installed package, or in the
    repository's vocab/ folder for an editable install or a source checkout."""
    here = os.path.dirname(os.path.abspath(__file__))
    for folder in (os.path.join(here, "vocab"), os.path.join(os.path.dirname(os.path.dirname(here)), "vocab")):
        path = os.path.join(folder, filename)
        if os.path.exists(path):
            return path
    raise FileNotFoundError(f"vocabulary file {filename!r} is not in {os.path.join(here, 'vocab')}: "
                            "the package was installed without its data")


def load_ranks(name):
    """The rank table of a named encoding, read from the shipped files (hash-checked)."""
    return _tables(name)[0]


def _tables(name):
    # The rank table, and the list from rank to token where the file gives it cheaply (else None)
    files, sha, *_ = ENCODINGS[name]
    if isinstance(files, tuple):
        bpe, enc = files
        return load_gpt2_bpe(vocab_path(bpe), vocab_path(enc), GPT2_HASHES[bpe], GPT2_HASHES[enc]), None
    compact, compact_sha = COMPACT[files]
    path = vocab_path(compact)
    return compact_tables(_read(path, compact_sha), path)


_cache = {}
_lock = _thread.allocate_lock()


def get_encoding(name):
    """The named encoding (gpt2, r50k_base, p50k_base, p50k_edit, cl100k_base, o200k_base,
    o200k_harmony), loaded once and shared.

    >>> get_encoding("o200k_base").encode("hello world")
    [24912, 2375]
    """
    enc = _cache.get(name)
    if enc is not None:
        return enc
    if not isinstance(name, str):
        raise TypeError(f"encoding name must be a str, not {type(name).__name__}")
    if name not in ENCODINGS:
        raise ValueError(f"unknown encoding {name!r}; the encodings are: {', '.join(ENCODINGS)}")
    with _lock:
        if name not in _cache:
            _, _, pattern, specials, n_vocab = ENCODINGS[name]
            enc = Encoding._from_tables(name, pattern, *_tables(name), specials, n_vocab)
            enc._pickle = (get_encoding, (name,))
            _cache[name] = enc
        return _cache[name]


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
        if model_name.startswith(prefix):
            return name
    raise KeyError(f"no known encoding for model {model_name!r}; use get_encoding() with one of: "
                   f"{', '.join(ENCODINGS)}")


def encoding_for_model(model_name):
    """The Encoding a model uses; KeyError if the model is unknown."""
    return get_encoding(encoding_name_for_model(model_name))
