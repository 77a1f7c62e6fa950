"""tiktoken, the reference, built from this repository's own vocab files.

tiktoken cannot download its vocabularies here, so its own encoding definitions
(tiktoken_ext.openai_public: patterns, special tokens, n_vocab) are used with the
file loaders pointed at vocab/.  Used by the conformance tests, the fixture
generator, the fuzzer and the benchmarks; never by the package.
"""
import functools
import os

VOCAB = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "vocab")


def available():
    try:
        import tiktoken  # noqa: F401
        return True
    except ImportError:
        return False


@functools.lru_cache(maxsize=None)
def encoding(name):
    """tiktoken's Encoding for one of the OpenAI names, from our vocab files."""
    import tiktoken
    import tiktoken.load
    import tiktoken_ext.openai_public as public

    def local(url):
        return os.path.join(VOCAB, url.rsplit("/", 1)[-1])

    load_bpe, load_gym = tiktoken.load.load_tiktoken_bpe, tiktoken.load.data_gym_to_mergeable_bpe_ranks
    saved = public.load_tiktoken_bpe, public.data_gym_to_mergeable_bpe_ranks
    public.load_tiktoken_bpe = lambda url, expected_hash=None: load_bpe(local(url), expected_hash)
    public.data_gym_to_mergeable_bpe_ranks = lambda vocab_bpe_file, encoder_json_file, vocab_bpe_hash=None, \
        encoder_json_hash=None: load_gym(local(vocab_bpe_file), local(encoder_json_file), vocab_bpe_hash,
                                         encoder_json_hash)
    try:
        return tiktoken.Encoding(**public.ENCODING_CONSTRUCTORS[name]())
    finally:
        public.load_tiktoken_bpe, public.data_gym_to_mergeable_bpe_ranks = saved


NAMES = ["gpt2", "r50k_base", "p50k_base", "p50k_edit", "cl100k_base", "o200k_base", "o200k_harmony"]
