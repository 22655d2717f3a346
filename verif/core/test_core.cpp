// Core tests (issue 3): programs run on the whole verilated core (sequencers fetching over AXI4,
// tensor engine, DMA, SBUF, PSUM, semaphores, registers over AXI4-Lite) and are compared bit for
// bit with the architectural model running the same program: SBUF, PSUM, device memory,
// semaphores and error registers. Device memory answers with random latency and backpressure.
#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <vector>

#include <catch2/catch_get_random_seed.hpp>
#include <catch2/catch_test_macros.hpp>
#include <fmt/format.h>

#include "arch/arch_model.h"
#include "arch/gemm_kernel.h"
#include "arch/raw_program.h"
#include "core/core_sim.h"
#include "core/random_program.h"
#include "oracle/gemm_eigen.h"
#include "tessel_regs.h"

namespace tessel::core {
namespace {

using namespace arch::test;  // raw programs
using isa::ErrorCode;

// An AXI error range injected into both the RTL's memory model and the architectural model.
struct Fault {
  uint64_t lo, hi;
  bool decerr = false;
};

struct Case {
  isa::Program program;
  std::vector<Fault> faults;
  std::map<unsigned, uint32_t> semaphores;  // initial values written before start
};

struct Outcome {
  RunReport report;
  arch::RunResult model_result;
  std::vector<std::string> differences;
};

// Runs one program on the core and on the architectural model and compares the final states.
Outcome run_both(const std::string& name, const Case& c, uint64_t max_cycles = 2'000'000) {
  CoreSim core(name, Catch::getSeed());
  arch::ArchModel model(core.hw());
  model.load(c.program);
  core.load(c.program);
  for (const Fault& f : c.faults) {
    core.memory().add_error_range(f.lo, f.hi,
                                  f.decerr ? bfm::AxiResp::kDecErr : bfm::AxiResp::kSlvErr);
    model.memory().inject_error(f.lo, f.hi,
                                f.decerr ? arch::AxiResp::DecErr : arch::AxiResp::SlvErr);
  }
  for (const auto& [id, value] : c.semaphores) {
    core.set_semaphore(id, value);
    model.set_semaphore(static_cast<uint8_t>(id), value);
  }
  Outcome out;
  out.model_result = model.run();
  out.report = core.run(max_cycles);
  out.differences = compare(core, out.report, model);
  return out;
}

std::string lines(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& l : v) s += l + "\n";
  return s;
}

void require_same(const Outcome& o) {
  INFO(lines(o.differences));
  CHECK(o.differences.empty());
}

}  // namespace

TEST_CASE("core: registers after reset", "[core][regs]") {
  CoreSim core("regs", Catch::getSeed());
  auto& r = core.regs();
  CHECK(r.read(regs::id::kOffset) == regs::id::kReset);
  CHECK(r.read(regs::config_array::kOffset) ==
        (regs::config_array::kRows.put(core.hw().rows) |
         regs::config_array::kCols.put(core.hw().cols)));
  CHECK(r.read(regs::config_sbuf::kOffset) == core.hw().sbuf_bytes_per_partition);
  CHECK(r.read(regs::status::kOffset) == 0);  // idle, not done, no error
  CHECK(r.read(regs::error_cause::kOffset) == 0);
  CHECK(core.sim().dut().irq_o == 0);
  for (unsigned bit = 0; bit < 32; ++bit) {  // walking ones on the scratch register
    r.write(regs::scratch::kOffset, 1u << bit);
    CHECK(r.read(regs::scratch::kOffset) == (1u << bit));
  }
}

