// A tiled GEMM written with the kernel builder: C[M, N] (fp32) = A[M, K] @ B[K, N], with A and B
// in device memory. Used by the architectural-model tests and by arch_bench, and a worked
// example of software pipelining with semaphores (docs/arch-model.md).
//
// Per output tile (rows m0.., columns n0..) and contraction tile (k0..): DMA queue 0 loads the
// stationary tile A[m0.., k0..]^T (K x M, transposed by the access pattern), queue 1 the moving
// tile B[k0.., n0..] (K x N), each into one of two SBUF buffers; the tensor engine accumulates
// into a PSUM bank (two banks alternate between output tiles); queue 2 stores the finished PSUM
// tile to C. Loads for the next step overlap the current matmul; a buffer is reloaded only after
// the matmul that read it has completed, and a bank is reused only after its store completed.
#pragma once

#include <cstdint>
#include <random>
#include <vector>

#include "isa/hw_config.h"
#include "isa/program.h"

namespace tessel::arch {

// n random BF16 encodings of values uniform in [-2, 2): GEMM operands for tests and benchmarks.
std::vector<uint32_t> random_bf16(std::mt19937_64& rng, size_t n);

struct GemmShape {
  uint32_t m = 0;
  uint32_t k = 0;
  uint32_t n = 0;
};

// a: M*K encodings of `dtype` (row-major), b: K*N. The program's symbols are "A", "B" and "C".
// Tiles are as large as the configuration allows; ragged edges get smaller tiles.
isa::Program tiled_gemm_program(const isa::HwConfig& hw, const GemmShape& shape, Format dtype,
                                const std::vector<uint32_t>& a, const std::vector<uint32_t>& b);

}  // namespace tessel::arch
