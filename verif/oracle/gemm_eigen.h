// A GEMM result checked against Eigen within the derived error bound of docs/numerics.md: the
// mathematics check that complements the bit-exact comparison with the models. Inputs are decoded
// by the oracle (fp_oracle.h), not by models/, so a decoding bug cannot hide on both sides.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "numerics/fp.h"  // tessel::Format only

namespace tessel::tb {

struct EigenGemmCheck {
  size_t outputs = 0;
  size_t violations = 0;         // |C - Eigen| > bound (or C not finite)
  double max_bound_ratio = 0.0;  // max |C - Eigen| / bound
  std::string first_violation;
  bool ok() const { return violations == 0; }
};

// C[m][n] (FP32 encodings, row-major) against Eigen's float A[m][k] @ B[k][n] (encodings of
// `dtype`, row-major), where the hardware accumulated K in tiles of `k_tile` rows into PSUM.
EigenGemmCheck check_gemm_with_eigen(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b,
                                     const std::vector<uint32_t>& c, uint32_t m, uint32_t k,
                                     uint32_t n, Format dtype, uint32_t k_tile);

}  // namespace tessel::tb
