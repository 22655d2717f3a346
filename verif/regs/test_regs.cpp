// Register block tests (rtl/regs/tessel_regs_top.sv), built once per configuration, every access
// through the AXI4-Lite master BFM with random valid delays and ready backpressure.
//
// Expected values come from the generated header tessel_regs.h (i.e. from the description,
// rtl/regs/tessel_regs.json) and, for the identity and configuration registers, also from values
// written here by hand from the brief, so that a wrong description or generator fails a test
// instead of being trusted. The reference behaviour of each access type (after_write) is written
// here from docs/registers.md, not derived from the RTL.
#include <algorithm>
#include <cstring>
#include <functional>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <catch2/catch_get_random_seed.hpp>
#include <catch2/catch_test_macros.hpp>

#include "Vtessel_regs_top.h"
#include "bfm/axil_master.h"
#include "harness/port_bits.h"
#include "harness/sim_harness.h"
#include "tessel_config.h"
#include "tessel_regs.h"
#include "tessel_regs_ports.h"

using namespace tessel;
namespace ports = tessel::regs::ports;
using bfm::AxiResp;

namespace {

// The register block, an AXI4-Lite master on its slave port, and the hardware side driven and
// observed from the test. The hardware inputs start at 0, the hardware's values after its reset.
class RegsBench {
 public:
  explicit RegsBench(const std::string& name, bfm::AxilKnobs knobs = bfm::AxilKnobs::random())
      : sim_(name),
        axil_(
            name, bfm::axil_slave_ports(sim_.dut(), regs::kAddrWidth), [this] { sim_.eval(); },
            [this] { tick(); }, Catch::getSeed(), knobs) {
    std::memset(&sim_.dut().hw2reg_i, 0, sizeof(sim_.dut().hw2reg_i));
    sim_.reset();
  }

  bfm::AxilMaster& axil() { return axil_; }
  Vtessel_regs_top& dut() { return sim_.dut(); }

  void set_hw(const ports::PortField& f, uint64_t value, unsigned i = 0) {
    sim::set_field(dut().hw2reg_i, f.lsb_of(i), f.width, value);
  }
  uint64_t hw_in(const ports::PortField& f, unsigned i = 0) {
    return sim::get_field(dut().hw2reg_i, f.lsb_of(i), f.width);
  }
  uint64_t reg2hw(const ports::PortField& f, unsigned i = 0) {
    return sim::get_field(dut().reg2hw_o, f.lsb_of(i), f.width);
  }
  bool irq() { return dut().irq_o != 0; }

  // Counts the cycles in which a one-bit reg2hw output is high (pulses), from now on.
  void watch(const ports::PortField& f) {
    high_cycles_[f.lsb] = 0;
    watched_.push_back(f);
  }
  uint64_t high_cycles(const ports::PortField& f) { return high_cycles_.at(f.lsb); }

  // Idle cycles (the master drives nothing but random READYs).
  void idle(unsigned n) {
    for (unsigned i = 0; i < n; ++i) axil_.cycle();
  }

  // Called around every clock edge: before (inputs for the edge) and after (its results).
  std::function<void()> before_edge, after_edge;

 private:
  void tick() {
    if (before_edge) before_edge();
    sim_.tick();
    for (const auto& f : watched_) high_cycles_[f.lsb] += reg2hw(f);
    if (after_edge) after_edge();
  }

  sim::Harness<Vtessel_regs_top> sim_;
  bfm::AxilMaster axil_;
  std::vector<ports::PortField> watched_;
  std::map<unsigned, uint64_t> high_cycles_;
};

uint32_t strobe_mask(uint8_t strb) {
  uint32_t m = 0;
  for (unsigned b = 0; b < 4; ++b) {
    if (strb & (1u << b)) m |= 0xffu << (8 * b);
  }
  return m;
}

// What a word reads after a write, by access type (docs/registers.md), with the hardware quiet.
uint32_t after_write(const regs::Word& w, uint32_t old, uint32_t data, uint8_t strb) {
  const uint32_t m = strobe_mask(strb);
  uint32_t v = (old & ~(w.rw & m)) | (data & w.rw & m);
  v &= ~(w.w1c & m & data);
  return v & ~w.pulse;
}

std::vector<regs::Word> all_words() { return {std::begin(regs::kWords), std::end(regs::kWords)}; }

const regs::Word& word_at(uint32_t offset) {
  for (const auto& w : regs::kWords) {
    if (w.offset == offset) return w;
  }
  throw std::logic_error(fmt::format("no register word at 0x{:03x}", offset));
}

std::set<uint32_t> mapped_offsets() {
  std::set<uint32_t> s;
  for (const auto& w : regs::kWords) s.insert(w.offset);
  return s;
}

// Reads every word; a latched HI word is read right after its LO word, as software must.
std::map<uint32_t, uint32_t> read_all(bfm::AxilMaster& axil) {
  std::map<uint32_t, uint32_t> v;
  for (const auto& w : regs::kWords) v[w.offset] = axil.read(w.offset);
  return v;
}

}  // namespace

