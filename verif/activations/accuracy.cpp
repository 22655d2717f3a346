// Accuracy measurement of the activation model against <cmath> in double precision.
#include "activations/accuracy.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <random>

#include "numerics/fp.h"

namespace tessel::act::accuracy {
namespace {

// std::bit_cast before C++20.
template <class To, class From>
To bit_cast(From from) {
  static_assert(sizeof(To) == sizeof(From));
  To to;
  std::memcpy(&to, &from, sizeof to);
  return to;
}

uint32_t to_bits(float f) { return bit_cast<uint32_t>(f); }

// Magnitudes from 2^128 up (infinity included) count as +-2^128: every such exact value rounds to
// infinity in FP32 and BF16, and an overflow one step early or late stays a finite error.
double as_value(double v) {
  const double big = std::ldexp(1.0, 128);
  return std::fabs(v) >= big ? std::copysign(big, v) : v;
}

// ULP of the exact value r in a binary format with `mant` fraction bits and minimum normal
// exponent -126 (FP32: 23, BF16: 7).
double ulp(double r, int mant) {
  const double a = std::fabs(as_value(r));
  const int e = a == 0 ? -126 : std::max(std::ilogb(a), -126);
  return std::ldexp(1.0, e - mant);
}

// The correctly rounded BF16 encoding of r (RNE; overflow to infinity), computed in double.
uint32_t round_bf16(double r) {
  if (std::isnan(r)) return 0x7FC0u;
  const uint32_t sign = std::signbit(r) ? 0x8000u : 0;
  const double a = std::fabs(r);
  if (std::isinf(a)) return sign | 0x7F80u;
  if (a == 0) return sign;
  const double q = ulp(a, 7);
  const double v = std::nearbyint(a / q) * q;  // exact in double; default mode is RNE
  if (v >= std::ldexp(1.0, 128)) return sign | 0x7F80u;
  return sign | (to_bits(static_cast<float>(v)) >> 16);
}

// Position of a BF16 encoding on the number line, in encoding steps (+0 and -0 coincide).
int bf16_key(uint32_t b) {
  return (b & 0x8000u) ? -static_cast<int>(b & 0x7FFFu) : static_cast<int>(b & 0x7FFFu);
}

double input_range(Function f) {
  switch (f) {
    case Function::Exp:
      return 110;
    case Function::Square:
      return 100;
    case Function::Silu:
    case Function::Sigmoid:
    case Function::Softplus:
      return 24;
    case Function::Gelu:
    case Function::GeluTanh:
      return 16;
    case Function::Log:
    case Function::Sqrt:
    case Function::Rsqrt:
    case Function::Reciprocal:
      return 4;
    default:
      return 10;
  }
}

bool positive_domain(Function f) {
  return f == Function::Log || f == Function::Sqrt || f == Function::Rsqrt ||
         f == Function::Reciprocal;
}

}  // namespace

float to_float(uint32_t bits) { return bit_cast<float>(bits); }

double reference(Function f, double x) {
  const double inf = std::numeric_limits<double>::infinity();
  switch (f) {
    case Function::Copy:
      return x;
    case Function::Relu:
      return x > 0 ? x : 0.0;
    case Function::Gelu:
      if (x == -inf) return -0.0;
      return 0.5 * x * std::erfc(-x / std::sqrt(2.0));
    case Function::GeluTanh: {
      if (x == -inf) return -0.0;
      // 0.5 x (1 + tanh(z)) = x / (1 + exp(-2z)), the form without cancellation for x < 0.
      const double z = std::sqrt(2.0 / M_PI) * (x + 0.044715 * x * x * x);
      return x / (1.0 + std::exp(-2.0 * z));
    }
    case Function::Sigmoid:
      return 1.0 / (1.0 + std::exp(-x));
    case Function::Tanh:
      return std::tanh(x);
    case Function::Silu:
      if (x == -inf) return -0.0;
      return x / (1.0 + std::exp(-x));
    case Function::Exp:
      return std::exp(x);
    case Function::Log:
      return std::log(x);
    case Function::Sqrt:
      return std::sqrt(x);
    case Function::Rsqrt:
      return 1.0 / std::sqrt(x);
    case Function::Reciprocal:
      return 1.0 / x;
    case Function::Square:
      return x * x;
    case Function::Softplus:
      return x > 0 ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x));
    case Function::Erf:
      return std::erf(x);
  }
  return std::nan("");
}

void measure(Function f, uint32_t x, Stats& s, std::vector<Sample>* samples) {
  if ((x & 0x7FFFFFFFu) > 0x7F800000u) return;  // NaN inputs: checked by the directed tests
  const double r = reference(f, to_float(x));
  const uint32_t y32 = evaluate_fp32(f, x);
  const uint32_t y16 = narrow_from_fp32(y32, Format::Bf16);
  const double y = to_float(y32);
  const double b = to_float(y16 << 16);
  double e32 = 0, e16 = 0;
  int steps = 0;
  if (std::isnan(r) || std::isnan(y)) {
    if (std::isnan(r) != std::isnan(y)) {  // a NaN where a number belongs, or the reverse
      e32 = e16 = std::numeric_limits<double>::infinity();
      steps = 1 << 16;
    }
  } else {
    e32 = std::fabs(as_value(y) - as_value(r)) / ulp(r, 23);
    e16 = std::fabs(as_value(b) - as_value(r)) / ulp(r, 7);
    steps = std::abs(bf16_key(y16) - bf16_key(round_bf16(r)));
  }
  ++s.count;
  s.sum_fp32_ulp += e32;
  s.sum_bf16_ulp += e16;
  s.max_fp32_ulp = std::max(s.max_fp32_ulp, e32);
  if (e16 > s.max_bf16_ulp) s.worst_input = x;
  s.max_bf16_ulp = std::max(s.max_bf16_ulp, e16);
  s.max_bf16_steps = std::max(s.max_bf16_steps, steps);
  if (steps == 0) ++s.bf16_exact;
  if (samples) samples->push_back({x, e32, e16});
}

Stats measure_bf16_exhaustive(Function f, std::vector<Sample>* samples) {
  Stats s;
  for (uint32_t b = 0; b < 0x10000u; ++b) measure(f, b << 16, s, samples);
  return s;
}

Stats measure_fp32_random(Function f, uint64_t count, uint64_t seed) {
  std::mt19937_64 rng(seed ^ (static_cast<uint64_t>(f) << 32));
  const double range = input_range(f);
  std::uniform_real_distribution<double> real(positive_domain(f) ? 0.0 : -range, range);
  Stats s;
  // NaN encodings are redrawn: `count` numbers are measured.
  for (uint64_t i = 0; s.count < count; ++i) {
    const uint32_t x =
        (i & 1) ? static_cast<uint32_t>(rng()) : to_bits(static_cast<float>(real(rng)));
    measure(f, x, s);
  }
  return s;
}

bool meets_target(const Stats& s) { return s.max_bf16_steps <= 1 && s.pct_exact() >= 99.9; }

}  // namespace tessel::act::accuracy
