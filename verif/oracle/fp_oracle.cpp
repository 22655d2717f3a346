// Independent oracles for the numerics model (see fp_oracle.h).
//
// Deliberately built differently from models/numerics/fp.cpp so that a shared mistake is
// unlikely: values come from the textbook formula with std::ldexp, narrowing is a nearest-value
// search in a table of every finite value, and arithmetic is the host's IEEE binary32 unit.
// Requires an IEEE host without flush-to-zero or denormals-are-zero (x86-64 SSE defaults, no
// -ffast-math); the oracle self-tests in test_fp_model.cpp check that.
#include "oracle/fp_oracle.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <stdexcept>
#include <vector>

#include <fmt/format.h>

namespace tessel::oracle {
namespace {

// A format as its specification states it: field widths, bias, which encodings are special.
struct Definition {
  int bits;
  int exp_bits;
  int man_bits;
  int bias;
  bool ieee_specials;  // all-ones exponent = inf/NaN; false for E4M3 (only S.1111.111 is NaN)
  bool saturating;     // FP8: overflow and infinity become the largest finite value
  uint32_t nan;        // canonical quiet NaN, from the brief
};

constexpr std::array<Definition, 5> kDefinitions = {{
    {32, 8, 23, 127, true, false, 0x7FC00000u},  // FP32
    {16, 8, 7, 127, true, false, 0x7FC0u},       // BF16
    {16, 5, 10, 15, true, false, 0x7E00u},       // FP16
    {8, 4, 3, 7, false, true, 0x7Fu},            // FP8 E4M3 (OCP)
    {8, 5, 2, 15, true, true, 0x7Eu},            // FP8 E5M2 (OCP)
}};

constexpr uint32_t kFp32Nan = 0x7FC00000u;

const Definition& definition(Format f) {
  const auto index = static_cast<size_t>(f);
  if (index >= kDefinitions.size()) {
    throw std::invalid_argument(fmt::format("oracle: invalid Format value {}", index));
  }
  return kDefinitions[index];
}

float to_float(uint32_t bits) {
  float x;
  std::memcpy(&x, &bits, sizeof x);
  return x;
}

uint32_t to_bits(float x) {
  uint32_t bits;
  std::memcpy(&bits, &x, sizeof bits);
  return bits;
}

uint32_t canonical(float x) { return std::isnan(x) ? kFp32Nan : to_bits(x); }

// One finite non-negative value of a format and the encoding that stands for it.
struct Entry {
  double value;
  uint32_t bits;
};

// Every finite non-negative value of f, sorted by value (+0 first). Built once per format.
std::vector<Entry> build_table(Format f) {
  const Definition& d = definition(f);
  std::vector<Entry> table;
  const uint32_t positive_encodings = 1u << (d.bits - 1);
  for (uint32_t bits = 0; bits < positive_encodings; ++bits) {
    const double v = decode(bits, f);
    if (std::isfinite(v)) table.push_back({v, bits});
  }
  std::sort(table.begin(), table.end(),
            [](const Entry& x, const Entry& y) { return x.value < y.value; });
  return table;
}

const std::vector<Entry>& table(Format f) {
  static const std::array<std::vector<Entry>, 4> tables = {
      build_table(Format::Bf16), build_table(Format::Fp16), build_table(Format::Fp8E4M3),
      build_table(Format::Fp8E5M2)};
  return tables.at(static_cast<size_t>(f) - 1);
}

uint32_t infinity_bits(const Definition& d) { return ((1u << d.exp_bits) - 1u) << d.man_bits; }

// The nearest entry to mag (0 <= mag <= largest entry), ties to the even encoding.
uint32_t nearest(const std::vector<Entry>& t, double mag) {
  const auto hi = std::lower_bound(t.begin(), t.end(), mag,
                                   [](const Entry& e, double v) { return e.value < v; });
  if (hi->value == mag) return hi->bits;
  const auto lo = hi - 1;
  // Adjacent values of a format with <= 11 significant bits: the midpoint is exact in double.
  const double mid = lo->value + (hi->value - lo->value) / 2;
  if (mag < mid) return lo->bits;
  if (mag > mid) return hi->bits;
  return (lo->bits & 1u) == 0 ? lo->bits : hi->bits;
}

}  // namespace

double decode(uint32_t bits, Format f) {
  const Definition& d = definition(f);
  const uint32_t man_mask = (1u << d.man_bits) - 1u;
  const uint32_t exp_mask = (1u << d.exp_bits) - 1u;
  const bool negative = ((bits >> (d.bits - 1)) & 1u) != 0;
  const uint32_t e = (bits >> d.man_bits) & exp_mask;
  const uint32_t m = bits & man_mask;
  double mag;
  if (d.ieee_specials && e == exp_mask) {
    mag = m == 0 ? INFINITY : NAN;
  } else if (!d.ieee_specials && e == exp_mask && m == man_mask) {
    mag = NAN;
  } else if (e == 0) {
    mag = std::ldexp(static_cast<double>(m), 1 - d.bias - d.man_bits);
  } else {
    const double significand = 1.0 + std::ldexp(static_cast<double>(m), -d.man_bits);
    mag = std::ldexp(significand, static_cast<int>(e) - d.bias);
  }
  return negative ? -mag : mag;
}

uint32_t widen(uint32_t bits, Format f) {
  const double v = decode(bits, f);
  const auto x = static_cast<float>(v);
  if (!std::isnan(v) && static_cast<double>(x) != v) {
    throw std::logic_error(
        fmt::format("oracle: {:#x} of format {} is not exact in FP32", bits, static_cast<int>(f)));
  }
  return canonical(x);
}

uint32_t narrow(uint32_t fp32, Format f) {
  const Definition& d = definition(f);
  const float x = to_float(fp32);
  if (f == Format::Fp32 || std::isnan(x)) return std::isnan(x) ? d.nan : fp32;
  const uint32_t sign = std::signbit(x) ? 1u << (d.bits - 1) : 0u;
  const double mag = std::fabs(static_cast<double>(x));
  const std::vector<Entry>& t = table(f);
  const Entry& max = t.back();
  if (d.saturating) return sign | (mag >= max.value ? max.bits : nearest(t, mag));
  // IEEE: overflow iff the exactly rounded result (unbounded exponent) exceeds max. Max has an
  // odd mantissa, so the midpoint max + ulp/2 rounds (to even) beyond it too.
  const double half_ulp = (max.value - t[t.size() - 2].value) / 2;
  if (mag >= max.value + half_ulp) return sign | infinity_bits(d);
  return sign | (mag >= max.value ? max.bits : nearest(t, mag));
}

uint32_t pe_mac(uint32_t a, Format a_format, uint32_t b, Format b_format, uint32_t acc) {
  return fp32_fma(widen(a, a_format), widen(b, b_format), acc);
}

uint32_t fp32_add(uint32_t a, uint32_t b) { return canonical(to_float(a) + to_float(b)); }

uint32_t fp32_fma(uint32_t a, uint32_t b, uint32_t c) {
  return canonical(std::fmaf(to_float(a), to_float(b), to_float(c)));
}

}  // namespace tessel::oracle
