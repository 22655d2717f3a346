// Tessel numerics model: every rule of docs/numerics.md in integer arithmetic only.
//
// No float or double appears in this file on purpose: the tests compare it with the host FPU,
// and that comparison is only an independent check if the model does not use the FPU itself.
// Every value is unpacked to sign * sig * 2^exp with an integer significand, computed exactly
// (a 48-bit product, a 62-bit aligned sum with a sticky bit), and rounded once by round_pack().
#include "numerics/fp.h"

#include <algorithm>
#include <array>
#include <stdexcept>
#include <string>

namespace tessel {
namespace {

// How a format lays out its bits. Magnitudes (sign bit clear) are enough to describe the special
// encodings because every format here is sign-magnitude.
struct Layout {
  std::string_view name;
  int bits;
  int man_bits;
  int bias;
  bool has_inf;         // false only for E4M3, whose all-ones exponent holds ordinary values
  bool saturates;       // FP8: overflow and infinity go to the largest finite value
  uint32_t max_finite;  // magnitude of the largest finite value
  uint32_t inf;         // magnitude of infinity (unused without has_inf)
  uint32_t nan;         // the canonical quiet NaN (positive)
};

// Indexed by the Format enum value, which the RTL package and the ISA fix.
constexpr std::array<Layout, 5> kLayouts = {{
    {"fp32", 32, 23, 127, true, false, 0x7F7FFFFFu, 0x7F800000u, 0x7FC00000u},
    {"bf16", 16, 7, 127, true, false, 0x7F7Fu, 0x7F80u, 0x7FC0u},
    {"fp16", 16, 10, 15, true, false, 0x7BFFu, 0x7C00u, 0x7E00u},
    // E4M3: S.1111.111 is the only NaN, so S.1111.110 = 448 is the largest finite value.
    {"fp8e4m3", 8, 3, 7, false, true, 0x7Eu, 0u, 0x7Fu},
    {"fp8e5m2", 8, 2, 15, true, true, 0x7Bu, 0x7Cu, 0x7Eu},
}};

const Layout& layout(Format f) {
  const auto index = static_cast<size_t>(f);
  if (index >= kLayouts.size()) {
    throw std::invalid_argument("tessel: invalid Format value " + std::to_string(index));
  }
  return kLayouts[index];
}

const Layout& kFp32 = kLayouts[0];

enum class Kind : uint8_t { Zero, Finite, Inf, Nan };

// value = (-1)^sign * sig * 2^exp; sig and exp are meaningful only for Kind::Finite.
struct Unpacked {
  Kind kind;
  bool sign;
  int exp;
  uint32_t sig;
};

uint32_t low_mask(int n) { return n >= 32 ? ~0u : (1u << n) - 1u; }

// Forced inline: called three times per fma, and the out-of-line call with a struct return
// doubled the cost of a MAC (GCC 12 -O2); the matmul models run ~10^7 MACs per test.
[[gnu::always_inline]] inline Unpacked unpack(uint32_t bits, const Layout& l) {
  const uint32_t mag = bits & low_mask(l.bits - 1);
  const bool sign = ((bits >> (l.bits - 1)) & 1u) != 0;
  const uint32_t man = mag & low_mask(l.man_bits);
  const uint32_t field = mag >> l.man_bits;
  const uint32_t all_ones = low_mask(l.bits - 1 - l.man_bits);
  if (l.has_inf && field == all_ones) return {man == 0 ? Kind::Inf : Kind::Nan, sign, 0, 0};
  if (!l.has_inf && mag == l.nan) return {Kind::Nan, sign, 0, 0};
  const int min_exp = 1 - l.bias - l.man_bits;  // exponent of the last bit of a subnormal
  if (field == 0) return {man == 0 ? Kind::Zero : Kind::Finite, sign, min_exp, man};
  return {Kind::Finite, sign, min_exp + static_cast<int>(field) - 1, man | (1u << l.man_bits)};
}

uint32_t pack(bool sign, uint32_t mag, const Layout& l) {
  return (static_cast<uint32_t>(sign) << (l.bits - 1)) | mag;
}

// What a value too large for the format becomes: infinity (IEEE) or the largest finite (FP8).
uint32_t overflow(bool sign, const Layout& l) {
  return pack(sign, l.saturates ? l.max_finite : l.inf, l);
}

int bit_length(uint64_t x) { return x != 0 ? 64 - __builtin_clzll(x) : 0; }

// Rounds (-1)^sign * sig * 2^exp to the format with one round-to-nearest-even, producing a
// subnormal or zero below the normal range and the overflow rule above it. sig < 2^63 and, when
// its bit 0 is a sticky bit (a stand-in for discarded nonzero bits), that bit lies at least two
// positions below the rounding position, so it can only break ties, never move a boundary.
uint32_t round_pack(bool sign, uint64_t sig, int exp, const Layout& l) {
  if (sig == 0) return pack(sign, 0, l);
  const int n = bit_length(sig);
  const int min_normal_exp = 1 - l.bias;
  // The exponent of the result's last mantissa bit: fixed at the subnormal quantum below the
  // normal range, which is how gradual underflow loses precision.
  int quantum = std::max(exp + n - 1, min_normal_exp) - l.man_bits;
  const int shift = quantum - exp;
  uint64_t r = 0;
  if (shift <= 0) {
    r = sig << -shift;  // exact: sig has at most man_bits + 1 bits here
  } else if (shift <= n) {
    const uint64_t rem = sig & ((uint64_t{1} << shift) - 1);
    const uint64_t half = uint64_t{1} << (shift - 1);
    r = sig >> shift;
    if (rem > half || (rem == half && (r & 1u) != 0)) ++r;
  }  // else the value is below half the smallest step: it rounds to zero (r stays 0)
  if ((r >> (l.man_bits + 1)) != 0) {  // rounding carried into a new binade: 1.11..1 -> 10.0
    r >>= 1;
    ++quantum;
  }
  if (r == 0) return pack(sign, 0, l);
  const uint64_t hidden = uint64_t{1} << l.man_bits;
  if (r < hidden) return pack(sign, static_cast<uint32_t>(r), l);  // subnormal
  const auto biased = static_cast<uint64_t>(quantum + l.man_bits + l.bias);
  const uint64_t mag = (biased << l.man_bits) | (r - hidden);
  if (mag > l.max_finite) return overflow(sign, l);
  return pack(sign, static_cast<uint32_t>(mag), l);
}

uint32_t infinity32(bool sign) { return pack(sign, kFp32.inf, kFp32); }

// Places sig * 2^exp on a grid whose bit 0 has weight 2^(base - 1) and is reserved for a sticky
// bit: terms at or above the grid are exact and leave bit 0 clear; a term reaching below it is
// truncated and, if anything was lost, marked by setting bit 0.
uint64_t align(uint64_t sig, int exp, int base) {
  if (exp > base) return sig << (exp - base + 1);
  const int drop = base - exp;  // bits of sig below weight 2^base
  const uint64_t kept = drop >= 64 ? 0 : sig >> drop;
  const bool lost = drop >= 64 ? sig != 0 : (sig & ((uint64_t{1} << drop) - 1)) != 0;
  return (kept << 1) | static_cast<uint64_t>(lost);
}

// Exactly rounded (-1)^ps * psig * 2^pexp + (-1)^cs * csig * 2^cexp, both terms nonzero.
uint32_t add_rounded(bool ps, uint64_t psig, int pexp, bool cs, uint64_t csig, int cexp) {
  // The grid keeps 60 bits below the larger term's leading bit (plus the sticky bit and a
  // carry: < 2^62). The larger term is always exact (at most 48 bits). A term is truncated only
  // if its last bit is 60 or more bits down, so (having at most 48 bits) it is below 2^-11 of
  // the other: the sum keeps its leading bit within two of the top, so the rounding position
  // is at least 35 bits above the sticky bit and the sticky bit can only break ties.
  constexpr int kGridBits = 60;
  const int top = std::max(pexp + bit_length(psig), cexp + bit_length(csig));
  const int base = top - kGridBits;
  const uint64_t p = align(psig, pexp, base);
  const uint64_t c = align(csig, cexp, base);
  const int grid_exp = base - 1;
  if (ps == cs) return round_pack(ps, p + c, grid_exp, kFp32);
  if (p == c) return pack(false, 0, kFp32);  // exact cancellation is +0 in round-to-nearest
  return p > c ? round_pack(ps, p - c, grid_exp, kFp32) : round_pack(cs, c - p, grid_exp, kFp32);
}

}  // namespace

int format_bits(Format f) { return layout(f).bits; }

std::string_view format_name(Format f) { return layout(f).name; }

std::optional<Format> parse_format(std::string_view name) {
  for (const Format f : kAllFormats) {
    if (layout(f).name == name) return f;
  }
  return std::nullopt;
}

uint32_t canonical_nan(Format f) { return layout(f).nan; }

bool is_nan(uint32_t bits, Format f) { return unpack(bits, layout(f)).kind == Kind::Nan; }

uint32_t widen_to_fp32(uint32_t bits, Format f) {
  const Unpacked u = unpack(bits, layout(f));
  switch (u.kind) {
    case Kind::Nan:
      return kFp32CanonicalNan;
    case Kind::Inf:
      return infinity32(u.sign);
    case Kind::Zero:
      return pack(u.sign, 0, kFp32);
    case Kind::Finite:
      break;
  }
  return round_pack(u.sign, u.sig, u.exp, kFp32);  // exact: FP32 holds every narrower value
}

uint32_t narrow_from_fp32(uint32_t fp32, Format f) {
  const Layout& l = layout(f);
  const Unpacked u = unpack(fp32, kFp32);
  switch (u.kind) {
    case Kind::Nan:
      return l.nan;
    case Kind::Inf:
      return overflow(u.sign, l);  // saturates for FP8, stays infinite otherwise
    case Kind::Zero:
      return pack(u.sign, 0, l);
    case Kind::Finite:
      break;
  }
  return round_pack(u.sign, u.sig, u.exp, l);
}

uint32_t fp32_fma(uint32_t a, uint32_t b, uint32_t c) {
  const Unpacked ua = unpack(a, kFp32);
  const Unpacked ub = unpack(b, kFp32);
  const Unpacked uc = unpack(c, kFp32);
  if (ua.kind == Kind::Nan || ub.kind == Kind::Nan || uc.kind == Kind::Nan) {
    return kFp32CanonicalNan;
  }
  const bool ps = ua.sign != ub.sign;
  const bool product_zero = ua.kind == Kind::Zero || ub.kind == Kind::Zero;
  if (ua.kind == Kind::Inf || ub.kind == Kind::Inf) {
    if (product_zero) return kFp32CanonicalNan;                           // inf * 0
    if (uc.kind == Kind::Inf && uc.sign != ps) return kFp32CanonicalNan;  // inf - inf
    return infinity32(ps);
  }
  if (uc.kind == Kind::Inf) return infinity32(uc.sign);
  if (product_zero) {
    if (uc.kind != Kind::Zero) return c;  // exact: adding a zero changes nothing
    // Zero plus zero: the common sign if they agree, otherwise +0 (round-to-nearest rule).
    return pack(ps && uc.sign, 0, kFp32);
  }
  const uint64_t psig = uint64_t{ua.sig} * ub.sig;  // exact 48-bit product
  const int pexp = ua.exp + ub.exp;
  if (uc.kind == Kind::Zero) return round_pack(ps, psig, pexp, kFp32);
  return add_rounded(ps, psig, pexp, uc.sign, uc.sig, uc.exp);
}

uint32_t fp32_add(uint32_t a, uint32_t b) {
  constexpr uint32_t kOne = 0x3F800000u;  // a * 1.0 is exact, so fma(a, 1, b) is the IEEE sum
  return fp32_fma(a, kOne, b);
}

uint32_t pe_mac(uint32_t a, Format a_format, uint32_t b, Format b_format, uint32_t acc) {
  return fp32_fma(widen_to_fp32(a, a_format), widen_to_fp32(b, b_format), acc);
}

}  // namespace tessel