TEST_CASE("core: engines synchronise through semaphores", "[core][sync]") {
  const isa::HwConfig hw = core_hw_config();
  const Engine T = Engine::Tensor, V = Engine::Vector, S = Engine::Scalar, D = Engine::Dma;
  // A token passes T -> V -> S -> D -> T ... eight times; each engine waits for the previous one.
  std::map<Engine, Code> code;
  const Engine ring[] = {T, V, S, D};
  for (uint32_t round = 0; round < 8; ++round) {
    for (int i = 0; i < 4; ++i) {
      const uint8_t mine = static_cast<uint8_t>(i), prev = static_cast<uint8_t>((i + 3) % 4);
      const uint32_t need = i == 0 ? round : round + 1;
      code[ring[i]].push_back(nop(ring[i], sync(prev, need, mine, 1)));
    }
  }
  Case c;
  c.semaphores[3] = 0;
  std::vector<std::pair<Engine, Code>> streams;
  for (Engine e : ring) {
    code[e].push_back(end(e));
    streams.push_back({e, code[e]});
  }
  c.program = raw_program(hw, streams);
  const Outcome o = run_both("ring", c);
  REQUIRE(o.model_result.status == arch::RunStatus::Done);
  CHECK(o.report.done);
  CHECK_FALSE(o.report.error);
  CHECK(o.report.semaphores[0] == 8);
  require_same(o);
}

namespace {

// The end-to-end GEMM of the issue: device memory -> SBUF -> tensor engine -> PSUM -> device
// memory, DMA of the next tiles overlapped with compute through semaphores.
void check_core_gemm(const arch::GemmShape& shape, const arch::GemmLayout& layout) {
  const isa::HwConfig hw = core_hw_config();
  const arch::GemmProblem g = arch::random_gemm(hw, shape, Catch::getSeed(), layout);
  CoreSim core("gemm", Catch::getSeed());
  arch::ArchModel model(hw);
  model.load(g.program);
  core.load(g.program);
  REQUIRE(model.run().status == arch::RunStatus::Done);
  const RunReport r = core.run(20'000'000);
  REQUIRE(r.done);
  REQUIRE_FALSE(r.error);
  const std::vector<std::string> diffs = compare(core, r, model);
  INFO(lines(diffs));
  CHECK(diffs.empty());

  const auto c = core.read_fp32(g.program.symbol("C").address,
                           size_t{shape.m} * shape.n);
  const tb::EigenGemmCheck eigen =
      tb::check_gemm_with_eigen(g.a, g.b, c, shape.m, shape.k, shape.n, Format::Bf16, hw.rows);
  INFO(eigen.first_violation);
  CHECK(eigen.violations == 0);

  // The counters count what the model counts.
  CHECK(r.macs == model.counters(Engine::Tensor).macs);
  CHECK(r.dma_bytes == model.counters(Engine::Dma).dma_bytes);
  const double peak = double(hw.rows) * hw.cols * r.cycles;
  fmt::print("core GEMM {}x{}x{} on {}: {} cycles, tensor-engine utilisation {:.1f}%, DMA {} bytes "
             "({:.2f} B/cycle), error/bound max {:.3f}\n",
             shape.m, shape.k, shape.n, hw.name, r.cycles, 100.0 * r.macs / peak, r.dma_bytes,
             double(r.dma_bytes) / r.cycles, eigen.max_bound_ratio);
}

}  // namespace

TEST_CASE("core: tiled BF16 GEMM end to end", "[core][gemm]") {
  const isa::HwConfig hw = core_hw_config();
  const uint32_t n = hw.rows <= 4 ? 64 : 256;  // 64^3 on tiny, 256^3 on small
  SECTION("A stored transposed") { check_core_gemm({n, n, n}, {true}); }
  SECTION("ragged 30x17x9, A transposed by the access pattern") {
    check_core_gemm({30, 17, 9}, {false});
  }
}

