#include "tensor_engine/tensor_driver.h"

#include <stdexcept>

#include <fmt/format.h>

#include "harness/port_bits.h"

namespace tessel::tb {

namespace {
constexpr unsigned kLaneBits = 16;
constexpr unsigned kFp32Bits = 32;
}  // namespace

TensorDriver::TensorDriver(const std::string& name, uint64_t seed)
    : sim_(name, static_cast<uint32_t>(seed)), rng_(seed) {
  auto& d = sim_.dut();
  d.st_valid_i = 0;
  d.mv_valid_i = 0;
  d.psum_stall_i = 0;
  sim_.reset();
  check_config();
}

void TensorDriver::check_config() {
  auto& d = sim_.dut();
  sim_.eval();
  const unsigned got[] = {d.cfg_rows_o, d.cfg_cols_o, d.cfg_psum_banks_o, d.cfg_psum_bank_entries_o};
  const unsigned want[] = {kRows, kCols, config::kPsumBanks, kBankEntries};
  for (int i = 0; i < 4; ++i) {
    if (got[i] != want[i]) {
      throw std::runtime_error(fmt::format(
          "configuration mismatch: the RTL model was built with rows/cols/banks/entries "
          "{}/{}/{}/{} but this binary expects '{}' = {}/{}/{}/{}",
          got[0], got[1], got[2], got[3], config::kConfigName, want[0], want[1], want[2],
          want[3]));
    }
  }
}

std::vector<uint32_t> TensorDriver::column_lanes(const Tile& t, unsigned col) {
  std::vector<uint32_t> lanes(kRows);
  for (unsigned k = 0; k < kRows; ++k) {
    lanes[k] = k < t.rows ? t.at(k, col) : static_cast<uint32_t>(rng_() & 0xffff);
  }
  return lanes;
}

std::vector<Beat> TensorDriver::stationary_beats(const MatmulJob& job) {
  const Tile& s = job.stationary;
  std::vector<Beat> beats(s.cols);
  for (unsigned m = 0; m < s.cols; ++m) {
    Beat& b = beats[m];
    b.lanes = column_lanes(s, m);
    b.format = s.format;
    b.rows = s.rows;
    b.last = m + 1 == s.cols;
  }
  return beats;
}

std::vector<Beat> TensorDriver::moving_beats(const MatmulJob& job) {
  const Tile& x = job.moving;
  std::vector<Beat> beats(x.cols);
  for (unsigned n = 0; n < x.cols; ++n) {
    Beat& b = beats[n];
    b.lanes = column_lanes(x, n);
    b.format = x.format;
    b.psum_row = job.psum_row + n;
    b.accumulate = job.accumulate;
    b.last = n + 1 == x.cols;
  }
  return beats;
}

void TensorDriver::drive(const Beat* st, const Beat* mv, bool psum_stall) {
  auto& d = sim_.dut();
  d.st_valid_i = st != nullptr;
  if (st) {
    for (unsigned k = 0; k < kRows; ++k) sim::set_lane(d.st_data_i, k, kLaneBits, st->lanes[k]);
    d.st_fmt_i = static_cast<uint8_t>(st->format);
    d.st_rows_i = st->rows;
    d.st_last_i = st->last;
  }
  d.mv_valid_i = mv != nullptr;
  if (mv) {
    for (unsigned k = 0; k < kRows; ++k) sim::set_lane(d.mv_data_i, k, kLaneBits, mv->lanes[k]);
    d.mv_fmt_i = static_cast<uint8_t>(mv->format);
    d.mv_psum_row_i = mv->psum_row;
    d.mv_accumulate_i = mv->accumulate;
    d.mv_last_i = mv->last;
  }
  d.psum_stall_i = psum_stall;
}

RunStats TensorDriver::run(const std::vector<MatmulJob>& jobs, const Backpressure& bp) {
  std::deque<Beat> st;
  std::deque<Beat> mv;
  for (const auto& job : jobs) {
    for (auto& b : stationary_beats(job)) st.push_back(std::move(b));
    for (auto& b : moving_beats(job)) mv.push_back(std::move(b));
  }
  return run_beats(std::move(st), std::move(mv), bp);
}

RunStats TensorDriver::run_beats(std::deque<Beat> st, std::deque<Beat> mv,
                                 const Backpressure& bp) {
  std::bernoulli_distribution st_gap(bp.stationary_gap);
  std::bernoulli_distribution mv_gap(bp.moving_gap);
  std::bernoulli_distribution stall(bp.psum_stall);
  auto& d = sim_.dut();
  RunStats stats;
  // A source that has offered a beat keeps offering it until it is taken (ready/valid rule).
  bool st_offered = false;
  bool mv_offered = false;
  // Generous bound: every beat may wait for the whole pipeline to drain, under heavy stalls.
  const uint64_t limit = 64 * (st.size() + mv.size() + kRows + kCols) + 10'000;
  for (uint64_t t = 0;; ++t) {
    if (t > limit) {
      throw sim::CycleLimitExceeded(fmt::format(
          "tensor engine did not finish within {} cycles ({} stationary and {} moving beats "
          "left)", limit, st.size(), mv.size()));
    }
    st_offered = !st.empty() && (st_offered || !st_gap(rng_));
    mv_offered = !mv.empty() && (mv_offered || !mv_gap(rng_));
    drive(st_offered ? &st.front() : nullptr, mv_offered ? &mv.front() : nullptr, stall(rng_));
    sim_.eval();
    if (st.empty() && mv.empty() && !d.busy_o) {
      stats.cycles = t;
      break;
    }
    const bool st_fire = st_offered && d.st_ready_o;
    const bool mv_fire = mv_offered && d.mv_ready_o;
    if (mv_fire) {
      if (stats.moving_beats == 0) stats.first_moving_accept = t;
      stats.last_moving_accept = t;
      ++stats.moving_beats;
    } else if (mv_offered && stats.moving_beats > 0) {
      ++stats.moving_refusals;
    }
    if (d.psum_wr_valid_o) {
      if (stats.psum_writes == 0) stats.first_psum_write = t;
      stats.last_psum_write = t;
      ++stats.psum_writes;
    }
    sim_.tick();
    if (st_fire) {
      st.pop_front();
      st_offered = false;
    }
    if (mv_fire) {
      mv.pop_front();
      mv_offered = false;
    }
  }
  drive(nullptr, nullptr, false);
  sim_.eval();
  return stats;
}

uint32_t TensorDriver::psum_read(unsigned row, unsigned col) {
  auto& d = sim_.dut();
  d.psum_rd_row_i = row;
  sim_.eval();
  return static_cast<uint32_t>(sim::get_lane(d.psum_rd_data_o, col, kFp32Bits));
}

std::vector<uint32_t> TensorDriver::psum_region(unsigned psum_row, unsigned m_size,
                                               unsigned n_size) {
  std::vector<uint32_t> out(size_t{m_size} * n_size);
  auto& d = sim_.dut();
  for (unsigned n = 0; n < n_size; ++n) {
    d.psum_rd_row_i = psum_row + n;
    sim_.eval();
    for (unsigned m = 0; m < m_size; ++m) {
      out[size_t{m} * n_size + n] =
          static_cast<uint32_t>(sim::get_lane(d.psum_rd_data_o, m, kFp32Bits));
    }
  }
  return out;
}

bool TensorDriver::error() {
  sim_.eval();
  return sim_.dut().error_o;
}

bool TensorDriver::busy() {
  sim_.eval();
  return sim_.dut().busy_o;
}

}  // namespace tessel::tb
