// GEMM against Eigen within the derived bound (gemm_eigen.h).
#include "oracle/gemm_eigen.h"

#include <cmath>
#include <cstring>

#include <Eigen/Dense>
#include <fmt/format.h>

#include "oracle/fp_oracle.h"
#include "oracle/gemm_bound.h"

namespace tessel::tb {

EigenGemmCheck check_gemm_with_eigen(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b,
                                     const std::vector<uint32_t>& c, uint32_t m, uint32_t k,
                                     uint32_t n, Format dtype, uint32_t k_tile) {
  Eigen::MatrixXf ea(m, k);
  Eigen::MatrixXf eb(k, n);
  for (uint32_t i = 0; i < m; ++i) {
    for (uint32_t kk = 0; kk < k; ++kk) {
      ea(i, kk) = static_cast<float>(oracle::decode(a[size_t{i} * k + kk], dtype));
    }
  }
  for (uint32_t kk = 0; kk < k; ++kk) {
    for (uint32_t j = 0; j < n; ++j) {
      eb(kk, j) = static_cast<float>(oracle::decode(b[size_t{kk} * n + j], dtype));
    }
  }
  const Eigen::MatrixXf ref = ea * eb;
  const Eigen::MatrixXd abs_sum = ea.cast<double>().cwiseAbs() * eb.cast<double>().cwiseAbs();
  const unsigned tiles = (k + k_tile - 1) / k_tile;
  EigenGemmCheck out;
  for (uint32_t i = 0; i < m; ++i) {
    for (uint32_t j = 0; j < n; ++j) {
      const double got = oracle::decode(c[size_t{i} * n + j], Format::Fp32);
      const double err = std::fabs(got - static_cast<double>(ref(i, j)));
      const double bound = gemm_error_bound(abs_sum(i, j), k, tiles);
      ++out.outputs;
      if (bound > 0) out.max_bound_ratio = std::max(out.max_bound_ratio, err / bound);
      if (!(err <= bound)) {
        if (out.violations++ == 0) {
          out.first_violation = fmt::format("C[{}][{}] = {} (bits {:#010x}), Eigen {}, bound {}",
                                            i, j, got, c[size_t{i} * n + j], ref(i, j), bound);
        }
      }
    }
  }
  return out;
}

}  // namespace tessel::tb
