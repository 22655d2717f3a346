// Tests of the AXI4 device-memory model (verif/bfm/axi4_memory.h), driven at pin level from C++:
// a small AXI4 master written here (random VALID gaps, W ahead of AW, several IDs, random
// BREADY/RREADY) sits on plain variables that stand in for a Verilator model's ports.
//
// Expected memory contents come from a reference byte map this file keeps itself, with beat
// addresses computed here (full-width or narrow bursts from aligned starts, where beat i covers
// start + i*size) or written out by hand for the unaligned, FIXED and WRAP cases; nothing is
// taken from the model's own decode. Each protocol rule the checker claims is violated once on
// purpose, and the test expects the checker to name it.
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <random>
#include <string>
#include <vector>

#include <catch2/catch_get_random_seed.hpp>
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_exception.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include "bfm/axi4_memory.h"

using namespace tessel;
using bfm::AxiResp;
using Catch::Matchers::ContainsSubstring;

namespace {

// The wires between master and slave (what a Verilator model's ports would be).
struct Wires {
  uint8_t awvalid = 0, awready = 0, awid = 0, awlen = 0, awsize = 0, awburst = 0;
  uint64_t awaddr = 0;
  uint8_t wvalid = 0, wready = 0, wstrb = 0, wlast = 0;
  uint64_t wdata = 0;
  uint8_t bvalid = 0, bready = 0, bid = 0, bresp = 0;
  uint8_t arvalid = 0, arready = 0, arid = 0, arlen = 0, arsize = 0, arburst = 0;
  uint64_t araddr = 0;
  uint8_t rvalid = 0, rready = 0, rid = 0, rresp = 0, rlast = 0;
  uint64_t rdata = 0;
};

bfm::Axi4Ports ports(Wires& w) {
  bfm::Axi4Ports p;
  p.awvalid = w.awvalid, p.awready = w.awready, p.awid = w.awid, p.awaddr = w.awaddr;
  p.awlen = w.awlen, p.awsize = w.awsize, p.awburst = w.awburst;
  p.wvalid = w.wvalid, p.wready = w.wready, p.wdata = w.wdata, p.wstrb = w.wstrb;
  p.wlast = w.wlast;
  p.bvalid = w.bvalid, p.bready = w.bready, p.bid = w.bid, p.bresp = w.bresp;
  p.arvalid = w.arvalid, p.arready = w.arready, p.arid = w.arid, p.araddr = w.araddr;
  p.arlen = w.arlen, p.arsize = w.arsize, p.arburst = w.arburst;
  p.rvalid = w.rvalid, p.rready = w.rready, p.rid = w.rid, p.rdata = w.rdata;
  p.rresp = w.rresp, p.rlast = w.rlast;
  return p;
}

struct Burst {
  uint8_t id = 0;
  uint64_t addr = 0;
  unsigned len = 0;  // AxLEN
  unsigned size = 3;
  unsigned kind = 1;  // INCR
  std::vector<uint64_t> data;
  std::vector<uint8_t> strb;
  bool aw_after_w = false;  // the master sends this write's address only after all its data
  // Filled by the master: the response(s) and read data.
  std::vector<AxiResp> resp;
  std::vector<uint64_t> rdata;
  bool done = false;
  uint64_t first_response_cycle = 0, addr_cycle = 0;
};

// A legal AXI4 master: posts bursts, checks RLAST and per-ID order on every response.
class Master {
 public:
  Master(Wires& w, uint64_t seed, double gap) : w_(w), rng_(seed), gap_(gap) {}

  size_t write(Burst b) {
    writes_.push_back(std::move(b));
    return writes_.size() - 1;
  }
  size_t read(Burst b) {
    reads_.push_back(std::move(b));
    return reads_.size() - 1;
  }
  Burst& w(size_t i) { return writes_[i]; }
  Burst& r(size_t i) { return reads_[i]; }
  bool idle() const { return b_done_ == writes_.size() && r_done_ == reads_.size(); }

