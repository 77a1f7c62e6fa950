"""The `tokenizer` command (also `python -m tokenizer`).

    $ tokenizer encode "hello world"
    24912 2375
    $ tokenizer decode 24912 2375
    hello world
    $ tokenizer count -e cl100k_base README.md LICENSE

Subcommands: encode, decode, count, show, encodings, vendor; `--help` on each.
Errors print one line on standard error and exit 1; usage errors exit 2.
"""
import argparse
import codecs
import json
import os
import re
import sys
import time

__all__ = ["main", "count_tokens", "CliError"]

DEFAULT_ENCODING = "o200k_base"
CHUNK = 1 << 20  # bytes `count` reads at a time


class CliError(Exception):
    """A failure to report in one line on standard error, exit status 1."""


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, not argparse's usage block: the hint says where help is
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


# ---------------------------------------------------------------------------
# Input and output


def _encoding(args):
    import tokenizer

    known = tokenizer.list_encoding_names()
    name = getattr(args, "encoding", None) or DEFAULT_ENCODING
    if getattr(args, "model", None):
        try:
            name = tokenizer.encoding_name_for_model(args.model)
        except KeyError:
            raise CliError(f"unknown model {args.model!r} (name an encoding with -e instead: {', '.join(known)})") \
                from None
    if name not in known:
        raise CliError(f"unknown encoding {name!r} (known: {', '.join(known)})")
    try:
        return tokenizer.get_encoding(name)
    except (OSError, ValueError) as e:
        raise CliError(f"cannot load {name}: {e}") from None


def _utf8_error(where, e, base=0):
    return CliError(f"{where} is not UTF-8: byte 0x{e.object[e.start]:02x} at offset {base + e.start} "
                    f"({e.reason})")


def _read_text(words):
    """The words joined by spaces, or all of standard input when there are none."""
    if words:
        text = " ".join(words)
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:  # undecodable argv bytes arrive as lone surrogates
            raise CliError("an argument is not valid UTF-8 text") from None
        return text
    if sys.stdin is None:
        raise CliError("no TEXT given and there is no standard input to read")
    if sys.stdin.isatty():
        sys.stderr.write("(reading standard input; end it with Ctrl-D)\n")
    data = sys.stdin.buffer.read()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise _utf8_error("standard input", e) from None


def _write(text):
    buf = getattr(sys.stdout, "buffer", None)
    if buf is None:
        sys.stdout.write(text)
    else:  # UTF-8 whatever the locale says, so output round-trips
        sys.stdout.flush()
        buf.write(text.encode("utf-8", "backslashreplace"))
    sys.stdout.flush()


def _ids_of(enc, text, allow_special):
    return enc.encode(text, allowed_special="all") if allow_special else enc.encode_ordinary(text)


# ---------------------------------------------------------------------------
# encode, decode


def cmd_encode(args):
    ids = _ids_of(_encoding(args), _read_text(args.text), args.allow_special)
    _write((json.dumps(ids) if args.json else " ".join(map(str, ids))) + "\n")


_ID = re.compile(r"[+-]?[0-9]+")


def parse_ids(text, where="the input"):
    """Token ids from text: integers separated by spaces, commas or newlines, or a JSON list.

    >>> parse_ids("1, 2\\n3"), parse_ids("[4, 5]")
    ([1, 2, 3], [4, 5])
    """
    s = text.strip()
    if s.startswith("["):
        try:
            ids = json.loads(s)
        except ValueError as e:
            raise CliError(f"{where} starts with '[' but is not a JSON list ({e})") from None
        if not isinstance(ids, list) or not all(type(i) is int for i in ids):
            raise CliError(f"{where} is JSON but not a flat list of integers")
        return ids
    ids = []
    for word in re.split(r"[\s,]+", s):
        if word:
            if not _ID.fullmatch(word):
                raise CliError(f"{word[:40]!r} in {where} is not a token id (give integers separated by spaces, "
                               "commas or newlines, or a JSON list)")
            ids.append(int(word))
    return ids


def cmd_decode(args):
    enc = _encoding(args)
    ids = parse_ids(" ".join(args.ids), "the arguments") if args.ids else \
        parse_ids(_read_text(None), "standard input")
    try:
        data = enc.decode_bytes(ids)
    except (KeyError, TypeError, ValueError):
        for t in ids:  # name the first id that is not a token
            try:
                enc.decode_single_token_bytes(t)
            except (KeyError, TypeError, ValueError):
                raise CliError(f"unknown token id {t} for {enc.name} (its ids run from 0 to "
                               f"{enc.max_token_value})") from None
        raise
    text = data.decode("utf-8", "replace")
    if sys.stdout.isatty() and not text.endswith("\n"):
        text += "\n"  # keep the prompt off the text; a pipe gets the exact text
    _write(text)


