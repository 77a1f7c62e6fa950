"""The `tokenizer` command, run as a person would: a subprocess with arguments and
standard input, checked for its output, its one-line errors and its exit codes.
Also the chunked `count` against whole-text encoding, in process (fast).

Texts are the interpreter's own help topics (pydoc_data.topics) and strings made here.
"""
import io
import json
import os
import random
import re
import subprocess
import sys

import pytest

import tokenizer
from tokenizer import cli, split

BIN = os.path.join(os.path.dirname(sys.executable), "tokenizer")
RUNNERS = {"module": [sys.executable, "-m", "tokenizer"]}
if os.path.exists(BIN):
    RUNNERS["script"] = [BIN]
ENV = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}


def run(*args, stdin=b"", runner="module", env=None):
    """(exit code, stdout bytes, stderr text) of the command."""
    p = subprocess.run(RUNNERS[runner] + [str(a) for a in args], input=stdin, capture_output=True, timeout=120,
                       env=env or ENV)
    return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")


def ok(*args, **kw):
    code, out, err = run(*args, **kw)
    assert code == 0 and err == "", (code, err)
    return out.decode("utf-8")


def fails(code, pattern, *args, **kw):
    """Run, expecting exit `code` and exactly one stderr line matching `pattern`."""
    got, out, err = run(*args, **kw)
    assert got == code, (got, err)
    assert "Traceback" not in err
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert re.search(pattern, err), err
    assert err.startswith("tokenizer"), err
    return err


def topic_texts(n=6, seed=1):
    from pydoc_data.topics import topics
    keys = sorted(topics)
    return [topics[k] for k in random.Random(seed).sample(keys, n)]


def enc(name="o200k_base"):
    return tokenizer.get_encoding(name)


# ---------------------------------------------------------------------------
# encode


@pytest.mark.parametrize("runner", sorted(RUNNERS))
def test_encode_arguments_are_joined_by_spaces(runner):
    assert ok("encode", "hello", "world", runner=runner) == "24912 2375\n"


def test_console_script_is_installed_with_the_distribution():
    from importlib import metadata
    try:
        metadata.distribution("bpe-tokenizer-stdlib")
    except metadata.PackageNotFoundError:
        return  # running from a source tree: only `python -m tokenizer` exists
    assert "script" in RUNNERS, f"the distribution is installed but {BIN} is missing"


@pytest.mark.parametrize("name", tokenizer.list_encoding_names())
def test_encode_standard_input_matches_the_package(name):
    text = topic_texts(1, seed=len(name))[0] + " caf\u00e9 \u4f60\u597d \U0001F600\r\n  \n"
    out = ok("encode", "-e", name, stdin=text.encode("utf-8"))
    assert list(map(int, out.split())) == enc(name).encode_ordinary(text)


def test_encode_json_and_model():
    assert json.loads(ok("encode", "--json", "-m", "gpt-4", "hello world")) == [15339, 1917]
    assert ok("encode", "--json", stdin=b"") == "[]\n"


def test_special_tokens_are_ordinary_text_unless_allowed():
    plain = list(map(int, ok("encode", "a <|endoftext|>").split()))
    assert plain == enc().encode_ordinary("a <|endoftext|>") and 199999 not in plain
    assert ok("encode", "--allow-special", "a <|endoftext|>") == "64 220 199999\n"


# ---------------------------------------------------------------------------
# decode


def test_decode_arguments_stdin_and_json():
    assert ok("decode", "24912", "2375") == "hello world"  # a pipe gets the exact text, no newline added
    assert ok("decode", "24912,2375") == "hello world"
    assert ok("decode", stdin=b"24912\n2375\n") == "hello world"
    assert ok("decode", stdin=b" [24912, 2375] ") == "hello world"
    assert ok("decode", "-e", "cl100k_base", stdin=b"15339, 1917") == "hello world"


def test_decode_partial_utf8_shows_replacement_character():
    char = next(chr(c) for c in range(0x20000, 0x2A000) if len(enc().encode_ordinary(chr(c))) > 1)
    ids = enc().encode_ordinary(char)  # a rare ideograph: its four bytes are split across tokens
    assert ok("decode", ids[0]) == "\ufffd"
    assert ok("decode", *ids) == char


