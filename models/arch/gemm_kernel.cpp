#include "arch/gemm_kernel.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <utility>
#include <vector>

#include "isa/kernel_builder.h"
#include "numerics/fp.h"

namespace tessel::arch {

std::vector<uint32_t> random_bf16(std::mt19937_64& rng, size_t n) {
  std::uniform_real_distribution<float> dist(-2.0f, 2.0f);
  std::vector<uint32_t> out(n);
  for (auto& v : out) {
    const float f = dist(rng);
    uint32_t bits;
    std::memcpy(&bits, &f, 4);
    v = narrow_from_fp32(bits, Format::Bf16);
  }
  return out;
}
namespace {

struct Step {  // one matmul of the schedule
  uint32_t m0, mt, n0, nt, k0, kt;
  bool first_k, last_k;
  uint32_t out_tile;  // index of the output tile this step accumulates into
};

uint32_t tile_n(const isa::HwConfig& hw) { return std::min<uint32_t>(hw.psum_bank_entries(), 512); }

// Output column tiles (n) outermost, then row tiles (m), then the contraction (k): all the M
// tiles of one column tile use the same B tiles, which can then stay in SBUF.
std::vector<Step> schedule(const isa::HwConfig& hw, const GemmShape& s) {
  const uint32_t tm = hw.cols;  // stationary free size M <= PE columns
  const uint32_t tk = hw.rows;  // contraction K <= PE rows
  const uint32_t tn = tile_n(hw);
  std::vector<Step> steps;
  uint32_t out_tile = 0;
  for (uint32_t n0 = 0; n0 < s.n; n0 += tn) {
    for (uint32_t m0 = 0; m0 < s.m; m0 += tm, ++out_tile) {
      for (uint32_t k0 = 0; k0 < s.k; k0 += tk) {
        steps.push_back({m0, std::min(tm, s.m - m0), n0, std::min(tn, s.n - n0), k0,
                         std::min(tk, s.k - k0), k0 == 0, k0 + tk >= s.k, out_tile});
      }
    }
  }
  return steps;
}

}  // namespace

bool gemm_b_resident(const isa::HwConfig& hw, const GemmShape& shape, Format dtype) {
  const uint64_t esize = isa::element_bytes(dtype);
  const uint64_t k_tiles = (shape.k + hw.rows - 1) / hw.rows;
  return 2 * hw.cols * esize + k_tiles * tile_n(hw) * esize <= hw.sbuf_bytes_per_partition;
}

bool gemm_a_resident(const isa::HwConfig& hw, const GemmShape& shape, Format dtype) {
  const uint64_t esize = isa::element_bytes(dtype);
  const uint64_t k_tiles = (shape.k + hw.rows - 1) / hw.rows;
  return gemm_b_resident(hw, shape, dtype) &&
         k_tiles * (uint64_t{shape.m} + tile_n(hw)) * esize <= hw.sbuf_bytes_per_partition;
}

isa::Program tiled_gemm_program(const isa::HwConfig& hw, const GemmShape& shape, Format dtype,
                                const std::vector<uint32_t>& a, const std::vector<uint32_t>& b,
                                const GemmLayout& layout) {
  if (a.size() != size_t{shape.m} * shape.k || b.size() != size_t{shape.k} * shape.n) {
    throw std::invalid_argument("tiled_gemm_program: A or B has the wrong number of elements");
  }
  kb::KernelBuilder builder(hw);
  const auto ta = layout.a_transposed ? builder.dram_tensor("AT", {shape.k, shape.m}, dtype)
                                      : builder.dram_tensor("A", {shape.m, shape.k}, dtype);
  const auto tb = builder.dram_tensor("B", {shape.k, shape.n}, dtype);
  const auto tc = builder.dram_tensor("C", {shape.m, shape.n}, Format::Fp32);
  builder.init(ta, kb::pack_elements(a, dtype));
  builder.init(tb, kb::pack_elements(b, dtype));

  // One semaphore per producer (a DMA queue or the tensor engine), counting its completions.
  const auto st_loaded = builder.semaphore("st_loaded");  // DMA queue 0
  const auto mv_loaded = builder.semaphore("mv_loaded");  // DMA queue 1
  const auto stored = builder.semaphore("stored");        // DMA queue 2
  const auto consumed = builder.semaphore("consumed");    // tensor engine: matmuls done

  const uint32_t esize = isa::element_bytes(dtype);
  const uint32_t k_tiles = (shape.k + hw.rows - 1) / hw.rows;
  const bool b_resident = gemm_b_resident(hw, shape, dtype);
  const bool a_resident = gemm_a_resident(hw, shape, dtype);
  // SBUF layout per partition: the A^T region (every K tile of all M columns when resident,
  // else two buffers of one tile), then the B region (every K tile of one column tile when
  // resident, else two buffers).
  const uint32_t a_row_bytes = (a_resident ? shape.m : hw.cols) * esize;
  const uint32_t b_base = (a_resident ? k_tiles : 2) * a_row_bytes;
  const uint32_t mv_bytes = tile_n(hw) * esize;
  const auto steps = schedule(hw, shape);

  auto store = [&](const Step& s) {  // after the output tile's last matmul
    const auto acc = builder.psum_tile({s.mt, s.nt}, s.out_tile % 2);
    const uint32_t t = static_cast<uint32_t>(&s - steps.data());
    builder.dma_copy(tc.slice({{s.m0, s.m0 + s.mt}, {s.n0, s.n0 + s.nt}}), acc,
                     kb::wait(consumed, t + 1).signal(stored), 2);
  };
  // A^T[k0.., m0..m0+mt] into the A^T buffer `buffer` at column `col`.
  auto load_a = [&](uint32_t k0, uint32_t kt, uint32_t m0, uint32_t mt, uint32_t buffer,
                    kb::Sync sync) {
    const auto dst = builder.sbuf_tile({kt, mt}, dtype, 0, buffer * a_row_bytes);
    builder.dma_copy(dst,
                     layout.a_transposed
                         ? ta.slice({{k0, k0 + kt}, {m0, m0 + mt}})
                         : ta.slice({{m0, m0 + mt}, {k0, k0 + kt}}).transposed(),
                     sync.signal(st_loaded), 0);
  };
  auto b_tile = [&](const Step& s, uint32_t buffer) {
    return builder.sbuf_tile({s.kt, s.nt}, dtype, 0, b_base + buffer * mv_bytes);
  };
  auto load_b = [&](const Step& s, uint32_t buffer, kb::Sync sync) {
    builder.dma_copy(b_tile(s, buffer), tb.slice({{s.k0, s.k0 + s.kt}, {s.n0, s.n0 + s.nt}}),
                     sync.signal(mv_loaded), 1);
  };
  std::vector<const Step*> pending_stores;
  uint32_t b_loads = 0;  // B tiles loaded so far (mv_loaded's count)
  uint32_t stored_waited = 0, st_waited = 0, mv_waited = 0;  // counts the tensor stream has seen
  for (uint32_t t = 0; t < steps.size(); ++t) {
    const Step& s = steps[t];
    const uint32_t buf = t % 2;
    const uint32_t k_index = s.k0 / hw.rows;
    const bool column_tile_start = s.m0 == 0 && s.k0 == 0;
    if (a_resident) {
      // All of A^T stays in SBUF: K tile j in buffer j, loaded once, in K order, interleaved
      // with the first column tile's B tiles so that the first matmul can start early.
      if (t == 0) {
        for (uint32_t j = 0; j < k_tiles; ++j) {
          const Step& sj = steps[j];
          load_a(sj.k0, sj.kt, 0, shape.m, j, {});
          load_b(sj, j, {});
          ++b_loads;
        }
      }
    } else {
      // Buffer `buf` was last read by matmul t-2: reload it once that matmul has completed.
      load_a(s.k0, s.kt, s.m0, s.mt, buf, t >= 2 ? kb::wait(consumed, t - 1) : kb::Sync{});
    }
    uint32_t b_buffer = buf;
    if (!b_resident) {
      load_b(s, buf, {});
      ++b_loads;
    } else {
      // Every K tile of this column tile stays in SBUF (buffer = K index) while all the M
      // tiles use it; a new column tile reloads them once every matmul before it completed.
      b_buffer = k_index;
      if (column_tile_start && !(a_resident && t == 0)) {
        for (uint32_t j = 0; j < k_tiles; ++j) {
          load_b(steps[t + j], j, t > 0 ? kb::wait(consumed, t) : kb::Sync{});
          ++b_loads;
        }
      }
    }
    const uint32_t b_needed = b_resident ? b_loads - k_tiles + k_index + 1 : b_loads;
    // Stores are issued one step late so that the DMA stream never stalls on the matmul it
    // has just fed.
    for (const Step* p : pending_stores) store(*p);
    pending_stores.clear();
    if (s.last_k) pending_stores.push_back(&s);

    // What this matmul must wait for: its PSUM bank's previous store (the bank was last used by
    // output tile out_tile-2), its A^T tile, its B tile. The tensor stream runs in order, so a
    // count it has already waited for needs no new wait. An instruction waits on one semaphore:
    // the matmul takes the last condition, NOPs the others - and a NOP is a fence (it completes
    // only when the engine is idle), so the fewer the better.
    std::vector<std::pair<kb::Semaphore, uint32_t>> needs;
    auto need = [&](const kb::Semaphore& sem, uint32_t value, uint32_t& waited) {
      if (value > waited) {
        needs.push_back({sem, value});
        waited = value;
      }
    };
    if (s.first_k && s.out_tile >= 2) need(stored, s.out_tile - 1, stored_waited);
    need(st_loaded, a_resident ? k_index + 1 : t + 1, st_waited);
    need(mv_loaded, b_needed, mv_waited);
    for (size_t i = 0; i + 1 < needs.size(); ++i) {
      builder.nop(isa::Engine::Tensor, kb::wait(needs[i].first, needs[i].second));
    }
    kb::Sync mm_sync = kb::signal(consumed);
    if (!needs.empty()) mm_sync.wait(needs.back().first, needs.back().second);
    const auto acc = builder.psum_tile({s.mt, s.nt}, s.out_tile % 2);
    const auto st = builder.sbuf_tile({s.kt, s.mt}, dtype, 0,
                                      (a_resident ? k_index : buf) * a_row_bytes +
                                          (a_resident ? s.m0 * esize : 0));
    builder.matmul(acc, st, b_tile(s, b_buffer), /*accumulate=*/!s.first_k, mm_sync);
  }
  for (const Step* p : pending_stores) store(*p);
  builder.end_all();
  return builder.build();
}

std::vector<uint32_t> transpose(const std::vector<uint32_t>& m, uint32_t rows, uint32_t cols) {
  std::vector<uint32_t> t(m.size());
  for (uint32_t r = 0; r < rows; ++r) {
    for (uint32_t c = 0; c < cols; ++c) t[size_t{c} * rows + r] = m[size_t{r} * cols + c];
  }
  return t;
}

GemmProblem random_gemm(const isa::HwConfig& hw, const GemmShape& shape, uint64_t seed,
                        const GemmLayout& layout) {
  std::mt19937_64 rng(seed);
  GemmProblem g{shape,
                random_bf16(rng, size_t{shape.m} * shape.k),
                random_bf16(rng, size_t{shape.k} * shape.n),
                {}};
  const auto a_stored = layout.a_transposed ? transpose(g.a, shape.m, shape.k) : g.a;
  g.program = tiled_gemm_program(hw, shape, Format::Bf16, a_stored, g.b, layout);
  return g;
}

}  // namespace tessel::arch
