// Tensor executor tests (rtl/tensor_engine/tensor_exec.sv on its own SBUF and PSUM, top
// verif/tensor_exec/tb/tensor_exec_top.sv), built once per configuration.
//
// Every case runs a list of checked MATMUL instruction words twice: on the RTL (SBUF preloaded
// through the DMA port, words issued with random gaps, random DMA reads stalling er1) and on the
// architectural model (tessel::arch::ArchModel, which loads the same SBUF image with a DMA_COPY
// and then runs the same words as its tensor stream). PSUM must match bit for bit wherever the
// instructions wrote, completions must come in order with each instruction's signal and address,
// and the MAC counter must equal the model's.
#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

#include <fmt/format.h>
#include <catch2/catch_get_random_seed.hpp>
#include <catch2/catch_test_macros.hpp>

#include "Vtensor_exec_top.h"
#include "arch/arch_model.h"
#include "harness/port_bits.h"
#include "harness/sim_harness.h"
#include "isa/access_pattern.h"
#include "isa/encoding.h"
#include "isa/hw_config_generated.h"
#include "isa/validate.h"

using namespace tessel;
using isa::AccessPattern;
using isa::Dim;
using isa::Engine;
using isa::Space;

namespace {

const isa::HwConfig kHw = isa::generated_hw_config();
constexpr unsigned kRows = config::kNumRows;
constexpr unsigned kCols = config::kNumCols;
constexpr unsigned kSbufBytes = config::kSbufBytesPerPartition;
constexpr unsigned kBankEntries = config::kPsumBankEntries;
constexpr unsigned kPsumRows = config::kPsumBanks * config::kPsumBankEntries;
// Tests keep their operands in the first kWindow bytes of every partition, so preloading the
// SBUF through the one-word DMA port stays short on the larger configurations.
constexpr unsigned kWindow = std::min(kSbufBytes, 16384u);

constexpr Format kPeFormats[] = {Format::Bf16, Format::Fp16, Format::Fp8E4M3, Format::Fp8E5M2};

constexpr uint64_t kDmaStream = 0x200000;     // model program: the SBUF image's DMA_COPY
constexpr uint64_t kTensorStream = 0x210000;  // ... and the MATMULs (their done_addr)

// A random SBUF image: mostly elements of moderate magnitude (so sums stay finite and every bit
// of the arithmetic shows), with some fully random bytes for the special values.
std::vector<uint8_t> random_sbuf(std::mt19937_64& rng) {
  std::vector<uint8_t> img(size_t{kRows} * kSbufBytes, 0);
  for (unsigned p = 0; p < kRows; ++p) {
    for (unsigned b = 0; b < kWindow; ++b) {
      uint8_t v = static_cast<uint8_t>(rng());
      if ((b & 1) && rng() % 8 != 0) v = static_cast<uint8_t>((v & 0x80) | (0x38 + rng() % 8));
      img[size_t{p} * kSbufBytes + b] = v;
    }
  }
  return img;
}

// Splits `total` elements into three axis counts whose product is total.
std::array<uint32_t, 3> split3(std::mt19937_64& rng, uint32_t total) {
  std::array<uint32_t, 3> c{1, 1, total};
  for (int d = 0; d < 2; ++d) {
    std::vector<uint32_t> divisors;
    for (uint32_t x = 1; x <= c[2]; ++x) {
      if (c[2] % x == 0) divisors.push_back(x);
    }
    c[d] = divisors[rng() % divisors.size()];
    c[2] /= c[d];
  }
  std::shuffle(c.begin(), c.end(), rng);
  return c;
}

// Free axes with `total` elements: packed (row-major, unit innermost stride) or random strides,
// possibly negative, spanning at most `span` elements. Returns false if it did not fit.
bool random_dims(std::mt19937_64& rng, uint32_t total, uint32_t span, bool packed,
                 std::array<Dim, 3>& dims, int64_t& lo, int64_t& hi) {
  const auto c = split3(rng, total);
  int64_t stride = 1;
  lo = hi = 0;
  for (int d = 2; d >= 0; --d) {
    int64_t s = stride;
    if (!packed) {
      const int64_t lim = std::max<int64_t>(1, span / (2 * std::max<uint32_t>(1, total)));
      s = static_cast<int64_t>(rng() % (2 * lim + 1)) - lim;
      if (rng() % 4 == 0) s = (rng() % 2) ? int64_t{1} : int64_t{-1};
    }
    dims[d] = Dim{static_cast<int32_t>(s), c[d]};
    stride *= c[d];
    const int64_t ext = s * (int64_t{c[d]} - 1);
    (ext < 0 ? lo : hi) += ext;
  }
  return hi - lo + 1 <= int64_t{span};
}

// An SBUF operand: `parts` partitions from a random start, `total` free elements.
AccessPattern random_sbuf_ap(std::mt19937_64& rng, Format f, uint32_t parts, uint32_t total) {
  const uint32_t esize = isa::element_bytes(f);
  for (;;) {
    AccessPattern ap;
    ap.space = Space::Sbuf;
    ap.dtype = f;
    ap.partition_count = parts;
    ap.partition_start = rng() % (kRows - parts + 1);
    int64_t lo = 0, hi = 0;
    if (!random_dims(rng, total, kWindow / esize, rng() % 3 == 0, ap.dims, lo, hi)) continue;
    const int64_t first = -lo, last = int64_t{kWindow / esize} - 1 - hi;  // element 0 range
    ap.address =
        static_cast<uint64_t>(first + static_cast<int64_t>(rng() % (last - first + 1))) * esize;
    return ap;
  }
}

// A PSUM operand: M partitions from a random start, N FP32 elements inside one random bank.
AccessPattern random_psum_ap(std::mt19937_64& rng, uint32_t m, uint32_t n) {
  for (;;) {
    AccessPattern ap;
    ap.space = Space::Psum;
    ap.dtype = Format::Fp32;
    ap.partition_count = m;
    ap.partition_start = rng() % (kCols - m + 1);
    int64_t lo = 0, hi = 0;
    if (!random_dims(rng, n, kBankEntries, rng() % 2 == 0, ap.dims, lo, hi)) continue;
    const int64_t first = -lo, last = int64_t{kBankEntries} - 1 - hi;
    const uint64_t bank = rng() % config::kPsumBanks;
    ap.address = (bank * kBankEntries +
                  static_cast<uint64_t>(first + static_cast<int64_t>(rng() % (last - first + 1)))) *
                 4;
    return ap;
  }
}

// Which PSUM entries (partition, row) a test has written: compared entries, and the entries an
// accumulating MATMUL may read (the RTL's PSUM starts random, the model's at zero).
class PsumWritten {
 public:
  PsumWritten() : bits_(size_t{kCols} * kPsumRows) {}
  bool all(const AccessPattern& ap) const {
    bool ok = true;
    isa::for_each_element(ap, [&](uint32_t p, int64_t b) { ok = ok && bits_[index(p, b)]; });
    return ok;
  }
  void mark(const AccessPattern& ap) {
    isa::for_each_element(ap, [&](uint32_t p, int64_t b) { bits_[index(p, b)] = true; });
  }
  bool operator()(uint32_t p, uint32_t row) const { return bits_[size_t{p} * kPsumRows + row]; }

