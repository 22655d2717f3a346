// AXI4-Lite master bus-functional model for Verilator models, shared by every Tessel test that
// talks to a register slave.
//
//   sim::Harness<Vtessel_regs_top> sim("regs");
//   bfm::AxilMaster axil("regs", bfm::axil_slave_ports(sim.dut(), regs::kAddrWidth),
//                        [&] { sim.eval(); }, [&] { sim.tick(); }, seed);  // random by default
//   sim.reset();
//   axil.write(regs::scratch::kOffset, 0x1234);   // throws unless the response is OKAY
//   uint32_t v = axil.read(regs::scratch::kOffset);
//   auto r = axil.read_resp(0xffc);                // any response, e.g. SLVERR
//
// Transactions can also be posted without waiting (post_write / post_read) and run together:
// the AW, W and AR channels then send independently, in order, up to max_outstanding
// transactions per direction ahead of their responses, each valid after a random delay, with
// BREADY and RREADY stalled at random. Every response is checked against the protocol (a B only
// after both AW and W of its write, an R only after its AR, valid held with stable payload
// until ready), and a transaction that never completes fails with a message naming it.
//
// Each cycle is drive() (set this master's outputs), eval, sample() (record the handshakes the
// coming edge completes) and tick (the edge); cycle() does all four. Tests that step several
// bus-functional models in one simulation call drive()/sample() of each themselves.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <random>
#include <string>
#include <type_traits>
#include <vector>

namespace tessel::bfm {

enum class AxiResp : uint8_t { kOkay = 0, kExOkay = 1, kSlvErr = 2, kDecErr = 3 };
const char* resp_name(AxiResp resp);

// A reference to one Verilator port of up to 64 bits (CData, SData, IData or QData).
class PortRef {
 public:
  PortRef() = default;
  template <class T>
  PortRef(T& port) : ptr_(&port), bytes_(sizeof(T)) {  // NOLINT: implicit by design
    static_assert(std::is_integral_v<T> && std::is_unsigned_v<T>, "a Verilator port");
  }
  uint64_t get() const;
  void set(uint64_t value) const;
  bool bound() const { return ptr_ != nullptr; }

 private:
  void* ptr_ = nullptr;
  unsigned bytes_ = 0;
};

// The master's view of one AXI4-Lite interface (32-bit data).
struct AxilPorts {
  PortRef awvalid, awready, awaddr, awprot;
  PortRef wvalid, wready, wdata, wstrb;
  PortRef bvalid, bready, bresp;
  PortRef arvalid, arready, araddr, arprot;
  PortRef rvalid, rready, rdata, rresp;
  unsigned addr_bits = 32;  // AWADDR / ARADDR width (Verilator ports carry no width)
};

// The s_axil_* slave ports every Tessel top with a register block has.
template <class Model>
AxilPorts axil_slave_ports(Model& m, unsigned addr_bits) {
  return {m.s_axil_awvalid_i, m.s_axil_awready_o, m.s_axil_awaddr_i, m.s_axil_awprot_i,
          m.s_axil_wvalid_i,  m.s_axil_wready_o,  m.s_axil_wdata_i,  m.s_axil_wstrb_i,
          m.s_axil_bvalid_o,  m.s_axil_bready_i,  m.s_axil_bresp_o,  m.s_axil_arvalid_i,
          m.s_axil_arready_o, m.s_axil_araddr_i,  m.s_axil_arprot_i, m.s_axil_rvalid_o,
          m.s_axil_rready_i,  m.s_axil_rdata_o,   m.s_axil_rresp_o,  addr_bits};
}

// Randomness knobs, each a probability per cycle. random() is the default of every test.
struct AxilKnobs {
  double aw_gap = 0.3;  // an address or data beat that could be offered is held back
  double w_gap = 0.3;
  double ar_gap = 0.3;
  double b_stall = 0.3;  // BREADY / RREADY low
  double r_stall = 0.3;
  unsigned max_outstanding = 2;      // transactions per direction sent ahead of their responses
  uint64_t timeout_cycles = 10'000;  // per transaction

