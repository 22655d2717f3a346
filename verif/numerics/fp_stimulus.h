// Reusable numerics stimulus for the model tests (test_fp_model.cpp) and the RTL tests of the FP
// units. Every function is deterministic for a given generator state, so a seed reproduces a run
// on any platform (only raw std::mt19937_64 output is used, never the library's distributions,
// whose results differ between standard libraries).
//
// Depends only on the oracle (verif/oracle) and the Format enum, never on models/.
#pragma once

#include <cstdint>
#include <random>
#include <utility>
#include <vector>

#include "numerics/fp.h"  // only for tessel::Format

namespace tessel::stim {

// One PE multiply-accumulate: a and b are encodings of the operand format, acc is FP32 bits.
struct MacCase {
  uint32_t a, b, acc;
};

// The encodings every test should visit, both signs of each: +-0, +-min and max subnormal,
// +-min normal, values around 1, +-max finite, +-inf and several NaNs (quiet, signalling, with
// payloads) where the format has them.
std::vector<uint32_t> special_encodings(Format f);

// Corner cases of acc' = fma(a, b, acc) for operands of format f (f = Fp32 gives fp32_fma cases):
// every pair of special encodings against special accumulators (inf * 0, inf - inf, NaN in each
// slot, the sign rules of zero sums), exact ties of the final rounding at several magnitudes,
// subnormal and underflowing results, overflow and near-overflow, exact and near cancellation.
std::vector<MacCase> directed_mac_cases(Format f);

// One random MAC case for operands of format f (f may be Fp32); see fp_stimulus.cpp for the mix.
MacCase random_mac_case(std::mt19937_64& rng, Format f);

// A random encoding of f (f may be Fp32): mostly uniform, with extra weight on special
// encodings, subnormals and values near 1.
uint32_t random_encoding(std::mt19937_64& rng, Format f);

// A random FP32 input for the conversions: uniform bits plus values at and next to the rounding
// ties and overflow thresholds of every narrow format, subnormals, infinities and NaNs.
uint32_t random_fp32(std::mt19937_64& rng);

// FP32 inputs for narrow_from_fp32 to f: exact ties of both parities in every binade, their
// neighbours, the overflow threshold and its neighbours, the subnormal boundaries, +-0, +-inf,
// NaNs. For f = Fp32 the special encodings of FP32 (narrowing to FP32 is the identity).
std::vector<uint32_t> directed_narrow_inputs(Format f);

// FP32 addition corner cases: every pair of FP32 special encodings, zero signs, ties, sticky
// bits, cancellation, subnormal results and overflow.
std::vector<std::pair<uint32_t, uint32_t>> directed_add_cases();

// One random FP32 addition; see fp_stimulus.cpp for the mix.
std::pair<uint32_t, uint32_t> random_add_case(std::mt19937_64& rng);

}  // namespace tessel::stim