 private:
  static size_t index(uint32_t p, int64_t byte) {
    return size_t{p} * kPsumRows + static_cast<size_t>(byte / 4);
  }
  std::vector<bool> bits_;
};

struct Shape {
  uint32_t k, m, n;
  Format st, mv;
};

// One checked MATMUL (isa::hardware_error is the sequencer's check: the executor only ever
// sees instructions that pass it).
isa::InstructionWords make_matmul(std::mt19937_64& rng, const Shape& s, PsumWritten& written,
                                  bool may_accumulate, uint32_t index) {
  for (;;) {
    isa::MatmulArgs mm;
    mm.stationary = random_sbuf_ap(rng, s.st, s.k, s.m);
    mm.moving = random_sbuf_ap(rng, s.mv, s.k, s.n);
    mm.psum = random_psum_ap(rng, s.m, s.n);
    mm.accumulate = may_accumulate && written.all(mm.psum) && rng() % 2 == 0;
    isa::Sync sync;
    if (index == 0) sync.wait = {0, 1};  // the model's MATMULs wait for its SBUF load
    if (rng() % 2) sync.signal = {static_cast<uint8_t>(1 + rng() % 31), 1 + uint32_t(rng() % 255)};
    const auto words = isa::encode(isa::Instruction::matmul(mm, sync));
    if (!isa::hardware_error(words, kHw, Engine::Tensor).ok()) continue;
    written.mark(mm.psum);
    return words;
  }
}

Shape random_shape(std::mt19937_64& rng, uint32_t n_max) {
  return {1 + uint32_t(rng() % kRows), 1 + uint32_t(rng() % kCols), 1 + uint32_t(rng() % n_max),
          kPeFormats[rng() % 4], kPeFormats[rng() % 4]};
}

struct Done {
  uint8_t sem;
  uint8_t inc;
  uint64_t addr;
};

// The reference: the architectural model loads the SBUF image with one DMA_COPY (signalling s0)
// and runs the MATMULs as its tensor stream.
arch::ArchModel run_model(const std::vector<uint8_t>& sbuf,
                          const std::vector<isa::InstructionWords>& mms) {
  isa::Program prog;
  prog.hw = kHw;
  AccessPattern dst, src;
  dst.space = Space::Sbuf;
  dst.partition_count = kRows;
  dst.dims = {Dim{1, 1}, Dim{1, 1}, Dim{1, kSbufBytes / 4}};
  src = dst;
  src.space = Space::Dram;
  src.partition_stride = kSbufBytes;
  isa::Sync signal;
  signal.signal = {0, 1};
  prog.streams.push_back({Engine::Dma,
                          kDmaStream,
                          {isa::encode(isa::Instruction::dma_copy({dst, src, 0}, signal)),
                           isa::encode(isa::Instruction::end(Engine::Dma))}});
  auto code = mms;
  code.push_back(isa::encode(isa::Instruction::end(Engine::Tensor)));
  prog.streams.push_back({Engine::Tensor, kTensorStream, code});
  prog.segments.push_back({0, sbuf});
  arch::ArchModel model(kHw);
  model.load(prog);
  const auto r = model.run();
  INFO(r.detail);
  REQUIRE(r.status == arch::RunStatus::Done);
  return model;
}

class ExecBench {
 public:
  explicit ExecBench(const char* name) : sim_(name), rng_(Catch::getSeed() + 11) {
    auto& d = sim_.dut();
    d.issue_valid_i = d.dma_req_i = 0;
    sim_.reset();
  }

