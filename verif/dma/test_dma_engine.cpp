// DMA engine tests (rtl/dma/dma_engine.sv with the SBUF and PSUM, top
// verif/dma/tb/dma_engine_top.sv):
// DMA_COPY instructions encoded by the ISA library are issued to the RTL and run by the
// architectural model (models/arch), from the same SBUF, PSUM and device-memory contents; the
// whole SBUF, PSUM and every device-memory page must then agree bit for bit. Device memory is
// the AXI4 memory model with random latency, backpressure and reordering, and random engine
// traffic contends for the SBUF ports the DMA shares.
#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <type_traits>
#include <vector>

#include <fmt/format.h>
#include <catch2/catch_get_random_seed.hpp>
#include <catch2/catch_test_macros.hpp>

#include "Vdma_engine_top.h"
#include "arch/arch_model.h"
#include "bfm/axi4_memory.h"
#include "harness/port_bits.h"
#include "harness/sim_harness.h"
#include "isa/access_pattern.h"
#include "isa/encoding.h"
#include "isa/hw_config_generated.h"
#include "isa/validate.h"
#include "tessel_config.h"

using namespace tessel;
using isa::AccessPattern;
using isa::Space;

namespace {

constexpr unsigned kParts = config::kNumRows;
constexpr unsigned kBytes = config::kSbufBytesPerPartition;
constexpr unsigned kPsumParts = config::kNumCols;
constexpr unsigned kPsumEntries = config::kPsumBanks * config::kPsumBankEntries;
constexpr uint64_t kStreamBase = 0x4000'0000;  // where the instructions live (both sides)

template <class Port, class V>
void set(Port& p, V v) {
  p = static_cast<std::remove_reference_t<Port>>(v);
}

// What the RTL reported while running a program.
struct RtlRun {
  std::vector<uint64_t> done_addrs;  // in pulse order
  std::vector<uint64_t> err_addrs;
  uint64_t cycles = 0;
  uint64_t bytes_written = 0;  // sum of bytes_written_o
  bool overlap = false;        // both channels moved data in the same cycle
};

class EngineBench {
 public:
  explicit EngineBench(const char* name, uint64_t seed)
      : sim_(name),
        mem_(name, bfm::axi4_master_ports(sim_.dut()), seed),
        arch_(isa::generated_hw_config()),
        rng_(seed + 11) {
    auto& d = sim_.dut();
    d.issue_valid_i = d.er0_req_i = d.er1_req_i = d.ew_req_i = d.psum_wr_en_i = 0;
    sim_.reset();
  }

  bfm::Axi4Memory& mem() { return mem_; }
  arch::ArchModel& arch() { return arch_; }
  std::mt19937_64& rng() { return rng_; }
  bool contend = true;

  void cycle() {
    auto& d = sim_.dut();
    mem_.drive();
    drive_contention();
    sim_.eval();
    ew_gnt_seen_ = d.ew_req_i && d.ew_gnt_o;
    mem_.sample();
    sim_.tick();
  }

  // Engine reads, and engine writes to no partition: both contend for the ports DMA shares.
  void drive_contention() {
    if (!contend) return;
    auto& d = sim_.dut();
    d.er1_req_i = rng_() % 2;
    set(d.er1_addr_i, rng_() % kBytes);
    d.ew_req_i = rng_() % 3 == 0;
    d.ew_mask_i = 0;
  }

