#include "bfm/axil_master.h"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

namespace tessel::bfm {

const char* resp_name(AxiResp resp) {
  switch (resp) {
    case AxiResp::kOkay:
      return "OKAY";
    case AxiResp::kExOkay:
      return "EXOKAY";
    case AxiResp::kSlvErr:
      return "SLVERR";
    case AxiResp::kDecErr:
      return "DECERR";
  }
  return "?";
}

uint64_t PortRef::get() const {
  switch (bytes_) {
    case 1:
      return *static_cast<const uint8_t*>(ptr_);
    case 2:
      return *static_cast<const uint16_t*>(ptr_);
    case 4:
      return *static_cast<const uint32_t*>(ptr_);
    case 8:
      return *static_cast<const uint64_t*>(ptr_);
    default:
      throw std::logic_error("PortRef: not bound to a port");
  }
}

void PortRef::set(uint64_t value) const {
  switch (bytes_) {
    case 1:
      *static_cast<uint8_t*>(ptr_) = static_cast<uint8_t>(value);
      break;
    case 2:
      *static_cast<uint16_t*>(ptr_) = static_cast<uint16_t>(value);
      break;
    case 4:
      *static_cast<uint32_t*>(ptr_) = static_cast<uint32_t>(value);
      break;
    case 8:
      *static_cast<uint64_t*>(ptr_) = value;
      break;
    default:
      throw std::logic_error("PortRef: not bound to a port");
  }
}

AxilMaster::AxilMaster(std::string name, AxilPorts ports, std::function<void()> eval,
                       std::function<void()> tick, uint64_t seed, AxilKnobs knobs)
    : name_(std::move(name)),
      p_(ports),
      eval_(std::move(eval)),
      tick_(std::move(tick)),
      rng_(seed),
      knobs_(knobs) {
  if (p_.addr_bits == 0 || p_.addr_bits > 32) {
    throw std::invalid_argument(
        fmt::format("{}: address width {} is not 1..32", name_, p_.addr_bits));
  }
  // Idle outputs before reset: no valid, no ready, zero payload.
  for (const PortRef* out : {&p_.awvalid, &p_.awaddr, &p_.awprot, &p_.wvalid, &p_.wdata, &p_.wstrb,
                             &p_.bready, &p_.arvalid, &p_.araddr, &p_.arprot, &p_.rready}) {
    out->set(0);
  }
}

bool AxilMaster::chance(double p) {
  return p > 0.0 && std::uniform_real_distribution<double>(0.0, 1.0)(rng_) < p;
}

uint32_t AxilMaster::addr_mask() const {
  return p_.addr_bits == 32 ? 0xffffffffu : (1u << p_.addr_bits) - 1u;
}

bool AxilMaster::offer(Source& src, size_t next, size_t window, double gap) {
  if (src.valid || next >= window || chance(gap)) return false;
  src.valid = true;
  src.index = next;
  return true;
}

void AxilMaster::drive() {
  const size_t w_window = std::min<size_t>(writes_.size(), knobs_.max_outstanding);
  const size_t r_window = std::min<size_t>(reads_.size(), knobs_.max_outstanding);
  // While a valid is low its payload is random: a slave that samples it without VALID fails.
  if (offer(aw_, aw_next_, w_window, knobs_.aw_gap)) {
    p_.awaddr.set(writes_[aw_.index].addr);
    p_.awprot.set(rng_() & 7u);
  } else if (!aw_.valid) {
    p_.awaddr.set(rng_() & addr_mask());
  }
  if (offer(w_, w_next_, w_window, knobs_.w_gap)) {
    p_.wdata.set(writes_[w_.index].data);
    p_.wstrb.set(writes_[w_.index].strb);
  } else if (!w_.valid) {
    p_.wdata.set(rng_() & 0xffffffffu);
    p_.wstrb.set(rng_() & 0xfu);
  }
  if (offer(ar_, ar_next_, r_window, knobs_.ar_gap)) {
    p_.araddr.set(reads_[ar_.index].addr);
    p_.arprot.set(rng_() & 7u);
  } else if (!ar_.valid) {
    p_.araddr.set(rng_() & addr_mask());
  }
  p_.awvalid.set(aw_.valid);
  p_.wvalid.set(w_.valid);
  p_.arvalid.set(ar_.valid);
  // READY may be high with nothing outstanding (and then a response is a protocol error).
  bready_ = !chance(knobs_.b_stall);
  rready_ = !chance(knobs_.r_stall);
  p_.bready.set(bready_);
  p_.rready.set(rready_);
}

void AxilMaster::sample() {
  sample_writes();
  sample_reads();
  const size_t writes_in_flight = std::max(aw_next_, w_next_);
  stats_.max_writes_in_flight = std::max<uint64_t>(stats_.max_writes_in_flight, writes_in_flight);
  stats_.max_reads_in_flight = std::max<uint64_t>(stats_.max_reads_in_flight, ar_next_);
  if (writes_in_flight > 0 && ar_next_ > 0) ++stats_.overlap_cycles;
  check_timeouts();
  ++now_;
  ++stats_.cycles;
}

void AxilMaster::sample_writes() {
  const auto now = static_cast<int64_t>(now_);
  if (aw_.valid && p_.awready.get()) {
    writes_[aw_.index].aw_cycle = now;
    aw_.valid = false;
    ++aw_next_;
    count_order(writes_[aw_.index]);
  }
  if (w_.valid && p_.wready.get()) {
    writes_[w_.index].w_cycle = now;
    w_.valid = false;
    ++w_next_;
    count_order(writes_[w_.index]);
  }
  const bool bvalid = p_.bvalid.get() != 0;
  const auto bresp = static_cast<AxiResp>(p_.bresp.get() & 3u);
  check_held(last_b_, bvalid, bready_, static_cast<uint64_t>(bresp), "B");
  if (!bvalid) return;
  // A write response may only follow both the address and the data handshake of its write.
  if (writes_.empty() || writes_.front().aw_cycle < 0 || writes_.front().aw_cycle >= now ||
      writes_.front().w_cycle < 0 || writes_.front().w_cycle >= now) {
    protocol_error("BVALID without a write whose AW and W handshakes both completed earlier");
  }
  if (!bready_) {
    ++stats_.b_stalls;
    return;
  }
  const Write& w = writes_.front();
  finish({w.id, true, w.addr, w.data, w.strb, bresp, w.posted, now_});
  writes_.pop_front();
  // Positions in writes_ move down by one; a valid still waiting for READY keeps its write.
  --aw_next_;
  --w_next_;
  if (aw_.valid) --aw_.index;
  if (w_.valid) --w_.index;
}

void AxilMaster::sample_reads() {
  const auto now = static_cast<int64_t>(now_);
  if (ar_.valid && p_.arready.get()) {
    reads_[ar_.index].ar_cycle = now;
    ar_.valid = false;
    ++ar_next_;
  }
  const bool rvalid = p_.rvalid.get() != 0;
  const auto rresp = static_cast<AxiResp>(p_.rresp.get() & 3u);
  const auto rdata = static_cast<uint32_t>(p_.rdata.get());
  check_held(last_r_, rvalid, rready_, (uint64_t{static_cast<uint8_t>(rresp)} << 32) | rdata, "R");
  if (!rvalid) return;
  if (reads_.empty() || reads_.front().ar_cycle < 0 || reads_.front().ar_cycle >= now) {
    protocol_error("RVALID without a read whose AR handshake completed earlier");
  }
  if (!rready_) {
    ++stats_.r_stalls;
    return;
  }
  const Read& r = reads_.front();
  finish({r.id, false, r.addr, rdata, 0, rresp, r.posted, now_});
  reads_.pop_front();
  --ar_next_;
  if (ar_.valid) --ar_.index;
}

void AxilMaster::count_order(const Write& w) {
  if (w.aw_cycle < 0 || w.w_cycle < 0) return;  // counted when the second handshake happens
  if (w.aw_cycle < w.w_cycle) {
    ++stats_.aw_before_w;
  } else if (w.w_cycle < w.aw_cycle) {
    ++stats_.w_before_aw;
  } else {
    ++stats_.aw_with_w;
  }
}

void AxilMaster::finish(const AxilResult& result) {
  if (result.is_write) {
    ++stats_.writes;
  } else {
    ++stats_.reads;
  }
  if (result.resp == AxiResp::kSlvErr) ++stats_.slverr;
  if (result.resp == AxiResp::kDecErr) ++stats_.decerr;
  results_.push_back(result);
}

void AxilMaster::check_held(LastResponse& last, bool valid, bool ready, uint64_t payload,
                            const char* channel) {
  if (last.waiting && !valid) {
    protocol_error(fmt::format("{}VALID dropped before {}READY", channel, channel));
  }
  if (last.waiting && payload != last.payload) {
    protocol_error(fmt::format("{} payload changed while waiting for {}READY", channel, channel));
  }
  last.waiting = valid && !ready;
  last.payload = payload;
}

void AxilMaster::check_timeouts() const {
  if (!writes_.empty() && now_ - writes_.front().posted > knobs_.timeout_cycles) {
    const Write& w = writes_.front();
    throw std::runtime_error(fmt::format(
        "{}: AXI4-Lite write of 0x{:08x} to 0x{:x} not answered within {} cycles (AW {}, W {})",
        name_, w.data, w.addr, knobs_.timeout_cycles, w.aw_cycle >= 0 ? "accepted" : "pending",
        w.w_cycle >= 0 ? "accepted" : "pending"));
  }
  if (!reads_.empty() && now_ - reads_.front().posted > knobs_.timeout_cycles) {
    const Read& r = reads_.front();
    throw std::runtime_error(
        fmt::format("{}: AXI4-Lite read of 0x{:x} not answered within {} cycles (AR {})", name_,
                    r.addr, knobs_.timeout_cycles, r.ar_cycle >= 0 ? "accepted" : "pending"));
  }
}

void AxilMaster::protocol_error(const std::string& what) const {
  throw std::runtime_error(
      fmt::format("{}: AXI4-Lite protocol violation at cycle {}: {}", name_, now_, what));
}

void AxilMaster::cycle() {
  drive();
  eval_();
  sample();
  tick_();
}

void AxilMaster::check_addr(uint32_t addr) const {
  if ((addr & ~addr_mask()) != 0) {
    throw std::invalid_argument(
        fmt::format("{}: address 0x{:x} does not fit in {} bits", name_, addr, p_.addr_bits));
  }
}

uint64_t AxilMaster::post_write(uint32_t addr, uint32_t data, uint8_t strb) {
  check_addr(addr);
  writes_.push_back({next_id_, addr, data, static_cast<uint8_t>(strb & 0xfu), now_});
  return next_id_++;
}

uint64_t AxilMaster::post_read(uint32_t addr) {
  check_addr(addr);
  reads_.push_back({next_id_, addr, now_});
  return next_id_++;
}

AxilResult AxilMaster::wait(uint64_t id) {
  for (;;) {
    auto it = std::find_if(results_.begin(), results_.end(),
                           [id](const AxilResult& r) { return r.id == id; });
    if (it != results_.end()) {
      AxilResult r = *it;
      results_.erase(it);
      return r;
    }
    if (id >= next_id_) {
      throw std::logic_error(fmt::format("{}: no transaction with id {}", name_, id));
    }
    cycle();  // throws on a timeout, so a lost transaction cannot spin forever
  }
}

void AxilMaster::run_until_idle() {
  while (!idle()) cycle();
}

std::vector<AxilResult> AxilMaster::take_results() {
  std::vector<AxilResult> out;
  out.swap(results_);
  return out;
}

AxiResp AxilMaster::write_resp(uint32_t addr, uint32_t data, uint8_t strb) {
  return wait(post_write(addr, data, strb)).resp;
}

AxilResult AxilMaster::read_resp(uint32_t addr) { return wait(post_read(addr)); }

void AxilMaster::write(uint32_t addr, uint32_t data, uint8_t strb) {
  const AxiResp resp = write_resp(addr, data, strb);
  if (resp != AxiResp::kOkay) {
    throw std::runtime_error(
        fmt::format("{}: write of 0x{:08x} to 0x{:x} (strobes 0x{:x}) "
                    "answered {}",
                    name_, data, addr, strb, resp_name(resp)));
  }
}

uint32_t AxilMaster::read(uint32_t addr) {
  const AxilResult r = read_resp(addr);
  if (r.resp != AxiResp::kOkay) {
    throw std::runtime_error(
        fmt::format("{}: read of 0x{:x} answered {}", name_, addr, resp_name(r.resp)));
  }
  return r.data;
}

uint64_t AxilMaster::read64(uint32_t lo_addr) {
  const uint64_t lo = read(lo_addr);
  const uint64_t hi = read(lo_addr + 4);
  return (hi << 32) | lo;
}

void AxilMaster::write64(uint32_t lo_addr, uint64_t value) {
  write(lo_addr, static_cast<uint32_t>(value));
  write(lo_addr + 4, static_cast<uint32_t>(value >> 32));
}

}  // namespace tessel::bfm