TEST_CASE("core: a DMA never overwrites a matmul input before the matmul signals",
          "[core][sync]") {
  // DMA queue 0 loads X into SBUF; the matmul reads it; DMA then overwrites X with Y. With the
  // wait on the matmul's signal the result is X's; without it (a broken program) some run
  // computes with Y - which is what proves the check can fail.
  const isa::HwConfig hw = core_hw_config();
  const uint32_t k = hw.rows, m = hw.cols, n = std::min<uint32_t>(hw.psum_bank_entries(), 64);
  auto sbuf_tile = [&](uint64_t off, uint32_t cols) {
    return isa::test::expect(Space::Sbuf, Format::Bf16, 0, k, off, 0, {{{1, 1}, {1, 1}, {1, cols}}});
  };
  auto dram_tile = [&](uint64_t addr, uint32_t cols) {
    return isa::test::expect(Space::Dram, Format::Bf16, 0, k, addr, cols * 2,
                             {{{1, 1}, {1, 1}, {1, cols}}});
  };
  const auto psum = isa::test::expect(Space::Psum, Format::Fp32, 0, m, 0, 0,
                                      {{{1, 1}, {1, 1}, {1, n}}});
  std::mt19937_64 rng(Catch::getSeed());
  auto data = [&](size_t count) {
    std::vector<uint8_t> b(count);
    for (auto& x : b) x = static_cast<uint8_t>(0x30 + rng() % 0x10);  // modest BF16 values
    return b;
  };
  auto program = [&](bool with_wait) {
    const Code dmas{dma(sbuf_tile(0, m), dram_tile(0x0, m), signal_only(0)),
                    dma(sbuf_tile(0x400, n), dram_tile(0x1000, n), signal_only(0)),
                    dma(sbuf_tile(0x400, n), dram_tile(0x4000, n),
                        with_wait ? wait_only(1, 1) : isa::Sync{}),
                    end(Engine::Dma)};
    const Code mm{isa::encode(Instruction::matmul({psum, sbuf_tile(0, m), sbuf_tile(0x400, n), false},
                                                  sync(0, 2, 1, 1))),
                  end(Engine::Tensor)};
    Case c;
    c.program = raw_program(hw, {{Engine::Tensor, mm}, {Engine::Dma, dmas}},
                            {{0x0, data(size_t{k} * m * 2)}, {0x1000, data(size_t{k} * n * 2)},
                             {0x4000, data(size_t{k} * n * 2)}});
    return c;
  };
  const Outcome good = run_both("ordered", program(true));
  require_same(good);
  // The racy program: the model runs each instruction whole, so it computes with X; the core,
  // overlapping the overwrite with the matmul's reads, computes (partly) with Y.
  const Outcome racy = run_both("racy", program(false));
  CHECK_FALSE(racy.differences.empty());
}

