// Walking an access pattern: the byte range it covers and its elements in order. Shared by the
// validator, the kernel builder and (later) the architectural model and DMA checks, so that all
// agree on which bytes an operand touches.
#pragma once

#include <cstdint>

#include "isa/isa.h"

namespace tessel::isa {

// Bytes [lo, hi) touched by an access pattern: within each partition for SBUF/PSUM, absolute
// (all partitions included) for DRAM. lo may be negative when strides point backwards. The
// dtype must be defined.
struct ByteRange {
  int64_t lo = 0;
  int64_t hi = 0;
};
ByteRange byte_range(const AccessPattern& ap);

// Calls f(partition, byte_address) for every element in element order (partition-major, then
// dims[0], dims[1], dims[2]). partition is partition_start + p on chip and p (0-based) in DRAM;
// byte_address is the offset within the partition on chip and the absolute address in DRAM.
template <typename F>
void for_each_element(const AccessPattern& ap, F&& f) {
  const int64_t esize = element_bytes(ap.dtype);
  const bool dram = ap.space == Space::Dram;
  for (uint32_t p = 0; p < ap.partition_count; ++p) {
    const int64_t base =
        static_cast<int64_t>(ap.address) + (dram ? int64_t{p} * ap.partition_stride : 0);
    const uint32_t partition = dram ? p : ap.partition_start + p;
    for (uint32_t i0 = 0; i0 < ap.dims[0].count; ++i0) {
      for (uint32_t i1 = 0; i1 < ap.dims[1].count; ++i1) {
        for (uint32_t i2 = 0; i2 < ap.dims[2].count; ++i2) {
          const int64_t e = int64_t{i0} * ap.dims[0].stride + int64_t{i1} * ap.dims[1].stride +
                            int64_t{i2} * ap.dims[2].stride;
          f(partition, base + e * esize);
        }
      }
    }
  }
}

// True when the free dims walk the elements 0, 1, 2, ... in order (row-major, unit stride),
// ignoring dims of count 1.
bool is_packed(const AccessPattern& ap);

}  // namespace tessel::isa
