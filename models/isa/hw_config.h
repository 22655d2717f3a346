// The hardware parameters an instruction is checked against: a small runtime struct, so that one
// ISA library serves every configuration (the generated tessel_config.h is compile-time and per
// configuration; hw_config_generated.h bridges the two).
#pragma once

#include <cstdint>
#include <string>

#include "isa/isa.h"

namespace tessel::isa {

// Device memory the core can address when a configuration does not say otherwise.
inline constexpr uint64_t kDefaultDramBytes = uint64_t{1} << 32;

struct HwConfig {
  std::string name;   // configuration name (config/configs.json)
  uint32_t rows = 0;  // PE rows = SBUF partitions = largest K
  uint32_t cols = 0;  // PE columns = PSUM partitions = largest M
  uint32_t sbuf_bytes_per_partition = 0;
  uint32_t psum_banks = 0;
  uint32_t psum_bank_bytes = 0;  // FP32 entries = bytes / 4 = largest N
  uint64_t dram_bytes = kDefaultDramBytes;

  uint32_t psum_bank_entries() const { return psum_bank_bytes / 4; }
  uint32_t psum_bytes_per_partition() const { return psum_banks * psum_bank_bytes; }
  // The partitions and bytes per partition of an on-chip memory (0 for DRAM).
  uint32_t partitions(Space s) const;
  uint64_t partition_bytes(Space s) const;
};

bool operator==(const HwConfig& a, const HwConfig& b);

// Throws std::invalid_argument naming the field when a value is unusable (zero sizes, a PSUM
// bank that is not whole FP32 entries, more partitions than the ISA can address, a name that
// does not fit the program file).
void check_hw_config(const HwConfig& hw);

}  // namespace tessel::isa