  // Random SBUF and PSUM contents, the same in the RTL and the model.
  void preload_onchip() {
    auto& d = sim_.dut();
    contend = false;
    auto& sb = arch_.sbuf();
    for (unsigned a = 0; a < kBytes; a += 4) {
      d.ew_req_i = 1;
      set(d.ew_addr_i, a);
      set(d.ew_mask_i, (uint64_t{1} << kParts) - 1);
      for (unsigned p = 0; p < kParts; ++p) {
        const auto v = static_cast<uint32_t>(rng_());
        sim::set_lane(d.ew_wdata_i, p, 32, v);
        for (unsigned i = 0; i < 4; ++i) sb[size_t{p} * kBytes + a + i] = uint8_t(v >> (8 * i));
      }
      do {
        cycle();
      } while (!ew_gnt_seen_);
    }
    d.ew_req_i = 0;
    auto& ps = arch_.psum();
    for (unsigned r = 0; r < kPsumEntries; ++r) {
      d.psum_wr_en_i = 1;
      set(d.psum_wr_row_i, r);
      for (unsigned m = 0; m < kPsumParts; ++m) {
        const auto v = static_cast<uint32_t>(rng_());
        sim::set_lane(d.psum_wr_data_i, m, 32, v);
        for (unsigned i = 0; i < 4; ++i)
          ps[size_t{m} * kPsumEntries * 4 + r * 4 + i] = uint8_t(v >> (8 * i));
      }
      cycle();
    }
    d.psum_wr_en_i = 0;
    contend = true;
  }

  // Random device-memory bytes [lo, hi) on both sides.
  void preload_dram(uint64_t lo, uint64_t hi) {
    std::vector<uint8_t> bytes(hi - lo);
    for (auto& b : bytes) b = static_cast<uint8_t>(rng_());
    mem_.write_bytes(lo, bytes);
    arch_.memory().poke(lo, bytes);
  }

  // Issues the program (in order, each at its stream address) and runs until the engine is
  // idle with the bus quiet. The model runs the same stream.
  RtlRun run(const std::vector<isa::Instruction>& prog) {
    std::vector<uint8_t> stream;
    for (const auto& inst : prog) {
      const auto b = isa::to_bytes(isa::encode(inst));
      stream.insert(stream.end(), b.begin(), b.end());
    }
    const auto end = isa::to_bytes(isa::encode(isa::Instruction::end(isa::Engine::Dma)));
    stream.insert(stream.end(), end.begin(), end.end());
    mem_.write_bytes(kStreamBase, stream);
    arch_.memory().poke(kStreamBase, stream);
    arch_.set_stream(isa::Engine::Dma, kStreamBase, static_cast<uint32_t>(stream.size()));
    arch_.run();

    auto& d = sim_.dut();
    RtlRun r;
    size_t next = 0;
    for (;;) {
      const bool issuing = next < prog.size();
      d.issue_valid_i = issuing;
      if (issuing) {
        const auto w = isa::encode(prog[next]);
        for (int i = 0; i < isa::kInstructionWords; ++i) d.issue_words_i[i] = w[i];
        d.issue_addr_i = kStreamBase + 64 * next;
      }
      drive_contention();
      mem_.drive();
      sim_.eval();
      if (issuing && d.issue_ready_o) ++next;
      if (d.done_valid_o) r.done_addrs.push_back(d.done_addr_o);
      if (d.err_valid_o) r.err_addrs.push_back(d.err_addr_o);
      if ((d.chan_active_o & 3) == 3) r.overlap = true;
      r.bytes_written += d.bytes_written_o;
      if (!issuing && d.idle_o && mem_.idle()) break;
      REQUIRE(r.cycles++ < 2'000'000);
      mem_.sample();
      sim_.tick();
    }
    d.issue_valid_i = 0;
    return r;
  }

