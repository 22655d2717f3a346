// A tiled GEMM written with the kernel builder: C[M, N] (fp32) = A[M, K] @ B[K, N], with A and B
// in device memory. Used by the architectural-model tests and by arch_bench, and a worked
// example of software pipelining with semaphores (docs/arch-model.md).
//
// Output column tiles (n0..) outermost, then row tiles (m0..), then contraction tiles (k0..):
// DMA queue 0 loads the stationary tile A[m0.., k0..]^T (K x M) into one of two SBUF buffers
// (or, when all of A^T fits in SBUF beside B, every K tile of it once at the start);
// queue 1 loads the moving tiles B[k0.., n0..] (K x N) - all K tiles of a column tile once, kept
// in SBUF for every row tile when they fit (gemm_b_resident), else one per step into two
// buffers; the tensor engine accumulates into a PSUM bank (two banks alternate between output
// tiles); queue 2 stores the finished PSUM tile to C. Loads for the next step overlap the
// current matmul; a buffer is reloaded only after the matmul that read it has completed, and a
// bank is reused only after its store completed.
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

struct GemmLayout {
  // A is stored transposed in device memory (A^T, K x M row-major), as weights often are: each
  // stationary tile is then a block of contiguous rows (fast bursts) instead of a transposing
  // element-by-element access pattern.
  bool a_transposed = false;
};

// Whether B's tiles for one output column tile (all of K) fit in SBUF beside the two A^T
// buffers, in which case they are loaded once and reused by every row tile.
bool gemm_b_resident(const isa::HwConfig& hw, const GemmShape& shape, Format dtype);
// Whether, beside B's resident tiles, all of A^T fits too: then A is loaded once, at the start,
// and no stationary tile is ever reloaded.
bool gemm_a_resident(const isa::HwConfig& hw, const GemmShape& shape, Format dtype);

// a: M*K encodings of `dtype` (row-major; K*M of A^T when layout.a_transposed), b: K*N. The
// program's symbols are "A" (or "AT"), "B" and "C". Tiles are as large as the configuration
// allows; ragged edges get smaller tiles.
isa::Program tiled_gemm_program(const isa::HwConfig& hw, const GemmShape& shape, Format dtype,
                                const std::vector<uint32_t>& a, const std::vector<uint32_t>& b,
                                const GemmLayout& layout = {});

// A random BF16 GEMM problem and its program: A (M x K, row-major, as the mathematics has it),
// B, and the program (which holds A^T when layout.a_transposed). C is the program's symbol "C".
struct GemmProblem {
  GemmShape shape;
  std::vector<uint32_t> a, b;
  isa::Program program;
};
GemmProblem random_gemm(const isa::HwConfig& hw, const GemmShape& shape, uint64_t seed,
                        const GemmLayout& layout = {});

// The rows x cols row-major matrix m, transposed.
std::vector<uint32_t> transpose(const std::vector<uint32_t>& m, uint32_t rows, uint32_t cols);

}  // namespace tessel::arch