namespace {

struct BadCase {
  std::string name;
  Case run;
  ErrorCode code;
  Engine engine;
  uint64_t address;
};

// Directed bad programs, one or more per error code. Engines that are not at fault wait on s31,
// which nobody signals, so that nothing else runs in either the core or the model (the model
// runs one instruction at a time; the core runs engines in parallel). AXI error ranges start on
// an AXI transaction boundary (a read beat; a write burst, reaching to the end of the target),
// where the core's AXI-level fault and the model's element-level fault name the same address
// and leave the same bytes written (docs/dma.md).
std::vector<BadCase> bad_cases(const isa::HwConfig& hw) {
  const Engine T = Engine::Tensor, V = Engine::Vector, D = Engine::Dma;
  const isa::InstructionWords canary =
      dma(dram_fp32(0x9000, 4), sbuf_fp32(0, 0, 4), wait_only(31, 1));
  const std::vector<uint8_t> data(256, 0x5A);
  std::vector<BadCase> out;
  auto add = [&](std::string name, isa::Program p, ErrorCode code, Engine e, uint64_t addr,
                 std::vector<Fault> faults = {}, std::map<unsigned, uint32_t> sems = {}) {
    out.push_back({std::move(name), {std::move(p), std::move(faults), std::move(sems)}, code, e,
                   addr});
  };
  add("illegal opcode (reserved vector range)",
      raw_program(hw, {{V, {with_field(nop(V), isa::layout::kOpcode, 0x20), end(V)}},
                       {D, {canary, end(D)}}}),
      ErrorCode::IllegalOpcode, V, stream_address(V, 0));
  add("reserved bit set", raw_program(hw, {{T, {nop(T), with_field(nop(T), {7, 3, 1}, 1), end(T)}}}),
      ErrorCode::BadField, T, stream_address(T, 1));
  add("instruction for another engine", raw_program(hw, {{V, {end(T)}}, {D, {canary, end(D)}}}),
      ErrorCode::BadField, V, stream_address(V, 0));
  add("DRAM to DRAM copy", raw_program(hw, {{D, {dma(dram_fp32(0x4000, 16), dram_fp32(0, 16)), end(D)}}}),
      ErrorCode::BadField, D, stream_address(D, 0));
  add("a faulty instruction behind a wait that never holds",
      raw_program(hw, {{T, {with_field(nop(T, wait_only(31, 1)), {7, 3, 1}, 1), end(T)}}}),
      ErrorCode::BadField, T, stream_address(T, 0));
  add("DMA past the last SBUF partition",
      raw_program(hw, {{D, {dma(sbuf_fp32(hw.rows, 0, 4), dram_fp32(0, 4)), end(D)}}}),
      ErrorCode::AddressOutOfRange, D, stream_address(D, 0));
  add("DMA beyond device memory",
      raw_program(hw, {{D, {dma(dram_fp32(hw.dram_bytes - 8, 4), sbuf_fp32(0, 0, 4)), end(D)}}}),
      ErrorCode::AddressOutOfRange, D, stream_address(D, 0));
  add("stream without END", raw_program(hw, {{T, {nop(T), nop(T)}}}),
      ErrorCode::AddressOutOfRange, T, stream_address(T, 2));
  add("semaphore id 40",
      raw_program(hw, {{T, {with_field(nop(T, signal_only(0)), isa::layout::kSignalSem, 40), end(T)}}}),
      ErrorCode::SemaphoreMisuse, T, stream_address(T, 0));
  add("semaphore overflow at run time", raw_program(hw, {{T, {nop(T, signal_only(3)), end(T)}}}),
      ErrorCode::SemaphoreMisuse, T, stream_address(T, 0), {}, {{3, 0xFFFFFFFFu}});
  {
    AccessPattern src = dram_fp32(0, 4);
    src.dtype = Format::Bf16;
    src.dims[2].count = 8;
    add("DMA between different dtypes", raw_program(hw, {{D, {dma(sbuf_fp32(0, 0, 4), src), end(D)}}}),
        ErrorCode::ShapeMismatch, D, stream_address(D, 0));
  }
  {
    isa::MatmulArgs mm;
    mm.psum = isa::test::expect(Space::Psum, Format::Fp32, 0, 2, 0, 0, {{{1, 1}, {1, 1}, {1, 8}}});
    mm.stationary = isa::test::expect(Space::Sbuf, Format::Bf16, 0, 2, 0, 0, {{{1, 1}, {1, 1}, {1, 3}}});
    mm.moving = isa::test::expect(Space::Sbuf, Format::Bf16, 0, 2, 64, 0, {{{1, 1}, {1, 1}, {1, 8}}});
    add("matmul with M that does not match", raw_program(hw, {{T, {isa::encode(Instruction::matmul(mm)), end(T)}}}),
        ErrorCode::ShapeMismatch, T, stream_address(T, 0));
  }
  // Reads: the beat at byte 32 fails, so elements 0-7 land and nothing after them.
  add("AXI error on a DMA read",
      raw_program(hw, {{D, {dma(sbuf_fp32(1, 0, 16), dram_fp32(0, 16)), end(D)}}}, {{0x0, data}}),
      ErrorCode::AxiError, D, 32, {{32, 40, true}});
  // Writes: 64 elements in two 128-byte bursts; the second burst fails.
  add("AXI error on a DMA write",
      raw_program(hw,
                  {{D,
                    {dma(sbuf_fp32(1, 0, 64), dram_fp32(0, 64), signal_only(0)),
                     dma(dram_fp32(0x4000, 64), sbuf_fp32(1, 0, 64), wait_only(0, 1)), end(D)}}},
                  {{0x0, data}}),
      ErrorCode::AxiError, D, 0x4080, {{0x4080, 0x4100}});
  add("AXI error on an instruction fetch", raw_program(hw, {{T, {nop(T), nop(T), end(T)}}}),
      ErrorCode::AxiError, T, stream_address(T, 1),
      {{stream_address(T, 1) + 56, stream_address(T, 1) + 64}});
  return out;
}

}  // namespace