TEST_CASE("every register word reads its reset value from the description", "[regs][reset]") {
  RegsBench b("reset");
  for (const auto& w : regs::kWords) {
    INFO(w.name << " at 0x" << std::hex << w.offset);
    CHECK(b.axil().read(w.offset) == w.reset);
  }
  // The software-written outputs to the hardware start at their reset values too.
  CHECK(b.reg2hw(ports::reg2hw::kScratchValue) == regs::scratch::kReset);
  for (unsigned i = 0; i < regs::sem::kInstances; ++i) {
    CHECK(b.reg2hw(ports::reg2hw::kSemValue, i) == 0);
  }
  for (unsigned e = 0; e < regs::kEngineCount; ++e) {
    CHECK(b.reg2hw(ports::reg2hw::kStreamBaseAddr, e) == 0);
    CHECK(b.reg2hw(ports::reg2hw::kStreamLenBytes, e) == 0);
  }
  CHECK(b.reg2hw(ports::reg2hw::kControlStart) == 0);
  CHECK(b.reg2hw(ports::reg2hw::kIntrEnableDone) == 0);
  CHECK_FALSE(b.irq());
}

TEST_CASE("identity and configuration registers hold the brief's values", "[regs][reset]") {
  // Written by hand from the brief's configuration table and the register map, not generated.
  struct Expected {
    const char* config;
    uint32_t rows, cols, sbuf_bytes, psum_banks, psum_bank_bytes;
  };
  constexpr Expected kTable[] = {{"tiny", 4, 4, 4096, 8, 256},
                                 {"small", 16, 16, 65536, 8, 2048},
                                 {"trn", 128, 128, 196608, 8, 2048}};
  const Expected* e = nullptr;
  for (const auto& row : kTable) {
    if (std::string(row.config) == config::kConfigName) e = &row;
  }
  INFO("configuration " << config::kConfigName);
  REQUIRE(e != nullptr);
  RegsBench b("identity");
  auto& axil = b.axil();
  CHECK(axil.read(0x000) == 0x54455353u);  // ID: "TESS"
  CHECK(axil.read(0x004) == 0x00000002u);  // VERSION 0.2 (PERF_SBUF_STALL added)
  CHECK(axil.read(0x010) == ((e->cols << 16) | e->rows));
  CHECK(axil.read(0x014) == e->sbuf_bytes);
  CHECK(axil.read(0x018) == ((e->psum_bank_bytes << 16) | e->psum_banks));
  CHECK(axil.read(0x01c) == 0x00001e1fu);  // all five formats; PE inputs without FP32
  CHECK(axil.read(0x020) == 0x00002004u);  // 32 semaphores, 4 engines
}

TEST_CASE("SCRATCH keeps random values and walking ones and zeros", "[regs][rw]") {
  RegsBench b("scratch");
  std::mt19937_64 rng(Catch::getSeed());
  std::vector<uint32_t> patterns{0u, 0xffffffffu, 0xaaaaaaaau, 0x55555555u};
  for (unsigned bit = 0; bit < 32; ++bit) {
    patterns.push_back(1u << bit);
    patterns.push_back(~(1u << bit));
  }
  for (int i = 0; i < 32; ++i) patterns.push_back(static_cast<uint32_t>(rng()));
  for (uint32_t v : patterns) {
    b.axil().write(regs::scratch::kOffset, v);
    INFO("wrote 0x" << std::hex << v);
    CHECK(b.axil().read(regs::scratch::kOffset) == v);
    CHECK(b.reg2hw(ports::reg2hw::kScratchValue) == v);
  }
}

