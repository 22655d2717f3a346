// Independent oracles for the numerics tests. Nothing here calls models/numerics: conversions
// are computed from each format's definition with double arithmetic (exact for every value
// involved) and by searching the sorted table of a format's finite values; arithmetic uses the
// host FPU (std::fmaf, float +), which implements IEEE binary32 exactly.
#pragma once

#include <cstdint>

#include "numerics/fp.h"  // only for tessel::Format

namespace tessel::oracle {

// The value an encoding stands for (NaN for every NaN encoding, +-inf, +-0), from the format's
// definition: (-1)^s * 2^(e - bias) * (1 + m / 2^mbits), or the subnormal form.
double decode(uint32_t bits, Format f);

// FP32 bits of decode(bits, f), NaN canonicalised: the expected result of widen_to_fp32.
uint32_t widen(uint32_t bits, Format f);

// The expected result of narrow_from_fp32: the nearest finite encoding of f by search over the
// format's value table, ties to the even encoding, then the brief's overflow rules.
uint32_t narrow(uint32_t fp32, Format f);

// std::fmaf(widen(a), widen(b), acc) computed by the host FPU; NaN -> 0x7FC00000.
uint32_t pe_mac(uint32_t a, Format a_format, uint32_t b, Format b_format, uint32_t acc);

// Host float addition, NaN -> 0x7FC00000.
uint32_t fp32_add(uint32_t a, uint32_t b);

// std::fmaf on three FP32 encodings, NaN -> 0x7FC00000.
uint32_t fp32_fma(uint32_t a, uint32_t b, uint32_t c);

}  // namespace tessel::oracle