TEST_CASE("core: every error code stops the core with the error reported", "[core][errors]") {
  const isa::HwConfig hw = core_hw_config();
  std::map<ErrorCode, int> reached;
  for (const BadCase& bad : bad_cases(hw)) {
    DYNAMIC_SECTION(bad.name) {
      const Outcome o = run_both("error", bad.run);
      INFO(o.model_result.detail);
      REQUIRE(o.model_result.status == arch::RunStatus::Error);
      CHECK(o.report.error);  // STATUS.error, and the interrupt line rose (run() waits for it)
      CHECK_FALSE(o.report.done);
      CHECK_FALSE(o.report.busy_at_end);  // the core ends idle
      CHECK(o.report.error_state.code == bad.code);
      CHECK(o.report.error_state.engine == bad.engine);
      CHECK(o.report.error_state.address == bad.address);
      require_same(o);  // including: no byte written that the model does not write
    }
    reached[bad.code]++;
  }
  for (ErrorCode c : {ErrorCode::IllegalOpcode, ErrorCode::BadField, ErrorCode::AddressOutOfRange,
                      ErrorCode::SemaphoreMisuse, ErrorCode::AxiError, ErrorCode::ShapeMismatch}) {
    INFO(isa::error_name(c));
    CHECK(reached[c] > 0);
  }
}

TEST_CASE("core: a fetch error after END is never reported", "[core][errors]") {
  // The sequencer prefetches past END; the model never fetches there. Faults are reported only
  // for instructions the stream reaches.
  const isa::HwConfig hw = core_hw_config();
  Case c;
  c.program = raw_program(hw, {{Engine::Tensor, {nop(Engine::Tensor), end(Engine::Tensor),
                                                 nop(Engine::Tensor), nop(Engine::Tensor)}}});
  c.faults = {{stream_address(Engine::Tensor, 2), stream_address(Engine::Tensor, 4)}};
  const Outcome o = run_both("prefetch", c);
  REQUIRE(o.model_result.status == arch::RunStatus::Done);
  CHECK(o.report.done);
  CHECK_FALSE(o.report.error);
  require_same(o);
}

TEST_CASE("core: soft reset clears an error and the core runs again", "[core][errors]") {
  const isa::HwConfig hw = core_hw_config();
  CoreSim core("soft_reset", Catch::getSeed());
  core.load(raw_program(hw, {{Engine::Tensor, {nop(Engine::Tensor), nop(Engine::Tensor)}}}));
  RunReport r = core.run();
  REQUIRE(r.error);
  // start is ignored while an error is latched
  core.regs().write(regs::control::kOffset, 0x1);
  core.cycles(20);
  CHECK(core.read_report().error_state.code == ErrorCode::AddressOutOfRange);
  core.regs().write(regs::control::kOffset, 0x2);  // soft reset
  core.cycles(20);
  r = core.read_report();
  CHECK_FALSE(r.error);
  CHECK(r.error_state.code == ErrorCode::None);
  core.load(raw_program(hw, {{Engine::Tensor, {nop(Engine::Tensor, signal_only(2)), end(Engine::Tensor)}}}));
  r = core.run();
  CHECK(r.done);
  CHECK(r.semaphores[2] == 1);
}

TEST_CASE("core: random programs from a seed match the architectural model", "[core][random]") {
  // Constrained-random, race-free programs (random_program.h): every DMA direction, strided and
  // negative-stride patterns, all dtypes, matmul chains, 16 DMA queues, several semaphore
  // increments. The seed of each program is printed on failure; rerun one with --rng-seed.
  const isa::HwConfig hw = core_hw_config();
  const unsigned programs = hw.rows <= 4 ? 24 : 6;
  for (unsigned i = 0; i < programs; ++i) {
    const uint64_t seed = Catch::getSeed() + i;
    const RandomProgram rp = random_program(hw, seed);
    Case c;
    c.program = rp.program;
    const Outcome o = run_both(fmt::format("random{}", i), c);
    INFO("program seed " << seed << "\n" << rp.description);
    REQUIRE(o.model_result.status == arch::RunStatus::Done);
    CHECK(o.report.done);
    CHECK_FALSE(o.report.error);
    require_same(o);
  }
}

}  // namespace tessel::core
