#include "arch/gemm_kernel.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>

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

std::vector<Step> schedule(const isa::HwConfig& hw, const GemmShape& s) {
  const uint32_t tm = hw.cols;  // stationary free size M <= PE columns
  const uint32_t tk = hw.rows;  // contraction K <= PE rows
  const uint32_t tn = std::min<uint32_t>(hw.psum_bank_entries(), 512);
  std::vector<Step> steps;
  uint32_t out_tile = 0;
  for (uint32_t m0 = 0; m0 < s.m; m0 += tm) {
    for (uint32_t n0 = 0; n0 < s.n; n0 += tn, ++out_tile) {
      for (uint32_t k0 = 0; k0 < s.k; k0 += tk) {
        steps.push_back({m0, std::min(tm, s.m - m0), n0, std::min(tn, s.n - n0), k0,
                         std::min(tk, s.k - k0), k0 == 0, k0 + tk >= s.k, out_tile});
      }
    }
  }
  return steps;
}

}  // namespace

isa::Program tiled_gemm_program(const isa::HwConfig& hw, const GemmShape& shape, Format dtype,
                                const std::vector<uint32_t>& a, const std::vector<uint32_t>& b) {
  if (a.size() != size_t{shape.m} * shape.k || b.size() != size_t{shape.k} * shape.n) {
    throw std::invalid_argument("tiled_gemm_program: A or B has the wrong number of elements");
  }
  kb::KernelBuilder builder(hw);
  const auto ta = builder.dram_tensor("A", {shape.m, shape.k}, dtype);
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
  const uint32_t st_bytes = hw.cols * esize;
  const uint32_t mv_bytes = std::min<uint32_t>(hw.psum_bank_entries(), 512) * esize;
  const auto steps = schedule(hw, shape);

  auto store = [&](const Step& s) {  // after the output tile's last matmul
    const auto acc = builder.psum_tile({s.mt, s.nt}, s.out_tile % 2);
    const uint32_t t = static_cast<uint32_t>(&s - steps.data());
    builder.dma_copy(tc.slice({{s.m0, s.m0 + s.mt}, {s.n0, s.n0 + s.nt}}), acc,
                     kb::wait(consumed, t + 1).signal(stored), 2);
  };
  std::vector<const Step*> pending_stores;
  for (uint32_t t = 0; t < steps.size(); ++t) {
    const Step& s = steps[t];
    const uint32_t buf = t % 2;
    const auto st = builder.sbuf_tile({s.kt, s.mt}, dtype, 0, buf * st_bytes);
    const auto mv = builder.sbuf_tile({s.kt, s.nt}, dtype, 0, 2 * st_bytes + buf * mv_bytes);
    // Buffer `buf` was last read by matmul t-2: reload it once that matmul has completed.
    kb::Sync first = kb::signal(st_loaded);
    if (t >= 2) first.wait(consumed, t - 1);
    builder.dma_copy(st, ta.slice({{s.m0, s.m0 + s.mt}, {s.k0, s.k0 + s.kt}}).transposed(), first,
                     0);
    builder.dma_copy(mv, tb.slice({{s.k0, s.k0 + s.kt}, {s.n0, s.n0 + s.nt}}),
                     kb::signal(mv_loaded), 1);
    // Stores are issued one step late so that the DMA stream never stalls on the matmul it
    // has just fed.
    for (const Step* p : pending_stores) store(*p);
    pending_stores.clear();
    if (s.last_k) pending_stores.push_back(&s);

    // The PSUM bank of this output tile was used by output tile out_tile-2: wait for its store.
    if (s.first_k && s.out_tile >= 2)
      builder.nop(isa::Engine::Tensor, kb::wait(stored, s.out_tile - 1));
    builder.nop(isa::Engine::Tensor, kb::wait(st_loaded, t + 1));
    const auto acc = builder.psum_tile({s.mt, s.nt}, s.out_tile % 2);
    builder.matmul(acc, st, mv, /*accumulate=*/!s.first_k,
                   kb::wait(mv_loaded, t + 1).signal(consumed));
  }
  for (const Step* p : pending_stores) store(*p);
  builder.end_all();
  return builder.build();
}

}  // namespace tessel::arch
