"""Write the tokenizer as ONE .py file: the engine plus the tables of the encodings you
choose, for places where a package is a burden (an AWS Lambda zip, a script copied to a
locked-down host).

The file is made from this package's own source at the moment of vendoring: the engine
modules (ENGINE, in pipeline order) one after another, each without its relative imports
(they all share the one namespace), then the chosen tables in the package's own compact
format (ranks.py), zlib-compressed and base64-encoded, and a `read_table` that replaces
the package's file reader.  Every table is SHA-256-checked when first loaded, and so are
the definitions of the encodings (pattern, special tokens, table, size).

>>> from tokenizer.vendor import write
>>> write(["cl100k_base"], "bpe_tokenizer.py")  # doctest: +SKIP
664321
"""
import ast
import binascii
import hashlib
import os
import types
import zlib

__all__ = ["build", "write", "VendorError", "ENGINE"]

ENGINE = ["_unicode.py", "pattern.py", "split.py", "ranks.py", "bpe.py", "cache.py", "encoding.py", "registry.py"]
_SHARED_NAMES = {"__all__", "TYPE_CHECKING"}  # names more than one module may define
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


def _top_level_names(tree):
    """{name: what binds it}: an import's source (the same import in two modules is no
    clash), else None (a definition, which only one module may make)."""
    names = {}
    for node in tree.body:
        if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            names.update((sub.id, None) for sub in ast.walk(node)
                         if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Store))
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names[node.name] = None
        elif isinstance(node, ast.Import):
            names.update(((a.asname or a.name).split(".")[0], a.name) for a in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module != "__future__":
            names.update((a.asname or a.name, f"{node.module}.{a.name}") for a in node.names)
    return names


def _inline(filename, defined):
    """One module's source for the amalgamation: its docstring as comments, its relative and
    __future__ imports removed (after checking each name it imports is defined earlier)."""
    src = _package_source(filename)
    tree = ast.parse(src, filename)
    lines = src.splitlines(keepends=True)
    drop = set()
    body = tree.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
            and isinstance(body[0].value.value, str):
        doc = body[0].value.value.strip().splitlines()
        lines[body[0].lineno - 1] = "".join(f"# {line}".rstrip() + "\n" for line in doc)
        drop.update(range(body[0].lineno, body[0].end_lineno))
    for node in body:
        if isinstance(node, ast.ImportFrom) and (node.level or node.module == "__future__"):
            if node.level:
                missing = {a.name for a in node.names} - defined.keys()
                if node.level != 1 or node.module is None or missing or any(a.asname for a in node.names):
                    what = ", ".join(sorted(missing)) or "it"
                    raise VendorError(f"{filename} line {node.lineno}: the import of {what}"
                                      " cannot be inlined (only 'from .module import name' of names defined in "
                                      "the modules before it)")
            drop.update(range(node.lineno - 1, node.end_lineno))
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)) and node.col_offset and \
                (getattr(node, "level", 0) or getattr(node, "module", None) == "tokenizer"):
            raise VendorError(f"{filename} line {node.lineno}: an import of the package inside a function")
    names = _top_level_names(tree)
    clash = {n for n, how in names.items() if n in defined and (how is None or defined[n] != how)} - _SHARED_NAMES
    if clash:
        raise VendorError(f"{filename} defines {', '.join(sorted(clash))}, which an earlier engine module defines")
    defined.update(names)
    text = "".join(line for i, line in enumerate(lines) if i not in drop)
    return f"# {'-' * 75}\n# tokenizer/{filename}\n{text.strip()}\n"


def engine_source():
    """The engine modules as one module's source: it needs nothing but the standard library."""
    defined = {}
    return "\n\n".join(_inline(f, defined) for f in ENGINE)


_TAIL = '''
# ---------------------------------------------------------------------------
# The encodings in this file (generated by tokenizer vendor; see the header): the
# registry above, restricted to them, with tables read from this file.
import binascii as _v_binascii
import zlib as _v_zlib

ENCODINGS = {{name: ENCODINGS[name] for name in {names!r}}}
_V_DEFINITIONS_SHA256 = {definitions!r}
_v_checked = []


def _v_definitions():
    return repr([(name, ENCODINGS[name], TABLES[ENCODINGS[name][0]]) for name in ENCODINGS]).encode("utf-8")


def read_table(filename):
    """A table of this file, SHA-256-checked, like the definitions of its encodings."""
    try:  # the interpreter's own SHA-256: importing hashlib loads OpenSSL, ~10 ms of a cold start
        from _sha2 import sha256 as digest
    except ImportError:
        try:
            from _sha256 import sha256 as digest
        except ImportError:
            from hashlib import sha256 as digest
    if not _v_checked:
        if digest(_v_definitions()).hexdigest() != _V_DEFINITIONS_SHA256:
            raise ValueError(f"{{__file__}} is damaged: the definitions of its encodings (patterns, special "
                             "tokens, tables) were changed; vendor the file again")
        _v_checked.append(True)
    try:
        data = _v_zlib.decompress(_v_binascii.a2b_base64(_V_TABLES[filename]))
    except (_v_zlib.error, ValueError) as e:
        raise ValueError(f"table {{filename!r}} in {{__file__}} is damaged ({{e}}); vendor the file again") from None
    if digest(data).hexdigest() != TABLES[filename]:
        raise ValueError(f"table {{filename!r}} in {{__file__}} is damaged (SHA-256 mismatch); vendor the file again")
    return data


__all__ = ["Encoding", "get_encoding", "list_encoding_names", "encoding_for_model", "encoding_name_for_model",
           "set_cache_memory", "cache_memory"]
__version__ = {version!r}

# The tables: compact rank files (tokenizer/ranks.py), zlib-compressed, base64.
_V_TABLES = {{}}
'''

_HEADER = '''"""{module}: byte-level BPE encodings ({names}) in one file.

Standard library only; token ids identical to tiktoken's.  Python 3.9 or later.
Made by `tokenizer vendor {args}` from bpe-tokenizer-stdlib {version}
(engine sha256 {engine_sha}; tables {tables}).
Generated: do not edit, vendor again instead.  Layout: this header, the engine
(tokenizer/{engine}, in that order), then the tables (compact rank files, zlib +
base64, SHA-256-checked on first use, as are the encodings' definitions).

    >>> import {module}
    >>> enc = {module}.get_encoding({first!r})
    >>> enc.decode(enc.encode("hello world"))
    'hello world'
"""
from __future__ import annotations

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
    files = list(dict.fromkeys(registry.ENCODINGS[n][0] for n in names))
    definitions = repr([(n, registry.ENCODINGS[n], registry.TABLES[registry.ENCODINGS[n][0]]) for n in names])
    tail = _TAIL.format(names=tuple(names), version=__version__,
                        definitions=hashlib.sha256(definitions.encode("utf-8")).hexdigest())
    data = []
    for filename in files:
        text = binascii.b2a_base64(zlib.compress(registry.read_table(filename), 9), newline=False).decode("ascii")
        body = "\n".join(text[i:i + _LINE] for i in range(0, len(text), _LINE))
        data.append(f'_V_TABLES[{filename!r}] = """\n{body}\n"""\n')
    header = _HEADER.format(
        module=module, names=", ".join(names), version=__version__, first=names[0], engine=", ".join(ENGINE),
        args=" ".join(f"-e {n}" for n in names) + f" -o {module}.py",
        engine_sha=hashlib.sha256(engine.encode("utf-8")).hexdigest()[:16], tables=", ".join(files))
    return header + "\n" + engine.rstrip("\n") + "\n\n" + tail + "".join(data)


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
