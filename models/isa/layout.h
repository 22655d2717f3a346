// Where every field of the 64-byte instruction lives: the one table the encoder, the decoder and
// docs/isa.md follow. A field never crosses a 32-bit word, so an RTL decoder reads each one as a
// plain slice of one word.
//
//   word 0      header: opcode, engine, flags, wait and signal semaphore ids
//   word 1      header: wait value (24 bits), signal increment (8 bits)
//   words 2-5   operand slot 0: access-pattern body (offset/dtype/space word, three dim words)
//   words 6-9   operand slot 1
//   words 10-13 operand slot 2 (MATMUL), or the DRAM extensions of slots 0 and 1 (DMA_COPY)
//   word 14     partition start/count of slots 0 and 1
//   word 15     partition start/count of slot 2; DMA queue
#pragma once

#include <cstdint>

namespace tessel::isa::layout {

struct Field {
  uint8_t word;
  uint8_t lsb;
  uint8_t width;

  constexpr uint32_t mask() const { return (width >= 32 ? ~0u : ((1u << width) - 1u)) << lsb; }
  constexpr uint64_t max() const { return (uint64_t{1} << width) - 1; }
};

// Header (the same for every opcode, so one RTL front end serves all sequencers).
inline constexpr Field kOpcode{0, 0, 8};
inline constexpr Field kEngine{0, 8, 4};
inline constexpr Field kFlags{0, 12, 4};       // opcode-specific, undefined bits reserved
inline constexpr Field kAccumulate{0, 12, 1};  // MATMUL flag 0
inline constexpr Field kWaitSem{0, 16, 6};
inline constexpr Field kSignalSem{0, 24, 6};
inline constexpr Field kWaitValue{1, 0, 24};
inline constexpr Field kSignalIncrement{1, 24, 8};

// Operand slots: the access-pattern body of slot s is words 2+4s .. 5+4s.
inline constexpr int kSlots = 3;
constexpr uint8_t body_word(int slot) { return static_cast<uint8_t>(2 + 4 * slot); }
// On-chip byte offset, or bits [23:0] of a DRAM address.
constexpr Field ap_offset(int slot) { return {body_word(slot), 0, 24}; }
constexpr Field ap_dtype(int slot) { return {body_word(slot), 24, 4}; }
constexpr Field ap_space(int slot) { return {body_word(slot), 28, 2}; }
// dims[d] of slot s: d = 0 is the outermost free axis.
constexpr Field ap_count(int slot, int d) {
  return {static_cast<uint8_t>(body_word(slot) + 1 + d), 0, 16};
}
constexpr Field ap_stride(int slot, int d) {  // two's complement, in elements
  return {static_cast<uint8_t>(body_word(slot) + 1 + d), 16, 16};
}
constexpr Field ap_partition_start(int slot) {
  return {static_cast<uint8_t>(14 + slot / 2), static_cast<uint8_t>(16 * (slot % 2)), 8};
}
constexpr Field ap_partition_count(int slot) {
  return {static_cast<uint8_t>(14 + slot / 2), static_cast<uint8_t>(16 * (slot % 2) + 8), 8};
}

// DMA_COPY: the DRAM extension of slot s (0 = dst, 1 = src) uses words 10+2s and 11+2s.
constexpr Field dram_address_high(int slot) {  // DRAM address bits [47:24]
  return {static_cast<uint8_t>(10 + 2 * slot), 0, 24};
}
constexpr Field dram_partition_stride(int slot) {  // bytes
  return {static_cast<uint8_t>(11 + 2 * slot), 0, 32};
}
inline constexpr Field kDmaQueue{15, 16, 4};

inline constexpr int kDmaDstSlot = 0;
inline constexpr int kDmaSrcSlot = 1;
inline constexpr int kMatmulPsumSlot = 0;
inline constexpr int kMatmulStationarySlot = 1;
inline constexpr int kMatmulMovingSlot = 2;

}  // namespace tessel::isa::layout