  void drive() {
    // AW and W go independently; W may lead AW by up to two bursts.
    if (!w_.awvalid && aw_next_ < writes_.size() &&
        (!writes_[aw_next_].aw_after_w || w_next_ > aw_next_) && !chance()) {
      const Burst& b = writes_[aw_next_];
      w_.awvalid = 1, w_.awid = b.id, w_.awaddr = b.addr, w_.awlen = static_cast<uint8_t>(b.len);
      w_.awsize = static_cast<uint8_t>(b.size), w_.awburst = static_cast<uint8_t>(b.kind);
    }
    if (!w_.wvalid && w_next_ < writes_.size() && w_next_ < aw_next_ + 2 && !chance()) {
      const Burst& b = writes_[w_next_];
      w_.wvalid = 1, w_.wdata = b.data[w_beat_], w_.wstrb = b.strb[w_beat_];
      w_.wlast = w_beat_ == b.len;
    }
    if (!w_.arvalid && ar_next_ < reads_.size() && !chance()) {
      const Burst& b = reads_[ar_next_];
      w_.arvalid = 1, w_.arid = b.id, w_.araddr = b.addr, w_.arlen = static_cast<uint8_t>(b.len);
      w_.arsize = static_cast<uint8_t>(b.size), w_.arburst = static_cast<uint8_t>(b.kind);
    }
    w_.bready = !chance();
    w_.rready = !chance();
  }

  void sample(uint64_t now) {
    if (w_.awvalid && w_.awready) {
      writes_[aw_next_++].addr_cycle = now;
      w_.awvalid = 0;
    }
    if (w_.wvalid && w_.wready) {
      w_.wvalid = 0;
      if (w_beat_++ == writes_[w_next_].len) w_beat_ = 0, ++w_next_;
    }
    if (w_.arvalid && w_.arready) {
      reads_[ar_next_++].addr_cycle = now;
      w_.arvalid = 0;
    }
    if (w_.bvalid && w_.bready) {
      Burst& b = oldest(writes_, aw_next_, w_.bid, "B");
      b.resp.push_back(static_cast<AxiResp>(w_.bresp));
      b.done = true, b.first_response_cycle = now;
      ++b_done_;
    }
    if (w_.rvalid && w_.rready) {
      Burst& b = oldest(reads_, ar_next_, w_.rid, "R");
      if (b.rdata.empty()) b.first_response_cycle = now;
      b.rdata.push_back(w_.rdata);
      b.resp.push_back(static_cast<AxiResp>(w_.rresp));
      const bool last = b.rdata.size() == b.len + 1;
      if ((w_.rlast != 0) != last) FAIL("RLAST " << int(w_.rlast) << " on beat " << b.rdata.size());
      if (last) b.done = true, ++r_done_;
    }
  }

 private:
  bool chance() { return std::uniform_real_distribution<double>(0, 1)(rng_) < gap_; }
  // The response of an ID belongs to the oldest unfinished burst of that ID (AXI per-ID order).
  static Burst& oldest(std::vector<Burst>& q, size_t sent, uint8_t id, const char* ch) {
    for (size_t i = 0; i < sent; ++i) {
      if (!q[i].done && q[i].id == id) return q[i];
    }
    FAIL(ch << " response for ID " << int(id) << " with no burst of that ID outstanding");
    throw;  // unreachable
  }

  Wires& w_;
  std::mt19937_64 rng_;
  double gap_;
  std::vector<Burst> writes_, reads_;
  size_t aw_next_ = 0, w_next_ = 0, w_beat_ = 0, ar_next_ = 0, b_done_ = 0, r_done_ = 0;
};

struct Bench {
  explicit Bench(bfm::Axi4MemKnobs knobs = bfm::Axi4MemKnobs::random(), double master_gap = 0.3)
      : mem("dram", ports(wires), Catch::getSeed(), knobs),
        master(wires, Catch::getSeed() + 1, master_gap) {}

  void cycle() {
    mem.drive();
    master.drive();
    mem.sample();
    master.sample(now++);
  }
  void run(uint64_t limit = 200'000) {
    for (uint64_t i = 0; !(master.idle() && mem.idle()); ++i) {
      if (i == limit) FAIL("bus did not go idle within " << limit << " cycles");
      cycle();
    }
  }