def test_encode_decode_round_trip_on_help_topics():
    text = "\n".join(topic_texts(4, seed=7)) + "\r\n\t tail  "
    ids = ok("encode", "--json", stdin=text.encode("utf-8"))
    assert ok("decode", stdin=ids.encode()) == text


# ---------------------------------------------------------------------------
# count


def test_count_stdin_files_and_total(tmp_path):
    texts = topic_texts(3, seed=3)
    paths = []
    for i, t in enumerate(texts):
        p = tmp_path / f"t{i}.txt"
        p.write_bytes(t.encode("utf-8"))
        paths.append(p)
    want = [len(enc().encode_ordinary(t)) for t in texts]
    assert ok("count", stdin=texts[0].encode()) == f"{want[0]}\n"
    assert ok("count", paths[0]) == f"{want[0]} {paths[0]}\n"
    lines = ok("count", *paths).splitlines()
    width = len(str(sum(want)))
    assert lines == [f"{n:>{width}} {p}" for n, p in zip(want, paths)] + [f"{sum(want):>{width}} total"]
    assert ok("count", "-e", "cl100k_base", "--chunk-size", "7", paths[1]).split()[0] == \
        str(len(enc("cl100k_base").encode_ordinary(texts[1])))


def test_count_keeps_going_after_an_unreadable_file(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("hello world", encoding="utf-8")
    code, out, err = run("count", good, tmp_path / "missing.txt", tmp_path)
    assert code == 1
    assert out.decode().splitlines() == [f"2 {good}", "2 total"]
    assert err.count("\n") == 2 and "missing.txt" in err and "Is a directory" in err and "Traceback" not in err


def _through_pty(args, stdin=b"", which="stderr", env=None):
    """Run with one stream on a terminal; returns (exit code, what the terminal got, the other stream)."""
    import pty
    import select
    master, slave = pty.openpty()
    streams = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, which: slave}
    p = subprocess.Popen(RUNNERS["module"] + [str(a) for a in args], stdin=subprocess.PIPE, env=env or ENV,
                         **streams)
    os.close(slave)
    p.stdin.write(stdin)
    p.stdin.close()
    seen = b""
    while True:
        ready, _, _ = select.select([master], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    other = (p.stdout if which == "stderr" else p.stderr).read()
    code = p.wait(60)
    os.close(master)
    return code, seen.decode("utf-8", "replace"), other.decode("utf-8", "replace")


def test_count_progress_bar_only_on_a_terminal(tmp_path):
    big = tmp_path / "big.txt"
    text = "\n".join(topic_texts(8, seed=5))
    big.write_bytes(text.encode("utf-8"))
    want = len(enc().encode_ordinary(text))
    code, terminal, out = _through_pty(["count", "--chunk-size", "4096", big])
    assert code == 0 and out == f"{want} {big}\n"
    assert "%" in terminal and "MB/s" in terminal and terminal.endswith("\r")  # drawn, then erased
    code, out, err = run("count", "--chunk-size", "4096", big)
    assert code == 0 and err == ""  # not a terminal: no bar


# The chunked count, in process.

ALPHABET = [" ", " ", " ", "   ", "\n", "\n\n", "\r\n", "\r", "\t", "a", "Bc", "1", "234", ".", "/", "'", "'s", "ll",
            "\u4f60\u597d", "\u00a0", "\u3000", "e\u0301", "\U0001F600", "_", "-", ",", "!", "\u0663", "<|endoftext|>"]


def made_texts(seed=0):
    """Texts that stress chunk cuts: long whitespace runs, CRLF, no newlines, no spaces."""
    rng = random.Random(seed)
    texts = ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 400))) for _ in range(40)]
    texts += [
        " " * 5000 + "x" + " " * 3000 + "\n" * 2000 + "y",
        "word " * 3000,                                  # no newlines at all
        "line one.\r\n  line two\r\n\r\n" * 400,         # CRLF
        "\u4f60\u597d\u4e16\u754c" * 2000,               # one long piece: no cut anywhere
        '{"key":[1,2,3],"k2":"v/w"}' * 500,              # minified JSON, no spaces
        "end.\n/start\n*\n/x " * 500,                    # o200k's punctuation + newline + "/"
        "\t \n \t\n" * 1000 + "z",
        "don't we'll I'M " * 500,
    ]
    return texts + topic_texts(3, seed=seed)


