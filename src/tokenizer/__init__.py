"""tokenizer: byte-level BPE in pure Python, with tiktoken's ids.

>>> import tokenizer
>>> enc = tokenizer.get_encoding("o200k_base")
>>> enc.encode("hello world")
[24912, 2375]
>>> enc.decode([24912, 2375])
'hello world'

The pipeline, one module a stage: pattern.py (the split pattern, as Python `re`),
split.py (text -> pieces, and where text may be cut), cache.py (piece and chunk caches),
bpe.py (piece -> ids), ranks.py (rank tables and the id table), encoding.py (the
Encoding API over them), registry.py (the named encodings).
"""
from .cache import cache_memory, set_cache_memory
from .encoding import Encoding
from .load import data_gym_to_mergeable_bpe_ranks, dump_tiktoken_bpe, load_gpt2_bpe, load_tiktoken_bpe
from .registry import encoding_for_model, encoding_name_for_model, get_encoding, list_encoding_names

__version__ = "0.2.0"
__all__ = ["Encoding", "get_encoding", "list_encoding_names", "encoding_for_model", "encoding_name_for_model",
           "load_tiktoken_bpe", "load_gpt2_bpe", "data_gym_to_mergeable_bpe_ranks", "dump_tiktoken_bpe",
           "set_cache_memory", "cache_memory"]
