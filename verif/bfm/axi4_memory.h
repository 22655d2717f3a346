// AXI4 device-memory slave model for Verilator models: the DRAM behind every Tessel AXI4 master
// (instruction fetch, DMA), shared by every test that needs device memory.
//
//   bfm::Axi4Memory mem("dram", bfm::axi4_master_ports(sim.dut()), seed);  // random by default
//   mem.add_error_range(0x8000, 0x9000, bfm::AxiResp::kSlvErr);  // error injection
//   mem.write_bytes(0x1000, bytes);                                // backdoor preload
//   each cycle: mem.drive(); sim.eval(); mem.sample(); sim.tick();
//
// A sparse byte memory (48-bit addresses, pages allocated on first touch, unwritten bytes read
// as knobs().fill). Bursts: INCR, FIXED and WRAP, any AxSIZE up to the data width (at most 64
// bits), WSTRB honoured, unaligned INCR starts. Several reads and writes are outstanding at
// once, each answered after a random latency; responses of different IDs may overtake each other
// (and read bursts of different IDs may interleave) while each ID stays in order, as AXI4 allows.
// READY and response VALID gaps are random. A burst touching an error range is answered SLVERR or
// DECERR: a read beat in the range carries the error and zero data, and a write burst touching
// the range is dropped whole (memory unchanged) and answered with the error.
//
// The protocol checker throws Axi4ProtocolError (message names channel, cycle and rule) on: an
// INCR burst crossing 4 KiB, AxSIZE above the data width, an illegal WRAP length, FIXED/WRAP longer
// than 16 beats, a reserved AxBURST, WLAST on a beat other than the last, WLAST missing on the
// last beat (a burst longer than AWLEN+1), WSTRB set outside the beat's byte lanes, VALID dropped
// or payload changed while VALID and not READY (AW, W, AR), and W data that no write address
// claims (more beats than the addresses announced).
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "bfm/axil_master.h"  // AxiResp, PortRef

namespace tessel::bfm {

class Axi4ProtocolError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class AxiBurst : uint8_t { kFixed = 0, kIncr = 1, kWrap = 2 };

// The slave's view of one AXI4 master's ports. Unbound optional ports (ids, prot, cache...)
// read as 0; data is at most 64 bits.
struct Axi4Ports {
  PortRef awvalid, awready, awid, awaddr, awlen, awsize, awburst;
  PortRef wvalid, wready, wdata, wstrb, wlast;
  PortRef bvalid, bready, bid, bresp;
  PortRef arvalid, arready, arid, araddr, arlen, arsize, arburst;
  PortRef rvalid, rready, rid, rdata, rresp, rlast;
  unsigned data_bytes = 8;  // the bus width in bytes: 1, 2, 4 or 8
};

// The m_axi_* master ports of a Tessel top (data width 64).
template <class Model>
Axi4Ports axi4_master_ports(Model& m) {
  Axi4Ports p;
  p.awvalid = m.m_axi_awvalid_o;
  p.awready = m.m_axi_awready_i;
  p.awid = m.m_axi_awid_o;
  p.awaddr = m.m_axi_awaddr_o;
  p.awlen = m.m_axi_awlen_o;
  p.awsize = m.m_axi_awsize_o;
  p.awburst = m.m_axi_awburst_o;
  p.wvalid = m.m_axi_wvalid_o;
  p.wready = m.m_axi_wready_i;
  p.wdata = m.m_axi_wdata_o;
  p.wstrb = m.m_axi_wstrb_o;
  p.wlast = m.m_axi_wlast_o;
  p.bvalid = m.m_axi_bvalid_i;
  p.bready = m.m_axi_bready_o;
  p.bid = m.m_axi_bid_i;
  p.bresp = m.m_axi_bresp_i;
  p.arvalid = m.m_axi_arvalid_o;
  p.arready = m.m_axi_arready_i;
  p.arid = m.m_axi_arid_o;
  p.araddr = m.m_axi_araddr_o;
  p.arlen = m.m_axi_arlen_o;
  p.arsize = m.m_axi_arsize_o;
  p.arburst = m.m_axi_arburst_o;
  p.rvalid = m.m_axi_rvalid_i;
  p.rready = m.m_axi_rready_o;
  p.rid = m.m_axi_rid_i;
  p.rdata = m.m_axi_rdata_i;
  p.rresp = m.m_axi_rresp_i;
  p.rlast = m.m_axi_rlast_i;
  return p;
}

// Randomness knobs. Gaps are probabilities per cycle; latencies are uniform in [min, max] cycles
// from the address (reads) or the last data beat (writes) to the first response beat.
struct Axi4MemKnobs {
  double aw_gap = 0.3;  // AWREADY / WREADY / ARREADY low
  double w_gap = 0.3;
  double ar_gap = 0.3;
  double r_gap = 0.3;  // RVALID / BVALID held back although a beat is due
  double b_gap = 0.3;
  unsigned read_latency_min = 1, read_latency_max = 12;
  unsigned write_latency_min = 1, write_latency_max = 12;
  unsigned max_reads = 4;  // bursts accepted ahead of their last response beat
  unsigned max_writes = 4;
  bool reorder = true;     // responses of different IDs may overtake each other
  bool interleave = true;  // read bursts of different IDs may interleave beat by beat
  uint8_t fill = 0;        // what never-written bytes read as

