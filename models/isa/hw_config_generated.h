// HwConfig of the configuration this translation unit is built for, from the generated
// tessel_config.h (scripts/gen_config.py). Header-only on purpose: the ISA library itself is
// configuration-independent, and only code linked with a tessel_config_<cfg> target includes
// this file.
#pragma once

#include <cstdint>

#include "isa/hw_config.h"
#include "tessel_config.h"

namespace tessel::isa {

// DRAM size is not a configuration parameter: the device memory is the testbench's.
inline HwConfig generated_hw_config(uint64_t dram_bytes = kDefaultDramBytes) {
  HwConfig hw;
  hw.name = config::kConfigName;
  hw.rows = config::kNumRows;
  hw.cols = config::kNumCols;
  hw.sbuf_bytes_per_partition = config::kSbufBytesPerPartition;
  hw.psum_banks = config::kPsumBanks;
  hw.psum_bank_bytes = config::kPsumBankBytes;
  hw.dram_bytes = dram_bytes;
  return hw;
}

}  // namespace tessel::isa