  Wires wires;
  bfm::Axi4Memory mem;
  Master master;
  uint64_t now = 0;
};

uint8_t lane_mask(unsigned lo, unsigned n) { return static_cast<uint8_t>(((1u << n) - 1) << lo); }

// A random INCR burst from a start aligned to its beat size, within one 4 KiB page.
Burst random_burst(std::mt19937_64& rng, uint8_t id, uint64_t page) {
  Burst b;
  b.id = id;
  b.size = static_cast<unsigned>(rng() % 4);
  const unsigned n = 1u << b.size;
  b.len = static_cast<unsigned>(rng() % 16);
  const uint64_t span = uint64_t{b.len + 1} * n;
  b.addr = page * 4096 + (rng() % ((4096 - span) / n + 1)) * n;
  for (unsigned i = 0; i <= b.len; ++i) {
    const unsigned lo = static_cast<unsigned>((b.addr + i * n) % 8);
    b.data.push_back(rng());
    b.strb.push_back(static_cast<uint8_t>(rng() & lane_mask(lo, n)));
  }
  return b;
}

}  // namespace

TEST_CASE("random INCR bursts under backpressure land in memory and read back",
          "[axi4_memory][random]") {
  Bench bench;
  std::mt19937_64 rng(Catch::getSeed());
  std::map<uint64_t, uint8_t> ref;              // expected memory, every untouched byte reads 0
  const uint64_t base_page = 0x7fff'0000'0ULL;  // high 48-bit addresses
  for (int i = 0; i < 300; ++i) {
    Burst b = random_burst(rng, static_cast<uint8_t>(rng() % 4), base_page + rng() % 4);
    b.aw_after_w = rng() % 4 == 0;
    const unsigned n = 1u << b.size;
    for (unsigned k = 0; k <= b.len; ++k) {
      const uint64_t a = b.addr + k * n;
      for (unsigned j = 0; j < n; ++j) {
        const unsigned lane = static_cast<unsigned>((a + j) % 8);
        if ((b.strb[k] >> lane) & 1u) ref[a + j] = static_cast<uint8_t>(b.data[k] >> (8 * lane));
      }
    }
    bench.master.write(std::move(b));
  }
  bench.run();
  // Every B is OKAY, every written byte is where the reference says, and nothing else changed.
  for (const auto& [addr, value] : ref) REQUIRE(int(bench.mem.read_byte(addr)) == int(value));
  for (uint64_t a = base_page * 4096; a < (base_page + 4) * 4096; a += 61) {
    REQUIRE(int(bench.mem.read_byte(a)) == int(ref.count(a) ? ref[a] : 0));
  }

  // Read every page back with random bursts of several IDs; compare lane by lane.
  std::vector<size_t> reads;
  for (int i = 0; i < 300; ++i) {
    reads.push_back(bench.master.read(
        random_burst(rng, static_cast<uint8_t>(rng() % 4), base_page + rng() % 4)));
  }
  bench.run();
  for (size_t i : reads) {
    const Burst& b = bench.master.r(i);
    const unsigned n = 1u << b.size;
    REQUIRE(b.rdata.size() == b.len + 1);
    for (unsigned k = 0; k <= b.len; ++k) {
      REQUIRE(b.resp[k] == AxiResp::kOkay);
      const uint64_t a = b.addr + k * n;
      for (unsigned j = 0; j < n; ++j) {
        const unsigned lane = static_cast<unsigned>((a + j) % 8);
        INFO("read burst " << i << " beat " << k << " byte 0x" << std::hex << a + j);
        REQUIRE(int((b.rdata[k] >> (8 * lane)) & 0xff) == int(ref.count(a + j) ? ref[a + j] : 0));
      }
    }
  }
  // The randomness knobs really were exercised.
  const auto& s = bench.mem.stats();
  CHECK(s.write_bursts == 300);
  CHECK(s.read_bursts == 300);
  CHECK(s.max_reads_outstanding >= 3);
  CHECK(s.max_writes_outstanding >= 3);
  CHECK(s.reordered_reads > 0);
  CHECK(s.reordered_writes > 0);
  CHECK(s.interleaved_beats > 0);
  CHECK(s.w_before_aw > 0);
  CHECK(s.aw_stalls > 0);
  CHECK(s.w_stalls > 0);
  CHECK(s.ar_stalls > 0);
  CHECK(s.r_waits > 0);
  CHECK(s.b_waits > 0);
  CHECK(s.slverr + s.decerr == 0);
}