# ---------------------------------------------------------------------------
# count: large inputs are read in blocks and cut only where the encoding's split pattern
# provably restarts (split.py owns the rules and their proof; split.cut_rules lists the
# ones a pattern proves).  Text with no such place (a long run of CJK without spaces, a
# file of NUL bytes, any text under a pattern that proves no rule) is carried whole until
# one comes, up to --max-run characters; past that, count stops with an error rather than
# grow without bound or give a count that might be wrong.

MAX_RUN = 1 << 24  # characters count may hold without a place to cut (16 Mi)


def count_tokens(enc, stream, chunk_size=CHUNK, progress=None, label="the input", max_run=MAX_RUN):
    """The number of tokens in a binary stream of UTF-8, read chunk_size bytes at a time;
    always the count of encode_ordinary() on the whole text.  CliError if the text runs
    more than max_run characters without a place where the count may be cut.

    >>> import io, tokenizer
    >>> count_tokens(tokenizer.get_encoding("o200k_base"), io.BytesIO(b"hello world"))
    2
    """
    from .split import last_cut

    rules = enc._splitter.cuts
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    total, carry, done = 0, "", 0
    while True:
        data = stream.read(chunk_size)
        pending = len(decoder.getstate()[0])
        try:
            text = carry + decoder.decode(data, final=not data)
        except UnicodeDecodeError as e:
            raise _utf8_error(label, e, done - pending) from None
        done += len(data)
        if progress is not None:
            progress(done)
        if not data:
            return total + len(enc.encode_ordinary(text))
        cut = last_cut(text, rules) or last_cut(text, rules, len(text) - len(carry) + 1)
        if cut:
            total += len(enc.encode_ordinary(text[:cut]))
        carry = text[cut:]
        if len(carry) > max_run:
            how = "" if rules else \
                f" ({enc.name}'s split pattern proves no place where it may cut, so count reads whole)"
            raise CliError(f"{label} has over {max_run:,} characters without a place where count may cut it{how}; "
                           f"--max-run raises the limit (and the memory count may use)")


class _Progress:
    """A one-line progress bar on a terminal: redrawn at most ten times a second, erased at the end."""

    def __init__(self, label, size, out):
        self.label, self.size, self.out = label, size, out
        self.start = self.last = time.monotonic()
        self.shown = 0

    def __call__(self, done):
        now = time.monotonic()
        if self.shown and now - self.last < 0.1:
            return
        self.last = now
        rate = done / max(now - self.start, 1e-6) / 1e6
        if self.size:
            frac = min(done / self.size, 1.0)
            bar = "#" * int(frac * 24)
            line = f"{self.label} {frac:4.0%} [{bar:<24}] {done / 1e6:.1f}/{self.size / 1e6:.1f} MB {rate:.1f} MB/s"
        else:
            line = f"{self.label} {done / 1e6:.1f} MB {rate:.1f} MB/s"
        self.out.write("\r" + line.ljust(self.shown))
        self.out.flush()
        self.shown = max(self.shown, len(line))

    def close(self):
        if self.shown:
            self.out.write("\r" + " " * self.shown + "\r")
            self.out.flush()


def _count_one(enc, name, chunk_size, max_run=MAX_RUN):
    try:
        f = sys.stdin.buffer if name == "-" else open(name, "rb")
    except OSError as e:
        raise CliError(f"cannot read {name!r}: {e.strerror or e}") from None
    try:
        try:
            size = os.fstat(f.fileno()).st_size
        except (OSError, ValueError, AttributeError):
            size = 0
        progress = None
        if sys.stderr is not None and sys.stderr.isatty() and (size > chunk_size or name == "-"):
            progress = _Progress("standard input" if name == "-" else name, size, sys.stderr)
        try:
            return count_tokens(enc, f, chunk_size, progress, "standard input" if name == "-" else repr(name), max_run)
        except OSError as e:
            raise CliError(f"cannot read {name!r}: {e.strerror or e}") from None
        finally:
            if progress is not None:
                progress.close()
    finally:
        if f is not sys.stdin.buffer:
            f.close()


def cmd_count(args):
    enc = _encoding(args)
    if args.chunk_size < 1:
        raise CliError(f"--chunk-size must be at least 1, not {args.chunk_size}")
    rows, failed = [], False
    for name in args.files or ["-"]:
        try:
            rows.append((_count_one(enc, name, args.chunk_size, args.max_run), name))
        except CliError as e:  # like wc: report it, count the rest, fail at the end
            _error(e)
            failed = True
    if len(args.files) > 1:
        rows.append((sum(n for n, _ in rows), "total"))
    if not args.files:
        _write("".join(f"{n}\n" for n, _ in rows))
    else:
        width = max((len(str(n)) for n, _ in rows), default=1)
        _write("".join(f"{n:>{width}} {name}\n" for n, name in rows))
    return 1 if failed else 0


