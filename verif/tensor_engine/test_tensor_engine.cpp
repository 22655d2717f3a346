// Tensor engine tests (rtl/top/tensor_psum_top.sv), built once per configuration.
// Every result is checked bit-exactly against the C++ model and, for finite inputs, against an
// Eigen float GEMM within the bound derived in docs/numerics.md.
#include <algorithm>
#include <random>

#include <catch2/catch_get_random_seed.hpp>
#include <catch2/catch_test_macros.hpp>
#include <fmt/format.h>

#include "tensor_engine/gemm_check.h"
#include "tensor_engine/tensor_driver.h"

using namespace tessel;
using namespace tessel::tb;

namespace {

// Sizes that exercise the edges of the array: 1, an odd size in between, and the maximum.
std::vector<unsigned> edge_sizes(unsigned max) {
  std::vector<unsigned> v{1, max / 2 + 1, max};
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

unsigned bank_row(unsigned bank) { return bank * kBankEntries; }

void require_ok(const Comparison& c, const std::string& what) {
  INFO(what << ": " << c.first_problem);
  CHECK(c.model_mismatches == 0);
  CHECK(c.bound_violations == 0);
}

// Runs jobs in batches of one bank each, then reads back and checks every job's region.
void run_and_check(TensorDriver& drv, std::vector<MatmulJob> jobs, const Backpressure& bp) {
  for (size_t first = 0; first < jobs.size(); first += config::kPsumBanks) {
    const size_t count = std::min<size_t>(config::kPsumBanks, jobs.size() - first);
    std::vector<MatmulJob> batch(jobs.begin() + first, jobs.begin() + first + count);
    for (size_t i = 0; i < batch.size(); ++i) batch[i].psum_row = bank_row(static_cast<unsigned>(i));
    drv.run(batch, bp);
    for (const auto& job : batch) {
      const auto rtl = drv.psum_region(job.psum_row, job.stationary.cols, job.moving.cols);
      require_ok(compare_chain({job}, rtl),
                 fmt::format("K={} M={} N={} {}x{}", job.stationary.rows, job.stationary.cols,
                             job.moving.cols, format_name(job.stationary.format),
                             format_name(job.moving.format)));
    }
  }
  CHECK_FALSE(drv.error());
}

void shape_sweep(Format f) {
  std::mt19937_64 rng(Catch::getSeed());
  TensorDriver drv(fmt::format("sweep_{}", format_name(f)), Catch::getSeed());
  std::vector<MatmulJob> jobs;
  for (unsigned k : edge_sizes(kRows)) {
    for (unsigned m : edge_sizes(kCols)) {
      for (unsigned n : edge_sizes(kBankEntries)) {
        jobs.push_back({random_tile(rng, k, m, f), random_tile(rng, k, n, f), 0, false});
      }
    }
  }
  run_and_check(drv, std::move(jobs), Backpressure::random());
}

}  // namespace

TEST_CASE("the RTL model matches this configuration", "[tensor]") {
  TensorDriver drv("config", Catch::getSeed());
  REQUIRE_NOTHROW(drv.check_config());
  CHECK_FALSE(drv.busy());
  CHECK_FALSE(drv.error());
}

TEST_CASE("matmul shape sweep bf16", "[tensor]") { shape_sweep(Format::Bf16); }
TEST_CASE("matmul shape sweep fp16", "[tensor]") { shape_sweep(Format::Fp16); }
TEST_CASE("matmul shape sweep fp8e4m3", "[tensor]") { shape_sweep(Format::Fp8E4M3); }
TEST_CASE("matmul shape sweep fp8e5m2", "[tensor]") { shape_sweep(Format::Fp8E5M2); }

TEST_CASE("mixed stationary and moving formats", "[tensor]") {
  std::mt19937_64 rng(Catch::getSeed());
  TensorDriver drv("mixed", Catch::getSeed());
  std::vector<MatmulJob> jobs;
  for (Format fs : kPeInputFormats) {
    for (Format fm : kPeInputFormats) {
      if (fs == fm) continue;
      const unsigned k = 1 + static_cast<unsigned>(rng() % kRows);
      const unsigned m = 1 + static_cast<unsigned>(rng() % kCols);
      const unsigned n = 1 + static_cast<unsigned>(rng() % kBankEntries);
      jobs.push_back({random_tile(rng, k, m, fs), random_tile(rng, k, n, fm), 0, false});
    }
  }
  run_and_check(drv, std::move(jobs), Backpressure::random());
}

TEST_CASE("NaN, infinity, signed zero and subnormal elements propagate exactly", "[tensor]") {
  std::mt19937_64 rng(Catch::getSeed());
  TensorDriver drv("specials", Catch::getSeed());
  std::vector<MatmulJob> jobs;
  for (Format f : kPeInputFormats) {
    jobs.push_back({random_tile_with_specials(rng, kRows, kCols, f, 0.1),
                    random_tile_with_specials(rng, kRows, kBankEntries / 2 + 1, f, 0.1), 0,
                    false});
  }
  run_and_check(drv, std::move(jobs), Backpressure::random());
}

TEST_CASE("accumulate chains into one PSUM bank", "[tensor]") {
  std::mt19937_64 rng(Catch::getSeed());
  TensorDriver drv("accumulate", Catch::getSeed());
  const unsigned bank = config::kPsumBanks - 1;
  for (Format f : kPeInputFormats) {
    const unsigned m = 1 + static_cast<unsigned>(rng() % kCols);
    const unsigned n = 1 + static_cast<unsigned>(rng() % kBankEntries);
    std::vector<MatmulJob> chain;
    for (int t = 0; t < 4; ++t) {
      const unsigned k = 1 + static_cast<unsigned>(rng() % kRows);
      // The first matmul overwrites whatever the previous chain left in the bank.
      chain.push_back({random_tile(rng, k, m, f), random_tile(rng, k, n, f), bank_row(bank),
                       t > 0});
    }
    drv.run(chain, Backpressure::random());
    require_ok(compare_chain(chain, drv.psum_region(bank_row(bank), m, n)),
               fmt::format("chain of 4 in {}, M={} N={}", format_name(f), m, n));
  }
  CHECK_FALSE(drv.error());
}

TEST_CASE("back-to-back matmuls accept a moving column every cycle", "[tensor][perf]") {
  std::mt19937_64 rng(Catch::getSeed());
  TensorDriver drv("back_to_back", Catch::getSeed());
  // Different stationary tiles each time, N >= M so each weight load hides behind streaming.
  std::vector<MatmulJob> jobs;
  for (unsigned i = 0; i < 4; ++i) {
    jobs.push_back({random_tile(rng, kRows, kCols, Format::Bf16),
                    random_tile(rng, kRows, kBankEntries, Format::Bf16), bank_row(i), false});
  }
  const RunStats st = drv.run(jobs, Backpressure::none());
  const uint64_t beats = 4ull * kBankEntries;
  const uint64_t fill = st.first_psum_write - st.first_moving_accept;
  const uint64_t drain = st.last_psum_write - st.last_moving_accept;
  fmt::print("tensor engine {}x{}: {} moving beats in {} cycles; fill latency {} cycles, drain "
             "{} cycles; refusals between first and last beat: {}\n",
             kRows, kCols, st.moving_beats, st.last_moving_accept - st.first_moving_accept + 1,
             fill, drain, st.moving_refusals);
  // docs/tensor-engine.md, "Latency": a beat accepted in cycle t is written to PSUM in t + P + C.
  CHECK(fill == kRows + kCols);
  CHECK(drain == kRows + kCols);
  CHECK(st.moving_beats == beats);
  CHECK(st.moving_refusals == 0);
  CHECK(st.last_moving_accept - st.first_moving_accept + 1 == beats);
  CHECK(st.psum_writes == beats);
  for (const auto& job : jobs) {
    require_ok(compare_chain({job}, drv.psum_region(job.psum_row, kCols, kBankEntries)),
               "back-to-back");
  }
}

TEST_CASE("an illegal operand format is reported and the engine drains", "[tensor][error]") {
  std::mt19937_64 rng(Catch::getSeed());
  TensorDriver drv("bad_format", Catch::getSeed());
  MatmulJob job{random_tile(rng, kRows, kCols, Format::Bf16),
                random_tile(rng, kRows, 4, Format::Bf16), 0, false};
  auto st = drv.stationary_beats(job);
  auto mv = drv.moving_beats(job);
  st[0].format = Format::Fp32;  // FP32 is not a PE input format
  CHECK_FALSE(drv.error());
  drv.run_beats({st.begin(), st.end()}, {mv.begin(), mv.end()}, Backpressure::none());
  CHECK(drv.error());
  CHECK_FALSE(drv.busy());
}

TEST_CASE("a stationary row count of 0 or above P is reported", "[tensor][error]") {
  std::mt19937_64 rng(Catch::getSeed());
  for (unsigned bad_rows : {0u, kRows + 1}) {
    TensorDriver drv(fmt::format("bad_rows_{}", bad_rows), Catch::getSeed());
    MatmulJob job{random_tile(rng, kRows, 2, Format::Bf16),
                  random_tile(rng, kRows, 2, Format::Bf16), 0, false};
    auto st = drv.stationary_beats(job);
    for (auto& b : st) b.rows = bad_rows;
    auto mv = drv.moving_beats(job);
    drv.run_beats({st.begin(), st.end()}, {mv.begin(), mv.end()}, Backpressure::none());
    INFO("rows = " << bad_rows);
    CHECK(drv.error());
    CHECK_FALSE(drv.busy());
  }
}

// Rows k >= K must pass the partial sum through, not add a zero product: fma(0, x, -0) = +0
// would turn a -0 sum into +0. A -0 sum arises when a tiny negative product rounds to zero:
// 2^-100 * -(2^-100) = -2^-200 -> -0 in FP32. With K = 1 every column's result must stay -0.
TEST_CASE("a -0 partial sum passes unchanged through the rows beyond K", "[tensor]") {
  constexpr uint32_t kBf16TwoPowMinus100 = (127 - 100) << 7;  // exponent field 27, mantissa 0
  constexpr uint32_t kBf16Sign = 0x8000;
  constexpr uint32_t kFp32MinusZero = 0x80000000u;
  TensorDriver drv("minus_zero", Catch::getSeed());
  MatmulJob job{Tile(1, kCols, Format::Bf16), Tile(1, 8, Format::Bf16), 0, false};
  for (auto& v : job.stationary.bits) v = kBf16TwoPowMinus100;
  for (auto& v : job.moving.bits) v = kBf16Sign | kBf16TwoPowMinus100;
  drv.run({job}, Backpressure::random());
  const auto rtl = drv.psum_region(0, kCols, 8);
  for (size_t i = 0; i < rtl.size(); ++i) {
    INFO("element " << i);
    CHECK(rtl[i] == kFp32MinusZero);
  }
}

TEST_CASE("a stationary tile wider than C is reported and the engine drains", "[tensor][error]") {
  std::mt19937_64 rng(Catch::getSeed());
  TensorDriver drv("too_wide", Catch::getSeed());
  MatmulJob job{random_tile(rng, kRows, kCols + 1, Format::Bf16),
                random_tile(rng, kRows, 3, Format::Bf16), 0, false};
  drv.run({job}, Backpressure::random());
  CHECK(drv.error());
  CHECK_FALSE(drv.busy());
}

TEST_CASE("the harness fails a simulation that runs past its cycle limit", "[harness][error]") {
  const uint64_t saved = sim::options().max_cycles;
  sim::options().max_cycles = 50;
  TensorDriver drv("cycle_limit", Catch::getSeed());  // reset uses a few of the 50 cycles
  bool thrown = false;
  try {
    for (int i = 0; i < 100; ++i) drv.sim().tick();
  } catch (const sim::CycleLimitExceeded& e) {
    thrown = true;
    CHECK(std::string(e.what()).find("cycle limit of 50 cycles") != std::string::npos);
  }
  sim::options().max_cycles = saved;
  CHECK(thrown);
}
