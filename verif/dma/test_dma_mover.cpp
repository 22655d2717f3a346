// DMA data mover tests (rtl/dma/dma_row_mover.sv on the SBUF, top verif/dma/tb/dma_mover_top.sv),
// every device-memory access through the AXI4 memory model with random latency, backpressure,
// reordering and the protocol checker on (it throws on a burst crossing 4 KiB, a WLAST error, ...).
//
// Expected contents come from byte images this file keeps: the SBUF as preloaded through the
// engine write port, device memory as preloaded through the backdoor, and the row copied by hand.
#include <algorithm>
#include <cstdint>
#include <map>
#include <random>
#include <type_traits>
#include <utility>
#include <vector>

#include <catch2/catch_get_random_seed.hpp>
#include <catch2/catch_test_macros.hpp>
#include <fmt/core.h>

#include "Vdma_mover_top.h"
#include "bfm/axi4_memory.h"
#include "harness/port_bits.h"
#include "harness/sim_harness.h"
#include "tessel_config.h"

using namespace tessel;
using bfm::AxiResp;

namespace {

constexpr unsigned kParts = config::kNumRows;
constexpr unsigned kBytes = config::kSbufBytesPerPartition;

struct Row {
  bool to_dram = false;
  uint64_t dram = 0;
  unsigned part = 0, sbuf = 0, bytes = 1;
};

struct Done {
  bool error = false;
  AxiResp resp = AxiResp::kOkay;
  uint64_t err_addr = 0;
  uint64_t cycles = 0;
  size_t rows_taken = 0;  // of a run of rows: how many the mover took before it ended
  // W handshakes after the cycle of the B error, by number, that carried strobes.
  std::vector<unsigned> strobed_after_error;
};

class MoverBench {
 public:
  explicit MoverBench(const char* name)
      : sim_(name),
        mem_(name, bfm::axi4_master_ports(sim_.dut()), Catch::getSeed()),
        rng_(Catch::getSeed() + 7),
        image_(kParts, std::vector<uint8_t>(kBytes)) {
    auto& d = sim_.dut();
    d.cmd_valid_i = d.er0_req_i = d.er1_req_i = d.ew_req_i = 0;
    sim_.reset();
  }

  bfm::Axi4Memory& mem() { return mem_; }
  std::vector<std::vector<uint8_t>>& image() { return image_; }
  bool contend = true;  // random engine traffic on the SBUF ports the DMA shares

  // One cycle: memory outputs, engine contention, eval, memory sampling, edge.
  void cycle() {
    auto& d = sim_.dut();
    mem_.drive();
    if (contend) {
      // Engine reads, and engine writes to no partition: both contend for the shared ports.
      d.er1_req_i = rng_() % 2;
      d.er1_addr_i = static_cast<std::remove_reference_t<decltype(d.er1_addr_i)>>(rng_() % kBytes);
      d.ew_req_i = rng_() % 2;
      d.ew_mask_i = 0;
    }
    sim_.eval();
    ew_gnt_seen_ = d.ew_req_i && d.ew_gnt_o;
    mem_.sample();
    if (saw_b_error_ && d.m_axi_wvalid_o && d.m_axi_wready_i) {
      ++w_after_error_;
      if (d.m_axi_wstrb_o != 0) strobed_after_error_.push_back(w_after_error_);
    }
    if (d.m_axi_bvalid_i && d.m_axi_bready_o && d.m_axi_bresp_i >= 2 && !saw_b_error_) {
      saw_b_error_ = true;
    }
    sim_.tick();
  }

  // Fills every partition with random bytes through the engine write port (4 bytes a cycle).
  void preload_sbuf() {
    auto& d = sim_.dut();
    const bool saved = contend;
    contend = false;
    for (unsigned a = 0; a < kBytes; a += 4) {
      d.ew_req_i = 1, d.ew_addr_i = static_cast<std::remove_reference_t<decltype(d.ew_addr_i)>>(a),
      d.ew_size_i = 2;
      d.ew_mask_i =
          static_cast<std::remove_reference_t<decltype(d.ew_mask_i)>>((uint64_t{1} << kParts) - 1);
      for (unsigned p = 0; p < kParts; ++p) {
        const uint32_t v = static_cast<uint32_t>(rng_());
        sim::set_lane(d.ew_wdata_i, p, 32, v);
        for (unsigned i = 0; i < 4; ++i) image_[p][a + i] = static_cast<uint8_t>(v >> (8 * i));
      }
      do {
        cycle();
      } while (!ew_gnt_seen_);
    }
    d.ew_req_i = 0;
    contend = saved;
  }

