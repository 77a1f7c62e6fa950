"""Write the tokenizer as ONE .py file: the encoder and decoder, plus the rank tables and
special tokens of the encodings you choose, for places where a package is a burden
(an AWS Lambda zip, a script copied to a locked-down host).

The file is made from this package's own source at the moment of vendoring: core.py,
with its one marked import (`# vendor: inline`) replaced by the body of _unicode.py,
then a small generated registry (get_encoding, list_encoding_names) and the rank
tables, compressed inside the file and SHA-256-checked when loaded.

>>> from tokenizer.vendor import write
>>> write(["cl100k_base"], "bpe_tokenizer.py")  # doctest: +SKIP
1234567
"""
import ast
import binascii
import hashlib
import os
import pprint
import types
import zlib

__all__ = ["build", "write", "VendorError"]

MARKER = "# vendor: inline"
_LINE = 76  # base64 line length in the file


class VendorError(ValueError):
    """The vendored file cannot be made (bad request, or the package source is not as expected)."""


def _package_source(filename):
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), filename)
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except OSError as e:
        raise VendorError(f"cannot read the package source {path}: {e.strerror or e}") from None


def _docstring_as_comment(src, what):
    """The source with its module docstring turned into comments (the vendored file has its own)."""
    tree = ast.parse(src, what)
    body = tree.body
    if not (body and isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant)
            and isinstance(body[0].value.value, str)):
        return src
    lines = src.splitlines(keepends=True)
    start, end = body[0].lineno - 1, body[0].end_lineno
    doc = "".join("# " + line if line.strip() else "#\n" for line in body[0].value.value.strip().splitlines(True))
    return "".join(lines[:start]) + doc.rstrip("\n") + "\n" + "".join(lines[end:])


def _top_level_names(src):
    names = set()
    for node in ast.parse(src).body:
        for sub in ast.walk(node) if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)) else ():
            if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Store):
                names.add(sub.id)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
    return names


def engine_source():
    """core.py with _unicode.py inlined at its marked import: the encoder and decoder as one
    module that needs nothing but the standard library."""
    core, uni = _package_source("core.py"), _package_source("_unicode.py")
    lines = core.splitlines(keepends=True)
    marked = [i for i, line in enumerate(lines) if line.rstrip().endswith(MARKER)]
    if len(marked) != 1:
        raise VendorError(f"core.py has {len(marked)} lines ending in {MARKER!r}; the vendor tool needs exactly one")
    i = marked[0]
    stmt = ast.parse(lines[i].strip()).body
    if not (len(stmt) == 1 and isinstance(stmt[0], ast.ImportFrom) and stmt[0].level == 1
            and stmt[0].module == "_unicode"):
        raise VendorError(f"core.py line {i + 1} is marked {MARKER!r} but is not 'from ._unicode import ...'")
    missing = {a.name for a in stmt[0].names} - _top_level_names(uni)
    if missing:
        raise VendorError(f"core.py imports {', '.join(sorted(missing))} from _unicode.py, which does not define it")
    lines[i] = ("# " + "-" * 75 + "\n# Inlined from tokenizer/_unicode.py (the marked import in core.py).\n"
                + _docstring_as_comment(uni, "_unicode.py").strip("\n") + "\n# End of _unicode.py.\n"
                + "# " + "-" * 75 + "\n")
    out = _docstring_as_comment("".join(lines), "core.py")
    for node in ast.walk(ast.parse(out)):
        if isinstance(node, ast.ImportFrom) and node.level:
            raise VendorError(f"core.py line {node.lineno} has a relative import ({'.' * node.level}"
                              f"{node.module or ''}) that the vendor tool does not inline; only {MARKER!r} lines are")
    return out


def _table_key(files):
    return files if isinstance(files, str) else " + ".join(files)


def _pack(ranks, key):
    """(count, holes, separator, sha256, base64 text): the tokens in rank order joined by a
    separator that splits them back exactly (checked here), zlib-compressed.  Loading is
    then one C-level bytes.split, not a parse."""
    tokens = sorted(ranks, key=ranks.__getitem__)
    values = [ranks[t] for t in tokens]
    if values and (values[0] < 0 or not isinstance(values[-1], int)):
        raise VendorError(f"the ranks of {key} are not non-negative ints")
    holes = tuple(sorted(set(range(values[-1] + 1 if values else 0)) - set(values)))  # p50k skips 50256
    for sep in (b"\xff\xfe", b"\xfe\xff", b"\xff\xff\xfe", b"\xfe\xfe\xff", b"\xff\xfe\xff\xfe\xfd"):
        raw = sep.join(tokens)
        if raw.split(sep) == tokens:
            break
    else:
        raise VendorError(f"no separator splits the tokens of {key} back exactly")
    text = binascii.b2a_base64(zlib.compress(raw, 9), newline=False).decode("ascii")
    return len(tokens), holes, sep, hashlib.sha256(raw).hexdigest(), text