@pytest.mark.parametrize("name", ["r50k_base", "cl100k_base", "o200k_base"])
def test_chunked_count_equals_whole_text_count(name):
    e = enc(name)
    for text in made_texts():
        data = text.encode("utf-8")
        want = len(e.encode_ordinary(text))
        for size in ((1, 2, 3, 5, 64) if len(data) < 2000 else (7, 64, 1000, 4096)) + (1 << 20,):
            assert cli.count_tokens(e, io.BytesIO(data), size) == want, (name, size, text[:60])


def _splits_the_same(e, text, cut):
    return e.encode_ordinary(text[:cut]) + e.encode_ordinary(text[cut:]) == e.encode_ordinary(text)


def test_every_cut_the_rules_find_is_safe():
    # Stronger than equal counts: the ids on both sides of each cut are the whole text's ids.
    encs = [enc(n) for n in ("r50k_base", "cl100k_base", "o200k_base")]
    rng, checked = random.Random(11), 0
    for _ in range(4000):
        text = "".join(rng.choice(ALPHABET[:-1]) for _ in range(rng.randint(1, 16)))
        for e in encs:
            assert len(e._splitter.cuts) == 2, e.name  # both rules proven for the OpenAI patterns
            for c in split.cut_places(text, e._splitter.cuts):
                assert _splits_the_same(e, text, c), (e.name, text, c)
                checked += 1
    assert checked > 5000


def test_count_of_a_custom_encoding_reads_whole_where_no_rule_is_proven():
    """"[^\\n]+" takes whole lines, so a line may not be cut at a space: with a token for
    b"a b", the whole text has 20 ids (a cut at spaces would give 34)."""
    ranks = {bytes([i]): i for i in range(256)}
    ranks.update({b"a ": 256, b"a b": 257})
    lines = tokenizer.Encoding("lines", pat_str=r"[^\n]+|\n", mergeable_ranks=ranks, special_tokens={})
    assert lines._splitter.cuts == ()
    data = b"a b " * 10
    assert cli.count_tokens(lines, io.BytesIO(data), 3) == len(lines.encode_ordinary(data.decode())) == 20
    with pytest.raises(cli.CliError, match="proves no place where it may cut"):
        cli.count_tokens(lines, io.BytesIO(data * 100), 64, max_run=1000)


def test_count_of_a_custom_encoding_cuts_where_its_pattern_proves_it():
    # the GPT-2 pattern as Hugging Face spells it: proven like r50k_base's, so counted in blocks
    hf = tokenizer.Encoding("gpt2-hf",
                            pat_str=r"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+",
                            mergeable_ranks=enc("r50k_base")._mergeable_ranks, special_tokens={})
    assert len(hf._splitter.cuts) == 2
    for text in made_texts(3)[:20]:
        data = text.encode("utf-8")
        assert cli.count_tokens(hf, io.BytesIO(data), 7) == len(enc("r50k_base").encode_ordinary(text))


def test_count_stops_at_the_limit_on_text_with_no_cut():
    """A run with no place to cut (NUL bytes are one piece) stops with an error at --max-run,
    in bounded memory, instead of growing until killed."""
    e = enc("o200k_base")
    with pytest.raises(cli.CliError, match="over 100,000 characters without a place"):
        cli.count_tokens(e, io.BytesIO(b"\0" * 300_000), 4096, max_run=100_000)
    want = len(e.encode_ordinary("\0" * 30_000))
    assert cli.count_tokens(e, io.BytesIO(b"\0" * 30_000), 4096, max_run=100_000) == want


@pytest.mark.parametrize("rule", [
    r"(?<=\n)(?=\S)",                         # after any newline
    r"(?<=\S\n)(?=[^\s])",                    # ... even with the "/" exclusion dropped
    r"(?<=[A-Za-z0-9])(?=')",                 # before an apostrophe
    r"(?<=\s)(?= )",                          # a space after whitespace
])
def test_the_rules_left_out_are_unsafe(rule):
    # The test above can fail: each of these near misses has a counterexample it would find.
    rx, encs = re.compile(rule), [enc(n) for n in ("r50k_base", "cl100k_base", "o200k_base")]
    alphabet = [" ", "\n", "\r", "a", "s", "'", ".", "/", "1", "t", "*"]
    rng = random.Random(5)
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 10)))
        if any(not _splits_the_same(e, text, m.start()) for m in rx.finditer(text) for e in encs):
            return
    pytest.fail(f"no counterexample found for {rule}")


