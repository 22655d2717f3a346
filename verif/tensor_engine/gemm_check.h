// Checks of tensor-engine results: bit-exact against the C++ model, and within the derived error
// bound against an Eigen float GEMM (docs/numerics.md, "Error bound for a K-term dot product").
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "tensor_engine/tensor_driver.h"

namespace tessel::tb {

// A random tile of finite encodings of format f. 8-bit formats: every finite encoding equally
// likely (their whole range cannot overflow an FP32 sum). 16-bit formats: exponents limited to
// [-8, 8] so sums stay finite, with some zeros (both signs) and the format's subnormals mixed in.
Tile random_tile(std::mt19937_64& rng, unsigned rows, unsigned cols, Format f);

// Like random_tile, but about `special_fraction` of the elements are NaN, +-inf (where the format
// has them), +-0 or subnormal: for bit-exact checks of special-value propagation.
Tile random_tile_with_specials(std::mt19937_64& rng, unsigned rows, unsigned cols, Format f,
                               double special_fraction);

// The bit-exact expectation of a chain of jobs writing one PSUM region in order (the first job
// overwrites unless it accumulates onto `initial`): [M][N] FP32 encodings.
std::vector<uint32_t> model_chain(const std::vector<MatmulJob>& chain,
                                  const std::vector<uint32_t>& initial = {});

struct Comparison {
  size_t elements = 0;
  size_t model_mismatches = 0;   // RTL != model, bit for bit (NaN == NaN only if both canonical)
  size_t bound_violations = 0;   // |RTL - Eigen| > derived bound (finite values only)
  double max_abs_error = 0.0;    // max |RTL - Eigen|
  double max_bound_ratio = 0.0;  // max |RTL - Eigen| / bound
  std::string first_problem;     // a description of the first mismatch or violation
  bool ok() const { return model_mismatches == 0 && bound_violations == 0; }
};

// Compares the RTL's [M][N] region with model_chain(chain) bit for bit and, when the inputs are
// all finite, with Eigen's float GEMM of the concatenated chain within the derived bound.
Comparison compare_chain(const std::vector<MatmulJob>& chain, const std::vector<uint32_t>& rtl,
                         bool eigen_check = true);

}  // namespace tessel::tb
