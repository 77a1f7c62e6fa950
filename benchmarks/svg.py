"""A small SVG chart writer for the benchmark results (no plotting library needed)."""
import math

OURS, THEIRS = "#1f77b4", "#ff7f0e"


def _text(x, y, s, size=11, anchor="start", rotate=None):
    rot = f' transform="rotate({rotate} {x:.1f} {y:.1f})"' if rotate else ""
    s = s.replace("&", "&amp;").replace("<", "&lt;")
    return f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}"{rot}>{s}</text>'


def _bars(x0, y0, w, h, chart):
    """Warm-cache throughput, MB/s, a pair of bars per row."""
    top = max(max(a, b or 0) for _, a, b in chart) * 1.15
    out = [_text(x0 + w / 2, y0 - 8, "Warm-cache encode throughput (MB/s, higher is better)", 13, "middle")]
    slot = w / len(chart)
    for i, (label, ours, theirs) in enumerate(chart):
        x = x0 + i * slot
        for j, (v, colour) in enumerate(((ours, OURS), (theirs, THEIRS))):
            if v is None:
                continue
            bh = h * v / top
            out.append(f'<rect x="{x + slot * (0.15 + 0.35 * j):.1f}" y="{y0 + h - bh:.1f}" '
                       f'width="{slot * 0.33:.1f}" height="{bh:.1f}" fill="{colour}"/>')
            out.append(_text(x + slot * (0.31 + 0.35 * j), y0 + h - bh - 3, f"{v:.1f}", 9, "middle"))
        out.append(_text(x + slot / 2, y0 + h + 14, label, 10, "middle"))
    out.append(f'<line x1="{x0}" y1="{y0 + h}" x2="{x0 + w}" y2="{y0 + h}" stroke="black"/>')
    return out


def _loglog(x0, y0, w, h, title, series, xlabel):
    """Time (s) against size, both logarithmic; series: list of (n, ours, theirs)."""
    pts = [(n, t) for n, a, b in series for t in (a, b) if t]
    lx = [math.log10(n) for n, _ in pts]
    ly = [math.log10(t) for _, t in pts]
    xmin, xmax, ymin, ymax = min(lx), max(lx), min(ly) - 0.2, max(ly) + 0.2
    X = lambda n: x0 + (math.log10(n) - xmin) / ((xmax - xmin) or 1) * w  # noqa: E731
    Y = lambda t: y0 + h - (math.log10(t) - ymin) / ((ymax - ymin) or 1) * h  # noqa: E731
    out = [_text(x0 + w / 2, y0 - 8, title, 13, "middle"),
           f'<rect x="{x0}" y="{y0}" width="{w}" height="{h}" fill="none" stroke="#999"/>']
    for k in range(math.ceil(ymin), math.floor(ymax) + 1):
        out.append(_text(x0 - 4, Y(10 ** k) + 4, f"{10 ** k:g} s", 9, "end"))
        out.append(f'<line x1="{x0}" y1="{Y(10 ** k):.1f}" x2="{x0 + w}" y2="{Y(10 ** k):.1f}" stroke="#eee"/>')
    for n, _, _ in series:
        out.append(_text(X(n), y0 + h + 13, f"{n / 1000:g}K" if n < 1e6 else f"{n / 1e6:g}M", 9, "middle"))
    for idx, colour in ((1, OURS), (2, THEIRS)):
        line = [(X(s[0]), Y(s[idx])) for s in series if s[idx]]
        if line:
            out.append('<polyline fill="none" stroke="%s" stroke-width="2" points="%s"/>'
                       % (colour, " ".join(f"{x:.1f},{y:.1f}" for x, y in line)))
            out += [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"/>' for x, y in line]
    out.append(_text(x0 + w / 2, y0 + h + 28, xlabel, 10, "middle"))
    return out


def write(path, chart, prose, piece):
    W, H = 980, 640
    body = _bars(60, 40, W - 100, 220, chart)
    body += _loglog(70, 340, 380, 230, "Encode time against input size (cold)", prose, "characters of prose + code")
    body += _loglog(560, 340, 380, 230, "One pre-token of random letters", piece, "characters in the pre-token")
    body += [f'<rect x="{W - 250}" y="{H - 30}" width="12" height="12" fill="{OURS}"/>',
             _text(W - 234, H - 20, "tokenizer (pure Python)"),
             f'<rect x="{W - 100}" y="{H - 30}" width="12" height="12" fill="{THEIRS}"/>',
             _text(W - 84, H - 20, "tiktoken")]
    with open(path, "w", encoding="utf-8") as f:
        f.write(f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif">'
                f'<rect width="{W}" height="{H}" fill="white"/>\n' + "\n".join(body) + "\n</svg>\n")
