// Bit-exact model of the tensor engine's arithmetic (docs/numerics.md, "Accumulation order").
//
// matmul(psum[M,N], stationary[K,M], moving[K,N]) computes stationary^T @ moving: for every output
// (m, n) the column chain starts at +0 and applies one PE multiply-accumulate per partition
// k = 0..K-1, in that order, exactly like the systolic array's column m.
#pragma once

#include <cstdint>
#include <vector>

#include "numerics/fp.h"

namespace tessel {

// A 2-D tile of raw encodings in one format, row-major: element (r, c) is bits[r * cols + c].
// Rows are partitions, columns the free axis.
struct Tile {
  unsigned rows = 0;
  unsigned cols = 0;
  Format format = Format::Bf16;
  std::vector<uint32_t> bits;

  Tile() = default;
  Tile(unsigned r, unsigned c, Format f) : rows(r), cols(c), format(f), bits(size_t{r} * c) {}
  uint32_t at(unsigned r, unsigned c) const { return bits[size_t{r} * cols + c]; }
  uint32_t& at(unsigned r, unsigned c) { return bits[size_t{r} * cols + c]; }
};

// FP32 results [M][N] (row-major, M = stationary.cols, N = moving.cols) of stationary^T @ moving.
// Requires stationary.rows == moving.rows (K).
std::vector<uint32_t> matmul(const Tile& stationary, const Tile& moving);

// What the PSUM write port does with one result: overwrite, or one FP32 add (RNE).
uint32_t psum_write(uint32_t old_value, uint32_t result, bool accumulate);

}  // namespace tessel