TEST_CASE("with the knobs off the memory answers in order, at once, without stalls",
          "[axi4_memory]") {
  auto knobs = bfm::Axi4MemKnobs::none();
  knobs.max_reads = knobs.max_writes = 64;  // the outstanding limit would stall AW/AR
  Bench bench(knobs, 0.0);
  std::mt19937_64 rng(Catch::getSeed());
  for (int i = 0; i < 40; ++i) bench.master.write(random_burst(rng, uint8_t(i % 4), 0x10));
  for (int i = 0; i < 40; ++i) bench.master.read(random_burst(rng, uint8_t(i % 4), 0x10));
  bench.run();
  const auto& s = bench.mem.stats();
  CHECK(s.aw_stalls + s.w_stalls + s.ar_stalls + s.r_waits + s.b_waits == 0);
  CHECK(s.reordered_reads + s.reordered_writes + s.interleaved_beats == 0);
  // Latency 1: the first R beat is presented the cycle after the AR handshake.
  CHECK(bench.master.r(0).first_response_cycle == bench.master.r(0).addr_cycle + 1);
}

TEST_CASE("read and write latency knobs delay the first response", "[axi4_memory]") {
  auto knobs = bfm::Axi4MemKnobs::none();
  knobs.read_latency_min = knobs.read_latency_max = 20;
  knobs.write_latency_min = knobs.write_latency_max = 30;
  Bench bench(knobs, 0.0);
  Burst b;
  b.addr = 0x100, b.len = 0, b.data = {1}, b.strb = {0xff};
  const size_t wi = bench.master.write(b);
  bench.run();
  const size_t ri = bench.master.read(b);
  bench.run();
  // AW and W are accepted together; B comes 30 cycles after the (only) data beat.
  CHECK(bench.master.w(wi).first_response_cycle - bench.master.w(wi).addr_cycle == 30);
  CHECK(bench.master.r(ri).first_response_cycle - bench.master.r(ri).addr_cycle == 20);
  CHECK(bench.master.r(ri).rdata.at(0) == 1);
}

TEST_CASE("unaligned, narrow, FIXED and WRAP bursts address the bytes AXI4 says",
          "[axi4_memory][directed]") {
  Bench bench(bfm::Axi4MemKnobs::random(), 0.3);
  Burst unaligned;  // 8-byte beats from 0x3003: beat 0 is bytes 0x3003..7, beat 1 0x3008..f
  unaligned.addr = 0x3003, unaligned.len = 1, unaligned.size = 3;
  unaligned.data = {0x0706050403020100, 0x0f0e0d0c0b0a0908}, unaligned.strb = {0xf8, 0xff};
  Burst narrow;  // 1-byte beats from 0x4005 walk lanes 5, 6, 7, 0
  narrow.addr = 0x4005, narrow.len = 3, narrow.size = 0;
  narrow.data = {0xaa0000000000, 0xbb000000000000, 0xcc00000000000000, 0xdd};
  narrow.strb = {0x20, 0x40, 0x80, 0x01};
  Burst fixed;  // four 8-byte beats to 0x2000: later beats overwrite the strobed bytes
  fixed.addr = 0x2000, fixed.len = 3, fixed.size = 3, fixed.kind = 0;
  fixed.data = {0x1111111111111111, 0x2222222222222222, 0x3333333333333333, 0x4444444444444444};
  fixed.strb = {0xff, 0x01, 0x02, 0x80};
  Burst wrap;  // four 4-byte beats from 0x1008 wrap at 16 bytes: 0x1008, 0x100c, 0x1000, 0x1004
  wrap.addr = 0x1008, wrap.len = 3, wrap.size = 2, wrap.kind = 2;
  wrap.data = {0xa0a0a0a0, 0xb0b0b0b000000000, 0xc0c0c0c0, 0xd0d0d0d000000000};
  wrap.strb = {0x0f, 0xf0, 0x0f, 0xf0};
  for (const Burst* b : {&unaligned, &narrow, &fixed, &wrap}) bench.master.write(*b);
  bench.run();
  auto bytes = [&](uint64_t a, size_t n) { return bench.mem.read_bytes(a, n); };
  CHECK(bytes(0x3002, 14) == std::vector<uint8_t>{0, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15});
  CHECK(bytes(0x3010, 1) == std::vector<uint8_t>{0});
  CHECK(bytes(0x4004, 6) == std::vector<uint8_t>{0, 0xaa, 0xbb, 0xcc, 0xdd, 0});
  CHECK(bytes(0x2000, 8) == std::vector<uint8_t>{0x22, 0x33, 0x11, 0x11, 0x11, 0x11, 0x11, 0x44});
  CHECK(bytes(0x1000, 16) == std::vector<uint8_t>{0xc0, 0xc0, 0xc0, 0xc0, 0xd0, 0xd0, 0xd0, 0xd0,
                                                  0xa0, 0xa0, 0xa0, 0xa0, 0xb0, 0xb0, 0xb0, 0xb0});
  // Reads of the same shapes return the same lanes.
  Burst rwrap = wrap;
  const size_t rw = bench.master.read(rwrap);
  Burst rfixed = fixed;
  const size_t rf = bench.master.read(rfixed);
  bench.run();
  const auto& w = bench.master.r(rw).rdata;
  CHECK((w.at(0) & 0xffffffff) == 0xa0a0a0a0);
  CHECK((w.at(1) >> 32) == 0xb0b0b0b0);
  CHECK((w.at(2) & 0xffffffff) == 0xc0c0c0c0);
  CHECK((w.at(3) >> 32) == 0xd0d0d0d0);
  for (uint64_t d : bench.master.r(rf).rdata) CHECK(d == 0x4411111111113322);
}

