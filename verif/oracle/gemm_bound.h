// The error bound of docs/numerics.md, "Error bound for a K-term dot product", as a pure
// function: how far a hardware GEMM result may lie from a float reference that sums the same
// products in another order. Needs nothing but the numbers, so every GEMM check (tensor engine,
// architectural model, core) can share it.
#pragma once

namespace tessel::tb {

// Bound on |hardware - reference| for one output whose exact products have absolute sum
// abs_sum, over a total contraction of k_total products accumulated as `tiles` matmuls into
// PSUM: 2 gamma_n abs_sum + 2 (k_total + tiles) 2^-149, n = k_total + tiles - 1,
// gamma_n = n u / (1 - n u), u = 2^-24.
double gemm_error_bound(double abs_sum, unsigned k_total, unsigned tiles);

}  // namespace tessel::tb
