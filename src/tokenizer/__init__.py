"""tokenizer: OpenAI's byte-level BPE encodings in pure Python, with tiktoken's ids.

>>> import tokenizer
>>> enc = tokenizer.get_encoding("o200k_base")
>>> enc.encode("hello world")
[24912, 2375]
>>> enc.decode([24912, 2375])
'hello world'
"""
from .core import Encoding
from .load import data_gym_to_mergeable_bpe_ranks, dump_tiktoken_bpe, load_gpt2_bpe, load_tiktoken_bpe
from .registry import encoding_for_model, encoding_name_for_model, get_encoding, list_encoding_names

__version__ = "0.1.0"
__all__ = ["Encoding", "get_encoding", "list_encoding_names", "encoding_for_model", "encoding_name_for_model",
           "load_tiktoken_bpe", "load_gpt2_bpe", "data_gym_to_mergeable_bpe_ranks", "dump_tiktoken_bpe"]
