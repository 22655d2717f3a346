// Byte ranges of access patterns.
#include "isa/access_pattern.h"

namespace tessel::isa {

ByteRange byte_range(const AccessPattern& ap) {
  const int64_t esize = element_bytes(ap.dtype);
  int64_t min_e = 0;
  int64_t max_e = 0;
  for (const Dim& d : ap.dims) {
    if (d.count == 0) return {0, 0};
    const int64_t span = int64_t{d.stride} * (d.count - 1);
    (span < 0 ? min_e : max_e) += span;
  }
  const int64_t base = static_cast<int64_t>(ap.address);
  int64_t partition_span = 0;
  if (ap.space == Space::Dram && ap.partition_count > 0) {
    partition_span = int64_t{ap.partition_stride} * (ap.partition_count - 1);
  }
  return {base + min_e * esize, base + partition_span + (max_e + 1) * esize};
}

bool is_packed(const AccessPattern& ap) {
  int64_t expected = 1;  // stride a packed dim must have: the product of the inner counts
  for (int d = kFreeDims - 1; d >= 0; --d) {
    if (ap.dims[d].count == 1) continue;
    if (ap.dims[d].stride != expected) return false;
    expected *= ap.dims[d].count;
  }
  return true;
}

}  // namespace tessel::isa