# ---------------------------------------------------------------------------
# show: the text cut into its tokens, whitespace made visible.

_MARKS = {9: "\u2192", 10: "\u21b5", 13: "\u240d", 127: "\u2421"}  # tab, newline, CR, DEL
_MARKS.update((c, chr(0x2400 + c)) for c in range(32) if c not in _MARKS)  # control pictures
_BACKGROUNDS = (153, 186, 217, 151, 223, 183)  # 256-colour pastels; black text on each stays readable
_RESET = "\x1b[0m"


def _visible(token):
    """A token's text with control characters as symbols; bytes that are not UTF-8 on
    their own (part of a character split across tokens) as \\x escapes."""
    return token.decode("utf-8", "backslashreplace").translate(_MARKS)


def render(parts, ids, specials=frozenset(), colour=False):
    """Tokens side by side: [bracketed], or on alternating backgrounds when colour is True.
    Each newline shows as a mark and still breaks the line after its token.

    >>> render([b"hello", b" world", b"\\n"], [24912, 2375, 198])
    '[hello][ world][↵]\\n'
    """
    out = []
    for i, (b, t) in enumerate(zip(parts, ids)):
        s = _visible(b)
        if colour:
            style = "\x1b[1;97;41m" if t in specials else f"\x1b[30;48;5;{_BACKGROUNDS[i % len(_BACKGROUNDS)]}m"
            out.append(style + s + _RESET)
        else:
            out.append(("[" + s + "]") if t not in specials else ("[[" + s + "]]"))
        out.append("\n" * b.count(b"\n"))
    return "".join(out)


def _use_colour(choice, stream):
    if choice != "auto":
        return choice == "always"
    return stream.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


def cmd_show(args):
    enc = _encoding(args)
    text = _read_text(args.text)
    ids = _ids_of(enc, text, args.allow_special)
    parts = enc.decode_tokens_bytes(ids)
    specials = {t for t in ids if enc.is_special_token(t)}
    colour = _use_colour(args.color, sys.stdout)
    summary = f"{len(ids)} tokens, {len(text)} characters, {len(text.encode('utf-8'))} bytes ({enc.name})"
    if args.table:
        width = len(str(enc.max_token_value))
        rows = [f"{'#':>5}  {'id':>{width}}  token"]
        for i, (b, t) in enumerate(zip(parts, ids)):
            try:
                shown = repr(b.decode("utf-8"))
            except UnicodeDecodeError:
                shown = repr(b)
            rows.append(f"{i:>5}  {t:>{width}}  {shown}{'  (special)' if t in specials else ''}")
        _write("\n".join(rows) + "\n" + summary + "\n")
        return
    body = render(parts, ids, specials, colour)
    _write(body + ("" if body.endswith("\n") or not body else "\n") + summary + "\n" + " ".join(map(str, ids)) + "\n")


# ---------------------------------------------------------------------------
# encodings, vendor


def cmd_encodings(args):
    import tokenizer

    rows = []
    for name in tokenizer.list_encoding_names():
        try:
            enc = tokenizer.get_encoding(name)
        except (OSError, ValueError) as e:
            raise CliError(f"cannot load {name}: {e}") from None
        specials = sorted(((enc.encode_single_token(s), s) for s in enc.special_tokens_set))
        rows.append((name, enc.n_vocab, specials))
    if args.json:
        _write(json.dumps([{"name": n, "n_vocab": v, "special_tokens": {s: t for t, s in sp}} for n, v, sp in rows],
                          indent=1) + "\n")
        return
    lines = [f"{'name':<14} {'n_vocab':>7}  special tokens"]
    for name, n_vocab, specials in rows:
        named = [f"{s} {t}" for t, s in specials if not s.startswith("<|reserved_")]
        reserved = len(specials) - len(named)
        lines.append(f"{name:<14} {n_vocab:>7}  " + ", ".join(named) +
                     (f", and {reserved} <|reserved_N|> tokens" if reserved else ""))
    _write("\n".join(lines) + "\n")


def cmd_vendor(args):
    import tokenizer
    from .vendor import VendorError, write

    known = tokenizer.list_encoding_names()
    for name in args.encoding:
        if name not in known:
            raise CliError(f"unknown encoding {name!r} (known: {', '.join(known)})")
    try:
        size = write(args.encoding, args.output)
    except VendorError as e:
        raise CliError(str(e)) from None
    names = ", ".join(dict.fromkeys(args.encoding))
    _write(f"wrote {args.output}: {size:,} bytes, encodings {names} (checked against the package)\n")


# ---------------------------------------------------------------------------


def _error(message):
    sys.stderr.write(f"tokenizer: error: {message}\n")
    sys.stderr.flush()