TEST_CASE("error ranges answer SLVERR/DECERR and a failed write changes nothing",
          "[axi4_memory][errors]") {
  Bench bench;
  bench.mem.add_error_range(0x8010, 0x8020, AxiResp::kSlvErr);
  bench.mem.add_error_range(0x9000, 0xa000, AxiResp::kDecErr);
  bench.mem.write_bytes(0x8000, std::vector<uint8_t>(64, 0x5a));
  Burst w;  // 8 beats 0x8000..0x803f: touches the SLVERR range in beats 2 and 3 only
  w.addr = 0x8000, w.len = 7, w.data.assign(8, 0x0123456789abcdef), w.strb.assign(8, 0xff);
  const size_t wi = bench.master.write(w);
  Burst w2 = w;
  w2.addr = 0x9ff8, w2.len = 0;  // its one beat is inside the DECERR range
  const size_t wi2 = bench.master.write(w2);
  Burst ok = w;
  ok.addr = 0xa000;  // just past the DECERR range: succeeds
  const size_t wi3 = bench.master.write(ok);
  bench.run();
  CHECK(bench.master.w(wi).resp == std::vector<AxiResp>{AxiResp::kSlvErr});
  CHECK(bench.master.w(wi2).resp == std::vector<AxiResp>{AxiResp::kDecErr});
  CHECK(bench.master.w(wi3).resp == std::vector<AxiResp>{AxiResp::kOkay});
  CHECK(bench.mem.read_bytes(0x8000, 64) == std::vector<uint8_t>(64, 0x5a));
  CHECK(bench.mem.read_bytes(0x9ff8, 8) == std::vector<uint8_t>(8, 0));
  CHECK(bench.mem.read_byte(0xa000) == 0xef);

  Burst r = w;  // read 0x8000..0x803f: beats 2 and 3 fail with zero data, the rest read 0x5a
  const size_t ri = bench.master.read(r);
  bench.run();
  const Burst& rb = bench.master.r(ri);
  for (unsigned k = 0; k < 8; ++k) {
    const bool bad = k == 2 || k == 3;
    INFO("beat " << k);
    CHECK(rb.resp[k] == (bad ? AxiResp::kSlvErr : AxiResp::kOkay));
    CHECK(rb.rdata[k] == (bad ? 0 : 0x5a5a5a5a5a5a5a5a));
  }
  CHECK(bench.mem.stats().slverr == 3);  // one write burst, two read beats
  CHECK(bench.mem.stats().decerr == 1);
}

// ---- the protocol checker: each rule broken once, by hand at pin level ----------------------

namespace {

// Steps the memory alone; `pins` sets the master's side for each cycle.
struct PinBench {
  explicit PinBench(bfm::Axi4MemKnobs knobs = bfm::Axi4MemKnobs::none())
      : mem("dram", ports(wires), Catch::getSeed(), knobs) {}
  template <class F>
  void cycle(F pins) {
    mem.drive();
    pins(wires);
    mem.sample();
  }
  void aw(uint64_t addr, unsigned len, unsigned size = 3, unsigned kind = 1) {
    cycle([&](Wires& w) {
      w.awvalid = 1, w.awaddr = addr, w.awlen = uint8_t(len), w.awsize = uint8_t(size);
      w.awburst = uint8_t(kind);
    });
    wires.awvalid = 0;
  }
  void wbeat(uint64_t data, uint8_t strb, bool last) {
    cycle([&](Wires& w) { w.wvalid = 1, w.wdata = data, w.wstrb = strb, w.wlast = last; });
    wires.wvalid = 0;
  }
  Wires wires;
  bfm::Axi4Memory mem;
};

void expect_violation(const std::function<void(PinBench&)>& f, const std::string& what,
                      bfm::Axi4MemKnobs knobs = bfm::Axi4MemKnobs::none()) {
  PinBench b(knobs);
  REQUIRE_THROWS_MATCHES(f(b), bfm::Axi4ProtocolError,
                         Catch::Matchers::MessageMatches(ContainsSubstring(what)));
}

}  // namespace

