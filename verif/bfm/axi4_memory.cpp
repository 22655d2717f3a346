#include "bfm/axi4_memory.h"

#include <algorithm>

#include <fmt/format.h>

namespace tessel::bfm {

namespace {

// Optional ports (IDs) may be left unbound: they read as 0 and writes to them are dropped.
uint64_t get(const PortRef& p) { return p.bound() ? p.get() : 0; }
void set(const PortRef& p, uint64_t v) {
  if (p.bound()) p.set(v);
}

// W beats with no write address for this long are data that no address will ever claim.
constexpr uint64_t kOrphanTimeout = 1000;

}  // namespace

Axi4Memory::Axi4Memory(std::string name, Axi4Ports ports, uint64_t seed, Axi4MemKnobs knobs)
    : name_(std::move(name)), p_(ports), rng_(seed), knobs_(knobs) {
  const unsigned db = p_.data_bytes;
  if (db != 1 && db != 2 && db != 4 && db != 8) {
    throw std::invalid_argument(
        fmt::format("{}: data width of {} bytes is not 1, 2, 4 or 8", name_, db));
  }
  if (knobs_.read_latency_min > knobs_.read_latency_max ||
      knobs_.write_latency_min > knobs_.write_latency_max || knobs_.max_reads == 0 ||
      knobs_.max_writes == 0) {
    throw std::invalid_argument(fmt::format("{}: inconsistent knobs", name_));
  }
  for (const PortRef* out : {&p_.awready, &p_.wready, &p_.bvalid, &p_.bid, &p_.bresp, &p_.arready,
                             &p_.rvalid, &p_.rid, &p_.rdata, &p_.rresp, &p_.rlast}) {
    set(*out, 0);
  }
}

bool Axi4Memory::chance(double p) {
  return p > 0.0 && std::uniform_real_distribution<double>(0.0, 1.0)(rng_) < p;
}

unsigned Axi4Memory::latency(unsigned lo, unsigned hi) {
  return std::uniform_int_distribution<unsigned>(lo, hi)(rng_);
}

// ---- backdoor -------------------------------------------------------------------------------

void Axi4Memory::write_byte(uint64_t addr, uint8_t value) {
  addr &= kAddrMask;
  auto& page = pages_[addr / kPageBytes];
  if (!page) {
    page = std::make_unique<Page>();
    page->fill(knobs_.fill);
  }
  (*page)[addr % kPageBytes] = value;
}

uint8_t Axi4Memory::read_byte(uint64_t addr) const {
  addr &= kAddrMask;
  auto it = pages_.find(addr / kPageBytes);
  return it == pages_.end() ? knobs_.fill : (*it->second)[addr % kPageBytes];
}

std::vector<uint64_t> Axi4Memory::page_addresses() const {
  std::vector<uint64_t> out;
  out.reserve(pages_.size());
  for (const auto& [page, bytes] : pages_) out.push_back(page * kPageBytes);
  return out;
}

void Axi4Memory::write_bytes(uint64_t addr, const std::vector<uint8_t>& bytes) {
  for (size_t i = 0; i < bytes.size(); ++i) write_byte(addr + i, bytes[i]);
}

std::vector<uint8_t> Axi4Memory::read_bytes(uint64_t addr, size_t n) const {
  std::vector<uint8_t> out(n);
  for (size_t i = 0; i < n; ++i) out[i] = read_byte(addr + i);
  return out;
}

void Axi4Memory::add_error_range(uint64_t lo, uint64_t hi, AxiResp resp) {
  if (resp != AxiResp::kSlvErr && resp != AxiResp::kDecErr) {
    throw std::invalid_argument(fmt::format("{}: an error range answers SLVERR or DECERR", name_));
  }
  if (lo >= hi) throw std::invalid_argument(fmt::format("{}: empty error range", name_));
  errors_.emplace_back(lo, hi, resp);
}

AxiResp Axi4Memory::error_at(uint64_t lo, uint64_t hi) const {
  for (const auto& [elo, ehi, resp] : errors_) {
    if (lo < ehi && elo < hi) return resp;
  }
  return AxiResp::kOkay;
}

bool Axi4Memory::idle() const {
  return writes_.empty() && orphan_w_.empty() && b_queue_.empty() && reads_.empty();
}

// ---- protocol ---------------------------------------------------------------------------------

void Axi4Memory::violation(const char* ch, const std::string& what) const {
  throw Axi4ProtocolError(
      fmt::format("{}: AXI4 protocol violation on {} at cycle {}: {}", name_, ch, now_, what));
}

void Axi4Memory::check_held(Held& h, bool valid, bool ready, std::vector<uint64_t> payload,
                            const char* ch) {
  if (h.waiting && !valid) violation(ch, "VALID dropped before READY");
  if (h.waiting && payload != h.payload) violation(ch, "payload changed while VALID and not READY");
  h.waiting = valid && !ready;
  h.payload = std::move(payload);
}

// The beats of a burst (AXI4 spec A3.4.1) and the rule checks that need only the address.
Axi4Memory::Burst Axi4Memory::decode(const char* ch, uint32_t id, uint64_t addr, unsigned len,
                                     unsigned size, unsigned burst) {
  const unsigned db = p_.data_bytes;
  const uint64_t n = uint64_t{1} << size;
  const unsigned beats = len + 1;
  if (n > db) violation(ch, fmt::format("AxSIZE of {} bytes wider than the {}-byte bus", n, db));
  if (burst == 3) violation(ch, "reserved AxBURST value 3");
  const auto kind = static_cast<AxiBurst>(burst);
  if (kind != AxiBurst::kIncr && beats > 16) {
    violation(ch, fmt::format("{} burst of {} beats (at most 16)",
                              kind == AxiBurst::kFixed ? "FIXED" : "WRAP", beats));
  }
  if (kind == AxiBurst::kWrap && (beats & (beats - 1)) != 0) {
    violation(ch, fmt::format("WRAP burst of {} beats (must be 2, 4, 8 or 16)", beats));
  }
  if (kind == AxiBurst::kWrap && addr % n != 0) {
    violation(ch, fmt::format("WRAP burst at 0x{:x} not aligned to its {}-byte beats", addr, n));
  }
  const uint64_t aligned = addr / n * n;
  if (kind == AxiBurst::kIncr) {
    const uint64_t last = aligned + beats * n - 1;
    if ((addr >> 12) != (last >> 12)) {
      violation(ch, fmt::format("INCR burst 0x{:x}..0x{:x} ({} beats of {} bytes) crosses a 4 KiB "
                                "boundary",
                                addr, last, beats, n));
    }
  }
  Burst b{seq_++, now_, id, {}, AxiResp::kOkay, {}, {}, 0, 0};
  const uint64_t wrap_bytes = n * beats;
  const uint64_t wrap_base = addr / wrap_bytes * wrap_bytes;
  for (unsigned i = 0; i < beats; ++i) {
    uint64_t a = addr;
    if (kind == AxiBurst::kIncr && i > 0) a = aligned + i * n;
    if (kind == AxiBurst::kWrap) a = wrap_base + (addr - wrap_base + i * n) % wrap_bytes;
    const uint64_t a_aligned = a / n * n;
    b.beats.push_back(
        {a, static_cast<unsigned>(a % db), static_cast<unsigned>(a_aligned % db + n - 1)});
    const AxiResp r = error_at(a, a_aligned + n);
    b.beat_resp.push_back(r);
    if (b.resp == AxiResp::kOkay) b.resp = r;
  }
  return b;
}

// ---- per cycle --------------------------------------------------------------------------------

void Axi4Memory::drive() {
  const size_t writes_out = writes_.size() + b_queue_.size();
  awready_ = writes_out < knobs_.max_writes && !chance(knobs_.aw_gap);
  wready_ = !chance(knobs_.w_gap);
  arready_ = reads_.size() < knobs_.max_reads && !chance(knobs_.ar_gap);
  set(p_.awready, awready_);
  set(p_.wready, wready_);
  set(p_.arready, arready_);
  present_r();
  present_b();
}

// Chooses the next burst to answer: one whose response is due and that is the oldest of its ID
// (per-ID order); the oldest of all unless reordering is on; a started read burst first unless
// interleaving is on.
bool Axi4Memory::pick(const std::deque<Burst>& q, bool interleave, size_t* index) {
  if (!interleave) {
    for (size_t i = 0; i < q.size(); ++i) {
      if (q[i].next > 0) {
        *index = i;
        return true;
      }
    }
  }
  std::vector<size_t> candidates;
  for (size_t i = 0; i < q.size(); ++i) {
    if (!knobs_.reorder && i > 0) break;
    if (q[i].due > now_) continue;
    bool older_same_id = false;
    for (size_t j = 0; j < i && !older_same_id; ++j) older_same_id = q[j].id == q[i].id;
    if (!older_same_id) candidates.push_back(i);
  }
  if (candidates.empty()) return false;
  *index = candidates[std::uniform_int_distribution<size_t>(0, candidates.size() - 1)(rng_)];
  return true;
}

void Axi4Memory::present_r() {
  if (!r_valid_ && pick(reads_, knobs_.interleave, &r_index_) && !chance(knobs_.r_gap)) {
    r_valid_ = true;
    const Burst& b = reads_[r_index_];
    const Beat& beat = b.beats[b.next];
    // Lanes outside the beat carry noise: a master must not use them.
    r_data_ = p_.data_bytes == 8 ? rng_() : rng_() & ((uint64_t{1} << (8 * p_.data_bytes)) - 1);
    const uint64_t lane0 = beat.addr / p_.data_bytes * p_.data_bytes;
    for (unsigned lane = beat.lo; lane <= beat.hi; ++lane) {
      const uint64_t byte = b.beat_resp[b.next] == AxiResp::kOkay ? read_byte(lane0 + lane) : 0;
      r_data_ = (r_data_ & ~(uint64_t{0xff} << (8 * lane))) | (byte << (8 * lane));
    }
  }
  set(p_.rvalid, r_valid_);
  if (r_valid_) {
    const Burst& b = reads_[r_index_];
    set(p_.rid, b.id);
    set(p_.rdata, r_data_);
    set(p_.rresp, static_cast<uint64_t>(b.beat_resp[b.next]));
    set(p_.rlast, b.next + 1 == b.beats.size());
  } else {
    set(p_.rdata, rng_());
    set(p_.rlast, rng_() & 1u);
  }
}

void Axi4Memory::present_b() {
  if (!b_valid_ && pick(b_queue_, true, &b_index_) && !chance(knobs_.b_gap)) b_valid_ = true;
  set(p_.bvalid, b_valid_);
  if (b_valid_) {
    set(p_.bid, b_queue_[b_index_].id);
    set(p_.bresp, static_cast<uint64_t>(b_queue_[b_index_].resp));
  } else {
    set(p_.bresp, rng_() & 3u);
  }
}

void Axi4Memory::sample() {
  sample_aw();
  sample_w();
  sample_ar();
  match_w();
  sample_b();
  sample_r();
  if (!orphan_w_.empty() && now_ - orphan_w_.front().at > kOrphanTimeout) {
    violation("W", fmt::format("W data accepted at cycle {} claimed by no write address for {} "
                               "cycles (more beats than the addresses announced?)",
                               orphan_w_.front().at, kOrphanTimeout));
  }
  stats_.max_reads_outstanding = std::max<uint64_t>(stats_.max_reads_outstanding, reads_.size());
  stats_.max_writes_outstanding =
      std::max<uint64_t>(stats_.max_writes_outstanding, writes_.size() + b_queue_.size());
  ++stats_.cycles;
  ++now_;
}

void Axi4Memory::sample_aw() {
  const bool valid = get(p_.awvalid) != 0;
  const uint64_t id = get(p_.awid), addr = get(p_.awaddr) & kAddrMask, len = get(p_.awlen) & 0xff;
  const uint64_t size = get(p_.awsize) & 7, burst = get(p_.awburst) & 3;
  check_held(aw_held_, valid, awready_, {id, addr, len, size, burst}, "AW");
  if (!valid) return;
  if (!awready_) {
    ++stats_.aw_stalls;
    return;
  }
  writes_.push_back(decode("AW", static_cast<uint32_t>(id), addr, static_cast<unsigned>(len),
                           static_cast<unsigned>(size), static_cast<unsigned>(burst)));
  ++stats_.write_bursts;
}

void Axi4Memory::sample_ar() {
  const bool valid = get(p_.arvalid) != 0;
  const uint64_t id = get(p_.arid), addr = get(p_.araddr) & kAddrMask, len = get(p_.arlen) & 0xff;
  const uint64_t size = get(p_.arsize) & 7, burst = get(p_.arburst) & 3;
  check_held(ar_held_, valid, arready_, {id, addr, len, size, burst}, "AR");
  if (!valid) return;
  if (!arready_) {
    ++stats_.ar_stalls;
    return;
  }
  Burst b = decode("AR", static_cast<uint32_t>(id), addr, static_cast<unsigned>(len),
                   static_cast<unsigned>(size), static_cast<unsigned>(burst));
  b.due = now_ + latency(knobs_.read_latency_min, knobs_.read_latency_max);
  reads_.push_back(std::move(b));
  ++stats_.read_bursts;
}

void Axi4Memory::sample_w() {
  const bool valid = get(p_.wvalid) != 0;
  const uint64_t data = get(p_.wdata), strb = get(p_.wstrb), last = get(p_.wlast) & 1;
  check_held(w_held_, valid, wready_, {data, strb, last}, "W");
  if (!valid) return;
  if (!wready_) {
    ++stats_.w_stalls;
    return;
  }
  orphan_w_.push_back({data, static_cast<uint8_t>(strb), last != 0, now_});
}

// Gives W beats, in order, to the write addresses in order (AXI4 has no write interleaving).
void Axi4Memory::match_w() {
  while (!orphan_w_.empty() && !writes_.empty()) {
    Burst& b = writes_.front();
    const WBeat w = orphan_w_.front();
    orphan_w_.pop_front();
    const size_t k = b.data.size();
    const Beat& beat = b.beats[k];
    const bool is_last = k + 1 == b.beats.size();
    const uint64_t lanes = ((uint64_t{1} << (beat.hi + 1)) - 1) & ~((uint64_t{1} << beat.lo) - 1);
    if ((w.strb & ~lanes) != 0) {
      violation("W", fmt::format("WSTRB 0x{:x} outside the byte lanes {}..{} of beat {} at 0x{:x}",
                                 w.strb, beat.lo, beat.hi, k + 1, beat.addr));
    }
    if (w.last && !is_last) {
      violation("W", fmt::format("WLAST on beat {} of a {}-beat burst (AWLEN {}) at 0x{:x}", k + 1,
                                 b.beats.size(), b.beats.size() - 1, b.beats[0].addr));
    }
    if (!w.last && is_last) {
      violation("W", fmt::format("WLAST low on beat {}, the last of a burst with AWLEN {}: more "
                                 "beats than AWLEN+1",
                                 k + 1, b.beats.size() - 1));
    }
    if (w.at < b.at) ++stats_.w_before_aw;
    b.data.push_back(w);
    ++stats_.write_beats;
    if (is_last) {
      Burst done = std::move(b);
      writes_.pop_front();
      finish_write(std::move(done));
    }
  }
}

// A complete write burst lands in memory at once, unless it touched an error range.
void Axi4Memory::finish_write(Burst b) {
  if (b.resp == AxiResp::kOkay) {
    for (size_t k = 0; k < b.beats.size(); ++k) {
      const uint64_t lane0 = b.beats[k].addr / p_.data_bytes * p_.data_bytes;
      for (unsigned lane = 0; lane < p_.data_bytes; ++lane) {
        if ((b.data[k].strb >> lane) & 1u) {
          write_byte(lane0 + lane, static_cast<uint8_t>(b.data[k].data >> (8 * lane)));
          ++stats_.bytes_written;
        }
      }
    }
  }
  b.due = now_ + latency(knobs_.write_latency_min, knobs_.write_latency_max);
  b_queue_.push_back(std::move(b));
}

void Axi4Memory::count_resp(AxiResp r) {
  if (r == AxiResp::kSlvErr) ++stats_.slverr;
  if (r == AxiResp::kDecErr) ++stats_.decerr;
}

void Axi4Memory::sample_b() {
  if (!b_valid_) return;
  if (get(p_.bready) == 0) {
    ++stats_.b_waits;
    return;
  }
  count_resp(b_queue_[b_index_].resp);
  if (b_index_ != 0) ++stats_.reordered_writes;
  b_queue_.erase(b_queue_.begin() + static_cast<std::ptrdiff_t>(b_index_));
  b_valid_ = false;
}

void Axi4Memory::sample_r() {
  if (!r_valid_) return;
  if (get(p_.rready) == 0) {
    ++stats_.r_waits;
    return;
  }
  Burst& b = reads_[r_index_];
  const Beat& beat = b.beats[b.next];
  count_resp(b.beat_resp[b.next]);
  ++stats_.read_beats;
  stats_.bytes_read += beat.hi - beat.lo + 1;
  if (b.next == 0 && r_index_ != 0) ++stats_.reordered_reads;
  if (b.next > 0 && last_r_seq_ != b.seq) ++stats_.interleaved_beats;
  last_r_seq_ = b.seq;
  ++b.next;
  if (b.next == b.beats.size())
    reads_.erase(reads_.begin() + static_cast<std::ptrdiff_t>(r_index_));
  r_valid_ = false;
}

}  // namespace tessel::bfm