  // The whole SBUF and PSUM, and every device-memory page either side touched; device-memory
  // bytes in [allow_lo, allow_hi) may differ (what a write error may leave, docs/dma.md).
  void compare(uint64_t allow_lo = 0, uint64_t allow_hi = 0) {
    auto& d = sim_.dut();
    contend = false;
    d.er1_req_i = d.ew_req_i = 0;
    const auto& sb = arch_.sbuf();
    for (unsigned a = 0; a < kBytes; a += 4) {
      d.er0_req_i = 1;
      set(d.er0_addr_i, a);
      cycle();
      d.er0_req_i = 0;
      REQUIRE(d.er0_rvalid_o == 1);
      for (unsigned p = 0; p < kParts; ++p) {
        const auto v = static_cast<uint32_t>(sim::get_lane(d.er0_rdata_o, p, 32));
        for (unsigned i = 0; i < 4; ++i) {
          const uint8_t want = sb[size_t{p} * kBytes + a + i];
          if (uint8_t(v >> (8 * i)) != want) {
            FAIL(fmt::format("SBUF partition {} byte {:#x}: RTL {:#04x}, model {:#04x}", p, a + i,
                             uint8_t(v >> (8 * i)), want));
          }
        }
      }
    }
    const auto& ps = arch_.psum();
    for (unsigned r = 0; r < kPsumEntries; ++r) {
      set(d.psum_rd_row_i, r);
      sim_.eval();
      for (unsigned m = 0; m < kPsumParts; ++m) {
        uint32_t want = 0;
        for (int i = 3; i >= 0; --i)
          want = (want << 8) | ps[size_t{m} * kPsumEntries * 4 + r * 4 + i];
        REQUIRE(static_cast<uint32_t>(sim::get_lane(d.psum_rd_data_o, m, 32)) == want);
      }
    }
    arch::DeviceMemory rtl;
    for (uint64_t page : mem_.page_addresses()) {
      rtl.poke(page, mem_.read_bytes(page, arch::DeviceMemory::kPageBytes));
    }
    auto diff = arch::DeviceMemory::differences(rtl, arch_.memory(), 1 << 20);
    diff.erase(std::remove_if(diff.begin(), diff.end(),
                              [&](uint64_t a) { return a >= allow_lo && a < allow_hi; }),
               diff.end());
    if (!diff.empty()) {
      uint8_t want = 0;
      arch_.memory().peek(diff[0], &want, 1);
      FAIL(fmt::format("{} device-memory bytes differ, first at {:#x}: RTL {:#04x}, model {:#04x}",
                       diff.size(), diff[0], mem_.read_byte(diff[0]), want));
    }
    contend = true;
  }

 private:
  sim::Harness<Vdma_engine_top> sim_;
  bfm::Axi4Memory mem_;
  arch::ArchModel arch_;
  std::mt19937_64 rng_;
  bool ew_gnt_seen_ = false;
};

// ---- access patterns ------------------------------------------------------------------------
AccessPattern ap(Space s, Format f, uint64_t addr, uint32_t pstart, uint32_t pcount,
                 std::array<isa::Dim, 3> dims, uint32_t pstride = 0) {
  AccessPattern a;
  a.space = s, a.dtype = f, a.address = addr, a.partition_start = pstart;
  a.partition_count = pcount, a.dims = dims, a.partition_stride = pstride;
  return a;
}

isa::Instruction copy(const AccessPattern& dst, const AccessPattern& src, uint8_t queue = 0) {
  isa::DmaCopyArgs a;
  a.dst = dst, a.src = src, a.queue = queue;
  return isa::Instruction::dma_copy(a);
}

// Every instruction must be one the hardware accepts (the engine only sees checked ones).
void require_legal(const std::vector<isa::Instruction>& prog) {
  const auto hw = isa::generated_hw_config();
  for (size_t i = 0; i < prog.size(); ++i) {
    const auto diag = isa::hardware_error(isa::encode(prog[i]), hw, isa::Engine::Dma);
    INFO("instruction " << i << ": " << diag.message);
    REQUIRE(diag.ok());
  }
}

// The layouts a side of a random copy may take for a logical [R][C] tile per partition.
enum class Layout { Packed, Padded, Transposed, Reversed, ThreeD, kCount };

// The free dims of `layout` for an [R][C] tile; *span is the elements it spans, *first the
// element offset of element 0 from the span's start (negative strides start at the end).
std::array<isa::Dim, 3> layout_dims(Layout l, uint32_t R, uint32_t C, uint32_t pad, int64_t* span,
                                    int64_t* first) {
  const int32_t r = static_cast<int32_t>(R), c = static_cast<int32_t>(C);
  const int32_t p = static_cast<int32_t>(pad);
  *first = 0;
  switch (l) {
    case Layout::Padded:
      *span = int64_t{R} * (c + p);
      return {{{c + p, R}, {0, 1}, {1, C}}};
    case Layout::Transposed:
      *span = int64_t{R} * C;
      return {{{1, R}, {0, 1}, {r, C}}};
    case Layout::Reversed:
      *span = int64_t{R} * C;
      *first = C - 1;
      return {{{c, R}, {0, 1}, {-1, C}}};
    case Layout::ThreeD:
      if (R % 2 == 0) {
        *span = int64_t{R} * (c + p);
        return {{{2 * (c + p), R / 2}, {c + p, 2}, {1, C}}};
      }
      [[fallthrough]];
    default:
      *span = int64_t{R} * C;
      return {{{c, R}, {0, 1}, {1, C}}};
  }
}

}  // namespace

