// Helpers shared by the ISA tests: hand-written hardware configurations, access-pattern
// shorthands, seeded generators and Catch2 printing of instructions.
//
// The configurations are written out by hand (not read from configs.json or tessel_config.h)
// so that the tests check the library against values a person chose, not against themselves.
#pragma once

#include <array>
#include <cstdint>
#include <random>
#include <string>

#include <catch2/catch_get_random_seed.hpp>
#include <catch2/catch_tostring.hpp>

#include "isa/disasm.h"
#include "isa/encoding.h"
#include "isa/hw_config.h"
#include "isa/isa.h"

namespace tessel::isa::test {

// tiny: 4x4 PEs, 4 KiB SBUF per partition, 8 PSUM banks of 256 B (64 FP32 entries).
inline HwConfig tiny_hw() { return {"tiny", 4, 4, 4096, 8, 256, 1u << 20}; }
// small: 16x16 PEs, 64 KiB SBUF per partition, 8 PSUM banks of 2 KiB (512 FP32 entries).
inline HwConfig small_hw() { return {"small", 16, 16, 65536, 8, 2048, uint64_t{1} << 32}; }

// An access pattern written out field by field.
inline AccessPattern expect(Space space, Format dtype, uint32_t pstart, uint32_t pcount,
                            uint64_t address, uint32_t pstride, std::array<Dim, 3> dims) {
  AccessPattern ap;
  ap.space = space;
  ap.dtype = dtype;
  ap.partition_start = pstart;
  ap.partition_count = pcount;
  ap.address = address;
  ap.partition_stride = pstride;
  ap.dims = dims;
  return ap;
}

// A packed 1-D on-chip pattern: partitions [start, start+count), `n` elements from `address`.
inline AccessPattern onchip(Space space, Format dtype, uint32_t start, uint32_t count,
                            uint64_t address, uint32_t n) {
  return expect(space, dtype, start, count, address, 0, {Dim{}, Dim{}, Dim{1, n}});
}

inline AccessPattern sbuf(Format dtype, uint32_t start, uint32_t count, uint64_t address,
                          uint32_t n) {
  return onchip(Space::Sbuf, dtype, start, count, address, n);
}

inline AccessPattern psum(uint32_t start, uint32_t count, uint64_t address, uint32_t n) {
  return onchip(Space::Psum, Format::Fp32, start, count, address, n);
}

// A DRAM pattern: `count` partitions `stride` bytes apart, `n` contiguous elements each.
inline AccessPattern dram(Format dtype, uint64_t address, uint32_t count, uint32_t stride,
                          uint32_t n) {
  return expect(Space::Dram, dtype, 0, count, address, stride, {Dim{}, Dim{}, Dim{1, n}});
}

inline Sync sync(uint8_t wait_sem, uint32_t value, uint8_t signal_sem, uint32_t increment) {
  return Sync{{wait_sem, value}, {signal_sem, increment}};
}

// A generator per test: the run's seed, decorrelated per test by a salt.
inline std::mt19937_64 seeded(uint64_t salt) {
  return std::mt19937_64(Catch::getSeed() * 0x9E3779B97F4A7C15ull + salt);
}

}  // namespace tessel::isa::test

// Failed checks print instructions in assembly notation and words in hex.
template <>
struct Catch::StringMaker<tessel::isa::Instruction> {
  static std::string convert(const tessel::isa::Instruction& inst) {
    // Undefined enum values (from illegal encodings) cannot be formatted; show raw words then.
    try {
      return tessel::isa::disassemble(inst);
    } catch (const std::exception&) {
      return "<instruction with undefined fields>";
    }
  }
};

template <>
struct Catch::StringMaker<tessel::isa::ErrorCode> {
  static std::string convert(tessel::isa::ErrorCode c) {
    return std::string(tessel::isa::error_name(c));
  }
};