  unsigned gap_max = 0;      // issue: up to this many idle cycles before each instruction
  unsigned dma_percent = 0;  // chance of a DMA read request (contends with er1) per cycle
  uint64_t macs = 0;         // sum of macs_o
  uint64_t first_done = 0, last_done = 0, array_beats = 0, cycles = 0;

  // Writes the SBUF image through the DMA port, one 64-bit word per request.
  void preload(const std::vector<uint8_t>& img) {
    auto& d = sim_.dut();
    for (unsigned p = 0; p < kRows; ++p) {
      for (unsigned w = 0; w < kWindow / 8; ++w) {
        uint64_t v = 0;
        for (unsigned b = 0; b < 8; ++b)
          v |= uint64_t{img[size_t{p} * kSbufBytes + w * 8 + b]} << (8 * b);
        d.dma_req_i = 1;
        d.dma_we_i = 1;
        d.dma_part_i = p;
        d.dma_word_i = w;
        d.dma_be_i = 0xff;
        d.dma_wdata_i = v;
        sim_.eval();
        REQUIRE(d.dma_gnt_o);  // no engine traffic yet
        sim_.tick();
      }
    }
    d.dma_req_i = 0;
    sim_.eval();
  }

  // Issues the words (at kTensorStream + 64 i) and runs until every one has completed and the
  // executor is idle. Returns the cycles from the first issue to the last completion.
  uint64_t run(const std::vector<isa::InstructionWords>& code, std::vector<Done>& done) {
    auto& d = sim_.dut();
    size_t next = 0;
    unsigned gap = gap_max ? rng_() % (gap_max + 1) : 0;
    const uint64_t start = sim_.cycle();
    const uint64_t limit = 200000 + code.size() * 4 * (kBankEntries + kRows + kCols);
    while (done.size() < code.size() || !d.idle_o) {
      REQUIRE(sim_.cycle() - start < limit);
      const bool offer = next < code.size() && gap == 0;
      d.issue_valid_i = offer;
      if (offer) {
        for (int w = 0; w < isa::kInstructionWords; ++w) d.issue_words_i[w] = code[next][w];
        d.issue_addr_i = kTensorStream + next * isa::kInstructionBytes;
      }
      // DMA reads only: they contend with er1 and leave the SBUF unchanged.
      d.dma_req_i = dma_percent && rng_() % 100 < dma_percent;
      d.dma_we_i = 0;
      d.dma_part_i = rng_() % kRows;
      d.dma_word_i = rng_() % (kSbufBytes / 8);
      sim_.eval();
      if (offer && d.issue_ready_o) {
        ++next;
        gap = gap_max ? rng_() % (gap_max + 1) : 0;
      } else if (gap) {
        --gap;
      }
      if (d.done_valid_o) {
        done.push_back({static_cast<uint8_t>(d.done_sem_o), static_cast<uint8_t>(d.done_inc_o),
                        static_cast<uint64_t>(d.done_addr_o)});
        if (done.size() == 1) first_done = sim_.cycle();
        last_done = sim_.cycle();
      }
      macs += d.macs_o;
      array_beats += d.busy_o && !d.stall_o;
      REQUIRE(d.error_o == 0);
      sim_.tick();
    }
    d.issue_valid_i = 0;
    d.dma_req_i = 0;
    sim_.eval();
    return last_done - start + 1;
  }