TEST_CASE("read-only words ignore writes and rw words keep only their fields", "[regs][rw]") {
  RegsBench b("write_masks");
  std::mt19937_64 rng(Catch::getSeed());
  for (const auto& w : regs::kWords) {
    if (w.w1c || w.pulse) continue;  // their own tests
    for (uint32_t data : {0xffffffffu, 0u, static_cast<uint32_t>(rng())}) {
      const uint32_t before = b.axil().read(w.offset);
      b.axil().write(w.offset, data);  // OKAY even where nothing is writable
      INFO(w.name << " <- 0x" << std::hex << data);
      CHECK(b.axil().read(w.offset) == after_write(w, before, data, 0xf));
      if (w.rw == 0) CHECK(b.axil().read(w.offset) == w.reset);
    }
  }
}

TEST_CASE("software-written registers reach the hardware", "[regs][rw]") {
  RegsBench b("reg2hw");
  std::mt19937_64 rng(Catch::getSeed());
  for (unsigned e = 0; e < regs::kEngineCount; ++e) {
    const uint64_t base = rng();
    const auto len = static_cast<uint32_t>(rng());
    b.axil().write64(regs::stream_base::offset(e), base);
    b.axil().write(regs::stream_len::offset(e), len);
    CHECK(b.reg2hw(ports::reg2hw::kStreamBaseAddr, e) == base);
    CHECK(b.reg2hw(ports::reg2hw::kStreamLenBytes, e) == len);
    CHECK(b.axil().read64(regs::stream_base::offset(e)) == base);
  }
  for (unsigned i = 0; i < regs::sem::kInstances; ++i) {
    const auto v = static_cast<uint32_t>(rng());
    b.axil().write(regs::sem::offset(i), v);
    CHECK(b.reg2hw(ports::reg2hw::kSemValue, i) == v);
  }
  b.axil().write(regs::intr_enable::kOffset, 0x2);
  CHECK(b.reg2hw(ports::reg2hw::kIntrEnableDone) == 0);
  CHECK(b.reg2hw(ports::reg2hw::kIntrEnableError) == 1);
}

TEST_CASE("byte strobes write only the selected bytes", "[regs][strobe]") {
  RegsBench b("strobes");
  std::mt19937_64 rng(Catch::getSeed());
  // A 32-bit register, a semaphore and both words of a 64-bit register.
  const uint32_t offsets[] = {regs::scratch::kOffset, regs::sem::offset(7),
                              regs::stream_base::offset(2), regs::stream_base::offset(2) + 4};
  for (uint32_t off : offsets) {
    const regs::Word& w = word_at(off);
    for (uint8_t strb = 0; strb < 16; ++strb) {
      const auto base = static_cast<uint32_t>(rng());
      const auto data = static_cast<uint32_t>(rng());
      b.axil().write(off, base);
      b.axil().write(off, data, strb);
      INFO(w.name << " strobes 0x" << std::hex << unsigned{strb});
      CHECK(b.axil().read(off) == after_write(w, base, data, strb));
      CHECK(b.axil().read(off) == ((base & ~strobe_mask(strb)) | (data & strobe_mask(strb))));
    }
  }
}

TEST_CASE("unmapped addresses answer SLVERR and change nothing", "[regs][slverr]") {
  RegsBench b("slverr");
  std::mt19937_64 rng(Catch::getSeed());
  // Make every rw word differ from its reset value, so a stray write would show.
  for (const auto& w : regs::kWords) {
    if (w.rw) b.axil().write(w.offset, static_cast<uint32_t>(rng()));
  }
  const auto before = read_all(b.axil());
  const auto mapped = mapped_offsets();
  unsigned unmapped = 0;
  for (uint32_t off = 0; off < regs::kWindowBytes; off += 4) {
    if (mapped.count(off)) continue;
    ++unmapped;
    const auto r = b.axil().read_resp(off);
    INFO("offset 0x" << std::hex << off);
    CHECK(r.resp == AxiResp::kSlvErr);
    CHECK(r.data == 0);
    CHECK(b.axil().write_resp(off, static_cast<uint32_t>(rng()), 0xf) == AxiResp::kSlvErr);
  }
  CHECK(unmapped == regs::kWindowBytes / 4 - mapped.size());
  CHECK(read_all(b.axil()) == before);
  CHECK(b.axil().stats().slverr == 2 * unmapped);
}