namespace {

// Builds random copies whose regions cannot interfere, whatever the queues: sources only read
// the lower half of SBUF, PSUM and a source DRAM window; destinations get disjoint pieces of
// the upper half of SBUF and of a destination DRAM window.
class ProgramMaker {
 public:
  static constexpr uint64_t kDramSrc = 0x10'0000, kDramSrcBytes = 0x2'0000;
  static constexpr uint64_t kDramDst = 0x20'0000;

  ProgramMaker(std::mt19937_64& rng) : rng_(rng) {}

  // A random legal copy of up to `max_elems` elements per partition, or nothing when the
  // destination space is used up.
  std::optional<isa::Instruction> make(uint8_t queue, unsigned max_elems) {
    const Format fmts[] = {Format::Fp32, Format::Bf16, Format::Fp8E4M3};
    const int kind = static_cast<int>(rng_() % 5);  // dram->sbuf, sbuf->dram, psum->dram,
                                                    // sbuf->sbuf, psum->sbuf
    const bool psum_src = kind == 2 || kind == 4;
    const Format f = psum_src ? Format::Fp32 : fmts[rng_() % 3];
    const uint32_t esize = static_cast<uint32_t>(isa::element_bytes(f));
    const unsigned max_p = psum_src ? std::min(kParts, kPsumParts) : kParts;
    const uint32_t P = 1 + static_cast<uint32_t>(rng_() % max_p);
    const uint32_t R = 1 + static_cast<uint32_t>(rng_() % 6);
    const uint32_t C = 1 + static_cast<uint32_t>(rng_() % std::max(1u, max_elems / R));
    Space src_space = kind == 0 ? Space::Dram : psum_src ? Space::Psum : Space::Sbuf;
    Space dst_space = (kind == 1 || kind == 2) ? Space::Dram : Space::Sbuf;
    auto src = side(src_space, f, esize, P, R, C, false);
    auto dst = side(dst_space, f, esize, P, R, C, true);
    if (!src || !dst) return std::nullopt;
    return copy(*dst, *src, queue);
  }