  uint32_t psum(uint32_t p, uint32_t row) {
    auto& d = sim_.dut();
    d.psum_rd_row_i = row;
    sim_.eval();
    return static_cast<uint32_t>(sim::get_lane(d.psum_rd_data_o, p, 32));
  }

  Vtensor_exec_top& dut() { return sim_.dut(); }

 private:
  sim::Harness<Vtensor_exec_top> sim_;
  std::mt19937_64 rng_;
};

// Runs `code` on the RTL and the model from the same SBUF image and compares everything.
void check_against_model(ExecBench& bench, const std::vector<uint8_t>& sbuf,
                         const std::vector<isa::InstructionWords>& code,
                         const PsumWritten& written) {
  const arch::ArchModel model = run_model(sbuf, code);
  std::vector<Done> done;
  bench.preload(sbuf);
  bench.cycles = bench.run(code, done);

  REQUIRE(done.size() == code.size());
  for (size_t i = 0; i < code.size(); ++i) {
    const auto inst = isa::decode(code[i]).instruction;
    INFO("instruction " << i);
    CHECK(done[i].addr == kTensorStream + i * isa::kInstructionBytes);
    CHECK(done[i].sem == inst.sync.signal.sem);
    CHECK(done[i].inc == (inst.sync.signal.sem == isa::kSemNone ? 0 : inst.sync.signal.increment));
  }
  CHECK(bench.macs == model.counters(Engine::Tensor).macs);

  uint64_t compared = 0, mismatches = 0;
  for (uint32_t row = 0; row < kPsumRows; ++row) {
    for (uint32_t p = 0; p < kCols; ++p) {
      if (!written(p, row)) continue;
      ++compared;
      const uint32_t want = model.psum_fp32(p, row * 4), got = bench.psum(p, row);
      if (want != got && mismatches++ < 8) {
        FAIL_CHECK(fmt::format("PSUM partition {} row {}: RTL {:#010x}, model {:#010x}", p, row,
                               got, want));
      }
    }
  }
  INFO(fmt::format("{} PSUM entries compared", compared));
  CHECK(mismatches == 0);
  CHECK(compared > 0);
}

}  // namespace

