// arch_bench: how fast the architectural model runs, on the configuration it is built for.
//   arch_bench [M K N]      (default 256 256 256)
// Prints MACs/s of a tiled BF16 GEMM (tensor-engine arithmetic, DMA and scheduling together)
// and instructions/s of a stream of synchronised NOPs (sequencer and scheduler overhead alone).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>

#include <fmt/format.h>

#include "arch/arch_model.h"
#include "arch/gemm_kernel.h"
#include "isa/hw_config_generated.h"
#include "isa/kernel_builder.h"

namespace {

using tessel::Format;
using namespace tessel;

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}


// Runs a program and returns (seconds, steps); exits if it does not finish cleanly.
std::pair<double, uint64_t> timed_run(arch::ArchModel& model, const isa::Program& p) {
  model.load(p);
  const auto t0 = std::chrono::steady_clock::now();
  const arch::RunResult r = model.run();
  const double s = seconds_since(t0);
  if (r.status != arch::RunStatus::Done) {
    fmt::print(stderr, "arch_bench: run ended with {}: {}\n", arch::status_name(r.status),
               r.detail);
    std::exit(1);
  }
  return {s, r.steps};
}

isa::Program nop_ping_pong(const isa::HwConfig& hw, uint32_t rounds) {
  // Tensor and vector engines alternate through two semaphores: every NOP waits for the other.
  kb::KernelBuilder b(hw);
  const auto ping = b.semaphore("ping");
  const auto pong = b.semaphore("pong");
  for (uint32_t i = 0; i < rounds; ++i) {
    kb::Sync t = kb::signal(ping);
    if (i > 0) t.wait(pong, i);
    b.nop(isa::Engine::Tensor, t);
    b.nop(isa::Engine::Vector, kb::wait(ping, i + 1).signal(pong));
  }
  b.end_all();
  return b.build();
}

}  // namespace

int main(int argc, char** argv) {
  arch::GemmShape shape{256, 256, 256};
  if (argc == 4) {
    shape = {static_cast<uint32_t>(std::stoul(argv[1])), static_cast<uint32_t>(std::stoul(argv[2])),
             static_cast<uint32_t>(std::stoul(argv[3]))};
  } else if (argc != 1) {
    fmt::print(stderr, "usage: {} [M K N]\n", argv[0]);
    return 2;
  }
  const isa::HwConfig hw = isa::generated_hw_config();
  std::mt19937_64 rng(1);
  const auto a = arch::random_bf16(rng, size_t{shape.m} * shape.k);
  const auto b = arch::random_bf16(rng, size_t{shape.k} * shape.n);
  const isa::Program gemm = arch::tiled_gemm_program(hw, shape, Format::Bf16, a, b);

  arch::ArchModel model(hw);
  const auto [gemm_s, gemm_steps] = timed_run(model, gemm);
  const uint64_t macs = model.counters(isa::Engine::Tensor).macs;
  fmt::print("config {}: GEMM {}x{}x{} bf16: {} instructions, {} MACs, {} DMA bytes in {:.3f} s\n",
             hw.name, shape.m, shape.k, shape.n, gemm_steps, macs,
             model.counters(isa::Engine::Dma).dma_bytes, gemm_s);
  fmt::print("  {:.1f} M MACs/s, {:.0f} instructions/s\n", macs / gemm_s / 1e6,
             gemm_steps / gemm_s);

  constexpr uint32_t kRounds = 20000;
  arch::ArchModel nop_model(hw);
  const auto [nop_s, nop_steps] = timed_run(nop_model, nop_ping_pong(hw, kRounds));
  fmt::print("NOP ping-pong: {} instructions in {:.3f} s: {:.2f} M instructions/s\n", nop_steps,
             nop_s, nop_steps / nop_s / 1e6);
  return 0;
}