  static Axi4MemKnobs random() { return {}; }
  // Always ready, latency 1, responses in order: the fastest legal slave.
  static Axi4MemKnobs none() { return {0, 0, 0, 0, 0, 1, 1, 1, 1, 16, 16, false, false, 0}; }
};

struct Axi4MemStats {
  uint64_t cycles = 0;
  uint64_t write_bursts = 0, read_bursts = 0;
  uint64_t write_beats = 0, read_beats = 0;
  uint64_t bytes_written = 0, bytes_read = 0;  // bytes with strobes (writes) or lanes (reads)
  uint64_t max_reads_outstanding = 0, max_writes_outstanding = 0;
  uint64_t aw_stalls = 0, w_stalls = 0, ar_stalls = 0;  // VALID cycles without READY
  uint64_t r_waits = 0, b_waits = 0;                    // VALID cycles without READY
  uint64_t reordered_reads = 0, reordered_writes = 0;   // responses that overtook an older one
  uint64_t interleaved_beats = 0;   // R beats of a burst other than the last one sent
  uint64_t w_before_aw = 0;         // W beats accepted before their burst's address
  uint64_t slverr = 0, decerr = 0;  // error responses (read beats, write bursts)
};

class Axi4Memory {
 public:
  Axi4Memory(std::string name, Axi4Ports ports, uint64_t seed,
             Axi4MemKnobs knobs = Axi4MemKnobs::random());

  // One cycle: drive() sets the slave's outputs, then the caller evals the model, sample()
  // records the handshakes the coming edge completes, then the caller ticks.
  void drive();
  void sample();

  // Bursts touching [lo, hi) are answered `resp` (SLVERR or DECERR).
  void add_error_range(uint64_t lo, uint64_t hi, AxiResp resp);
  void clear_error_ranges() { errors_.clear(); }

  // Backdoor access (no bus cycles).
  void write_bytes(uint64_t addr, const std::vector<uint8_t>& bytes);
  std::vector<uint8_t> read_bytes(uint64_t addr, size_t n) const;
  void write_byte(uint64_t addr, uint8_t value);
  uint8_t read_byte(uint64_t addr) const;
  // Base address of every page written or read so far (unordered).
  std::vector<uint64_t> page_addresses() const;

  // Nothing accepted and unanswered, and no W beat waiting for its address.
  bool idle() const;
  Axi4MemKnobs& knobs() { return knobs_; }
  const Axi4MemStats& stats() const { return stats_; }
  const std::string& name() const { return name_; }

  static constexpr uint64_t kAddrMask = (uint64_t{1} << 48) - 1;

 private:
  struct Beat {
    uint64_t addr;    // first byte of the beat
    unsigned lo, hi;  // byte lanes [lo, hi]
  };
  struct WBeat {
    uint64_t data;
    uint8_t strb;
    bool last;
    uint64_t at;  // cycle accepted
  };
  struct Burst {
    uint64_t seq;  // acceptance order
    uint64_t at;   // cycle the address was accepted
    uint32_t id;
    std::vector<Beat> beats;
    AxiResp resp = AxiResp::kOkay;   // writes: the whole burst's response
    std::vector<AxiResp> beat_resp;  // reads: per beat
    std::vector<WBeat> data;         // writes: beats received
    size_t next = 0;                 // reads: next beat to send
    uint64_t due = 0;                // cycle from which the (first) response may go
  };
  // An input channel's VALID and payload while it waited for READY.
  struct Held {
    bool waiting = false;
    std::vector<uint64_t> payload;
  };
  static constexpr uint64_t kPageBytes = 4096;
  using Page = std::array<uint8_t, kPageBytes>;

  bool chance(double p);
  unsigned latency(unsigned lo, unsigned hi);
  Burst decode(const char* ch, uint32_t id, uint64_t addr, unsigned len, unsigned size,
               unsigned burst);
  AxiResp error_at(uint64_t lo, uint64_t hi) const;
  void check_held(Held& h, bool valid, bool ready, std::vector<uint64_t> payload, const char* ch);
  void sample_aw();
  void sample_w();
  void sample_ar();
  void sample_b();
  void sample_r();
  void match_w();
  void finish_write(Burst b);
  bool pick(const std::deque<Burst>& q, bool interleave, size_t* index);
  void present_r();
  void present_b();
  void count_resp(AxiResp r);
  [[noreturn]] void violation(const char* ch, const std::string& what) const;

  std::string name_;
  Axi4Ports p_;
  std::mt19937_64 rng_;
  Axi4MemKnobs knobs_;
  Axi4MemStats stats_;
  std::vector<std::tuple<uint64_t, uint64_t, AxiResp>> errors_;
  std::unordered_map<uint64_t, std::unique_ptr<Page>> pages_;

  uint64_t now_ = 0, seq_ = 0;
  bool awready_ = false, wready_ = false, arready_ = false;
  Held aw_held_, w_held_, ar_held_;
  std::deque<Burst> writes_;    // address accepted, data incomplete, in AW order
  std::deque<WBeat> orphan_w_;  // W beats ahead of their address
  std::deque<Burst> b_queue_;   // data complete, B not yet accepted
  std::deque<Burst> reads_;     // AR accepted, last R beat not yet accepted
  bool r_valid_ = false, b_valid_ = false;
  uint64_t r_data_ = 0;  // the presented R beat's data, fixed while RVALID waits for RREADY
  size_t r_index_ = 0, b_index_ = 0;  // the burst whose beat/response is presented
  uint64_t last_r_seq_ = UINT64_MAX;  // burst of the last R beat sent, for interleave stats
};

}  // namespace tessel::bfm