TEST_CASE("tensor_exec: every format pair, full tiles at partition 0", "[tensor_exec]") {
  std::mt19937_64 rng(Catch::getSeed());
  // 16 pairs in two runs of 8 MATMULs, one PSUM bank each.
  for (unsigned group = 0; group < 2; ++group) {
    ExecBench bench("tensor_exec_formats");
    const auto sbuf = random_sbuf(rng);
    PsumWritten written;
    std::vector<isa::InstructionWords> code;
    for (unsigned i = 0; i < 8; ++i) {
      const unsigned pair = group * 8 + i;
      const Format st = kPeFormats[pair / 4], mv = kPeFormats[pair % 4];
      isa::MatmulArgs mm;
      mm.stationary = {Space::Sbuf, st, 0, kRows, 8 * i, 0, {Dim{1, 1}, Dim{1, 1}, Dim{1, kCols}}};
      mm.moving = {Space::Sbuf, mv, 0, kRows, 512, 0, {Dim{1, 1}, Dim{1, 1}, Dim{1, kBankEntries}}};
      mm.psum = {Space::Psum,
                 Format::Fp32,
                 0,
                 kCols,
                 i * kBankEntries * 4,
                 0,
                 {Dim{1, 1}, Dim{1, 1}, Dim{1, kBankEntries}}};
      isa::Sync sync;
      if (i == 0) sync.wait = {0, 1};
      sync.signal = {static_cast<uint8_t>(pair), 3};
      const auto words = isa::encode(isa::Instruction::matmul(mm, sync));
      INFO(fmt::format("stationary {}, moving {}", format_name(st), format_name(mv)));
      REQUIRE(isa::hardware_error(words, kHw, Engine::Tensor).ok());
      written.mark(mm.psum);
      code.push_back(words);
    }
    check_against_model(bench, sbuf, code, written);
  }
}

TEST_CASE("tensor_exec: random shapes, strides, partition starts and banks", "[tensor_exec]") {
  std::mt19937_64 rng(Catch::getSeed());
  uint64_t er1_stalls = 0;
  for (int round = 0; round < 6; ++round) {
    ExecBench bench("tensor_exec_random");
    bench.gap_max = round % 3 == 0 ? 0 : 6;
    bench.dma_percent = round % 2 ? 40 : 0;
    const auto sbuf = random_sbuf(rng);
    PsumWritten written;
    std::vector<isa::InstructionWords> code;
    const unsigned count = 6 + rng() % 10;
    for (unsigned i = 0; i < count; ++i) {
      // Small N often, so that instruction boundaries come close together.
      const uint32_t n_max = rng() % 2 ? std::min(kBankEntries, 8u) : kBankEntries;
      code.push_back(make_matmul(rng, random_shape(rng, n_max), written, true, i));
    }
    INFO(fmt::format("round {}: {} MATMULs, gaps up to {}, {}% DMA reads", round, count,
                     bench.gap_max, bench.dma_percent));
    check_against_model(bench, sbuf, code, written);
    er1_stalls += bench.dut().stall_er1_o;
  }
  // The DMA traffic must really have refused the stationary stream (which then recovered).
  CHECK(er1_stalls > 0);
}

TEST_CASE("tensor_exec: accumulate chains into one PSUM tile", "[tensor_exec]") {
  std::mt19937_64 rng(Catch::getSeed() + 1);
  ExecBench bench("tensor_exec_accumulate");
  bench.dma_percent = 30;
  const auto sbuf = random_sbuf(rng);
  PsumWritten written;
  std::vector<isa::InstructionWords> code;
  // K-tiled GEMM: the same output tile, first overwritten, then accumulated into several times.
  const uint32_t m = 1 + rng() % kCols, n = 1 + rng() % kBankEntries;
  const AccessPattern out = random_psum_ap(rng, m, n);
  for (uint32_t i = 0; i < 6; ++i) {
    isa::MatmulArgs mm;
    const uint32_t k = 1 + rng() % kRows;
    mm.stationary = random_sbuf_ap(rng, kPeFormats[rng() % 4], k, m);
    mm.moving = random_sbuf_ap(rng, kPeFormats[rng() % 4], k, n);
    mm.psum = out;
    mm.accumulate = i > 0;
    isa::Sync sync;
    if (i == 0) sync.wait = {0, 1};
    const auto words = isa::encode(isa::Instruction::matmul(mm, sync));
    REQUIRE(isa::hardware_error(words, kHw, Engine::Tensor).ok());
    code.push_back(words);
  }
  written.mark(out);
  check_against_model(bench, sbuf, code, written);
}