def _parser():
    p = _Parser(prog="tokenizer", formatter_class=argparse.RawDescriptionHelpFormatter,
                description="OpenAI's BPE encodings (tiktoken's ids) in pure Python.",
                epilog="examples:\n  tokenizer encode 'hello world'\n  echo 24912 2375 | tokenizer decode\n"
                       "  tokenizer count -m gpt-4o notes/*.md\n  tokenizer show 'Hello,   world!'\n\n"
                       "Run 'tokenizer COMMAND --help' for each command's options.")
    from . import __version__
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__} (bpe-tokenizer-stdlib)")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def command(name, help, example, func, model=True, encoding=True):
        c = sub.add_parser(name, help=help, description=help[0].upper() + help[1:] + ".",
                           epilog="example:\n  " + example, formatter_class=argparse.RawDescriptionHelpFormatter)
        c.set_defaults(func=func)
        if encoding:
            which = c.add_mutually_exclusive_group()
            which.add_argument("-e", "--encoding", metavar="NAME",
                               help=f"encoding name (default {DEFAULT_ENCODING}); see 'tokenizer encodings'")
            if model:
                which.add_argument("-m", "--model", metavar="MODEL",
                                   help="the encoding of this model, e.g. gpt-4o, gpt-4, text-davinci-003")
        return c

    c = command("encode", "print the token ids of TEXT, or of standard input when no TEXT is given",
                "tokenizer encode -e cl100k_base 'hello world'   # 15339 1917", cmd_encode)
    c.add_argument("--allow-special", action="store_true",
                   help="encode special-token text such as <|endoftext|> as its special token "
                        "(default: as ordinary text)")
    c.add_argument("--json", action="store_true", help="print a JSON list instead of ids separated by spaces")
    c.add_argument("text", nargs="*", metavar="TEXT", help="text to encode; several are joined by single spaces")

    c = command("decode", "print the text of token ids given as arguments or on standard input",
                "tokenizer decode 24912 2375   # hello world  (also: echo '[24912, 2375]' | tokenizer decode)",
                cmd_decode)
    c.add_argument("ids", nargs="*", metavar="ID",
                   help="ids separated by spaces, commas or newlines, or a JSON list; bytes that are not UTF-8 "
                        "print as U+FFFD")

    c = command("count", "count the tokens in each FILE (like wc), or in standard input when no FILE is given",
                "tokenizer count -e cl100k_base README.md LICENSE", cmd_count)
    c.add_argument("--chunk-size", type=int, default=CHUNK, metavar="BYTES",
                   help=f"read this many bytes at a time (default {CHUNK}); counts never depend on it")
    c.add_argument("--max-run", type=int, default=MAX_RUN, metavar="CHARS",
                   help=f"the most characters count holds without a place to cut (default {MAX_RUN:,}); "
                        "longer runs stop with an error")
    c.add_argument("files", nargs="*", metavar="FILE", help="UTF-8 text files; '-' is standard input")

    c = command("show", "show TEXT cut into its tokens, with the ids and the count",
                "tokenizer show 'Hello,   world!'   # [Hello][,][  ][ world][!]", cmd_show)
    c.add_argument("--allow-special", action="store_true", help="show special-token text as its special token")
    c.add_argument("--table", action="store_true", help="one token a line: position, id and the token's text")
    c.add_argument("--color", "--colour", choices=("auto", "always", "never"), default="auto",
                   help="colour tokens instead of bracketing them (auto: when standard output is a terminal "
                        "and NO_COLOR is not set)")
    c.add_argument("text", nargs="*", metavar="TEXT", help="text to show (default: standard input)")

    c = command("encodings", "list the encodings with their vocabulary sizes and special tokens",
                "tokenizer encodings --json", cmd_encodings, encoding=False)
    c.add_argument("--json", action="store_true", help="print JSON, with every special token")

    c = command("vendor", "write one .py file holding the tokenizer and the chosen encodings' tables "
                          "(for AWS Lambda and other places without packages)",
                "tokenizer vendor -e o200k_base -e cl100k_base -o bpe_tokenizer.py", cmd_vendor, encoding=False)
    c.add_argument("-e", "--encoding", metavar="NAME", action="append", required=True,
                   help="an encoding to include; repeat for several")
    c.add_argument("-o", "--output", metavar="FILE.py", required=True,
                   help="the file to write; its name is the module name")
    return p


def main(argv=None):
    """Run the command line; returns the exit status."""
    args = _parser().parse_args(argv)
    try:
        return args.func(args) or 0
    except CliError as e:
        _error(e)
        return 1
    except KeyboardInterrupt:
        sys.stderr.write("\n")
        return 130
    except BrokenPipeError:  # the reader went away (| head): stop quietly
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError, AttributeError):
            pass
        return 1