 private:
  std::optional<AccessPattern> side(Space s, Format f, uint32_t esize, uint32_t P, uint32_t R,
                                    uint32_t C, bool is_dst) {
    const auto l = static_cast<Layout>(rng_() % static_cast<int>(Layout::kCount));
    const uint32_t pad = static_cast<uint32_t>(rng_() % 3);
    int64_t span = 0, first = 0;
    const auto dims = layout_dims(l, R, C, pad, &span, &first);
    const uint64_t bytes = static_cast<uint64_t>(span) * esize;
    const uint64_t skew = (rng_() % 8) * esize;  // unaligned starts
    if (s == Space::Dram) {
      const uint32_t pstride = static_cast<uint32_t>(bytes + (rng_() % 3) * esize);
      const uint64_t total = uint64_t{pstride} * P + skew;
      uint64_t base;
      if (is_dst) {
        // Now and then right below a 4 KiB boundary, so bursts must split there.
        if (rng_() % 3 == 0) {
          uint64_t near = (dram_next_ | 0xfff) + 1 - (rng_() % 64) * esize;
          dram_next_ = near >= dram_next_ ? near : near + 0x1000;
        }
        base = dram_next_;
        dram_next_ += total + 8;
      } else {
        base = kDramSrc + ((rng_() % (kDramSrcBytes - total)) / esize) * esize;
      }
      return ap(s, f, base + skew + first * esize, 0, P, dims, pstride);
    }
    const unsigned parts = s == Space::Psum ? kPsumParts : kParts;
    // A PSUM operand lies in one bank (docs/isa.md), SBUF sources in the lower half.
    const uint64_t limit = s == Space::Psum ? config::kPsumBankBytes : kBytes / 2;
    if (bytes + skew > limit) return std::nullopt;
    uint64_t base;
    if (s == Space::Psum) {
      base = (rng_() % config::kPsumBanks) * config::kPsumBankBytes +
             ((rng_() % (limit - bytes - skew + 1)) / esize) * esize;
    } else if (is_dst) {
      // The upper half of SBUF, handed out in disjoint byte ranges (all partitions).
      if (sbuf_next_ + bytes + skew > kBytes / 2) return std::nullopt;
      base = kBytes / 2 + sbuf_next_;
      sbuf_next_ += bytes + skew + esize;
      sbuf_next_ = (sbuf_next_ + 3) / 4 * 4;
    } else {
      base = ((rng_() % (limit - bytes - skew + 1)) / esize) * esize;
    }
    const uint32_t pstart = static_cast<uint32_t>(rng_() % (parts - P + 1));
    return ap(s, f, base + skew + first * esize, pstart, P, dims);
  }

  std::mt19937_64& rng_;
  uint64_t dram_next_ = kDramDst;
  uint64_t sbuf_next_ = 0;
};

std::vector<isa::Instruction> random_program(std::mt19937_64& rng, unsigned n, unsigned queues,
                                             unsigned max_elems) {
  ProgramMaker maker(rng);
  const auto hw = isa::generated_hw_config();
  std::vector<isa::Instruction> prog;
  for (unsigned i = 0; i < n * 4 && prog.size() < n; ++i) {
    auto inst = maker.make(static_cast<uint8_t>(rng() % queues), max_elems);
    if (inst && isa::hardware_error(isa::encode(*inst), hw, isa::Engine::Dma).ok()) {
      prog.push_back(*inst);
    }
  }
  return prog;
}

void prepare(EngineBench& b) {
  b.preload_onchip();
  b.preload_dram(ProgramMaker::kDramSrc, ProgramMaker::kDramSrc + ProgramMaker::kDramSrcBytes);
}

// Copies of one channel (queue q runs on channel q % 2), hence of one queue, complete in the
// order issued, each exactly once.
void check_in_order(const std::vector<isa::Instruction>& prog, const RtlRun& r) {
  std::map<unsigned, std::vector<uint64_t>> issued, done;
  for (size_t i = 0; i < prog.size(); ++i) {
    issued[prog[i].dma_args().queue % 2].push_back(kStreamBase + 64 * i);
  }
  for (uint64_t a : r.done_addrs) {
    const auto i = (a - kStreamBase) / 64;
    REQUIRE(i < prog.size());
    done[prog[i].dma_args().queue % 2].push_back(a);
  }
  for (auto& [ch, addrs] : issued) CHECK(done[ch] == addrs);
}

}  // namespace

