// The kernel of docs/programming.md, step by step: C = A @ B with the kernel builder, run on the
// architectural model and on the RTL core, and compared. Change it and rerun:
//   make build && build/tiny-small/verif/core/tessel_hello_kernel_tiny
#include <cstdio>
#include <exception>
#include <random>
#include <vector>

#include <fmt/format.h>

#include "arch/arch_model.h"
#include "arch/gemm_kernel.h"  // random_bf16
#include "core/core_sim.h"
#include "harness/test_options.h"
#include "isa/disasm.h"
#include "isa/kernel_builder.h"

using namespace tessel;

namespace {

// Step 1: the kernel. C[M, N] = A[M, K] @ B[K, N] with K = 2 x rows, so the two K tiles
// accumulate in one PSUM bank; then the FP32 result goes back to device memory.
isa::Program hello_kernel(const isa::HwConfig& hw, const std::vector<uint32_t>& a_t,
                          const std::vector<uint32_t>& b) {
  const uint32_t kt = hw.rows, m = hw.cols, n = 8;
  kb::KernelBuilder k(hw);
  auto at = k.dram_tensor("AT", {2 * kt, m}, Format::Bf16);  // A stored transposed: [K, M]
  auto bm = k.dram_tensor("B", {2 * kt, n}, Format::Bf16);
  auto c = k.dram_tensor("C", {m, n}, Format::Fp32);
  k.init(at, kb::pack_elements(a_t, Format::Bf16));
  k.init(bm, kb::pack_elements(b, Format::Bf16));

  auto loaded = k.semaphore("loaded");  // counts DMA queue 0's copies
  auto mm_done = k.semaphore("mm_done");  // counts the tensor engine's matmuls
  auto acc = k.psum_tile({m, n}, /*bank=*/0);
  for (uint32_t t = 0; t < 2; ++t) {
    // Step 2: move a K tile of each operand into SBUF (partitions = the contraction axis).
    auto st = k.sbuf_tile({kt, m}, Format::Bf16, 0, t * 0x100);
    auto mv = k.sbuf_tile({kt, n}, Format::Bf16, 0, 0x200 + t * 0x100);
    k.dma_copy(st, at.slice({{t * kt, (t + 1) * kt}}), kb::signal(loaded));
    kb::Event both = k.dma_copy(mv, bm.slice({{t * kt, (t + 1) * kt}}), kb::signal(loaded));
    // Step 3: the matmul waits until both copies of its tile have completed.
    k.matmul(acc, st, mv, /*accumulate=*/t > 0, kb::wait(both).signal(mm_done));
  }
  // Step 4: store PSUM to C once both matmuls are done.
  k.dma_copy(c.tile(), acc, kb::wait(mm_done, 2));
  k.end_all();
  return k.build();
}

}  // namespace

int main(int argc, char** argv) {
  try {
    sim::take_options(argc, argv);
    const isa::HwConfig hw = core::core_hw_config();
    std::mt19937_64 rng(1);
    const auto a_t = arch::random_bf16(rng, size_t{2} * hw.rows * hw.cols);
    const auto b = arch::random_bf16(rng, size_t{2} * hw.rows * 8);
    const isa::Program program = hello_kernel(hw, a_t, b);
    fmt::print("{}", isa::program_listing(program));  // step 5: read what you wrote

    // Step 6: run it on the architectural model (fast, functional) ...
    arch::ArchModel model(hw);
    model.load(program);
    const arch::RunResult mr = model.run();
    fmt::print("architectural model: {}\n", arch::status_name(mr.status));

    // ... and on the RTL core (cycle-accurate), then compare every byte of state.
    core::CoreSim core("hello", 1);
    core.load(program);
    const core::RunReport r = core.run();
    const auto diffs = core::compare(core, r, model);
    for (const auto& d : diffs) fmt::print("  difference: {}\n", d);
    fmt::print("RTL core: {} in {} cycles, {} MACs, {} DMA bytes; identical to the model: {}\n",
               r.done ? "done" : "NOT done", r.cycles, r.macs, r.dma_bytes,
               diffs.empty() ? "yes" : "NO");
    return r.done && diffs.empty() && mr.status == arch::RunStatus::Done ? 0 : 1;
  } catch (const std::exception& e) {
    fmt::print(stderr, "tessel_hello_kernel: {}\n", e.what());
    return 2;
  }
}