TEST_CASE("an unaligned address selects its word", "[regs][slverr]") {
  RegsBench b("unaligned");
  for (uint32_t low = 1; low < 4; ++low) {
    const uint32_t v = 0x01020304u * low;
    b.axil().write(regs::scratch::kOffset + low, v);
    CHECK(b.axil().read(regs::scratch::kOffset) == v);
    CHECK(b.axil().read(regs::scratch::kOffset + low) == v);
  }
}

TEST_CASE("CONTROL and INTR_TEST bits send one pulse per 1 written", "[regs][pulse]") {
  RegsBench b("pulses");
  struct Pulse {
    const char* name;
    uint32_t offset;
    regs::Field field;
    ports::PortField port;
  };
  const Pulse pulses[] = {{"CONTROL.start", regs::control::kOffset, regs::control::kStart,
                           ports::reg2hw::kControlStart},
                          {"CONTROL.soft_reset", regs::control::kOffset, regs::control::kSoftReset,
                           ports::reg2hw::kControlSoftReset},
                          {"CONTROL.clear_perf", regs::control::kOffset, regs::control::kClearPerf,
                           ports::reg2hw::kControlClearPerf},
                          {"INTR_TEST.done", regs::intr_test::kOffset, regs::intr_test::kDone,
                           ports::reg2hw::kIntrTestDone},
                          {"INTR_TEST.error", regs::intr_test::kOffset, regs::intr_test::kError,
                           ports::reg2hw::kIntrTestError}};
  for (const auto& p : pulses) b.watch(p.port);
  for (const auto& p : pulses) {
    INFO(p.name);
    const auto one = static_cast<uint32_t>(p.field.put(1));
    std::map<std::string, uint64_t> before;
    for (const auto& q : pulses) before[q.name] = b.high_cycles(q.port);
    b.axil().write(p.offset, one);
    b.axil().write(p.offset, 0);         // 0 sends nothing
    b.axil().write(p.offset, one, 0x0);  // nor does a 1 without its byte strobe
    b.axil().write(p.offset, one);
    b.idle(3);
    for (const auto& q : pulses) {
      INFO("watching " << q.name);
      CHECK(b.high_cycles(q.port) - before[q.name] == (&q == &p ? 2u : 0u));
    }
    CHECK(b.axil().read(p.offset) == 0);  // pulse bits read 0
  }
}

TEST_CASE("INTR_STATUS is set by hardware and cleared by writing 1; a set wins", "[regs][w1c]") {
  RegsBench b("w1c");
  auto& axil = b.axil();
  const uint32_t kStatus = regs::intr_status::kOffset;
  const uint32_t done = regs::intr_status::kDone.mask, error = regs::intr_status::kError.mask;
  b.watch(ports::reg2hw::kIntrStatusWe);

  auto hw_pulse = [&](const ports::PortField& f) {
    b.set_hw(f, 1);
    b.idle(1);
    b.set_hw(f, 0);
  };
  hw_pulse(ports::hw2reg::kIntrStatusDoneSet);
  CHECK(axil.read(kStatus) == done);
  CHECK(b.reg2hw(ports::reg2hw::kIntrStatusDone) == 1);
  hw_pulse(ports::hw2reg::kIntrStatusErrorSet);
  CHECK(axil.read(kStatus) == (done | error));
  axil.write(kStatus, 0);  // writing 0 clears nothing
  CHECK(axil.read(kStatus) == (done | error));
  axil.write(kStatus, error);  // clears error only
  CHECK(axil.read(kStatus) == done);
  axil.write(kStatus, done, 0x0);  // no byte strobe: nothing cleared
  CHECK(axil.read(kStatus) == done);
  axil.write(kStatus, 0xffffffffu);
  CHECK(axil.read(kStatus) == 0);
  // Every write to INTR_STATUS pulsed its write strobe once.
  CHECK(b.high_cycles(ports::reg2hw::kIntrStatusWe) == 4);

  // A one-cycle event at the k-th clock edge after a clearing write is posted. The write takes
  // effect at the edge after which BVALID rises; an event at that same edge must survive it (the
  // set wins), an earlier one must be cleared. Some trials hit the same edge (checked below).
  unsigned same_edge = 0;
  for (int trial = 0; trial < 64; ++trial) {
    const int pulse_at = trial % 12;
    int edge = 0, write_edge = -1;
    b.before_edge = [&] { b.set_hw(ports::hw2reg::kIntrStatusDoneSet, edge == pulse_at); };
    b.after_edge = [&] {
      if (write_edge < 0 && b.dut().s_axil_bvalid_o) write_edge = edge;
      ++edge;
    };
    axil.write(kStatus, done);
    b.idle(12);  // an event after the write's response still arrives
    b.before_edge = nullptr;
    b.after_edge = nullptr;
    b.set_hw(ports::hw2reg::kIntrStatusDoneSet, 0);
    INFO("event at edge " << pulse_at << ", write at edge " << write_edge);
    REQUIRE(write_edge >= 0);
    CHECK(axil.read(kStatus) == (pulse_at >= write_edge ? done : 0u));
    if (pulse_at == write_edge) ++same_edge;
    axil.write(kStatus, done);
  }
  CHECK(same_edge > 0);
}