TEST_CASE("DMA engine: directed access patterns match the architectural model", "[dma][engine]") {
  const uint64_t seed = Catch::getSeed();
  EngineBench b("dma_engine_directed", seed);
  prepare(b);
  const uint64_t src = ProgramMaker::kDramSrc, dst = ProgramMaker::kDramDst;
  const uint32_t P = kParts, H = kBytes / 2;
  const uint32_t F = std::min<uint32_t>(kBytes / 8, 200);  // fp32 elements per row
  std::vector<isa::Instruction> prog = {
      // packed 2-D DRAM -> SBUF (one row per partition), unaligned DRAM start
      copy(ap(Space::Sbuf, Format::Fp32, H, 0, P, {{{0, 1}, {0, 1}, {1, F}}}),
           ap(Space::Dram, Format::Fp32, src + 4, 0, P, {{{0, 1}, {0, 1}, {1, F}}}, F * 4)),
      // 3-D on both sides, odd byte lengths, bytes
      copy(
          ap(Space::Sbuf, Format::Fp8E4M3, H + 4 * F + 3, 1, P - 1, {{{21, 3}, {7, 2}, {1, 5}}}),
          ap(Space::Dram, Format::Fp8E4M3, src + 0x801, 0, P - 1, {{{15, 2}, {5, 3}, {1, 5}}}, 97)),
      // transposed load (element-wise rows), bf16
      copy(ap(Space::Sbuf, Format::Bf16, H + 4 * F + 128, 0, P, {{{5, 3}, {0, 1}, {1, 5}}}),
           ap(Space::Dram, Format::Bf16, src + 0x1002, 0, P, {{{1, 3}, {0, 1}, {3, 5}}}, 64)),
      // negative strides on the SBUF side, to DRAM across a 4 KiB boundary
      copy(ap(Space::Dram, Format::Fp32, dst + 0xf84, 0, P, {{{0, 1}, {0, 1}, {1, 40}}}, 0x1000),
           ap(Space::Sbuf, Format::Fp32, 4 * 60, 0, P, {{{-20, 2}, {0, 1}, {-1, 20}}})),
      // SBUF -> SBUF, any alignment
      copy(ap(Space::Sbuf, Format::Fp8E4M3, H + 4 * F + 200, 0, P, {{{0, 1}, {0, 1}, {1, 45}}}),
           ap(Space::Sbuf, Format::Fp8E4M3, 13, 0, P, {{{0, 1}, {0, 1}, {1, 45}}})),
      // PSUM -> DRAM and PSUM -> SBUF
      copy(ap(Space::Dram, Format::Fp32, dst + 0x4004, 0, std::min(P, kPsumParts),
              {{{0, 1}, {0, 1}, {1, 30}}}, 0x100),
           ap(Space::Psum, Format::Fp32, 4 * 7, 0, std::min(P, kPsumParts),
              {{{0, 1}, {0, 1}, {1, 30}}})),
      copy(ap(Space::Sbuf, Format::Fp32, H + 4 * F + 300, 0, std::min(P, kPsumParts),
              {{{0, 1}, {0, 1}, {1, 12}}}),
           ap(Space::Psum, Format::Fp32, 4 * 100, 0, std::min(P, kPsumParts),
              {{{2, 6}, {0, 1}, {-1, 2}}})),
  };
  require_legal(prog);
  const RtlRun r = b.run(prog);
  REQUIRE(b.arch().error().ok());
  REQUIRE(r.err_addrs.empty());
  REQUIRE(r.done_addrs.size() == prog.size());
  check_in_order(prog, r);
  CHECK(r.bytes_written == b.arch().counters(isa::Engine::Dma).dma_bytes);
  b.compare();
}

TEST_CASE("DMA engine: several queues overlap and complete in order per queue",
          "[dma][engine][queues]") {
  const uint64_t seed = Catch::getSeed();
  EngineBench b("dma_engine_queues", seed);
  prepare(b);
  std::mt19937_64 rng(seed);
  const auto prog = random_program(rng, 16, 4, std::min(kBytes / 64, 96u));
  require_legal(prog);
  const RtlRun r = b.run(prog);
  REQUIRE(b.arch().error().ok());
  REQUIRE(r.done_addrs.size() == prog.size());
  check_in_order(prog, r);
  CHECK(r.overlap);  // both channels moved data in the same cycle
  b.compare();
}

