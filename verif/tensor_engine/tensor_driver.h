// Drives the tensor engine test top (rtl/top/tensor_psum_top.sv) from matmul jobs: splits tiles
// into stationary and moving beats, offers them under random gaps and PSUM backpressure,
// observes acceptance and PSUM writes, and reads PSUM back. Shared by the tests and the demo.
#pragma once

#include <cstdint>
#include <deque>
#include <random>
#include <string>
#include <vector>

#include "Vtensor_psum_top.h"
#include "harness/sim_harness.h"
#include "tensor/tensor_model.h"
#include "tessel_config.h"

namespace tessel::tb {

inline constexpr unsigned kRows = config::kNumRows;
inline constexpr unsigned kCols = config::kNumCols;
inline constexpr unsigned kBankEntries = config::kPsumBankEntries;
inline constexpr unsigned kPsumRows = config::kPsumBanks * config::kPsumBankEntries;

// One matmul: psum[psum_row .. psum_row+N-1][0..M-1] (=|+=) stationary^T @ moving.
struct MatmulJob {
  Tile stationary;  // K x M
  Tile moving;      // K x N
  unsigned psum_row = 0;
  bool accumulate = false;
};

// Random stall knobs, each a probability per cycle.
struct Backpressure {
  double stationary_gap = 0.0;  // the stationary source has no beat to offer
  double moving_gap = 0.0;      // the moving source has no beat to offer
  double psum_stall = 0.0;      // the PSUM write port is busy (psum_stall_i)
  static Backpressure none() { return {}; }
  static Backpressure random() { return {0.2, 0.2, 0.15}; }  // on by default in the tests
};

// What one run() saw, in clock cycles counted from the run's first cycle.
struct RunStats {
  uint64_t cycles = 0;                 // until the engine is idle again
  uint64_t moving_beats = 0;           // moving beats accepted
  uint64_t first_moving_accept = 0;
  uint64_t last_moving_accept = 0;
  uint64_t first_psum_write = 0;
  uint64_t last_psum_write = 0;
  uint64_t psum_writes = 0;
  // cycles between the first and last moving acceptance where a beat was offered, not taken
  uint64_t moving_refusals = 0;
};

// One beat of either stream, as it appears on the ports.
struct Beat {
  std::vector<uint32_t> lanes;  // kRows encodings
  Format format = Format::Bf16;
  unsigned rows = 0;       // stationary: K
  unsigned psum_row = 0;   // moving: destination row
  bool accumulate = false; // moving
  bool last = false;
};

class TensorDriver {
 public:
  TensorDriver(const std::string& name, uint64_t seed);

  sim::Harness<Vtensor_psum_top>& sim() { return sim_; }
  // Throws std::runtime_error when the RTL was built for other dimensions than this binary.
  void check_config();

  // Beats a job turns into. Lanes of rows >= K carry random junk: the engine must ignore them.
  std::vector<Beat> stationary_beats(const MatmulJob& job);
  std::vector<Beat> moving_beats(const MatmulJob& job);

  // Offers all jobs' beats (both streams concurrently, in job order), waits until the engine is
  // idle, and returns what it saw. Throws sim::CycleLimitExceeded if it never gets idle.
  RunStats run(const std::vector<MatmulJob>& jobs, const Backpressure& bp);
  // Same with explicit beat queues (for malformed-input tests).
  RunStats run_beats(std::deque<Beat> stationary, std::deque<Beat> moving, const Backpressure& bp);

  uint32_t psum_read(unsigned row, unsigned col);
  // [M][N] row-major results of a job's destination region.
  std::vector<uint32_t> psum_region(unsigned psum_row, unsigned m_size, unsigned n_size);
  bool error();
  bool busy();

 private:
  // Column `col` of a tile as one beat's lanes; lanes of partitions >= rows carry random junk.
  std::vector<uint32_t> column_lanes(const Tile& t, unsigned col);
  void drive(const Beat* st, const Beat* mv, bool psum_stall);

  sim::Harness<Vtensor_psum_top> sim_;
  std::mt19937_64 rng_;
};

}  // namespace tessel::tb