TEST_CASE("the interrupt line follows INTR_STATUS & INTR_ENABLE", "[regs][irq]") {
  RegsBench b("irq");
  auto& axil = b.axil();
  for (uint32_t status = 0; status < 4; ++status) {
    for (uint32_t enable = 0; enable < 4; ++enable) {
      axil.write(regs::intr_status::kOffset, 0x3);  // clear both
      axil.write(regs::intr_enable::kOffset, enable);
      axil.write(regs::intr_test::kOffset, status);
      // irq_o is registered: it follows a status change by a cycle, which this read covers.
      REQUIRE(axil.read(regs::intr_status::kOffset) == status);
      INFO("status " << status << " enable " << enable);
      CHECK(b.irq() == ((status & enable) != 0));
    }
  }
  // A hardware event raises the line when enabled; clearing the status drops it.
  axil.write(regs::intr_status::kOffset, 0x3);
  axil.write(regs::intr_enable::kOffset, 0x2);
  b.set_hw(ports::hw2reg::kIntrStatusErrorSet, 1);
  b.idle(1);
  b.set_hw(ports::hw2reg::kIntrStatusErrorSet, 0);
  b.idle(1);
  CHECK(b.irq());
  axil.write(regs::intr_status::kOffset, 0x2);
  b.idle(1);
  CHECK_FALSE(b.irq());
}

TEST_CASE("hardware values are visible in the status and error and counter registers",
          "[regs][hw]") {
  RegsBench b("hw_values");
  std::mt19937_64 rng(Catch::getSeed());
  // Port -> register pairs written by hand: they also check the generated port layout.
  struct HwField {
    const char* name;
    ports::PortField port;
    uint32_t offset;  // instance 0
    uint32_t stride;
    regs::Field field;
  };
  const HwField fields[] = {
      {"STATUS.busy", ports::hw2reg::kStatusBusy, 0x044, 0, regs::status::kBusy},
      {"STATUS.done", ports::hw2reg::kStatusDone, 0x044, 0, regs::status::kDone},
      {"STATUS.error", ports::hw2reg::kStatusError, 0x044, 0, regs::status::kError},
      {"STATUS.engine_busy", ports::hw2reg::kStatusEngineBusy, 0x044, 0, regs::status::kEngineBusy},
      {"ERROR_CAUSE.code", ports::hw2reg::kErrorCauseCode, 0x048, 0, regs::error_cause::kCode},
      {"ERROR_ENGINE.engine", ports::hw2reg::kErrorEngineEngine, 0x04c, 0,
       regs::error_engine::kEngine},
      {"ERROR_ADDR", ports::hw2reg::kErrorAddrAddr, 0x050, 0, regs::error_addr::kAddr},
      {"PERF_CYCLES", ports::hw2reg::kPerfCyclesCount, 0x200, 0, regs::perf_cycles::kCount},
      {"PERF_MACS", ports::hw2reg::kPerfMacsCount, 0x208, 0, regs::perf_macs::kCount},
      {"PERF_DMA_BYTES", ports::hw2reg::kPerfDmaBytesCount, 0x210, 0, regs::perf_dma_bytes::kCount},
      {"PERF_BUSY", ports::hw2reg::kPerfBusyCount, 0x240, 8, regs::perf_busy::kCount},
      {"PERF_STALL", ports::hw2reg::kPerfStallCount, 0x260, 8, regs::perf_stall::kCount}};
  for (int round = 0; round < 4; ++round) {
    for (const auto& f : fields) {
      for (unsigned i = 0; i < f.port.instances; ++i) {
        const uint64_t width_mask = f.field.width == 64 ? ~0ull : (1ull << f.field.width) - 1;
        const uint64_t v = rng() & width_mask;
        b.set_hw(f.port, v, i);
        const uint32_t off = f.offset + i * f.stride;
        INFO(f.name << "[" << i << "] = 0x" << std::hex << v);
        const uint64_t got = f.field.width > 32 ? b.axil().read64(off) : b.axil().read(off);
        CHECK(f.field.get(got) == v);
      }
    }
  }
}