def test_count_reports_bad_utf8_with_its_offset(tmp_path):
    p = tmp_path / "bad.txt"
    p.write_bytes(b"a" * 5000 + b"\xff" + b"b" * 10)
    fails(1, r"bad\.txt.* is not UTF-8: byte 0xff at offset 5000", "count", "--chunk-size", "1000", p)
    fails(1, r"standard input is not UTF-8: byte 0xc3 at offset 3", "count", stdin=b"abc\xc3")  # cut short at the end


# ---------------------------------------------------------------------------
# show


def test_show_plain_form():
    out = ok("show", "Hello,   world!\n\tok")
    lines = out.splitlines()
    assert lines[0] == "[Hello][,][  ][ world][!\u21b5]"  # the newline is marked and still breaks the line
    assert lines[1] == "[\u2192ok]"  # o200k puts a tab before a word into the word's piece
    ids = enc().encode_ordinary("Hello,   world!\n\tok")
    assert lines[2] == f"{len(ids)} tokens, 19 characters, 19 bytes (o200k_base)"
    assert lines[3] == " ".join(map(str, ids))
    assert "\x1b[" not in out


def test_show_special_tokens_table_and_split_characters():
    out = ok("show", "--allow-special", "a<|endoftext|>")
    assert out.splitlines()[0] == "[a][[<|endoftext|>]]"
    rare = next(chr(c) for c in range(0x20000, 0x2A000) if len(enc().encode_ordinary(chr(c))) > 1)
    text = "hi " + rare
    table = ok("show", "--table", text).splitlines()
    assert table[0].split() == ["#", "id", "token"]
    assert table[1].split() == ["0", str(enc().encode_single_token("hi")), "'hi'"]
    assert any("b'" in row for row in table[2:])  # the ideograph's bytes, split across tokens
    assert table[-1].startswith(f"{len(enc().encode_ordinary(text))} tokens")


def test_show_colour_on_a_terminal_and_no_color():
    code, terminal, _ = _through_pty(["show", "hello world"], which="stdout")
    assert code == 0 and "\x1b[30;48;5;" in terminal and "[hello]" not in terminal
    code, terminal, _ = _through_pty(["show", "hello world"], which="stdout", env=dict(ENV, NO_COLOR="1"))
    assert code == 0 and "\x1b[" not in terminal and "[hello][ world]" in terminal
    assert "\x1b[30;48;5;" in ok("show", "--color", "always", "hello")


def test_show_reads_standard_input():
    assert ok("show", "-e", "cl100k_base", stdin=b"hello world").splitlines()[0] == "[hello][ world]"


# ---------------------------------------------------------------------------
# encodings, vendor


def test_encodings_lists_every_encoding():
    lines = ok("encodings").splitlines()
    assert lines[0].split()[:2] == ["name", "n_vocab"]
    rows = {line.split()[0]: line for line in lines[1:]}
    assert list(rows) == tokenizer.list_encoding_names()
    for name, line in rows.items():
        assert line.split()[1] == str(enc(name).n_vocab)
        assert "<|endoftext|>" in line
    data = json.loads(ok("encodings", "--json"))
    assert [d["name"] for d in data] == tokenizer.list_encoding_names()
    harmony = data[-1]
    assert harmony["special_tokens"]["<|start|>"] == 200006 and len(harmony["special_tokens"]) > 1000


def test_vendor_writes_a_module_that_imports(tmp_path):
    out = tmp_path / "tok_r50k.py"
    msg = ok("vendor", "-e", "r50k_base", "-o", out)
    assert msg.startswith(f"wrote {out}: ") and "r50k_base" in msg
    code = f"import sys; sys.path.insert(0, {str(tmp_path)!r}); import tok_r50k as t; " \
           "print(t.get_encoding('r50k_base').encode('hello world'))"
    p = subprocess.run([sys.executable, "-I", "-S", "-c", code], capture_output=True, text=True, timeout=60)
    assert p.stdout == "[31373, 995]\n", p.stderr