  // Every partition's bytes, read back through er0 (4 bytes of every partition a cycle).
  std::vector<std::vector<uint8_t>> snapshot() {
    auto& d = sim_.dut();
    const bool saved = contend;
    contend = false;
    std::vector<std::vector<uint8_t>> out(kParts, std::vector<uint8_t>(kBytes));
    for (unsigned a = 0; a < kBytes; a += 4) {
      d.er0_req_i = 1,
      d.er0_addr_i = static_cast<std::remove_reference_t<decltype(d.er0_addr_i)>>(a),
      d.er0_size_i = 2;
      cycle();
      d.er0_req_i = 0;
      REQUIRE(d.er0_rvalid_o == 1);
      for (unsigned p = 0; p < kParts; ++p) {
        const auto v = static_cast<uint32_t>(sim::get_lane(d.er0_rdata_o, p, 32));
        for (unsigned i = 0; i < 4; ++i) out[p][a + i] = static_cast<uint8_t>(v >> (8 * i));
      }
    }
    contend = saved;
    return out;
  }

  void check_sbuf() {
    const auto snap = snapshot();
    for (unsigned p = 0; p < kParts; ++p) {
      for (unsigned a = 0; a < kBytes; ++a) {
        if (snap[p][a] != image_[p][a]) {
          FAIL("SBUF partition " << p << " byte 0x" << std::hex << a << " is 0x" << int(snap[p][a])
                                 << ", expected 0x" << int(image_[p][a]));
        }
      }
    }
  }

  Done run(const Row& r) { return run(std::vector<Row>{r}); }