_REGISTRY = '''
# ---------------------------------------------------------------------------
# The encodings in this file (generated by tokenizer.vendor; see the header).

import binascii as _v_binascii
import _thread as _v_thread
import zlib as _v_zlib

__version__ = {version!r}
__all__ = ["Encoding", "get_encoding", "list_encoding_names"]

# name: (rank table, split pattern, special tokens, explicit n_vocab or None)
_V_ENCODINGS = {encodings}

_v_instances, _v_ranks, _v_lock = {{}}, {{}}, _v_thread.allocate_lock()


def get_encoding(name):
    """The named encoding, built on first use and shared after.

    >>> get_encoding({first!r}).decode(get_encoding({first!r}).encode("hello world"))
    'hello world'
    """
    enc = _v_instances.get(name)
    if enc is not None:
        return enc
    if not isinstance(name, str):
        raise TypeError(f"encoding name must be a str, not {{type(name).__name__}}")
    if name not in _V_ENCODINGS:
        raise ValueError(f"unknown encoding {{name!r}}; this file has: {{', '.join(_V_ENCODINGS)}}")
    with _v_lock:
        if name not in _v_instances:
            table, pattern, specials, n_vocab = _V_ENCODINGS[name]
            if table not in _v_ranks:  # (encodings that share a table share its dict)
                _v_ranks[table] = _v_unpack(table, *_V_TABLES[table])
            ranks, tokens = _v_ranks[table]
            enc = Encoding._from_tables(name, pattern, ranks, list(tokens), specials, n_vocab)
            enc._pickle = (get_encoding, (name,))  # pickles by name, like the package's encodings
            _v_instances[name] = enc
        return _v_instances[name]


def list_encoding_names():
    """The names get_encoding() accepts in this file."""
    return list(_V_ENCODINGS)


def _v_unpack(key, count, holes, separator, sha256, text):
    # The tokens in rank order joined by `separator`; zlib, then base64.  Ranks run from
    # 0 up, skipping the ranks in `holes`.
    try:  # the interpreter's own SHA-256: importing hashlib loads OpenSSL, ~10 ms of a cold start
        from _sha2 import sha256 as digest
    except ImportError:
        try:
            from _sha256 import sha256 as digest
        except ImportError:
            from hashlib import sha256 as digest
    try:
        raw = _v_zlib.decompress(_v_binascii.a2b_base64(text))
    except (_v_zlib.error, ValueError) as e:
        raise ValueError(f"rank table {{key!r}} in {{__file__}} is damaged ({{e}}); vendor the file again") from None
    if digest(raw).hexdigest() != sha256:
        raise ValueError(f"rank table {{key!r}} in {{__file__}} is damaged (SHA-256 mismatch); vendor the file again")
    tokens = raw.split(separator)
    order = range(count) if not holes else sorted(set(range(count + len(holes))) - set(holes))
    ranks = dict(zip(tokens, order))
    for rank in sorted(holes):  # the list from rank to token, None where no token has the rank
        tokens.insert(rank, None)
    return ranks, tokens
'''

_HEADER = '''"""{module}: OpenAI's byte-level BPE encodings ({names}) in one file.

Standard library only; token ids identical to tiktoken's.  Python 3.9 or later.
Made by `tokenizer vendor {args}` from bpe-tokenizer-stdlib {version}
(core.py sha256 {core_sha}, rank tables {tables}).
Generated: do not edit, vendor again instead.  Layout: this header, the encoder
and decoder (tokenizer/core.py with tokenizer/_unicode.py inlined), the
registry (get_encoding, list_encoding_names), then the rank tables
(zlib + base64, SHA-256 checked on load).

    >>> import {module}
    >>> enc = {module}.get_encoding({first!r})
    >>> enc.decode(enc.encode("hello world"))
    'hello world'
"""
import sys as _v_sys

if _v_sys.version_info < (3, 9):
    raise ImportError(f"{{__name__}} needs Python 3.9 or later, not {{_v_sys.version.split()[0]}}")
'''