TEST_CASE("reading LO latches HI so that a running counter reads consistently", "[regs][hw]") {
  RegsBench b("latch");
  std::mt19937_64 rng(Catch::getSeed());
  uint64_t counter = 0;
  b.before_edge = [&] { b.set_hw(ports::hw2reg::kPerfCyclesCount, counter); };
  b.after_edge = [&] { ++counter; };
  unsigned straddled = 0;
  for (int trial = 0; trial < 64; ++trial) {
    // Start a few cycles before LO wraps, so HI changes around the reads.
    counter = (static_cast<uint64_t>(trial + 1) << 32) - 1 - (rng() % 24);
    const uint64_t first = counter;
    const uint64_t value = b.axil().read64(regs::perf_cycles::kOffset);
    const uint64_t last = counter;
    INFO("read 0x" << std::hex << value << " while the counter ran 0x" << first << " .. 0x"
                   << last);
    CHECK(value >= first);
    CHECK(value <= last);
    if ((value >> 32) != (last >> 32)) ++straddled;  // HI moved on after the LO read
  }
  // Without the latch those reads would have paired a new HI with an old LO.
  CHECK(straddled > 0);
}

TEST_CASE("semaphores add hardware increments even during a software write", "[regs][sem]") {
  RegsBench b("semaphores");
  std::mt19937_64 rng(Catch::getSeed());
  const unsigned sem = 5, other = 6;
  b.axil().write(regs::sem::offset(sem), 100);
  b.axil().write(regs::sem::offset(other), 7);
  b.set_hw(ports::hw2reg::kSemValueInc, 3, sem);
  b.idle(10);
  b.set_hw(ports::hw2reg::kSemValueInc, 0, sem);
  CHECK(b.axil().read(regs::sem::offset(sem)) == 130);
  CHECK(b.axil().read(regs::sem::offset(other)) == 7);

  // Increment every cycle while software writes: each cycle the value must become
  // (written this cycle ? written value : old value) + increment, with exactly one write seen.
  const uint32_t written = 0x40000000u;
  uint64_t prev = b.reg2hw(ports::reg2hw::kSemValue, sem);
  uint64_t inc = 0;
  unsigned writes_seen = 0, lost = 0;
  b.before_edge = [&] {
    inc = 1 + rng() % 0xffff;
    b.set_hw(ports::hw2reg::kSemValueInc, inc, sem);
  };
  b.after_edge = [&] {
    const uint64_t now = b.reg2hw(ports::reg2hw::kSemValue, sem);
    if (now == ((written + inc) & 0xffffffffu)) {
      ++writes_seen;
    } else if (now != ((prev + inc) & 0xffffffffu)) {
      ++lost;
    }
    prev = now;
  };
  b.idle(5);
  b.axil().write(regs::sem::offset(sem), written);
  b.idle(5);
  b.before_edge = nullptr;
  b.after_edge = nullptr;
  b.set_hw(ports::hw2reg::kSemValueInc, 0, sem);
  CHECK(writes_seen == 1);
  CHECK(lost == 0);
  CHECK(b.axil().read(regs::sem::offset(sem)) == prev);
}