TEST_CASE("the checker accepts a legal burst that ends exactly at a 4 KiB boundary",
          "[axi4_memory][checker]") {
  PinBench b;
  b.aw(0xfc0, 7);  // 0xfc0..0xfff
  for (unsigned i = 0; i < 8; ++i) b.wbeat(i, 0xff, i == 7);
  for (int i = 0; i < 5; ++i) b.cycle([](Wires& w) { w.bready = 1; });
  CHECK(b.mem.idle());
  CHECK(b.mem.read_byte(0xff8) == 7);
}

TEST_CASE("the checker catches each protocol violation it claims to", "[axi4_memory][checker]") {
  SECTION("INCR write burst crossing 4 KiB") {
    expect_violation([](PinBench& b) { b.aw(0xfc8, 7); }, "crosses a 4 KiB boundary");
  }
  SECTION("INCR read burst crossing 4 KiB (unaligned start)") {
    expect_violation(
        [](PinBench& b) {
          b.cycle([](Wires& w) {
            w.arvalid = 1, w.araddr = 0x1ffd, w.arlen = 0, w.arsize = 2, w.arburst = 1;
          });
          b.cycle([](Wires& w) {
            w.arvalid = 1, w.araddr = 0x1ffd, w.arlen = 1, w.arsize = 2, w.arburst = 1;
          });
        },
        "crosses a 4 KiB boundary");
  }
  SECTION("WLAST before the last beat") {
    expect_violation(
        [](PinBench& b) { b.aw(0x100, 3), b.wbeat(0, 0xff, false), b.wbeat(0, 0xff, true); },
        "WLAST on beat 2 of a 4-beat burst");
  }
  SECTION("more beats than AWLEN+1 (WLAST missing)") {
    expect_violation(
        [](PinBench& b) { b.aw(0x100, 1), b.wbeat(0, 0xff, false), b.wbeat(0, 0xff, false); },
        "more beats than AWLEN+1");
  }
  SECTION("W data no write address claims") {
    expect_violation(
        [](PinBench& b) {
          b.aw(0x100, 0), b.wbeat(0, 0xff, true), b.wbeat(0, 0xff, true);  // one beat too many
          for (int i = 0; i < 2000; ++i) b.cycle([](Wires& w) { w.bready = 1; });
        },
        "claimed by no write address");
  }
  SECTION("WSTRB outside the beat's byte lanes") {
    expect_violation([](PinBench& b) { b.aw(0x102, 0, 1), b.wbeat(0, 0x0c | 0x01, true); },
                     "outside the byte lanes 2..3");
  }
  auto stalled = bfm::Axi4MemKnobs::none();
  stalled.aw_gap = stalled.w_gap = stalled.ar_gap = 1.0;  // never ready
  SECTION("AW payload changed while waiting for AWREADY") {
    expect_violation(
        [](PinBench& b) {
          b.cycle([](Wires& w) { w.awvalid = 1, w.awaddr = 0x100, w.awburst = 1; });
          b.cycle([](Wires& w) { w.awaddr = 0x108; });
        },
        "AW at cycle 1: payload changed", stalled);
  }
  SECTION("W payload changed while waiting for WREADY") {
    expect_violation(
        [](PinBench& b) {
          b.cycle([](Wires& w) { w.wvalid = 1, w.wdata = 5, w.wstrb = 0xff; });
          b.cycle([](Wires& w) { w.wstrb = 0x0f; });
        },
        "W at cycle 1: payload changed", stalled);
  }
  SECTION("AR payload changed while waiting for ARREADY") {
    expect_violation(
        [](PinBench& b) {
          b.cycle([](Wires& w) { w.arvalid = 1, w.araddr = 0x100, w.arlen = 3, w.arburst = 1; });
          b.cycle([](Wires& w) { w.arlen = 4; });
        },
        "AR at cycle 1: payload changed", stalled);
  }
  SECTION("ARVALID dropped before ARREADY") {
    expect_violation(
        [](PinBench& b) {
          b.cycle([](Wires& w) { w.arvalid = 1, w.araddr = 0x100, w.arburst = 1; });
          b.cycle([](Wires& w) { w.arvalid = 0; });
        },
        "VALID dropped before READY", stalled);
  }
  SECTION("AxSIZE wider than the bus") {
    expect_violation([](PinBench& b) { b.aw(0x100, 0, 4); }, "wider than the 8-byte bus");
  }
  SECTION("WRAP burst of 3 beats") {
    expect_violation([](PinBench& b) { b.aw(0x100, 2, 3, 2); }, "must be 2, 4, 8 or 16");
  }
  SECTION("reserved burst type") {
    expect_violation([](PinBench& b) { b.aw(0x100, 0, 3, 3); }, "reserved AxBURST");
  }
}