  // Rows back to back (one direction): each is presented as soon as the previous one was taken
  // and held until the mover takes it; then waits until the mover has ended them all, or until
  // an error stopped it (it takes no more rows then).
  Done run(const std::vector<Row>& rows) {
    auto& d = sim_.dut();
    saw_b_error_ = false;
    w_after_error_ = 0;
    strobed_after_error_.clear();
    Done done;
    size_t i = 0;
    for (;;) {
      d.cmd_valid_i = i < rows.size();
      if (i < rows.size()) {
        const Row& r = rows[i];
        d.cmd_to_dram_i = r.to_dram, d.cmd_dram_addr_i = r.dram;
        d.cmd_part_i = static_cast<std::remove_reference_t<decltype(d.cmd_part_i)>>(r.part);
        d.cmd_sbuf_addr_i =
            static_cast<std::remove_reference_t<decltype(d.cmd_sbuf_addr_i)>>(r.sbuf);
        d.cmd_bytes_i = static_cast<std::remove_reference_t<decltype(d.cmd_bytes_i)>>(r.bytes);
      }
      sim_.eval();
      // The first row of a run is always taken at once.
      if (i == 0) REQUIRE(d.cmd_ready_o == 1);
      const bool taken = d.cmd_valid_i && d.cmd_ready_o;
      // Ended: all rows taken, or an error stopped the mover (it takes no row then).
      if (i > 0 && d.done_o && !taken && (i == rows.size() || d.done_error_o)) break;
      cycle();
      REQUIRE(done.cycles++ < 100'000);
      if (taken) ++i;
    }
    done.rows_taken = i;
    d.cmd_valid_i = 0;
    done.error = d.done_error_o;
    done.resp = static_cast<AxiResp>(d.done_resp_o);
    done.err_addr = d.done_err_addr_o;
    done.strobed_after_error = strobed_after_error_;
    cycle();
    REQUIRE(d.busy_o == 0);
    // The bus is quiet once the row has ended: every burst was answered.
    REQUIRE(mem_.idle());
    return done;
  }

  uint32_t stall_dma() { return sim_.dut().stall_dma_o; }

 private:
  sim::Harness<Vdma_mover_top> sim_;
  bfm::Axi4Memory mem_;
  std::mt19937_64 rng_;
  std::vector<std::vector<uint8_t>> image_;
  bool ew_gnt_seen_ = false;
  bool saw_b_error_ = false;
  unsigned w_after_error_ = 0;
  std::vector<unsigned> strobed_after_error_;
};

}  // namespace

namespace {

// Fills device memory bytes [lo, hi) with random data, mirrored in `ref`.
void preload_dram(bfm::Axi4Memory& mem, std::mt19937_64& rng, uint64_t lo, uint64_t hi) {
  for (uint64_t a = lo; a < hi; ++a) mem.write_byte(a, static_cast<uint8_t>(rng()));
}

// A random row: any alignment on either side, lengths from 1 byte to several bursts, device
// addresses often just below a 4 KiB boundary so that bursts must split there.
Row random_row(std::mt19937_64& rng, bool to_dram) {
  Row r;
  r.to_dram = to_dram;
  r.part = static_cast<unsigned>(rng() % kParts);
  const unsigned max_len = std::min(kBytes, 600u);
  r.bytes = 1 + static_cast<unsigned>(rng() % 4 == 0 ? rng() % 9 : rng() % max_len);
  r.sbuf = static_cast<unsigned>(rng() % (kBytes - r.bytes + 1));
  const uint64_t page = 0x1234'0000ULL + (rng() % 16) * 4096;
  r.dram = rng() % 2 ? page - 1 - rng() % 200 : page + rng() % 4096;
  return r;
}

}  // namespace

TEST_CASE("DMA mover: device memory -> SBUF rows under backpressure", "[dma][mover]") {
  MoverBench b("dma_to_sbuf");
  std::mt19937_64 rng(Catch::getSeed());
  b.preload_sbuf();
  for (int i = 0; i < 40; ++i) {
    const Row r = random_row(rng, false);
    INFO("row " << i << ": " << r.bytes << " bytes from 0x" << std::hex << r.dram
                << " to partition " << std::dec << r.part << " offset " << r.sbuf);
    preload_dram(b.mem(), rng, r.dram, r.dram + r.bytes);
    const Done d = b.run(r);
    REQUIRE_FALSE(d.error);
    for (unsigned k = 0; k < r.bytes; ++k)
      b.image()[r.part][r.sbuf + k] = b.mem().read_byte(r.dram + k);
    if (i % 8 == 7) b.check_sbuf();  // every byte of every partition: nothing else changed
  }
  b.check_sbuf();
  CHECK(b.stall_dma() > 0);  // the engine traffic really contended with the DMA
  CHECK(b.mem().stats().max_reads_outstanding >= 2);
  CHECK(b.mem().stats().ar_stalls > 0);
}

TEST_CASE("DMA mover: SBUF -> device memory rows under backpressure", "[dma][mover]") {
  MoverBench b("dma_to_dram");
  std::mt19937_64 rng(Catch::getSeed());
  b.preload_sbuf();
  for (int i = 0; i < 40; ++i) {
    const Row r = random_row(rng, true);
    INFO("row " << i << ": " << r.bytes << " bytes from partition " << r.part << " offset "
                << r.sbuf << " to 0x" << std::hex << r.dram);
    // Guard bytes around the row must survive.
    preload_dram(b.mem(), rng, r.dram - 16, r.dram + r.bytes + 16);
    const std::vector<uint8_t> before = b.mem().read_bytes(r.dram - 16, r.bytes + 32);
    const Done d = b.run(r);
    REQUIRE_FALSE(d.error);
    for (unsigned k = 0; k < r.bytes + 32; ++k) {
      const bool in_row = k >= 16 && k < 16 + r.bytes;
      const uint8_t want = in_row ? b.image()[r.part][r.sbuf + k - 16] : before[k];
      INFO("byte 0x" << std::hex << r.dram - 16 + k);
      REQUIRE(int(b.mem().read_byte(r.dram - 16 + k)) == int(want));
    }
  }
  CHECK(b.stall_dma() > 0);
  CHECK(b.mem().stats().max_writes_outstanding >= 2);
  CHECK(b.mem().stats().w_stalls > 0);
}

TEST_CASE("DMA mover: a read error stops the row and nothing after it reaches SBUF",
          "[dma][mover][errors]") {
  MoverBench b("dma_read_error");
  std::mt19937_64 rng(Catch::getSeed());
  b.preload_sbuf();
  Row r;
  r.dram = 0x2000'0003, r.part = kParts - 1, r.sbuf = 5, r.bytes = 500;
  // Device bytes differ from the SBUF bytes they replace, so a landed byte is visible.
  for (unsigned k = 0; k < r.bytes; ++k) {
    b.mem().write_byte(r.dram + k, static_cast<uint8_t>(~b.image()[r.part][r.sbuf + k]));
  }
  const uint64_t bad = 0x2000'0100;  // 253 bytes into the row
  b.mem().add_error_range(bad, bad + 8, AxiResp::kDecErr);
  const Done d = b.run(r);
  CHECK(d.error);
  CHECK(d.resp == AxiResp::kDecErr);
  CHECK(d.err_addr == bad);
  // Exactly the row's bytes before the failing beat landed; nothing at or after it did, and no
  // other partition changed.
  const auto snap = b.snapshot();
  const auto& old = b.image();
  for (unsigned p = 0; p + 1 < kParts; ++p) REQUIRE(snap[p] == old[p]);
  unsigned cut = 0;
  while (cut < r.bytes && snap[r.part][r.sbuf + cut] != old[r.part][r.sbuf + cut]) ++cut;
  CHECK(cut == bad - r.dram);
  for (unsigned a = 0; a < kBytes; ++a) {
    const bool landed = a >= r.sbuf && a < r.sbuf + cut;
    const uint8_t want = landed ? b.mem().read_byte(r.dram + (a - r.sbuf)) : old[r.part][a];
    INFO("byte 0x" << std::hex << a);
    REQUIRE(int(snap[r.part][a]) == int(want));
  }
}

TEST_CASE("DMA mover: a write error stops the row and nothing is written after it",
          "[dma][mover][errors]") {
  MoverBench b("dma_write_error");
  std::mt19937_64 rng(Catch::getSeed());
  b.preload_sbuf();
  Row r;
  r.to_dram = true, r.dram = 0x3000'0005, r.part = 0, r.sbuf = 11, r.bytes = 1500;
  preload_dram(b.mem(), rng, r.dram, r.dram + r.bytes);
  const uint64_t bad = 0x3000'0300;
  b.mem().add_error_range(bad, bad + 8, AxiResp::kSlvErr);
  const std::vector<uint8_t> before = b.mem().read_bytes(bad - 64, 128);
  const Done d = b.run(r);
  CHECK(d.error);
  CHECK(d.resp == AxiResp::kSlvErr);
  // The reported address is the start of the burst that touched the range (at most 16 beats).
  CHECK(d.err_addr <= bad);
  CHECK(bad < d.err_addr + 128);
  CHECK((d.err_addr == r.dram || d.err_addr % 8 == 0));
  // Beats loaded after the error response carry no strobes. Only the beat already waiting in
  // the W register when it came (AXI forbids changing it) may, so at most the first W after it.
  CHECK(d.strobed_after_error.size() <= 1);
  if (!d.strobed_after_error.empty()) CHECK(d.strobed_after_error[0] == 1);
  // The failing burst was dropped whole by the memory.
  const auto after = b.mem().read_bytes(bad - 64, 128);
  CHECK(std::vector<uint8_t>(after.begin() + 64, after.begin() + 72) ==
        std::vector<uint8_t>(before.begin() + 64, before.begin() + 72));
  CHECK(b.mem().stats().bytes_written < r.bytes);  // the row did stop
}

namespace {

// `n` rows of `bytes` each, 8-byte aligned in device memory (one burst per row when
// bytes <= 128), to or from distinct places of the partitions.
std::vector<Row> aligned_rows(bool to_dram, unsigned n, unsigned bytes, uint64_t dram) {
  std::vector<Row> rows;
  for (unsigned i = 0; i < n; ++i) {
    Row r;
    r.to_dram = to_dram, r.bytes = bytes, r.part = i % kParts;
    r.sbuf = (i / kParts * bytes) % (kBytes - bytes + 1);
    r.dram = dram + uint64_t{i} * bytes;
    rows.push_back(r);
  }
  return rows;
}

// Device memory with a fixed round trip and no gaps: a row costs at least the round trip only
// if the mover drains between rows.
bfm::Axi4MemKnobs slow_memory() {
  bfm::Axi4MemKnobs k = bfm::Axi4MemKnobs::none();
  k.read_latency_min = k.read_latency_max = k.write_latency_min = k.write_latency_max = 30;
  return k;
}

}  // namespace

TEST_CASE("DMA mover: rows back to back, both directions, under backpressure", "[dma][mover]") {
  MoverBench b("dma_rows_back_to_back");
  std::mt19937_64 rng(Catch::getSeed());
  b.preload_sbuf();
  for (int run = 0; run < 6; ++run) {
    const bool to_dram = run % 2;
    std::vector<Row> rows;
    for (int i = 0; i < 12; ++i) {
      Row r = random_row(rng, to_dram);
      if (rng() % 2) r.bytes = 1 + static_cast<unsigned>(rng() % 16);  // element-wise rows
      r.sbuf = static_cast<unsigned>(rng() % (kBytes - r.bytes + 1));
      rows.push_back(r);
    }
    INFO("run " << run << (to_dram ? ": SBUF -> device memory" : ": device memory -> SBUF"));
    if (to_dram) {
      // Rows land in order: a later row's bytes win where rows overlap.
      std::vector<std::pair<uint64_t, uint8_t>> want;
      for (const Row& r : rows) {
        for (unsigned k = 0; k < r.bytes; ++k)
          want.emplace_back(r.dram + k, b.image()[r.part][r.sbuf + k]);
      }
      const Done d = b.run(rows);
      REQUIRE_FALSE(d.error);
      REQUIRE(d.rows_taken == rows.size());
      std::map<uint64_t, uint8_t> last;
      for (const auto& [a, v] : want) last[a] = v;
      for (const auto& [a, v] : last) {
        INFO("byte 0x" << std::hex << a);
        REQUIRE(int(b.mem().read_byte(a)) == int(v));
      }
    } else {
      for (const Row& r : rows) preload_dram(b.mem(), rng, r.dram, r.dram + r.bytes);
      const Done d = b.run(rows);
      REQUIRE_FALSE(d.error);
      REQUIRE(d.rows_taken == rows.size());
      for (const Row& r : rows) {
        for (unsigned k = 0; k < r.bytes; ++k)
          b.image()[r.part][r.sbuf + k] = b.mem().read_byte(r.dram + k);
      }
      b.check_sbuf();
    }
  }
}

TEST_CASE("DMA mover: the next row's bursts go out while the previous row's are answered",
          "[dma][mover][perf]") {
  for (const bool to_dram : {false, true}) {
    MoverBench b(to_dram ? "dma_overlap_writes" : "dma_overlap_reads");
    b.mem().knobs() = slow_memory();
    b.contend = false;
    b.preload_sbuf();
    // 16 rows of one 64-byte burst each: more than one burst outstanding means rows overlap.
    const std::vector<Row> rows = aligned_rows(to_dram, 16, 64, 0x4000'0000);
    const Done d = b.run(rows);
    REQUIRE_FALSE(d.error);
    const auto& st = b.mem().stats();
    fmt::print("dma mover: 16 rows of 64 bytes {} with a 30-cycle round trip: {} cycles\n",
               to_dram ? "to device memory" : "from device memory", d.cycles);
    CHECK((to_dram ? st.max_writes_outstanding : st.max_reads_outstanding) >= 4);
    // Draining between rows costs a 30-cycle round trip per row.
    CHECK(d.cycles < 16 * 30);
  }
}

TEST_CASE("DMA mover: a read error stops the rows behind the failing one too",
          "[dma][mover][errors]") {
  MoverBench b("dma_rows_read_error");
  std::mt19937_64 rng(Catch::getSeed());
  b.preload_sbuf();
  std::vector<Row> rows = aligned_rows(false, 12, 40, 0x2100'0000);
  for (Row& r : rows) {
    r.dram += 3;  // unaligned rows: their beats straddle rows
    for (unsigned k = 0; k < r.bytes; ++k)
      b.mem().write_byte(r.dram + k, static_cast<uint8_t>(~b.image()[r.part][r.sbuf + k]));
  }
  const uint64_t bad = (rows[5].dram + 16) & ~uint64_t{7};  // a beat inside row 5
  b.mem().add_error_range(bad, bad + 8, AxiResp::kDecErr);
  const auto old = b.image();
  const Done d = b.run(rows);
  CHECK(d.error);
  CHECK(d.err_addr == bad);
  // Rows before the failing one landed whole, row 5 up to the failing beat, nothing later.
  for (const Row& r : rows) {
    for (unsigned k = 0; k < r.bytes; ++k) {
      if (r.dram + k < bad) b.image()[r.part][r.sbuf + k] = b.mem().read_byte(r.dram + k);
    }
  }
  CHECK(b.image() != old);
  b.check_sbuf();
}