TEST_CASE("reads and writes in flight together with several outstanding", "[regs][axi]") {
  RegsBench b("concurrent");
  std::mt19937_64 rng(Catch::getSeed());
  auto& axil = b.axil();
  // Two disjoint sets of rw words: one is written while the other is read, then they swap.
  std::vector<regs::Word> rw;
  for (const auto& w : regs::kWords) {
    if (w.rw) rw.push_back(w);
  }
  std::map<uint32_t, uint32_t> model;
  for (const auto& w : rw) model[w.offset] = w.reset;
  for (int phase = 0; phase < 6; ++phase) {
    std::map<uint64_t, uint32_t> expected_reads;
    for (int n = 0; n < 80; ++n) {
      const auto& wr = rw[(2 * (rng() % (rw.size() / 2)) + phase % 2) % rw.size()];
      const auto& rd = rw[(2 * (rng() % (rw.size() / 2)) + 1 - phase % 2) % rw.size()];
      const auto data = static_cast<uint32_t>(rng());
      const auto strb = static_cast<uint8_t>(rng() & 0xf);
      axil.post_write(wr.offset, data, strb);
      model[wr.offset] = after_write(wr, model[wr.offset], data, strb);
      expected_reads[axil.post_read(rd.offset)] = model[rd.offset];
    }
    axil.run_until_idle();
    for (const auto& r : axil.take_results()) {
      CHECK(r.resp == AxiResp::kOkay);
      if (!r.is_write) {
        INFO("read of 0x" << std::hex << r.addr);
        CHECK(r.data == expected_reads.at(r.id));
      }
    }
  }
  for (const auto& w : rw) CHECK(axil.read(w.offset) == model[w.offset]);
  const auto& st = axil.stats();
  fmt::print(
      "concurrent: {} writes, {} reads in {} cycles; {} cycles with both in flight, up to "
      "{} writes / {} reads outstanding; AW first {}, W first {}, together {}\n",
      st.writes, st.reads, st.cycles, st.overlap_cycles, st.max_writes_in_flight,
      st.max_reads_in_flight, st.aw_before_w, st.w_before_aw, st.aw_with_w);
  CHECK(st.overlap_cycles > 0);
  // The slave takes the next AW and W while a B waits; reads are one at a time (arready low
  // while R waits), which the master's window must tolerate.
  CHECK(st.max_writes_in_flight >= 2);
  CHECK(st.max_reads_in_flight == 1);
  CHECK(st.aw_before_w > 0);
  CHECK(st.w_before_aw > 0);
  CHECK(st.aw_with_w > 0);
  CHECK(st.b_stalls > 0);
  CHECK(st.r_stalls > 0);
}

TEST_CASE("write data long before or long after its address", "[regs][axi]") {
  for (int w_first = 0; w_first < 2; ++w_first) {
    bfm::AxilKnobs knobs;
    knobs.aw_gap = w_first ? 0.9 : 0.0;
    knobs.w_gap = w_first ? 0.0 : 0.9;
    RegsBench b(w_first ? "w_first" : "aw_first", knobs);
    std::mt19937_64 rng(Catch::getSeed());
    for (int i = 0; i < 40; ++i) {
      const auto v = static_cast<uint32_t>(rng());
      const uint32_t off = regs::sem::offset(static_cast<uint32_t>(rng() % 32));
      b.axil().write(off, v);
      CHECK(b.axil().read(off) == v);
    }
    const auto& st = b.axil().stats();
    CHECK((w_first ? st.w_before_aw : st.aw_before_w) >= 20);  // of 40; ~36 expected
  }
}

TEST_CASE("random register traffic matches the reference behaviour", "[regs][random]") {
  RegsBench b("random");
  std::mt19937_64 rng(Catch::getSeed());
  const auto words = all_words();
  const auto mapped = mapped_offsets();
  std::map<uint32_t, uint32_t> model;
  for (const auto& w : words) model[w.offset] = w.reset;
  const uint32_t intr_status = regs::intr_status::kOffset;
  for (int op = 0; op < 1500; ++op) {
    const unsigned kind = rng() % 10;
    if (kind == 0) {  // somewhere unmapped
      uint32_t off;
      do {
        off = static_cast<uint32_t>(rng() % regs::kWindowBytes) & ~3u;
      } while (mapped.count(off));
      CHECK(b.axil().write_resp(off, static_cast<uint32_t>(rng()), 0xf) == AxiResp::kSlvErr);
      continue;
    }
    const regs::Word& w = words[rng() % words.size()];
    if (kind < 5) {
      const auto data = static_cast<uint32_t>(rng());
      const auto strb = static_cast<uint8_t>(rng() & 0xf);
      b.axil().write(w.offset, data, strb);
      model[w.offset] = after_write(w, model[w.offset], data, strb);
      // INTR_TEST sets INTR_STATUS bits (docs/registers.md).
      if (w.offset == regs::intr_test::kOffset) {
        model[intr_status] |= data & strobe_mask(strb) & word_at(intr_status).w1c;
      }
    } else {
      INFO(w.name << " after " << op << " operations");
      REQUIRE(b.axil().read(w.offset) == model[w.offset]);
    }
  }
  CHECK(read_all(b.axil()) == model);
}
