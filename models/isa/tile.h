// Tiles: named views of SBUF, PSUM or device memory with a dtype and an access pattern, and the
// slicing that makes new views (NKI-style a[0:64, 128:256]). A tile is only a description; the
// kernel builder turns tiles into instruction operands.
#pragma once

#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "isa/isa.h"

namespace tessel::kb {

// A malformed kernel: the message names the instruction or tile and the field.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

inline constexpr uint32_t kToEnd = std::numeric_limits<uint32_t>::max();

// Indices begin, begin+step, ... below end (end = kToEnd: the whole extent).
struct Range {
  uint32_t begin = 0;
  uint32_t end = kToEnd;
  uint32_t step = 1;
};
inline Range all() { return {}; }
inline Range at(uint32_t i) { return {i, i + 1, 1}; }

class Tile {
 public:
  // free_rank: how many of ap.dims are the tile's free axes (the innermost ones).
  Tile(const isa::AccessPattern& ap, int free_rank, std::string name);

  const isa::AccessPattern& ap() const { return ap_; }
  isa::Space space() const { return ap_.space; }
  Format dtype() const { return ap_.dtype; }
  uint32_t partitions() const { return ap_.partition_count; }
  int free_rank() const { return free_rank_; }
  std::vector<uint32_t> shape() const;  // {partitions, free extents...}
  uint64_t free_size() const { return ap_.free_elements(); }
  const std::string& name() const { return name_; }

  // ranges[0] selects partitions, ranges[1..] the free axes; missing ranges take everything.
  // On-chip partitions must stay contiguous (step 1).
  Tile slice(const std::vector<Range>& ranges) const;
  // Swaps the partition axis and the single free axis of a 2-D DRAM view, e.g. to load
  // stationary = A^T from a row-major A.
  Tile transposed() const;

  std::string describe() const;  // name and access pattern, for messages

 private:
  isa::Dim& free_dim(int axis) { return ap_.dims[isa::kFreeDims - free_rank_ + axis]; }
  void slice_partitions(const Range& r);
  void slice_free(int axis, const Range& r);

  isa::AccessPattern ap_;
  int free_rank_;
  std::string name_;
};

// A row-major tensor in device memory.
class DramTensor {
 public:
  DramTensor(std::string name, uint64_t address, std::vector<uint32_t> shape, Format dtype);

  const std::string& name() const { return name_; }
  uint64_t address() const { return address_; }
  const std::vector<uint32_t>& shape() const { return shape_; }
  Format dtype() const { return dtype_; }
  uint64_t bytes() const;

  // The whole tensor as a tile: dim 0 on the partition axis (a 1-D tensor is one partition).
  Tile tile() const;
  Tile slice(const std::vector<Range>& ranges) const { return tile().slice(ranges); }

 private:
  std::string name_;
  uint64_t address_;
  std::vector<uint32_t> shape_;
  Format dtype_;
};

}  // namespace tessel::kb