TEST_CASE("DMA engine: random programs match the architectural model", "[dma][engine][random]") {
  const uint64_t seed = Catch::getSeed();
  for (int round = 0; round < 3; ++round) {
    const uint64_t s = seed + round;
    INFO("program seed " << s << " (rerun with --rng-seed " << seed << ")");
    fmt::print("dma engine random program: seed {}\n", s);
    EngineBench b("dma_engine_random", s);
    prepare(b);
    std::mt19937_64 rng(s);
    const auto prog = random_program(rng, 20, 16, std::min(kBytes / 32, 160u));
    require_legal(prog);
    const RtlRun r = b.run(prog);
    REQUIRE(b.arch().error().ok());
    REQUIRE(r.done_addrs.size() == prog.size());
    check_in_order(prog, r);
    CHECK(r.bytes_written == b.arch().counters(isa::Engine::Dma).dma_bytes);
    b.compare();
  }
}

namespace {

// A packed fp32 tile of F elements per partition: DRAM rows pstride apart <-> SBUF at offset.
AccessPattern dram_tile(uint64_t addr, uint32_t P, uint32_t F, uint32_t pstride) {
  return ap(Space::Dram, Format::Fp32, addr, 0, P, {{{0, 1}, {0, 1}, {1, F}}}, pstride);
}
AccessPattern sbuf_tile(uint64_t offset, uint32_t P, uint32_t F) {
  return ap(Space::Sbuf, Format::Fp32, offset, 0, P, {{{0, 1}, {0, 1}, {1, F}}});
}

// An error run: a copy on queue 1 (no error), then a packed F-element fp32 copy on queue 0
// between SBUF and DRAM rows `pstride` apart at `dram`, whose device memory fails in [lo, hi).
struct ErrorCase {
  bool to_dram = false;
  uint64_t dram = 0;
  uint32_t F = 1, pstride = 0;
  uint64_t lo = 0, hi = 0;
  bfm::AxiResp resp = bfm::AxiResp::kSlvErr;
};

// Runs the case on both sides and checks what every error run must show; returns the RTL's
// error address.
uint64_t run_with_error(EngineBench& b, const ErrorCase& c) {
  const uint32_t P = kParts, F = c.F;
  std::vector<isa::Instruction> prog;
  if (c.to_dram) {
    prog = {copy(dram_tile(ProgramMaker::kDramDst, P, F, 4 * F), sbuf_tile(4 * F, P, F), 1),
            copy(dram_tile(c.dram, P, F, c.pstride), sbuf_tile(0, P, F), 0)};
  } else {
    prog = {copy(sbuf_tile(kBytes / 2 + 4 * F, P, F),
                 dram_tile(ProgramMaker::kDramSrc, P, F, 4 * F), 1),
            copy(sbuf_tile(kBytes / 2, P, F), dram_tile(c.dram, P, F, c.pstride), 0)};
  }
  require_legal(prog);
  b.preload_dram(c.dram, c.dram + uint64_t{c.pstride} * P);
  b.mem().add_error_range(c.lo, c.hi, c.resp);
  b.arch().memory().inject_error(c.lo, c.hi, static_cast<arch::AxiResp>(c.resp));
  const RtlRun r = b.run(prog);
  REQUIRE(b.arch().error().code == isa::ErrorCode::AxiError);
  REQUIRE(b.arch().error().address == c.lo);
  // One error pulse; the copy on the other queue completed, the failing one did not.
  REQUIRE(r.err_addrs.size() == 1);
  REQUIRE(r.done_addrs.size() == 1);
  CHECK(r.done_addrs[0] == kStreamBase);
  return r.err_addrs[0];
}

}  // namespace

