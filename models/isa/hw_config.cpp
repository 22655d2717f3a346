// HwConfig helpers and its sanity check.
#include "isa/hw_config.h"

#include <stdexcept>

#include <fmt/format.h>

namespace tessel::isa {

uint32_t HwConfig::partitions(Space s) const {
  switch (s) {
    case Space::Sbuf:
      return rows;
    case Space::Psum:
      return cols;
    case Space::Dram:
      return 0;
  }
  return 0;
}

uint64_t HwConfig::partition_bytes(Space s) const {
  switch (s) {
    case Space::Sbuf:
      return sbuf_bytes_per_partition;
    case Space::Psum:
      return psum_bytes_per_partition();
    case Space::Dram:
      return 0;
  }
  return 0;
}

bool operator==(const HwConfig& a, const HwConfig& b) {
  return a.name == b.name && a.rows == b.rows && a.cols == b.cols &&
         a.sbuf_bytes_per_partition == b.sbuf_bytes_per_partition && a.psum_banks == b.psum_banks &&
         a.psum_bank_bytes == b.psum_bank_bytes && a.dram_bytes == b.dram_bytes;
}

void check_hw_config(const HwConfig& hw) {
  auto fail = [&](const std::string& what) {
    throw std::invalid_argument(fmt::format("hardware configuration '{}': {}", hw.name, what));
  };
  if (hw.name.empty() || hw.name.size() > 15) fail("name must have 1 to 15 characters");
  // Partition start and count are 8-bit instruction fields.
  if (hw.rows == 0 || hw.rows > 255) fail(fmt::format("rows = {} not in 1..255", hw.rows));
  if (hw.cols == 0 || hw.cols > 255) fail(fmt::format("cols = {} not in 1..255", hw.cols));
  // On-chip byte offsets are 24-bit instruction fields.
  if (hw.sbuf_bytes_per_partition == 0 || hw.sbuf_bytes_per_partition > (1u << 24)) {
    fail(fmt::format("sbuf_bytes_per_partition = {} not in 1..2^24", hw.sbuf_bytes_per_partition));
  }
  if (hw.psum_banks == 0) fail("psum_banks = 0");
  if (hw.psum_bank_bytes == 0 || hw.psum_bank_bytes % 4 != 0) {
    fail(fmt::format("psum_bank_bytes = {} is not a positive multiple of 4", hw.psum_bank_bytes));
  }
  if (uint64_t{hw.psum_banks} * hw.psum_bank_bytes > (1u << 24)) {
    fail("PSUM larger than 2^24 bytes");
  }
  if (hw.dram_bytes == 0 || hw.dram_bytes > (uint64_t{1} << 48)) {
    fail(fmt::format("dram_bytes = {} not in 1..2^48", hw.dram_bytes));
  }
}

}  // namespace tessel::isa
