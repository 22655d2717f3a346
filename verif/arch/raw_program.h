// Programs written instruction by instruction, for tests that need exact control: encoded but
// not validated, so a stream may carry faults on purpose. Shared by the architectural-model
// tests and the core tests, which run the same programs on the RTL.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "isa/encoding.h"
#include "isa/isa_test_util.h"
#include "isa/layout.h"
#include "isa/program.h"

namespace tessel::arch::test {

using isa::AccessPattern;
using isa::Engine;
using isa::Instruction;
using isa::Space;
using Code = std::vector<isa::InstructionWords>;

inline constexpr uint64_t kStreamBase = 0x80000;  // engine e's stream at base + e * 4 KiB

inline isa::Program raw_program(const isa::HwConfig& hw,
                                const std::vector<std::pair<Engine, Code>>& code,
                                std::vector<isa::Segment> segments = {}) {
  isa::Program p;
  p.hw = hw;
  for (const auto& [engine, words] : code) {
    p.streams.push_back({engine, kStreamBase + 0x1000 * static_cast<uint64_t>(engine), words});
  }
  p.segments = std::move(segments);
  return p;
}

inline uint64_t stream_address(Engine e, size_t index) {
  return kStreamBase + 0x1000 * static_cast<uint64_t>(e) + index * isa::kInstructionBytes;
}

inline isa::Sync sync(uint8_t wait_sem, uint32_t wait_value, uint8_t signal_sem,
                      uint32_t increment) {
  return {{wait_sem, wait_value}, {signal_sem, increment}};
}
inline isa::Sync signal_only(uint8_t sem) { return sync(isa::kSemNone, 0, sem, 1); }
inline isa::Sync wait_only(uint8_t sem, uint32_t value) {
  return sync(sem, value, isa::kSemNone, 0);
}

inline isa::InstructionWords dma(const AccessPattern& dst, const AccessPattern& src,
                                 const isa::Sync& s = {}, uint8_t queue = 0) {
  return isa::encode(Instruction::dma_copy({dst, src, queue}, s));
}
inline isa::InstructionWords end(Engine e, const isa::Sync& s = {}) {
  return isa::encode(Instruction::end(e, s));
}
inline isa::InstructionWords nop(Engine e, const isa::Sync& s = {}) {
  return isa::encode(Instruction::nop(e, s));
}

// Packed FP32 vectors: n elements at a DRAM address, or in one SBUF partition.
inline AccessPattern dram_fp32(uint64_t addr, uint32_t n) {
  return isa::test::expect(Space::Dram, Format::Fp32, 0, 1, addr, 0, {{{1, 1}, {1, 1}, {1, n}}});
}
inline AccessPattern sbuf_fp32(uint32_t partition, uint64_t off, uint32_t n) {
  return isa::test::expect(Space::Sbuf, Format::Fp32, partition, 1, off, 0,
                           {{{1, 1}, {1, 1}, {1, n}}});
}

// Sets a field of an encoded instruction (to build encodings the encoder would not).
inline isa::InstructionWords with_field(isa::InstructionWords w, isa::layout::Field f,
                                        uint32_t v) {
  w[f.word] = (w[f.word] & ~f.mask()) | ((v << f.lsb) & f.mask());
  return w;
}

}  // namespace tessel::arch::test
