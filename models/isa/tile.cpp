// Tile views and slicing.
#include "isa/tile.h"

#include <fmt/format.h>

#include "isa/disasm.h"

namespace tessel::kb {
namespace {

// The indices a range selects within an extent, checked.
uint32_t range_count(const Range& r, uint32_t extent, const std::string& what) {
  const uint32_t end = r.end == kToEnd ? extent : r.end;
  if (r.step == 0) throw Error(fmt::format("{}: slice step 0", what));
  if (r.begin >= end || end > extent) {
    throw Error(fmt::format("{}: slice [{}:{}] outside extent {}", what, r.begin, end, extent));
  }
  return (end - r.begin + r.step - 1) / r.step;
}

void move_address(isa::AccessPattern& ap, int64_t delta_bytes, const std::string& what) {
  const int64_t a = static_cast<int64_t>(ap.address) + delta_bytes;
  if (a < 0) throw Error(fmt::format("{}: slice starts below address 0", what));
  ap.address = static_cast<uint64_t>(a);
}

template <typename T>
T checked(int64_t v, const std::string& what) {
  if (v < std::numeric_limits<T>::min() || v > std::numeric_limits<T>::max()) {
    throw Error(fmt::format("{}: stride {} out of range", what, v));
  }
  return static_cast<T>(v);
}

}  // namespace

Tile::Tile(const isa::AccessPattern& ap, int free_rank, std::string name)
    : ap_(ap), free_rank_(free_rank), name_(std::move(name)) {
  if (free_rank < 1 || free_rank > isa::kFreeDims) {
    throw Error(fmt::format("tile '{}': {} free axes (1..{})", name_, free_rank, isa::kFreeDims));
  }
}

std::vector<uint32_t> Tile::shape() const {
  std::vector<uint32_t> s{ap_.partition_count};
  for (int a = 0; a < free_rank_; ++a) s.push_back(ap_.dims[isa::kFreeDims - free_rank_ + a].count);
  return s;
}

void Tile::slice_partitions(const Range& r) {
  const std::string what = fmt::format("tile '{}' partition axis", name_);
  const uint32_t n = range_count(r, ap_.partition_count, what);
  if (ap_.space == isa::Space::Dram) {
    move_address(ap_, int64_t{r.begin} * ap_.partition_stride, what);
    ap_.partition_stride = checked<uint32_t>(int64_t{ap_.partition_stride} * r.step, what);
  } else {
    if (r.step != 1) throw Error(what + ": on-chip partitions cannot be strided");
    ap_.partition_start += r.begin;
  }
  ap_.partition_count = n;
}

void Tile::slice_free(int axis, const Range& r) {
  const std::string what = fmt::format("tile '{}' free axis {}", name_, axis);
  isa::Dim& d = free_dim(axis);
  const uint32_t n = range_count(r, d.count, what);
  move_address(ap_, int64_t{r.begin} * d.stride * isa::element_bytes(ap_.dtype), what);
  d.stride = checked<int32_t>(int64_t{d.stride} * r.step, what);
  d.count = n;
}

Tile Tile::slice(const std::vector<Range>& ranges) const {
  if (ranges.size() > static_cast<size_t>(1 + free_rank_)) {
    throw Error(fmt::format("tile '{}': {} ranges for a tile of rank {}", name_, ranges.size(),
                            1 + free_rank_));
  }
  Tile t = *this;
  if (!ranges.empty()) t.slice_partitions(ranges[0]);
  for (size_t a = 1; a < ranges.size(); ++a) t.slice_free(static_cast<int>(a - 1), ranges[a]);
  return t;
}

Tile Tile::transposed() const {
  if (ap_.space != isa::Space::Dram || free_rank_ != 1) {
    throw Error(fmt::format("tile '{}': only 2-D DRAM views can be transposed", name_));
  }
  const int64_t esize = isa::element_bytes(ap_.dtype);
  const isa::Dim f = ap_.dims[isa::kFreeDims - 1];
  if (f.stride < 0 || ap_.partition_stride % esize != 0) {
    throw Error(fmt::format("tile '{}': view cannot be transposed (strides)", name_));
  }
  Tile t = *this;
  t.ap_.partition_count = f.count;
  const std::string what = fmt::format("tile '{}' transposed", name_);
  t.ap_.partition_stride = checked<uint32_t>(f.stride * esize, what);
  t.ap_.dims[isa::kFreeDims - 1] = {checked<int32_t>(ap_.partition_stride / esize, what),
                                    ap_.partition_count};
  t.name_ = name_ + "^T";
  return t;
}

std::string Tile::describe() const {
  return fmt::format("'{}' {}", name_, isa::format_access_pattern(ap_));
}

DramTensor::DramTensor(std::string name, uint64_t address, std::vector<uint32_t> shape,
                       Format dtype)
    : name_(std::move(name)), address_(address), shape_(std::move(shape)), dtype_(dtype) {
  if (shape_.empty() || shape_.size() > 1 + isa::kFreeDims) {
    throw Error(fmt::format("dram tensor '{}': rank {} not in 1..4", name_, shape_.size()));
  }
  for (uint32_t e : shape_) {
    if (e == 0) throw Error(fmt::format("dram tensor '{}': zero extent", name_));
  }
}

uint64_t DramTensor::bytes() const {
  uint64_t n = isa::element_bytes(dtype_);
  for (uint32_t e : shape_) n *= e;
  return n;
}

Tile DramTensor::tile() const {
  isa::AccessPattern ap;
  ap.space = isa::Space::Dram;
  ap.dtype = dtype_;
  ap.address = address_;
  const size_t rank = shape_.size();
  const size_t first_free = rank == 1 ? 0 : 1;
  const int free_rank = static_cast<int>(rank - first_free);
  // Row-major strides, innermost first.
  int64_t stride = 1;
  for (size_t i = rank; i-- > first_free;) {
    isa::Dim& d = ap.dims[isa::kFreeDims - (rank - i)];
    d.count = shape_[i];
    d.stride = checked<int32_t>(stride, "dram tensor '" + name_ + "'");
    stride *= shape_[i];
  }
  ap.partition_count = rank == 1 ? 1 : shape_[0];
  const int64_t partition_bytes = stride * isa::element_bytes(dtype_);
  if (rank > 1 && partition_bytes > std::numeric_limits<uint32_t>::max()) {
    throw Error(fmt::format("dram tensor '{}': rows of {} bytes exceed the 32-bit partition stride",
                            name_, partition_bytes));
  }
  ap.partition_stride = rank == 1 ? 0 : static_cast<uint32_t>(partition_bytes);
  return Tile(ap, free_rank, name_);
}

}  // namespace tessel::kb
