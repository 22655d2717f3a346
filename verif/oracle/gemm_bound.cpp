#include "oracle/gemm_bound.h"

#include <cmath>
#include <stdexcept>

namespace tessel::tb {

double gemm_error_bound(double abs_sum, unsigned k_total, unsigned tiles) {
  if (tiles == 0 || k_total < tiles) throw std::invalid_argument("gemm_error_bound: bad shape");
  const double nu = std::ldexp(static_cast<double>(k_total + tiles - 1), -24);
  const double gamma = nu / (1.0 - nu);  // Higham, Lemma 3.1
  return 2.0 * gamma * abs_sum + 2.0 * std::ldexp(static_cast<double>(k_total + tiles), -149);
}

}  // namespace tessel::tb