TEST_CASE("tensor_exec: 32 back-to-back full-size MATMULs keep the array busy",
          "[tensor_exec][perf]") {
  std::mt19937_64 rng(Catch::getSeed() + 2);
  for (unsigned dma_percent : {0u, 50u}) {
    ExecBench bench("tensor_exec_perf");
    bench.dma_percent = dma_percent;
    const auto sbuf = random_sbuf(rng);
    PsumWritten written;
    std::vector<isa::InstructionWords> code;
    constexpr unsigned kCount = 32;
    for (unsigned i = 0; i < kCount; ++i) {
      isa::MatmulArgs mm;
      const uint32_t st_addr = (i % 4) * 2 * kCols, mv_addr = 1024;
      mm.stationary = {
          Space::Sbuf, Format::Bf16, 0, kRows, st_addr, 0, {Dim{1, 1}, Dim{1, 1}, Dim{1, kCols}}};
      mm.moving = {Space::Sbuf,
                   kPeFormats[i % 4],
                   0,
                   kRows,
                   mv_addr,
                   0,
                   {Dim{1, 1}, Dim{1, 1}, Dim{1, kBankEntries}}};
      mm.psum = {Space::Psum,
                 Format::Fp32,
                 0,
                 kCols,
                 (i % config::kPsumBanks) * kBankEntries * 4,
                 0,
                 {Dim{1, 1}, Dim{1, 1}, Dim{1, kBankEntries}}};
      mm.accumulate = i >= config::kPsumBanks;
      isa::Sync sync;
      if (i == 0) sync.wait = {0, 1};
      sync.signal = {1, 1};
      const auto words = isa::encode(isa::Instruction::matmul(mm, sync));
      REQUIRE(isa::hardware_error(words, kHw, Engine::Tensor).ok());
      written.mark(mm.psum);
      code.push_back(words);
    }
    check_against_model(bench, sbuf, code, written);

    const double peak = double{kRows} * kCols;
    const uint64_t total = bench.cycles;
    const uint64_t ideal = uint64_t{kCount} * kBankEntries;
    // Steady state: from the first completion to the last, one result beat per cycle is ideal.
    const uint64_t steady = bench.last_done - bench.first_done;
    const double steady_util = double(ideal - kBankEntries) / double(steady);
    fmt::print(
        "tensor_exec perf ({}, {}% DMA reads on er1): {} MATMULs {}x{}x{} in {} cycles from the "
        "first issue to the last completion (ideal {}), MAC utilisation {:.2f}% overall, {:.2f}% "
        "in steady state "
        "({} MACs, {} array-busy cycles, {} er1 stalls)\n",
        config::kConfigName, dma_percent, kCount, kRows, kCols, kBankEntries, total, ideal,
        100.0 * double(bench.macs) / (peak * double(total)), 100.0 * steady_util, bench.macs,
        bench.array_beats, bench.dut().stall_er1_o);
    CHECK(steady_util > 0.97);
    if (dma_percent) CHECK(bench.dut().stall_er1_o > 0);
  }
}

TEST_CASE("tensor_exec: latency of an isolated MATMUL", "[tensor_exec][perf]") {
  // Issue (cycle 0) -> queue (1) -> first SBUF reads (2) -> beats (4) -> M stationary beats ->
  // N moving beats -> P + C pipeline -> PSUM write stage: the done pulse of the last write comes
  // in cycle M + N + P + C + 4, so the run lasts M + N + P + C + 5 cycles (docs/tensor-engine.md,
  // "Tensor executor").
  std::mt19937_64 rng(Catch::getSeed() + 3);
  for (const auto& [m, n] :
       {std::pair{kCols, 1u}, std::pair{1u, kBankEntries}, std::pair{kCols, 7u}}) {
    ExecBench bench("tensor_exec_latency");
    const auto sbuf = random_sbuf(rng);
    PsumWritten written;
    isa::MatmulArgs mm;
    mm.stationary = {Space::Sbuf, Format::Fp16, 0, kRows, 0, 0, {Dim{1, 1}, Dim{1, 1}, Dim{1, m}}};
    mm.moving = {Space::Sbuf, Format::Fp8E4M3, 0, kRows, 256, 0, {Dim{1, 1}, Dim{1, 1}, Dim{1, n}}};
    mm.psum = {Space::Psum, Format::Fp32, 0, m, 0, 0, {Dim{1, 1}, Dim{1, 1}, Dim{1, n}}};
    isa::Sync sync;
    sync.wait = {0, 1};
    const auto words = isa::encode(isa::Instruction::matmul(mm, sync));
    REQUIRE(isa::hardware_error(words, kHw, Engine::Tensor).ok());
    written.mark(mm.psum);
    check_against_model(bench, sbuf, {words}, written);
    INFO(fmt::format("M {} N {}", m, n));
    CHECK(bench.cycles == m + n + kRows + kCols + 5);
  }
}