def build(names, module="bpe_tokenizer"):
    """The text of a vendored module holding the named encodings.

    >>> text = build(["r50k_base"])  # doctest: +SKIP
    """
    from . import __version__, registry

    if isinstance(names, str):
        names = [names]
    names = list(dict.fromkeys(names))
    if not names:
        raise VendorError("name at least one encoding to vendor")
    unknown = [n for n in names if n not in registry.ENCODINGS]
    if unknown:
        raise VendorError(f"unknown encoding {unknown[0]!r} (known: {', '.join(registry.ENCODINGS)})")
    engine = engine_source()
    encodings, tables, keys = {}, {}, {}
    for name in names:
        files, _, pattern, specials, n_vocab = registry.ENCODINGS[name]
        key = _table_key(files)
        if key not in keys:
            packed = _pack(registry.load_ranks(name), key)
            same = [k for k, t in tables.items() if t[3] == packed[3]]  # gpt2's table is r50k's: store it once
            keys[key] = same[0] if same else key
            tables.setdefault(keys[key], packed)
        encodings[name] = (keys[key], pattern, dict(specials), n_vocab)
    reg = _REGISTRY.format(version=__version__, first=names[0],
                           encodings=pprint.pformat(encodings, width=110, sort_dicts=False))
    clash = {n for n in _top_level_names(engine) & _top_level_names(reg) if not n.startswith("__")}
    if clash:
        raise VendorError(f"core.py now defines {', '.join(sorted(clash))}, which the vendored registry also defines")
    data = ["\n# " + "-" * 75 + "\n# Rank tables: (token count, ranks skipped, separator, SHA-256 of the joined\n"
            "# tokens, the tokens in rank order joined by the separator, zlib-compressed, base64).\n_V_TABLES = {}\n"]
    for key, (count, holes, sep, sha, text) in tables.items():
        body = "\n".join(text[i:i + _LINE] for i in range(0, len(text), _LINE))
        data.append(f'_V_TABLES[{key!r}] = ({count}, {holes!r}, {sep!r}, {sha!r}, """\n{body}\n""")\n')
    header = _HEADER.format(
        module=module, names=", ".join(names), version=__version__, first=names[0],
        args=" ".join(f"-e {n}" for n in names) + f" -o {module}.py",
        core_sha=hashlib.sha256(_package_source("core.py").encode("utf-8")).hexdigest()[:16],
        tables=", ".join(f"{k} {t[0]} tokens" for k, t in tables.items()))
    return header + "\n" + engine.rstrip("\n") + "\n\n" + reg + "".join(data)


_SAMPLE = ("hello world, HELLO World! It's 2024: don't we'll I'M\n\n  \t indented\r\n"
           "numbers 1234567 and 3.14159; e-mail a.b@c.de https://x.y/z?q=1\n"
           "caf\u00e9 na\u00efve \u00fcber \u0645\u0631\u062d\u0628\u0627 \u4f60\u597d\u4e16\u754c "
           "\u3053\u3093\u306b\u3061\u306f \ud55c\uad6d\uc5b4 \u0928\u092e\u0938\u094d\u0924\u0947 "
           "\U0001F600\U0001F44D\U0001F3FD \U00020000 \u00a0\u2003x    \n\n\n")


def check(text, names, path="<vendored>"):
    """Import the vendored text in-process and compare it with the package; VendorError if it differs."""
    from . import get_encoding

    mod = types.ModuleType("_vendored_check")
    mod.__file__ = path
    exec(compile(text, path, "exec"), mod.__dict__)
    for name in names:
        ours, theirs = mod.get_encoding(name), get_encoding(name)
        sample = _SAMPLE + "".join(sorted(theirs.special_tokens_set)[:3])
        got, want = ours.encode(sample, allowed_special="all"), theirs.encode(sample, allowed_special="all")
        if got != want or ours.n_vocab != theirs.n_vocab or ours.decode(got) != sample:
            raise VendorError(f"the vendored {name} does not match the package on a sample text; not written")


def write(names, path, *, verify=True):
    """Vendor the named encodings into the file `path` (a .py whose name is a module name);
    returns its size in bytes.  The file is checked against the package before it is moved
    into place, so a failed build leaves nothing behind."""
    base = os.path.basename(path)
    module, ext = os.path.splitext(base)
    if ext != ".py" or not module.isidentifier():
        raise VendorError(f"the output must be a .py file named like a Python module (e.g. bpe_tokenizer.py), "
                          f"not {base!r}")
    if isinstance(names, str):
        names = [names]
    text = build(names, module)
    if verify:
        check(text, list(dict.fromkeys(names)), path)
    data = text.encode("utf-8")
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except OSError as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise VendorError(f"cannot write {path}: {e.strerror or e}") from None
    return len(data)
