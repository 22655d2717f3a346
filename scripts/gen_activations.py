#!/usr/bin/env python3
"""Fits the scalar engine's activation-function tables once and writes them as data.

  gen_activations.py                      rewrite models/activations/activation_tables.json
  gen_activations.py --check              fail if the checked-in JSON is not what this produces
  gen_activations.py --header OUT.h       write the C++ header the model includes (from the JSON)

Each table is a piecewise polynomial over a non-negative FP32 variable v (docs/activations.md):
segment 0 covers [0, 2^lo_exp) (or, for signed use, the whole small range) with centre 0; the
other segments split every binade [2^e, 2^(e+1)), lo_exp <= e < hi_exp, into 2^mbits equal
pieces, so the segment index is a bit field of v. Each segment holds a centre c and coefficients
c_0..c_d of p(t), t = v - c, evaluated by Horner with one FP32 fused multiply-add per step.
Coefficients are Chebyshev interpolants computed in double and rounded to FP32; the degree of a
table is the smallest that meets the fit target on every segment. Standard library only, so that
the checked-in JSON can be regenerated on any machine with python3.
"""
import argparse
import json
import math
import pathlib
import struct
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
JSON_PATH = ROOT / "models" / "activations" / "activation_tables.json"
FIT_TARGET = 2.0 ** -28  # relative fit error of the exact interpolant (before FP32 rounding)
MAX_DEGREE = 9
SQRT_2_PI = math.sqrt(2.0 / math.pi)
GELU_TANH_A = 0.044715


def f32(x):
    """Rounds a double to the nearest FP32 value (RNE) and returns it as a double."""
    return struct.unpack("<f", struct.pack("<f", x))[0]


def f32_hex(x):
    return "0x%08x" % struct.unpack("<I", struct.pack("<f", x))[0]


def gelu_tanh(v):
    z = SQRT_2_PI * (v + GELU_TANH_A * v * v * v)
    return v / (1.0 + math.exp(-2.0 * z))


def softplus(v):
    return v + math.log1p(math.exp(-v)) if v > 0 else math.log1p(math.exp(v))


# name: (function of v >= 0 (or signed, for segment-0-only tables), lo_exp, hi_exp, mbits,
#        domain [lo, hi) actually used, zero_at (a point where f is 0 and relative accuracy
#        matters: the segment touching it is centred there with c_0 = 0), why).
TABLES = [
    ("erf", math.erf, -3, 2, 3, (0.0, 4.0), 0.0, "erf(v), v = |x| < 4"),
    ("tanh", math.tanh, -3, 4, 3, (0.0, 9.5), 0.0, "tanh(v), v = |x| < 9.5"),
    ("sigmoid_pos", lambda v: 1.0 / (1.0 + math.exp(-v)), -3, 5, 3, (0.0, 18.0), None,
     "sigmoid(v), v = x in [0, 18)"),
    ("sigmoid_neg", lambda u: 1.0 / (1.0 + math.exp(u)), -3, 4, 3, (0.0, 16.0), None,
     "sigmoid(-u), u = -x in (0, 16)"),
    ("gelu_pos", lambda v: v * 0.5 * math.erfc(-v / math.sqrt(2.0)), -3, 3, 3, (0.0, 6.0),
     0.0, "gelu(v), v = x in [0, 6)"),
    ("gelu_neg", lambda u: -u * 0.5 * math.erfc(u / math.sqrt(2.0)), -3, 2, 3, (0.0, 4.0),
     0.0, "gelu(-u), u = -x in (0, 4)"),
    ("gelu_tail", lambda u: 0.5 * math.erfc(u / math.sqrt(2.0)) * math.exp(0.5 * u * u), 2, 4,
     3, (4.0, 16.0), None, "Phi(-u) * exp(u^2 / 2), u = -x in [4, 16)"),
    ("gelu_tanh_pos", gelu_tanh, -3, 3, 3, (0.0, 6.0), 0.0, "gelu_tanh(v), v = x in [0, 6)"),
    ("gelu_tanh_neg", lambda u: gelu_tanh(-u), -3, 2, 3, (0.0, 4.0), 0.0,
     "gelu_tanh(-u), u = -x in (0, 4)"),
    ("softplus_pos", softplus, -3, 4, 3, (0.0, 16.0), None, "softplus(v), v = x in [0, 16)"),
    ("softplus_neg", lambda u: softplus(-u), -3, 4, 3, (0.0, 16.0), None,
     "softplus(-u), u = -x in (0, 16)"),
    ("exp_core", math.exp, -1, -1, 0, (-0.35, 0.35), None,
     "exp(r), r in [-ln2/2, ln2/2] (signed, segment 0 only)"),
    ("log_core", math.log, -1, 1, 4, (0.75, 1.5), 1.0, "log(m), m in [0.75, 1.5)"),
    ("sqrt_core", math.sqrt, 0, 2, 4, (1.0, 4.0), None, "sqrt(m), m in [1, 4)"),
    ("rsqrt_core", lambda m: 1.0 / math.sqrt(m), 0, 2, 4, (1.0, 4.0), None,
     "1/sqrt(m), m in [1, 4)"),
    ("recip_core", lambda m: 1.0 / m, 0, 1, 4, (1.0, 2.0), None, "1/m, m in [1, 2)"),
]

