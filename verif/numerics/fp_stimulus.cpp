// Numerics stimulus (see fp_stimulus.h).
//
// Why mixes instead of uniform bits: a uniformly random FP32 lands on an exact BF16 rounding tie
// with probability 2^-16 and on an FP16/FP8 tie far less often; a uniformly random accumulator
// is within a few binades of a product about 1 time in 40, and it cancels it (the case that
// exposes alignment and normalisation bugs) almost never. So every generator below spends part
// of its draws on uniform bits (nothing is excluded) and the rest on the regions where rounding,
// cancellation, underflow and overflow logic actually does something.
#include "numerics/fp_stimulus.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <initializer_list>
#include <optional>
#include <stdexcept>

#include <fmt/format.h>

#include "oracle/fp_oracle.h"

namespace tessel::stim {
namespace {

// Field layout of each format, indexed by the Format enum value. Repeated from the brief on
// purpose: verif/ may not depend on models/, and the values are checked by the oracle tests.
struct Layout {
  int bits;
  int man_bits;
  int bias;
  bool has_inf;  // false for E4M3: its all-ones exponent holds values, S.1111.111 is NaN
};

constexpr std::array<Layout, 5> kLayouts = {{{32, 23, 127, true},
                                             {16, 7, 127, true},
                                             {16, 10, 15, true},
                                             {8, 3, 7, false},
                                             {8, 2, 15, true}}};

constexpr Format kNarrowFormats[] = {Format::Bf16, Format::Fp16, Format::Fp8E4M3, Format::Fp8E5M2};
constexpr uint32_t kSign32 = 0x80000000u;
constexpr uint32_t kMag32 = 0x7FFFFFFFu;

const Layout& layout(Format f) { return kLayouts.at(static_cast<size_t>(f)); }

uint32_t sign_bit(Format f) { return 1u << (layout(f).bits - 1); }
uint32_t man_mask(Format f) { return (1u << layout(f).man_bits) - 1u; }
uint32_t exp_all_ones(Format f) { return (1u << (layout(f).bits - 1 - layout(f).man_bits)) - 1u; }
uint32_t min_normal(Format f) { return 1u << layout(f).man_bits; }
uint32_t one(Format f) { return static_cast<uint32_t>(layout(f).bias) << layout(f).man_bits; }
uint32_t infinity(Format f) { return exp_all_ones(f) << layout(f).man_bits; }

uint32_t max_finite(Format f) {
  const uint32_t top = exp_all_ones(f) << layout(f).man_bits;
  return layout(f).has_inf ? top - 1u : top | (man_mask(f) - 1u);  // E4M3: S.1111.110
}

uint32_t to_bits(float x) {
  uint32_t bits;
  std::memcpy(&bits, &x, sizeof bits);
  return bits;
}

double value(uint32_t bits, Format f) { return oracle::decode(bits, f); }

// FP32 bits of v, which must be exactly representable (a value chosen by this file).
std::optional<uint32_t> fp32_exact(double v) {
  const auto x = static_cast<float>(v);
  if (std::isnan(v) || static_cast<double>(x) != v) return std::nullopt;
  return to_bits(x);
}

uint32_t fp32_of(double v) {
  const auto bits = fp32_exact(v);
  if (!bits) throw std::logic_error(fmt::format("stimulus: {} is not exact in FP32", v));
  return *bits;
}

// The encoding of v in f, if v is exactly representable there.
std::optional<uint32_t> exact(Format f, double v) {
  const auto bits = fp32_exact(v);
  if (!bits) return std::nullopt;
  const uint32_t e = oracle::narrow(*bits, f);
  if (value(e, f) != v) return std::nullopt;
  return e;
}

// Moves an FP32 encoding k units in the last place away from zero (towards zero for k < 0),
// keeping its sign: walks across the exact neighbours of a tie or threshold.
uint32_t nudge(uint32_t bits, int k) {
  const int64_t mag = static_cast<int64_t>(bits & kMag32) + k;
  return (bits & kSign32) | static_cast<uint32_t>(std::clamp<int64_t>(mag, 0, kMag32));
}

uint32_t negate(uint32_t fp32) { return fp32 ^ kSign32; }

// Raw generator output only (see the header): uniform enough, identical on every platform.
uint64_t below(std::mt19937_64& rng, uint64_t n) { return rng() % n; }
int in_range(std::mt19937_64& rng, int lo, int hi) {
  return lo + static_cast<int>(below(rng, static_cast<uint64_t>(hi - lo + 1)));
}
bool coin(std::mt19937_64& rng) { return (rng() & 1u) != 0; }

uint32_t make32(bool sign, int field, uint32_t man) {
  return (sign ? kSign32 : 0u) | (static_cast<uint32_t>(std::clamp(field, 0, 255)) << 23) |
         (man & 0x7FFFFFu);
}

// FP32 with a random mantissa and the given exponent field; fields below 1 give subnormals,
// fields above 254 the largest binade, so callers may offset exponents freely.
uint32_t random_fp32_in_binade(std::mt19937_64& rng, bool sign, int field) {
  return make32(sign, std::clamp(field, 0, 254), static_cast<uint32_t>(rng()));
}

int fp32_field(uint32_t bits) { return static_cast<int>((bits >> 23) & 0xFFu); }

const std::vector<uint32_t>& cached_specials(Format f) {
  static const std::array<std::vector<uint32_t>, 5> specials = {
      special_encodings(Format::Fp32), special_encodings(Format::Bf16),
      special_encodings(Format::Fp16), special_encodings(Format::Fp8E4M3),
      special_encodings(Format::Fp8E5M2)};
  return specials.at(static_cast<size_t>(f));
}

template <typename T>
const T& pick(std::mt19937_64& rng, const std::vector<T>& v) {
  return v[below(rng, v.size())];
}

// The exact midpoint between encoding e and the next one up (both finite, positive) as FP32.
// Exact because both have <= 11 significant bits and FP32 has 24.
uint32_t midpoint_above(uint32_t e, Format f) {
  return fp32_of((value(e, f) + value(e + 1, f)) / 2);
}

// FP32 value of max + half an ULP of max: the overflow threshold of BF16/FP16 and the point
// past which FP8 would round beyond its largest value if it did not saturate.
uint32_t overflow_threshold(Format f) {
  const double max = value(max_finite(f), f);
  return fp32_of(max + (max - value(max_finite(f) - 1u, f)) / 2);
}

// Unbiased exponent of the largest finite value and of the smallest subnormal of f.
int max_exponent(Format f) { return std::ilogb(value(max_finite(f), f)); }
int min_exponent(Format f) { return std::ilogb(value(1, f)); }

}  // namespace

std::vector<uint32_t> special_encodings(Format f) {
  const uint32_t m = man_mask(f);
  const uint32_t half = 1u << (layout(f).man_bits - 1);
  std::vector<uint32_t> mags = {0u,
                                1u,
                                2u,
                                m,  // largest subnormal
                                min_normal(f),
                                min_normal(f) + 1u,
                                one(f) - 1u,
                                one(f),
                                one(f) + 1u,
                                one(f) | half,  // 1.5
                                max_finite(f) - 1u,
                                max_finite(f)};
  if (layout(f).has_inf) {
    const uint32_t inf = infinity(f);
    mags.insert(mags.end(), {inf, inf | 1u, inf | half, inf | m});  // inf, sNaN, qNaN, payload
  } else {
    mags.push_back(max_finite(f) + 1u);  // E4M3's only NaN, S.1111.111
  }
  std::sort(mags.begin(), mags.end());
  mags.erase(std::unique(mags.begin(), mags.end()), mags.end());
  std::vector<uint32_t> out;
  for (const uint32_t mag : mags) {
    out.push_back(mag);
    out.push_back(mag | sign_bit(f));
  }
  return out;
}

namespace {

void push_signed(std::vector<MacCase>& out, Format f, uint32_t a, uint32_t b, uint32_t acc) {
  // All four sign patterns that keep |a*b| and |acc|: the rounding must be symmetric.
  const uint32_t s = sign_bit(f);
  out.push_back({a, b, acc});
  out.push_back({a ^ s, b, negate(acc)});
  out.push_back({a ^ s, b, acc});
  out.push_back({a, b ^ s, negate(acc)});
}

// a = x, b = y (both exact in f), acc = each of accs that is exact in FP32; skips otherwise.
void push_values(std::vector<MacCase>& out, Format f, double x, double y,
                 std::initializer_list<double> accs) {
  const auto a = exact(f, x);
  const auto b = exact(f, y);
  if (!a || !b) return;
  for (const double acc : accs) {
    if (const auto c = fp32_exact(acc)) push_signed(out, f, *a, *b, *c);
  }
}

// Products 2^k, 1.5 * 2^k and 1.75 * 2^k against accumulators that put them exactly at, just
// below and just above half an ULP, including the tie at a binade edge, for several k.
void push_rounding_ties(std::vector<MacCase>& out, Format f) {
  const int lo = min_exponent(f);
  const int hi = max_exponent(f);
  const std::pair<int, int> exponents[] = {{0, 0},   {lo, 0},  {hi, 0}, {hi, hi},
                                           {lo, lo}, {hi, lo}, {-1, 3}};
  for (const auto& [i, j] : exponents) {
    for (const double mant : {1.0, 1.5, 1.75}) {
      const double x = std::ldexp(mant, i);
      const double y = std::ldexp(1.0, j);
      const int k = i + j;
      const double p = std::ldexp(1.0, k);
      push_values(
          out, f, x, y,
          {std::ldexp(1.0, k + 22), std::ldexp(1.0, k + 23), std::ldexp(1.0, k + 24),
           std::ldexp(1.0, k + 25), std::ldexp(1.0, k + 24) + 2 * p, std::ldexp(1.0, k + 23) + p,
           -std::ldexp(1.0, k + 25), -std::ldexp(1.0, k + 24), -std::ldexp(1.0, k + 26)});
    }
  }
}

// Products that land in, or round out of, the FP32 subnormal range (possible when f reaches
// far enough: BF16 and FP32), and the overflow region near 2^128 (BF16 and FP32 only; FP16 and
// FP8 products cannot get there, so they exercise "near max, no overflow" instead).
void push_range_edges(std::vector<MacCase>& out, Format f) {
  const int hi = max_exponent(f);
  const double min_sub32 = std::ldexp(1.0, -149);
  const double min_norm32 = std::ldexp(1.0, -126);
  const double max32 = std::ldexp(2.0 - std::ldexp(1.0, -23), 127);
  // Product exponent t split as (t - j) + j for a few j; pairs f cannot represent are skipped.
  const auto products = [&](int t, std::initializer_list<double> accs) {
    for (const int j : {hi, t / 2, 0}) {
      for (const double mant : {1.0, 1.5, 1.75}) {
        push_values(out, f, std::ldexp(mant, t - j), std::ldexp(1.0, j), accs);
      }
    }
  };
  for (const int t : {-152, -151, -150, -149, -148, -140, -127, -126, -125}) {
    products(t, {0.0, min_sub32, 3 * min_sub32, -min_norm32, min_norm32});
  }
  for (const int t : {101, 102, 103, 104, 126, 127, 128}) {
    products(t, {0.0, max32, std::ldexp(1.0, 127), -max32});
  }
  const double max_f = value(max_finite(f), f);
  push_values(out, f, max_f, max_f, {0.0, max32, -max32, std::ldexp(1.0, 103)});
}

// acc = -fl(x*y) and its neighbours: exact cancellation (result +0 or -0 rules) and, for FP32
// operands, the rounding error of the product itself, which only a fused MAC keeps.
void push_cancellation(std::vector<MacCase>& out, Format f, uint32_t a, uint32_t b) {
  const double p = value(a, f) * value(b, f);  // exact: two <= 24-bit significands
  const auto rounded = static_cast<float>(p);
  if (p == 0 || !std::isfinite(rounded)) return;
  const uint32_t acc = negate(to_bits(rounded));
  for (const int k : {-2, -1, 0, 1, 2}) out.push_back({a, b, nudge(acc, k)});
}

std::vector<uint32_t> cancellation_operands(Format f) {
  std::vector<uint32_t> ops;
  for (const uint32_t e : cached_specials(f)) {
    if (std::isfinite(value(e, f)) && value(e, f) != 0) ops.push_back(e);
  }
  if (f == Format::Fp32) {
    // Full 24-bit significands, whose 48-bit products need every bit of the fused datapath.
    ops.insert(ops.end(), {0x3FAAAAABu, 0x3E4CCCCDu, 0x40490FDBu, 0xBF7FFFFFu, 0x3F800001u,
                           0x4B7FFFFFu, 0x00FFFFFFu, 0x2F800001u});
  }
  return ops;
}

}  // namespace

std::vector<MacCase> directed_mac_cases(Format f) {
  std::vector<MacCase> out;
  // Every special operand pair against every special accumulator: inf * 0, inf - inf, NaN in
  // each slot, and the zero-sign rules such as (+0 * -x) + -0 = -0 and (+0 * x) + -0 = +0.
  const std::vector<uint32_t>& specials = cached_specials(f);
  const std::vector<uint32_t>& accs = cached_specials(Format::Fp32);
  for (const uint32_t a : specials) {
    for (const uint32_t b : specials) {
      for (const uint32_t acc : accs) out.push_back({a, b, acc});
    }
  }
  push_rounding_ties(out, f);
  push_range_edges(out, f);
  const std::vector<uint32_t> ops = cancellation_operands(f);
  for (const uint32_t a : ops) {
    for (const uint32_t b : ops) push_cancellation(out, f, a, b);
  }
  if (f == Format::Fp32) {
    // (1 + 2^-12)^2 = 1 + 2^-11 + 2^-24: a separate multiply would round the 2^-24 away.
    out.push_back({0x3F800800u, 0x3F800800u, 0xBF801000u});
    // 2^-126 (1 + 2^-23)^2 - 2^-126 (1 + 2^-22) = 2^-172: nonzero but far below the smallest
    // subnormal, so it underflows to +0; then a difference of exactly the smallest subnormal.
    out.push_back({0x00800001u, 0x3F800001u, 0x80800002u});
    out.push_back({0x00800001u, 0x3F800000u, 0x80800000u});
  }
  return out;
}

uint32_t random_encoding(std::mt19937_64& rng, Format f) {
  const Layout& l = layout(f);
  const uint32_t bits_mask = l.bits == 32 ? ~0u : (1u << l.bits) - 1u;
  const uint32_t sign = coin(rng) ? sign_bit(f) : 0u;
  const auto man = static_cast<uint32_t>(rng()) & man_mask(f);
  const auto field = [&](int e) { return (static_cast<uint32_t>(e) << l.man_bits) | man | sign; };
  // The highest binade of ordinary values: below the inf/NaN binade, except in E4M3.
  const int top_field = static_cast<int>(exp_all_ones(f)) - (l.has_inf ? 1 : 0);
  switch (below(rng, 16)) {
    case 0:
      return pick(rng, cached_specials(f));
    case 1:
      return field(0);  // subnormal (or zero)
    case 2:             // the extreme binades, where products underflow or overflow
      return field(coin(rng) ? in_range(rng, 1, 3) : in_range(rng, top_field - 2, top_field));
    case 3:
    case 4:  // near 1: products stay representable, so accumulators can cancel them
      return field(std::clamp(l.bias + in_range(rng, -6, 6), 1, top_field));
    case 5: {  // short significands: exact products, and exact ties once accumulated
      const uint32_t keep = ~((1u << in_range(rng, 0, l.man_bits)) - 1u);
      return (static_cast<uint32_t>(rng()) & bits_mask & ~man_mask(f)) | (man & keep);
    }
    default:
      return static_cast<uint32_t>(rng()) & bits_mask;  // uniform: nothing excluded
  }
}

MacCase random_mac_case(std::mt19937_64& rng, Format f) {
  MacCase c{random_encoding(rng, f), random_encoding(rng, f), 0u};
  const double p = value(c.a, f) * value(c.b, f);  // exact in double
  const auto p32 = static_cast<float>(p);
  const bool usable = std::isfinite(p32) && p32 != 0;
  const auto r = below(rng, 16);
  if (r < 4 || (!usable && r < 12)) {
    c.acc = static_cast<uint32_t>(rng());  // uniform: NaNs, infinities, any magnitude
  } else if (r < 8) {
    // Cancellation: acc = -fl(a*b) moved a few ULPs, so the sum loses most or all of its bits.
    c.acc = nudge(negate(to_bits(p32)), in_range(rng, -3, 3));
  } else if (r < 12) {
    // Magnitude comparable with the product: alignment shifts across the rounding position.
    c.acc =
        random_fp32_in_binade(rng, coin(rng), fp32_field(to_bits(p32)) + in_range(rng, -27, 27));
  } else if (r < 14) {
    c.acc = random_fp32_in_binade(rng, coin(rng), in_range(rng, 0, 2));  // tiny, subnormal
  } else if (r < 15) {
    c.acc = random_fp32_in_binade(rng, coin(rng), in_range(rng, 250, 254));  // near overflow
  } else {
    c.acc = pick(rng, cached_specials(Format::Fp32));
  }
  return c;
}

uint32_t random_fp32(std::mt19937_64& rng) {
  const Format f = kNarrowFormats[below(rng, 4)];
  const bool sign = coin(rng);
  const uint32_t s = sign ? kSign32 : 0u;
  const auto r = below(rng, 16);
  if (r < 5) return static_cast<uint32_t>(rng());  // uniform: nothing excluded
  if (r < 9) {
    // At or next to an exact tie of f. Half the draws go to the lowest binades, where the
    // subnormal ties and the subnormal/normal boundary are, which uniform encodings rarely hit.
    const uint32_t range = coin(rng) ? max_finite(f) : 4u * min_normal(f);
    const auto e = static_cast<uint32_t>(below(rng, range));
    return s | nudge(midpoint_above(e, f), in_range(rng, -2, 2));
  }
  if (r < 11) {
    // At or next to the overflow threshold (max + ulp/2) or the largest value of f.
    const uint32_t near = coin(rng) ? overflow_threshold(f) : fp32_of(value(max_finite(f), f));
    return s | nudge(near, in_range(rng, -3, 3));
  }
  if (r < 13) return random_fp32_in_binade(rng, sign, in_range(rng, 0, 2));  // FP32 subnormals
  if (r < 14) return s | 0x7F800000u | (coin(rng) ? 0u : static_cast<uint32_t>(rng()) & 0x7FFFFFu);
  if (r < 15) {
    const auto e = static_cast<uint32_t>(rng()) & ((1u << layout(f).bits) - 1u);
    return oracle::widen(e, f);  // exactly representable in f: must pass through unchanged
  }
  // Around f's subnormal range and its lower edge, with full FP32 mantissas.
  const int field = 127 + in_range(rng, min_exponent(f) - 2, 1 - layout(f).bias + 1);
  return random_fp32_in_binade(rng, sign, field);
}

std::vector<uint32_t> directed_narrow_inputs(Format f) {
  std::vector<uint32_t> in = cached_specials(Format::Fp32);
  in.insert(in.end(), {0x7FA00000u, 0xFFC00000u, 0xFF800001u, 0x00000001u, 0x007FFFFFu, 0x00800000u,
                       0x7F7FFFFFu});
  if (f == Format::Fp32) return in;
  std::vector<uint32_t> mags;
  const auto around = [&](uint32_t x, int reach) {
    for (int k = -reach; k <= reach; ++k) mags.push_back(nudge(x, k));
  };
  // Ties of both parities in every binade: e -> e+1 has an even lower neighbour (rounds down),
  // e+1 -> e+2 an odd one (rounds up). Plus the largest subnormal to smallest normal, and the
  // top of the range.
  std::vector<uint32_t> anchors = {man_mask(f), one(f) - 1u, max_finite(f) - 1u,
                                   max_finite(f) - 2u};
  for (uint32_t field = 0; field <= exp_all_ones(f); ++field) {
    const uint32_t e = field << layout(f).man_bits;
    anchors.insert(anchors.end(), {e, e + 1u});
  }
  for (const uint32_t e : anchors) {
    if (e + 1u > max_finite(f)) continue;
    around(midpoint_above(e, f), 2);
    around(oracle::widen(e, f), 1);
  }
  // Overflow: the threshold (max + ulp/2), the largest value, far beyond, infinity.
  around(overflow_threshold(f), 2);
  around(fp32_of(value(max_finite(f), f)), 1);
  mags.insert(mags.end(), {0x7F7FFFFFu, 0x7F800000u});
  if (const auto twice = fp32_exact(2 * value(max_finite(f), f))) mags.push_back(*twice);
  // Below the smallest subnormal: half of it is a tie with zero (rounds to 0), 3/4 and 1.5x.
  const double min_sub = value(1u, f);
  around(fp32_of(min_sub / 2), 2);
  for (const double v : {min_sub / 4, min_sub * 0.75, min_sub * 1.5, min_sub * 2.5}) {
    mags.push_back(fp32_of(v));
  }
  for (const uint32_t m : mags) in.insert(in.end(), {m & kMag32, (m & kMag32) | kSign32});
  return in;
}

std::vector<std::pair<uint32_t, uint32_t>> directed_add_cases() {
  std::vector<std::pair<uint32_t, uint32_t>> out;
  const std::vector<uint32_t>& specials = cached_specials(Format::Fp32);
  for (const uint32_t a : specials) {
    for (const uint32_t b : specials) out.emplace_back(a, b);
  }
  const double u = std::ldexp(1.0, -24);  // half an ULP of 1
  const double tiny = std::ldexp(1.0, -149);
  const double max32 = std::ldexp(2.0 - std::ldexp(1.0, -23), 127);
  const std::pair<double, double> pairs[] = {
      {1, u},                              // tie, even below: 1
      {1 + 2 * u, u},                      // tie, odd below: 1 + 2^-22
      {1, u + std::ldexp(u, -23)},         // just above the tie (sticky): up
      {1, u / 2},                          // below the tie: down
      {1, 1.5 * u},                        // above the tie: up
      {1, -u},                             // exact: 1 - 2^-24 in the binade below
      {1, -u / 2},                         // tie at the binade edge: back to 1 (even)
      {1, -(u / 2 + std::ldexp(u, -24))},  // just past it: 1 - 2^-24
      {std::ldexp(1.0, 24), 1},            // integer tie: 2^24
      {std::ldexp(1.0, 24) + 2, 1},        // integer tie, odd below: 2^24 + 4
      {std::ldexp(1.0, 24), 1.5},
      {std::ldexp(1.0, 24), -1},
      {1, -(1 - u)},  // catastrophic cancellation: exactly 2^-24
      {1 + 2 * u, -1},
      {1.75, -1.75},               // x - x = +0
      {1, std::ldexp(1.0, -100)},  // far apart: only a sticky bit
      {-1, std::ldexp(1.0, -100)},
      {max32, max32},                 // overflow to inf
      {max32, std::ldexp(1.0, 103)},  // tie at max + ulp/2: rounds to even, i.e. inf
      {max32, std::ldexp(1.0, 102)},  // below the threshold: max
      {max32, std::ldexp(2.0 - std::ldexp(1.0, -23), 102)},
      {max32, -max32},
      {tiny, tiny},                          // subnormal + subnormal
      {std::ldexp(1.0, -126) - tiny, tiny},  // max subnormal + min: min normal
      {std::ldexp(1.0, -126), -tiny},        // min normal - min: max subnormal
      {std::ldexp(1.0, -125), -(std::ldexp(1.0, -125) - tiny)},
      {1.5 * std::ldexp(1.0, -126), -std::ldexp(1.0, -126)},
      {-tiny, tiny},
  };
  for (const auto& [x, y] : pairs) {
    const uint32_t a = fp32_of(x);
    const uint32_t b = fp32_of(y);
    out.insert(out.end(), {{a, b}, {b, a}, {negate(a), negate(b)}, {negate(b), negate(a)}});
  }
  return out;
}

std::pair<uint32_t, uint32_t> random_add_case(std::mt19937_64& rng) {
  const auto r = below(rng, 16);
  const auto a = static_cast<uint32_t>(rng());
  const int field = fp32_field(a);
  if (r < 4) return {a, static_cast<uint32_t>(rng())};  // uniform
  if (r < 8) {
    // Exponents within 2: the subtraction case cancels leading bits (normalisation shifts).
    return {a, random_fp32_in_binade(rng, coin(rng), field + in_range(rng, -2, 2))};
  }
  if (r < 11) {
    // Exponents 20..28 apart: the smaller operand straddles the round and sticky positions.
    return {a, random_fp32_in_binade(rng, coin(rng), field - in_range(rng, 20, 28))};
  }
  if (r < 13) {
    return {random_fp32_in_binade(rng, coin(rng), in_range(rng, 0, 2)),
            random_fp32_in_binade(rng, coin(rng), in_range(rng, 0, 2))};
  }
  if (r < 14) {
    const bool sign = coin(rng);
    return {random_fp32_in_binade(rng, sign, in_range(rng, 252, 254)),
            random_fp32_in_binade(rng, sign, in_range(rng, 252, 254))};
  }
  if (r < 15) return {a, nudge(negate(a), in_range(rng, -3, 3))};  // x + (-x +- few ULPs)
  return {pick(rng, cached_specials(Format::Fp32)), random_fp32(rng)};
}

}  // namespace tessel::stim
