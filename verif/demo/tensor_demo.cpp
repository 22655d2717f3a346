// The tensor engine demo (make bench runs it on trn). Several BF16 stationary tiles are accumulated against
// full-bank moving tiles into PSUM, back to back; the result is checked bit-exactly against the
// C++ model and against Eigen within the derived bound, and the engine's throughput is printed.
#include <chrono>
#include <cstdio>
#include <exception>
#include <random>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "demo/demo_args.h"
#include "harness/test_options.h"
#include "tensor_engine/gemm_check.h"
#include "tensor_engine/tensor_driver.h"

using namespace tessel;
using namespace tessel::tb;
using tessel::demo::parse_positive;

namespace {

struct DemoOptions {
  uint64_t seed = 1;
  unsigned tiles = 4;  // stationary tiles accumulated into each output block
  unsigned blocks = 2; // output blocks (PSUM banks)
};

const char* kUsage =
    "usage: tessel_tensor_demo [--seed=N] [--tiles=N] [--blocks=N] [--trace[=FILE]] "
    "[--trace-start=N] [--trace-end=N]\n"
    "  Runs blocks x tiles BF16 matmuls (K=P, M=C, N=PSUM bank) on the tensor engine,\n"
    "  accumulating tiles into one PSUM bank per block.\n";

DemoOptions parse(const std::vector<char*>& args) {
  DemoOptions o;
  for (size_t i = 1; i < args.size(); ++i) {
    const std::string_view a = args[i];
    if (a == "--help" || a == "-h") {
      fmt::print("{}{}", kUsage, sim::options_help());
      std::exit(0);
    } else if (a.rfind("--seed=", 0) == 0) {
      o.seed = parse_positive("--seed", a.substr(7), 0xffffffffu);
    } else if (a.rfind("--tiles=", 0) == 0) {
      o.tiles = parse_positive("--tiles", a.substr(8), 64);
    } else if (a.rfind("--blocks=", 0) == 0) {
      o.blocks = parse_positive("--blocks", a.substr(9), config::kPsumBanks);
    } else {
      throw std::invalid_argument(fmt::format("unknown option '{}'", a));
    }
  }
  return o;
}

int run_demo(const DemoOptions& o) {
  fmt::print("Tessel tensor engine demo: configuration '{}', {}x{} PE array, PSUM bank {} FP32\n",
             config::kConfigName, kRows, kCols, kBankEntries);
  std::mt19937_64 rng(o.seed);
  std::vector<std::vector<MatmulJob>> chains(o.blocks);
  std::vector<MatmulJob> all;
  for (unsigned b = 0; b < o.blocks; ++b) {
    for (unsigned t = 0; t < o.tiles; ++t) {
      chains[b].push_back({random_tile(rng, kRows, kCols, Format::Bf16),
                           random_tile(rng, kRows, kBankEntries, Format::Bf16),
                           b * kBankEntries, t > 0});
      all.push_back(chains[b].back());
    }
  }
  fmt::print("workload: {} output blocks of [{} x {}], each the sum of {} BF16 matmuls "
             "(K={}), seed {}\n", o.blocks, kCols, kBankEntries, o.tiles, kRows, o.seed);

  TensorDriver drv("demo", o.seed);
  const auto start = std::chrono::steady_clock::now();
  const RunStats st = drv.run(all, Backpressure::none());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  bool exact = true;
  double worst_ratio = 0.0;
  double max_err = 0.0;
  for (const auto& chain : chains) {
    const auto c = compare_chain(chain, drv.psum_region(chain.front().psum_row, kCols,
                                                        kBankEntries));
    exact = exact && c.model_mismatches == 0;
    worst_ratio = std::max(worst_ratio, c.max_bound_ratio);
    max_err = std::max(max_err, c.max_abs_error);
    if (!c.ok()) fmt::print("  problem: {}\n", c.first_problem);
  }
  const double macs = static_cast<double>(all.size()) * kRows * kCols * kBankEntries;
  const double peak = static_cast<double>(kRows) * kCols;
  fmt::print("bit-exact against the C++ model:   {}\n", exact ? "yes" : "NO");
  fmt::print("max |error| against Eigen (float): {:.3g}  ({:.1f}% of the derived bound)\n",
             max_err, 100.0 * worst_ratio);
  fmt::print("cycles: {} total, fill latency {}, drain {}\n", st.cycles,
             st.first_psum_write - st.first_moving_accept,
             st.last_psum_write - st.last_moving_accept);
  fmt::print("MACs: {:.0f}; {:.1f} MACs/cycle of a peak {:.0f} (P*C): {:.1f}% utilisation\n",
             macs, macs / static_cast<double>(st.cycles), peak,
             100.0 * macs / static_cast<double>(st.cycles) / peak);
  fmt::print("simulation speed: {} cycles in {:.2f} s = {:.2f} kHz (Verilator, 1 thread)\n",
             st.cycles, seconds, static_cast<double>(st.cycles) / seconds / 1e3);
  fmt::print("error flag: {}\n", drv.error() ? "SET" : "clear");
  const bool ok = exact && worst_ratio <= 1.0 && !drv.error();
  fmt::print("{}\n", ok ? "PASS" : "FAIL");
  return ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const auto rest = sim::take_options(argc, argv);
    const DemoOptions o = parse(rest);
    sim::options().seed = static_cast<uint32_t>(o.seed);
    return run_demo(o);
  } catch (const std::exception& e) {
    fmt::print(stderr, "tessel_tensor_demo: error: {}\n{}", e.what(), kUsage);
    return 2;
  }
}