  static AxilKnobs random() { return {}; }
  static AxilKnobs none() { return {0, 0, 0, 0, 0, 1, 10'000}; }
};

// One finished transaction.
struct AxilResult {
  uint64_t id = 0;
  bool is_write = false;
  uint32_t addr = 0;
  uint32_t data = 0;  // written data, or the read data
  uint8_t strb = 0;   // writes
  AxiResp resp = AxiResp::kOkay;
  uint64_t posted = 0;  // cycle numbers of this master
  uint64_t done = 0;
};

// What the master saw: coverage of the channel timings a test exercised.
struct AxilStats {
  uint64_t cycles = 0;
  uint64_t writes = 0, reads = 0;
  uint64_t aw_before_w = 0, w_before_aw = 0, aw_with_w = 0;  // per write
  uint64_t b_stalls = 0, r_stalls = 0;                       // cycles a response waited for READY
  uint64_t max_writes_in_flight = 0, max_reads_in_flight = 0;
  uint64_t overlap_cycles = 0;  // cycles with a read and a write both in flight
  uint64_t slverr = 0, decerr = 0;
};

class AxilMaster {
 public:
  AxilMaster(std::string name, AxilPorts ports, std::function<void()> eval,
             std::function<void()> tick, uint64_t seed, AxilKnobs knobs = AxilKnobs::random());

  // Blocking accesses. write()/read() throw std::runtime_error unless the response is OKAY.
  void write(uint32_t addr, uint32_t data, uint8_t strb = 0xf);
  uint32_t read(uint32_t addr);
  AxiResp write_resp(uint32_t addr, uint32_t data, uint8_t strb = 0xf);
  AxilResult read_resp(uint32_t addr);
  // A 64-bit register as LO then HI (the order that latches a running counter's HI word).
  uint64_t read64(uint32_t lo_addr);
  void write64(uint32_t lo_addr, uint64_t value);

  // Non-blocking: returns the transaction's id; run() / wait() make progress.
  uint64_t post_write(uint32_t addr, uint32_t data, uint8_t strb = 0xf);
  uint64_t post_read(uint32_t addr);
  AxilResult wait(uint64_t id);            // runs cycles until that transaction is done
  void run_until_idle();                   // runs cycles until nothing is posted or in flight
  std::vector<AxilResult> take_results();  // finished transactions not yet taken, in order
  bool idle() const { return writes_.empty() && reads_.empty(); }

  void cycle();  // drive(), eval, sample(), tick
  void drive();
  void sample();

  AxilKnobs& knobs() { return knobs_; }
  const AxilStats& stats() const { return stats_; }
  const std::string& name() const { return name_; }

 private:
  struct Write {
    uint64_t id;
    uint32_t addr, data;
    uint8_t strb;
    uint64_t posted;
    int64_t aw_cycle = -1, w_cycle = -1;  // handshake cycles, -1 before
  };
  struct Read {
    uint64_t id;
    uint32_t addr;
    uint64_t posted;
    int64_t ar_cycle = -1;
  };
  // A channel's valid, held from assertion until the handshake.
  struct Source {
    bool valid = false;
    size_t index = 0;  // the transaction it carries, as a position in writes_ / reads_
  };
  // The last cycle's response signals, to check that VALID and payload hold until READY.
  struct LastResponse {
    bool waiting = false;
    uint64_t payload = 0;
  };

  bool chance(double p);
  uint32_t addr_mask() const;
  void check_addr(uint32_t addr) const;
  // Raises src's valid for transaction `next` if one is within the window and no gap is drawn.
  bool offer(Source& src, size_t next, size_t window, double gap);
  void sample_writes();
  void sample_reads();
  void count_order(const Write& w);
  void finish(const AxilResult& result);
  void check_held(LastResponse& last, bool valid, bool ready, uint64_t payload,
                  const char* channel);
  void check_timeouts() const;
  [[noreturn]] void protocol_error(const std::string& what) const;

  std::string name_;
  AxilPorts p_;
  std::function<void()> eval_, tick_;
  std::mt19937_64 rng_;
  AxilKnobs knobs_;
  AxilStats stats_;
  uint64_t next_id_ = 1;
  uint64_t now_ = 0;  // cycles sampled so far
  bool bready_ = false, rready_ = false;
  std::deque<Write> writes_;  // posted, oldest first; the front is the next B
  std::deque<Read> reads_;
  size_t aw_next_ = 0, w_next_ = 0, ar_next_ = 0;  // next position to send on each channel
  Source aw_, w_, ar_;
  LastResponse last_b_, last_r_;
  std::vector<AxilResult> results_;
};

}  // namespace tessel::bfm