namespace {
// Stands in for a Verilator top with the m_axi_* master ports of a Tessel core (64-bit data,
// 48-bit addresses), to check the binding helper names every port.
struct FakeTop {
  uint8_t m_axi_awvalid_o = 0, m_axi_awready_i = 0, m_axi_awid_o = 0, m_axi_awlen_o = 0;
  uint8_t m_axi_awsize_o = 0, m_axi_awburst_o = 0;
  uint64_t m_axi_awaddr_o = 0;
  uint8_t m_axi_wvalid_o = 0, m_axi_wready_i = 0, m_axi_wstrb_o = 0, m_axi_wlast_o = 0;
  uint64_t m_axi_wdata_o = 0;
  uint8_t m_axi_bvalid_i = 0, m_axi_bready_o = 0, m_axi_bid_i = 0, m_axi_bresp_i = 0;
  uint8_t m_axi_arvalid_o = 0, m_axi_arready_i = 0, m_axi_arid_o = 0, m_axi_arlen_o = 0;
  uint8_t m_axi_arsize_o = 0, m_axi_arburst_o = 0;
  uint64_t m_axi_araddr_o = 0;
  uint8_t m_axi_rvalid_i = 0, m_axi_rready_o = 0, m_axi_rid_i = 0, m_axi_rresp_i = 0;
  uint8_t m_axi_rlast_i = 0;
  uint64_t m_axi_rdata_i = 0;
};
}  // namespace

TEST_CASE("axi4_master_ports binds a top's m_axi_* ports", "[axi4_memory]") {
  FakeTop t;
  bfm::Axi4Memory mem("dram", bfm::axi4_master_ports(t), Catch::getSeed(),
                      bfm::Axi4MemKnobs::none());
  mem.write_bytes(0x40, {1, 2, 3, 4, 5, 6, 7, 8});
  // One single-beat read of 0x40 with ID 5, then one write of 0x48, by hand.
  mem.drive();
  t.m_axi_arvalid_o = 1, t.m_axi_arid_o = 5, t.m_axi_araddr_o = 0x40, t.m_axi_arsize_o = 3;
  t.m_axi_arburst_o = 1, t.m_axi_rready_o = 1;
  t.m_axi_awvalid_o = 1, t.m_axi_awaddr_o = 0x48, t.m_axi_awsize_o = 3, t.m_axi_awburst_o = 1;
  t.m_axi_wvalid_o = 1, t.m_axi_wdata_o = 0x1122334455667788, t.m_axi_wstrb_o = 0xff;
  t.m_axi_wlast_o = 1, t.m_axi_bready_o = 1;
  CHECK(t.m_axi_arready_i == 1);
  CHECK(t.m_axi_awready_i == 1);
  CHECK(t.m_axi_wready_i == 1);
  mem.sample();
  t.m_axi_arvalid_o = t.m_axi_awvalid_o = t.m_axi_wvalid_o = 0;
  mem.drive();
  CHECK(t.m_axi_rvalid_i == 1);
  CHECK(t.m_axi_rid_i == 5);
  CHECK(t.m_axi_rlast_i == 1);
  CHECK(t.m_axi_rdata_i == 0x0807060504030201);
  CHECK(t.m_axi_bvalid_i == 1);
  CHECK(t.m_axi_bresp_i == 0);
  mem.sample();
  CHECK(mem.idle());
  CHECK(mem.read_bytes(0x48, 2) == std::vector<uint8_t>{0x88, 0x77});
}
