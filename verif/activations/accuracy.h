// Accuracy of the activation model (models/activations) against double-precision std:: references:
// the measurement published in docs/activations.md and asserted by test_activations.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "activations/activation.h"

namespace tessel::act::accuracy {

// f(x) in double from <cmath> (std::erf, std::erfc, std::tanh, std::exp, std::log1p, ...): the
// independent reference. Written from the functions' definitions, not from the model's sequence.
double reference(Function f, double x);

// Errors over one set of inputs. "ulp" errors are |result - exact| / ulp(exact) in the format's
// binade of the exact value; the BF16 result is the model's FP32 result narrowed with RNE.
struct Stats {
  uint64_t count = 0;  // inputs measured (NaN inputs excluded)
  double max_fp32_ulp = 0, sum_fp32_ulp = 0;
  double max_bf16_ulp = 0, sum_bf16_ulp = 0;
  uint64_t bf16_exact = 0;   // BF16 output == the correctly rounded exact value
  int max_bf16_steps = 0;    // largest distance, in BF16 encodings, from correctly rounded
  uint32_t worst_input = 0;  // FP32 input with the largest BF16 error
  double n() const { return static_cast<double>(count); }
  double mean_fp32_ulp() const { return count ? sum_fp32_ulp / n() : 0; }
  double mean_bf16_ulp() const { return count ? sum_bf16_ulp / n() : 0; }
  double pct_exact() const { return count ? 100.0 * static_cast<double>(bf16_exact) / n() : 100; }
};

// Per-input errors, for plots.
struct Sample {
  uint32_t x;
  double fp32_ulp, bf16_ulp;
};

// Adds one input to stats (and to samples if not null).
void measure(Function f, uint32_t x, Stats& stats, std::vector<Sample>* samples = nullptr);

// All 65,536 BF16 encodings as FP32 inputs.
Stats measure_bf16_exhaustive(Function f, std::vector<Sample>* samples = nullptr);

// `count` non-NaN FP32 inputs from `seed`: half uniformly random encodings (every binade alike),
// half uniform reals over the function's interesting range ([-R, R], or [0, R] for log, sqrt,
// rsqrt and reciprocal), where its polynomial segments and tails live.
Stats measure_fp32_random(Function f, uint64_t count, uint64_t seed);

// The host float with these FP32 bits.
float to_float(uint32_t bits);

// The published sample: seed and size of the random FP32 set in docs/activations.md.
inline constexpr uint64_t kPublishedSeed = 20261123;
inline constexpr uint64_t kPublishedCount = 1000000;

// The target: every BF16 output within 1 BF16 ULP of the correctly rounded value and at
// least 99.9% of them exactly the correctly rounded value.
bool meets_target(const Stats& s);

}  // namespace tessel::act::accuracy
