#!/usr/bin/env python3
"""Plots the activation functions' error against input as one SVG (no plotting library needed).

  activation_accuracy --csv DIR        (writes DIR/<function>.csv: every BF16 input, its errors)
  plot_activations.py DIR docs/img/activation_errors.svg

One panel per function: the FP32 result's error in FP32 ULPs (blue: maximum in each of 300
input bins; orange: mean) for every BF16 input in the panel's range, which covers the
polynomial segments and the tails.
"""
import csv
import pathlib
import struct
import sys

# function: (x_min, x_max) of the panel
RANGES = {
    "copy": (-8, 8), "relu": (-8, 8), "gelu": (-16, 8), "gelu_tanh": (-12, 8),
    "sigmoid": (-110, 20), "tanh": (-10, 10), "silu": (-110, 20), "exp": (-104, 89),
    "log": (0, 16), "sqrt": (0, 16), "rsqrt": (0, 16), "reciprocal": (-8, 8),
    "square": (-16, 16), "softplus": (-104, 20), "erf": (-5, 5),
}
W, H, COLS, BINS = 300, 150, 3, 300
PAD_L, PAD_B, PAD_T = 40, 22, 20


def load(path):
    xs = []
    with open(path) as f:
        for row in csv.DictReader(f):
            x = struct.unpack("<f", struct.pack("<I", int(row["x_bits"], 16)))[0]
            xs.append((x, float(row["fp32_ulp"])))
    return xs


def panel(name, data, ox, oy):
    lo, hi = RANGES[name]
    bins = [[] for _ in range(BINS)]
    for x, e in data:
        if lo <= x <= hi and e != float("inf"):
            bins[min(BINS - 1, int((x - lo) / (hi - lo) * BINS))].append(e)
    worst = max([0.0] + [max(b) for b in bins if b])
    top = max(1.0, worst)  # the y axis shows at least 0..1 ulp
    pw, ph = W - PAD_L - 8, H - PAD_B - PAD_T

    def px(i):
        return ox + PAD_L + pw * i / BINS

    def py(e):
        return oy + PAD_T + ph * (1 - e / top)

    out = [f'<rect x="{ox + PAD_L}" y="{oy + PAD_T}" width="{pw}" height="{ph}" '
           'fill="none" stroke="#999"/>',
           f'<text x="{ox + PAD_L}" y="{oy + 14}" font-size="12">{name}: FP32 ulp error '
           f'(max {worst:.2f})</text>',
           f'<text x="{ox + PAD_L}" y="{oy + H - 6}" font-size="10">{lo}</text>',
           f'<text x="{ox + W - 8}" y="{oy + H - 6}" font-size="10" '
           f'text-anchor="end">{hi}</text>',
           f'<text x="{ox + PAD_L - 4}" y="{oy + PAD_T + 8}" font-size="10" '
           f'text-anchor="end">{top:.2g}</text>',
           f'<text x="{ox + PAD_L - 4}" y="{oy + PAD_T + ph}" font-size="10" '
           'text-anchor="end">0</text>']
    for colour, stat in (("#1f77b4", max), ("#ff7f0e", lambda b: sum(b) / len(b))):
        pts = " ".join(f"{px(i + 0.5):.1f},{py(stat(b)):.1f}" for i, b in enumerate(bins) if b)
        out.append(f'<polyline points="{pts}" fill="none" stroke="{colour}" '
                   'stroke-width="1"/>')
    return out


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    src, dst = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    names = list(RANGES)
    rows = (len(names) + COLS - 1) // COLS
    body = []
    for i, name in enumerate(names):
        body += panel(name, load(src / f"{name}.csv"), (i % COLS) * W, (i // COLS) * H)
    svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{COLS * W}" height="{rows * H}" '
           'font-family="sans-serif">', '<rect width="100%" height="100%" fill="white"/>']
    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.write_text("\n".join(svg + body + ["</svg>"]) + "\n")
    print(f"plot_activations: wrote {dst}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
