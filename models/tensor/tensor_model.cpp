#include "tensor/tensor_model.h"

#include <stdexcept>

namespace tessel {

std::vector<uint32_t> matmul(const Tile& stationary, const Tile& moving) {
  if (stationary.rows != moving.rows) {
    throw std::invalid_argument("matmul: stationary and moving tiles need the same K (rows)");
  }
  const unsigned k_size = stationary.rows;
  const unsigned m_size = stationary.cols;
  const unsigned n_size = moving.cols;
  std::vector<uint32_t> out(size_t{m_size} * n_size);
  for (unsigned m = 0; m < m_size; ++m) {
    for (unsigned n = 0; n < n_size; ++n) {
      uint32_t acc = 0;  // +0: the top of every column
      for (unsigned k = 0; k < k_size; ++k) {
        acc = pe_mac(stationary.at(k, m), stationary.format, moving.at(k, n), moving.format, acc);
      }
      out[size_t{m} * n_size + n] = acc;
    }
  }
  return out;
}

uint32_t psum_write(uint32_t old_value, uint32_t result, bool accumulate) {
  return accumulate ? fp32_add(old_value, result) : result;
}

}  // namespace tessel