TEST_CASE("DMA engine: a read error stops the copy at the failing element",
          "[dma][engine][errors]") {
  EngineBench b("dma_engine_read_error", Catch::getSeed());
  prepare(b);
  const uint32_t F = std::min<uint32_t>(kBytes / 16, 200);
  const uint64_t src = ProgramMaker::kDramSrc + 0x3004;  // rows start unaligned
  // Partition 1's row fails from a beat in its middle on.
  const uint64_t lo = (src + 0x400 + 2 * F) & ~uint64_t{7};
  // The model's address; exactly the elements before the failing one were written.
  CHECK(run_with_error(b, {false, src, F, 0x400, lo, lo + 8, bfm::AxiResp::kDecErr}) == lo);
  b.compare();
}

TEST_CASE("DMA engine: a write error stops the copy at the failing burst",
          "[dma][engine][errors]") {
  EngineBench b("dma_engine_write_error", Catch::getSeed());
  prepare(b);
  const uint32_t F = std::min<uint32_t>(kBytes / 16, 200);
  // Partition 1's row crosses a 4 KiB boundary; the device fails from that boundary on, so the
  // burst starting there is the first to fail and every later one fails too (docs/dma.md: a
  // write error is seen only at its response, so later bursts of the row could land otherwise).
  const uint64_t lo = 0x3000'1000, dst = lo - 0x400 - 2 * F;
  CHECK(run_with_error(b, {true, dst, F, 0x400, lo, lo + 0x10000, bfm::AxiResp::kSlvErr}) == lo);
  b.compare();
}

TEST_CASE("DMA engine: a write error inside a burst: what may land is bounded",
          "[dma][engine][errors]") {
  EngineBench b("dma_engine_write_error_mid", Catch::getSeed());
  prepare(b);
  const uint32_t F = std::min<uint32_t>(kBytes / 8, 400), pstride = 0x800;
  const uint64_t dst = 0x3100'0004;
  // Eight bytes in the middle of a burst in the middle of partition 1's row.
  const uint64_t row = dst + pstride, lo = ((row + 2 * F) & ~uint64_t{7}) + 0x28;
  const uint64_t err =
      run_with_error(b, {true, dst, F, pstride, lo, lo + 8, bfm::AxiResp::kSlvErr});
  // The start of the failing burst (at most 16 beats, from the row's start or a beat).
  CHECK(err <= lo);
  CHECK(lo < err + 128);
  CHECK((err == row || err % 8 == 0));
  // Everything equals the model except, in the failing row, the failing burst (dropped whole by
  // the device, where the model wrote the elements before lo) and the bursts issued before its
  // response came back (at most MaxBursts = 4 more, which the model did not write).
  b.compare(err, std::min(err + 128 * 5, row + 4 * F));
}

TEST_CASE("DMA engine: throughput of a packed 2-D load", "[dma][engine][perf]") {
  EngineBench b("dma_engine_throughput", Catch::getSeed());
  b.mem().knobs() = bfm::Axi4MemKnobs::none();  // the fastest legal device memory
  b.preload_onchip();
  b.contend = false;
  const uint32_t P = kParts, F = kBytes / 4 / 2;
  b.preload_dram(ProgramMaker::kDramSrc, ProgramMaker::kDramSrc + uint64_t{4} * F * P);
  // Half of every partition, from one packed DRAM tensor, on one channel.
  const std::vector<isa::Instruction> prog = {
      copy(sbuf_tile(0, P, F), dram_tile(ProgramMaker::kDramSrc, P, F, 4 * F), 0),
  };
  const RtlRun r = b.run(prog);
  REQUIRE(r.done_addrs.size() == 1);
  const double bpc = double(r.bytes_written) / double(r.cycles);
  fmt::print("dma engine: packed {}x{} fp32 DRAM -> SBUF, {} bytes in {} cycles: {:.2f} B/cycle\n",
             P, F, r.bytes_written, r.cycles, bpc);
  b.compare();
  // One channel streams 8-byte beats; rows follow each other without a drain between them.
  CHECK(bpc > 4.0);
}