# FP32 constants of the fixed evaluation sequences (docs/activations.md).
CONSTANTS = {
    "kLog2E": f32(1.0 / math.log(2.0)),
    # Cody-Waite split of ln 2: kLn2Hi has 16 significant bits, so k * kLn2Hi is exact.
    "kLn2Hi": 0.693145751953125,
    "kLn2Lo": f32(math.log(2.0) - 0.693145751953125),
    "kRoundMagic": 12582912.0,  # 1.5 * 2^23: adding it rounds to an integer (RNE)
    # gelu_tanh(x) = x * sigmoid(A x + B x^3); A and B as FP32 pairs (hi + lo) because the
    # tail evaluates the argument (up to 112 in magnitude) in double-FP32 arithmetic.
    "kGeluTanhAHi": f32(2.0 * SQRT_2_PI),
    "kGeluTanhALo": f32(2.0 * SQRT_2_PI - f32(2.0 * SQRT_2_PI)),
    "kGeluTanhBHi": f32(2.0 * SQRT_2_PI * GELU_TANH_A),
    "kGeluTanhBLo": f32(2.0 * SQRT_2_PI * GELU_TANH_A - f32(2.0 * SQRT_2_PI * GELU_TANH_A)),
}


def solve(a, b):
    """Gaussian elimination with partial pivoting (small, well-conditioned systems)."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for col in range(n):
        piv = max(range(col, n), key=lambda r: abs(m[r][col]))
        m[col], m[piv] = m[piv], m[col]
        for r in range(col + 1, n):
            k = m[r][col] / m[col][col]
            for c in range(col, n + 1):
                m[r][c] -= k * m[col][c]
    x = [0.0] * n
    for r in range(n - 1, -1, -1):
        x[r] = (m[r][n] - sum(m[r][c] * x[c] for c in range(r + 1, n))) / m[r][r]
    return x


def cheb_fit(g, t0, t1, degree):
    """Coefficients (in t) of the degree-`degree` interpolant of g at Chebyshev nodes."""
    mid, half = 0.5 * (t0 + t1), 0.5 * (t1 - t0)
    nodes = [math.cos(math.pi * (2 * i + 1) / (2 * degree + 2)) for i in range(degree + 1)]
    a = [[u ** j for j in range(degree + 1)] for u in nodes]
    cu = solve(a, [g(mid + half * u) for u in nodes])
    # p(t) = sum cu_j ((t - mid) / half)^j, re-expanded around t = 0.
    coeffs = [0.0] * (degree + 1)
    for j, c in enumerate(cu):
        for i in range(j + 1):
            coeffs[i] += c * math.comb(j, i) * (-mid) ** (j - i) / half ** j
    return coeffs


def horner(coeffs, t):
    acc = coeffs[-1]
    for c in reversed(coeffs[:-1]):
        acc = acc * t + c
    return acc


def fit_segment(f, a, b, centre, zero, degree):
    """FP32 coefficients for f on [a, b] around centre, and their max relative error."""
    if zero:  # f(centre) = 0: fit f(c + t) / t, so p(t) = t * q(t) keeps relative accuracy
        q = cheb_fit(lambda t: f(centre + t) / t if t != 0 else
                     (f(centre + 1e-9) - f(centre - 1e-9)) / 2e-9, a - centre, b - centre,
                     degree - 1)
        coeffs = [0.0] + q
    else:
        coeffs = cheb_fit(lambda t: f(centre + t), a - centre, b - centre, degree)
    rounded = [f32(c) for c in coeffs]
    err = 0.0
    for i in range(65):
        v = a + (b - a) * i / 64
        ref = f(v)
        if ref != 0:
            err = max(err, abs(horner(coeffs, v - centre) - ref) / abs(ref))
    return rounded, err


def segments(lo_exp, hi_exp, mbits, domain):
    """(a, b) bounds of every segment, None for a segment wholly outside the domain."""
    out = [(domain[0] if domain[0] < 0 else 0.0, 2.0 ** lo_exp)]
    for e in range(lo_exp, hi_exp):
        w = 2.0 ** e / (1 << mbits)
        out += [(2.0 ** e + i * w, 2.0 ** e + (i + 1) * w) for i in range(1 << mbits)]
    clipped = []
    for a, b in out:
        a2, b2 = max(a, domain[0]), min(b, domain[1])
        clipped.append((a2, b2) if a2 < b2 else None)
    if domain[0] < 0:  # signed segment-0-only table
        clipped[0] = domain
    return out, clipped


def fit_table(spec):
    name, f, lo_exp, hi_exp, mbits, domain, zero_at, what = spec
    bounds, clipped = segments(lo_exp, hi_exp, mbits, domain)
    best = None
    for degree in range(2, MAX_DEGREE + 1):
        segs, worst = [], 0.0
        for (a0, b0), seg in zip(bounds, clipped):
            if seg is None:
                segs.append({"center": f32_hex(0.0), "coeffs": [f32_hex(0.0)] * (degree + 1)})
                continue
            a, b = seg
            zero = zero_at is not None and a0 <= zero_at <= b0
            centre = zero_at if zero else (0.0 if a0 == 0.0 or domain[0] < 0 else
                                            0.5 * (a0 + b0))
            coeffs, err = fit_segment(f, a, b, centre, zero, degree)
            worst = max(worst, err)
            segs.append({"center": f32_hex(centre), "coeffs": [f32_hex(c) for c in coeffs]})
        best = {"name": name, "what": what, "lo_exp": lo_exp, "hi_exp": hi_exp,
                "mbits": mbits, "degree": degree, "fit_rel_err": float("%.3g" % worst),
                "segments": segs}
        if worst < FIT_TARGET:
            break
    return best


def generate():
    return {
        "comment": "Generated by scripts/gen_activations.py; do not edit. Values are FP32 bits.",
        "fit_target_rel_err": FIT_TARGET,
        "constants": {k: f32_hex(v) for k, v in CONSTANTS.items()},
        "tables": [fit_table(spec) for spec in TABLES],
    }


def dump(data):
    return json.dumps(data, indent=1) + "\n"


def write_header(data, out):
    lines = ["// Generated from models/activations/activation_tables.json by",
             "// scripts/gen_activations.py --header. Do not edit.", "#pragma once", "",
             "#include <cstdint>", "", "namespace tessel::act::tables {", "",
             "struct SegTable {", "  const char* name;", "  int lo_exp, hi_exp, mbits, degree;",
             "  int num_segments;", "  const uint32_t* centers;  // [num_segments]",
             "  const uint32_t* coeffs;   // [num_segments][degree + 1], c_0 first", "};", ""]
    for k, v in data["constants"].items():
        lines.append(f"inline constexpr uint32_t {k} = {v}u;")
    lines.append("")
    for t in data["tables"]:
        n = t["name"]
        lines.append(f"// {t['what']}; fit error {t['fit_rel_err']}")
        lines.append(f"inline constexpr uint32_t k_{n}_centers[] = {{")
        lines += ["  " + ", ".join(s["center"] + "u" for s in t["segments"][i:i + 6]) + ","
                  for i in range(0, len(t["segments"]), 6)]
        lines.append("};")
        lines.append(f"inline constexpr uint32_t k_{n}_coeffs[] = {{")
        lines += ["  " + ", ".join(c + "u" for c in s["coeffs"]) + "," for s in t["segments"]]
        lines.append("};")
        lines.append(f"inline constexpr SegTable k_{n} = {{\"{n}\", {t['lo_exp']}, "
                     f"{t['hi_exp']}, {t['mbits']}, {t['degree']}, {len(t['segments'])},")
        lines.append(f"                                 k_{n}_centers, k_{n}_coeffs}};")
        lines.append("")
    lines.append("}  // namespace tessel::act::tables")
    pathlib.Path(out).write_text("\n".join(lines) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="verify the checked-in JSON")
    ap.add_argument("--json", default=str(JSON_PATH), help="table file (default: checked in)")
    ap.add_argument("--header", help="write the C++ header from the JSON to this path")
    args = ap.parse_args()
    if args.header:
        write_header(json.loads(pathlib.Path(args.json).read_text()), args.header)
        return 0
    text = dump(generate())
    if args.check:
        if pathlib.Path(args.json).read_text() != text:
            print(f"gen_activations: {args.json} differs from what the script generates; "
                  "run scripts/gen_activations.py", file=sys.stderr)
            return 1
        print("gen_activations: tables up to date")
        return 0
    pathlib.Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    pathlib.Path(args.json).write_text(text)
    for t in json.loads(text)["tables"]:
        print(f"{t['name']:14} degree {t['degree']}  segments {len(t['segments']):4}  "
              f"fit error {t['fit_rel_err']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