def test_vendor_errors(tmp_path):
    fails(1, r"unknown encoding 'nope' \(known: gpt2, ", "vendor", "-e", "nope", "-o", tmp_path / "x.py")
    fails(1, r"named like a Python module", "vendor", "-e", "gpt2", "-o", tmp_path / "not-a-module.py")
    fails(1, r"named like a Python module", "vendor", "-e", "gpt2", "-o", tmp_path / "x.txt")
    fails(1, r"cannot write .*No such file or directory", "vendor", "-e", "gpt2", "-o", tmp_path / "no" / "x.py")
    fails(2, r"tokenizer vendor: error: .*-o/--output", "vendor", "-e", "gpt2")
    fails(2, r"tokenizer vendor: error: .*-e/--encoding", "vendor", "-o", tmp_path / "x.py")
    assert not os.listdir(tmp_path)


# ---------------------------------------------------------------------------
# errors and help


@pytest.mark.parametrize("command", ["encode", "decode", "count", "show"])
def test_unknown_encoding_and_model(command):
    fails(1, r"^tokenizer: error: unknown encoding 'foo' \(known: gpt2, r50k_base, .*o200k_harmony\)$",
          command, "-e", "foo", stdin=b"1")
    fails(1, r"^tokenizer: error: unknown model 'gpt-nope'", command, "-m", "gpt-nope", stdin=b"1")
    fails(2, r"not allowed with argument", command, "-e", "gpt2", "-m", "gpt-4", stdin=b"1")


@pytest.mark.parametrize("args, stdin, pattern", [
    (["decode", "300000"], b"", r"unknown token id 300000 for o200k_base \(its ids run from 0 to 200018\)"),
    (["decode", "199998"], b"", r"unknown token id 199998"),  # a gap below the special tokens
    (["decode", "-5"], b"", r"unknown token id -5"),
    (["decode", "-e", "gpt2", "50257"], b"", r"unknown token id 50257 for gpt2"),
    (["decode", "12", "x1"], b"", r"'x1' in the arguments is not a token id"),
    (["decode"], b"1 2 three", r"'three' in standard input is not a token id"),
    (["decode"], b"[1, 2", r"standard input starts with '\[' but is not a JSON list"),
    (["decode"], b"[1, 2.5]", r"standard input is JSON but not a flat list of integers"),
    (["decode"], b"[1, [2]]", r"not a flat list of integers"),
    (["decode"], b"\xff", r"standard input is not UTF-8: byte 0xff at offset 0"),
    (["encode"], b"ok\xe9", r"standard input is not UTF-8: byte 0xe9 at offset 2"),
    (["show"], b"\xc0\x80", r"standard input is not UTF-8"),
    (["count", "/nonexistent/file.txt"], b"", r"cannot read '/nonexistent/file.txt': No such file or directory"),
    (["count", "--chunk-size", "0"], b"", r"--chunk-size must be at least 1"),
])
def test_errors_exit_1_with_one_line(args, stdin, pattern):
    fails(1, pattern, *args, stdin=stdin)


@pytest.mark.parametrize("args, pattern", [
    ([], r"^tokenizer: error: the following arguments are required: COMMAND \(see 'tokenizer --help'\)$"),
    (["frobnicate"], r"invalid choice: 'frobnicate'"),
    (["encode", "--bogus"], r"unrecognized arguments: --bogus"),
    (["count", "--chunk-size", "big"], r"^tokenizer count: error: argument --chunk-size: invalid int value"),
    (["show", "--color", "pink"], r"argument --color/--colour: invalid choice"),
    (["encode", "-e"], r"argument -e/--encoding: expected one argument"),
    (["encodings", "-e", "gpt2"], r"unrecognized arguments"),
])
def test_usage_errors_exit_2(args, pattern):
    fails(2, pattern, *args)


def test_undecodable_argument_bytes():
    fails(1, r"an argument is not valid UTF-8", "encode", b"\xff".decode("utf-8", "surrogateescape"))


@pytest.mark.parametrize("command", ["", "encode", "decode", "count", "show", "encodings", "vendor"])
def test_help_with_an_example(command):
    out = ok(*([command] if command else []), "--help")
    assert out.startswith("usage: tokenizer") and "example" in out


def test_version():
    assert ok("--version") == f"tokenizer {tokenizer.__version__} (bpe-tokenizer-stdlib)\n"
