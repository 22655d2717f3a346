// `make run`: the core demo. A tiled BF16 GEMM written with the kernel builder
// (models/arch/gemm_kernel.h) runs on the whole verilated core - four sequencers fetching their
// streams over AXI4, DMA into SBUF, the tensor engine into PSUM, DMA of the results back to
// device memory, all overlapped through semaphores - and is checked bit for bit against the
// architectural model and within the derived bound against Eigen. It prints the run's figures
// from the core's own performance counters.
#include <chrono>
#include <cstdio>
#include <exception>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "arch/arch_model.h"
#include "arch/gemm_kernel.h"
#include "core/core_sim.h"
#include "demo/demo_args.h"
#include "harness/test_options.h"
#include "oracle/gemm_eigen.h"

using namespace tessel;

namespace {

struct DemoOptions {
  uint64_t seed = 1;
  arch::GemmShape shape;
  bool a_transposed = true;
  bool random_memory = false;  // the tests' stress memory instead of the HBM-like one
};

// Device memory as the demo models it: always ready, 20-40 cycles from address to data, 16
// bursts outstanding each way, responses of different IDs reordered - roughly an HBM channel
// behind an interconnect. The tests use the default knobs instead (random ready gaps on every
// channel), which stress the protocol but are not a memory anyone builds.
bfm::Axi4MemKnobs hbm_like_memory() {
  bfm::Axi4MemKnobs k = bfm::Axi4MemKnobs::none();
  k.read_latency_min = k.write_latency_min = 20;
  k.read_latency_max = k.write_latency_max = 40;
  k.reorder = true;
  return k;
}

const char* kUsage =
    "usage: tessel_core_demo [--seed=N] [--m=N] [--k=N] [--n=N] [--a-layout=transposed|natural]\n"
    "                        [--memory=hbm|random] [--trace[=FILE]] [--trace-start=N] [--trace-end=N]\n"
    "  Runs C[M,N] = A[M,K] @ B[K,N] (BF16 in, FP32 out) as a tiled kernel on the core.\n"
    "  Default: 256 x 256 x 256 (64 on tiny), A stored transposed in device memory, an\n"
    "  HBM-like device memory (no backpressure, 20-40 cycles latency); --memory=random is the\n"
    "  tests' stress memory (random ready gaps, 1-12 cycles latency).\n";

DemoOptions parse(const std::vector<char*>& args, const isa::HwConfig& hw) {
  DemoOptions o;
  const uint32_t n = hw.rows <= 4 ? 64 : 256;
  o.shape = {n, n, n};
  for (size_t i = 1; i < args.size(); ++i) {
    const std::string_view a = args[i];
    std::string_view v;
    if (a == "--help" || a == "-h") {
      fmt::print("{}{}", kUsage, sim::options_help());
      std::exit(0);
    } else if (demo::option_value(a, "--seed", &v)) {
      o.seed = demo::parse_positive("--seed", v, 0xffffffffu);
    } else if (demo::option_value(a, "--m", &v)) {
      o.shape.m = demo::parse_positive("--m", v, 4096);
    } else if (demo::option_value(a, "--k", &v)) {
      o.shape.k = demo::parse_positive("--k", v, 4096);
    } else if (demo::option_value(a, "--n", &v)) {
      o.shape.n = demo::parse_positive("--n", v, 4096);
    } else if (demo::option_value(a, "--a-layout", &v)) {
      if (v != "transposed" && v != "natural") {
        throw std::invalid_argument("--a-layout: 'transposed' or 'natural'");
      }
      o.a_transposed = v == "transposed";
    } else if (demo::option_value(a, "--memory", &v)) {
      if (v != "hbm" && v != "random") throw std::invalid_argument("--memory: 'hbm' or 'random'");
      o.random_memory = v == "random";
    } else {
      throw std::invalid_argument(fmt::format("unknown option '{}'", a));
    }
  }
  return o;
}

int run_demo(const DemoOptions& o, const isa::HwConfig& hw) {
  const arch::GemmShape& s = o.shape;
  fmt::print("Tessel core demo: configuration '{}', {}x{} PEs, SBUF {} KiB/partition, "
             "PSUM {} x {} B\n",
             hw.name, hw.rows, hw.cols, hw.sbuf_bytes_per_partition / 1024, hw.psum_banks,
             hw.psum_bank_bytes);
  const arch::GemmProblem g = arch::random_gemm(hw, s, o.seed, {o.a_transposed});
  size_t instructions = 0;
  for (const auto& st : g.program.streams) instructions += st.code.size();
  fmt::print("kernel: tiled GEMM C[{},{}] = A[{},{}] @ B[{},{}], BF16 -> FP32, A stored {}, "
             "{} instructions, seed {}\n",
             s.m, s.n, s.m, s.k, s.k, s.n, o.a_transposed ? "transposed" : "row-major",
             instructions, o.seed);

  arch::ArchModel model(hw);
  model.load(g.program);
  const arch::RunResult mr = model.run();
  if (mr.status != arch::RunStatus::Done) {
    fmt::print("architectural model did not finish: {}\nFAIL\n", mr.detail);
    return 1;
  }

  core::CoreSim core("demo", o.seed);
  if (!o.random_memory) core.memory().knobs() = hbm_like_memory();
  fmt::print("device memory: {}\n", o.random_memory
                                        ? "random ready gaps (30%), 1-12 cycles latency"
                                        : "HBM-like: always ready, 20-40 cycles latency, 16 "
                                          "bursts outstanding");
  core.load(g.program);
  const auto start = std::chrono::steady_clock::now();
  const core::RunReport r = core.run(200'000'000);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  const std::vector<std::string> diffs = core::compare(core, r, model);
  for (size_t i = 0; i < diffs.size() && i < 10; ++i) fmt::print("  difference: {}\n", diffs[i]);
  const auto c = core.read_fp32(g.program.symbol("C").address, size_t{s.m} * s.n);
  const tb::EigenGemmCheck eigen =
      tb::check_gemm_with_eigen(g.a, g.b, c, s.m, s.k, s.n, Format::Bf16, hw.rows);
  if (!eigen.ok()) fmt::print("  Eigen: {}\n", eigen.first_violation);

  const double cycles = static_cast<double>(r.cycles);
  fmt::print("status: {}{}\n", r.done ? "done" : "not done",
             r.error ? fmt::format(", ERROR {}", isa::error_name(r.error_state.code)) : "");
  fmt::print("bit-exact against the architectural model (SBUF, PSUM, DRAM, semaphores): {}\n",
             diffs.empty() ? "yes" : "NO");
  fmt::print("within the derived bound against Eigen: {} (max {:.1f}% of the bound)\n",
             eigen.ok() ? "yes" : "NO", 100.0 * eigen.max_bound_ratio);
  fmt::print("cycles: {}\n", r.cycles);
  fmt::print("tensor engine: {} MACs, {:.1f} MACs/cycle of {} peak = {:.1f}% utilisation\n",
             r.macs, r.macs / cycles, hw.rows * hw.cols,
             100.0 * r.macs / cycles / (hw.rows * hw.cols));
  for (isa::Engine e : isa::kAllEngines) {
    const auto i = static_cast<size_t>(e);
    fmt::print("  {:<7} busy {:5.1f}%   stalled {:5.1f}%\n", isa::engine_name(e),
               100.0 * r.busy[i] / cycles, 100.0 * r.stall[i] / cycles);
  }
  fmt::print("DMA: {} bytes, {:.2f} bytes/cycle (AXI4 data bus: 8 bytes/cycle)\n", r.dma_bytes,
             r.dma_bytes / cycles);
  fmt::print("simulation speed: {:.2f} kHz ({:.1f} s, Verilator, 1 thread)\n",
             cycles / seconds / 1e3, seconds);
  const bool ok = r.done && !r.error && diffs.empty() && eigen.ok();
  fmt::print("{}\n", ok ? "PASS" : "FAIL");
  return ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const auto rest = sim::take_options(argc, argv);
    const isa::HwConfig hw = core::core_hw_config();
    const DemoOptions o = parse(rest, hw);
    sim::options().seed = static_cast<uint32_t>(o.seed);
    return run_demo(o, hw);
  } catch (const std::exception& e) {
    fmt::print(stderr, "tessel_core_demo: error: {}\n{}", e.what(), kUsage);
    return 2;
  }
}
