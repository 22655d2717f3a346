// Reading and writing lanes of Verilator ports whatever their C++ type: a packed port of up to
// 64 bits is an integer, a wider one a VlWide<> array of 32-bit words. Tests address lanes by bit
// position so that the same code drives the tiny (64-bit) and small (256-bit) models.
#pragma once

#include <cstdint>
#include <type_traits>

#include <verilated.h>

namespace tessel::sim {

namespace detail {
template <class Port>
uint32_t get_bit(const Port& port, unsigned bit) {
  if constexpr (std::is_integral_v<Port>) {
    return static_cast<uint32_t>((static_cast<uint64_t>(port) >> bit) & 1u);
  } else {
    return (port[bit / 32] >> (bit % 32)) & 1u;
  }
}
template <class Port>
void set_bit(Port& port, unsigned bit, uint32_t value) {
  if constexpr (std::is_integral_v<Port>) {
    const auto mask = static_cast<Port>(Port{1} << bit);
    port = static_cast<Port>(value ? (port | mask) : (port & ~mask));
  } else {
    const uint32_t mask = 1u << (bit % 32);
    port[bit / 32] = value ? (port[bit / 32] | mask) : (port[bit / 32] & ~mask);
  }
}
}  // namespace detail

// Bits [lsb, lsb + width) of a port, width <= 64.
template <class Port>
uint64_t get_field(const Port& port, unsigned lsb, unsigned width) {
  uint64_t value = 0;
  for (unsigned i = 0; i < width; ++i) {
    value |= static_cast<uint64_t>(detail::get_bit(port, lsb + i)) << i;
  }
  return value;
}

template <class Port>
void set_field(Port& port, unsigned lsb, unsigned width, uint64_t value) {
  for (unsigned i = 0; i < width; ++i) {
    detail::set_bit(port, lsb + i, static_cast<uint32_t>((value >> i) & 1u));
  }
}

// Lane `index` of a packed array port of `lane_bits`-bit elements ([N-1:0][lane_bits-1:0]).
template <class Port>
uint64_t get_lane(const Port& port, unsigned index, unsigned lane_bits) {
  return get_field(port, index * lane_bits, lane_bits);
}

template <class Port>
void set_lane(Port& port, unsigned index, unsigned lane_bits, uint64_t value) {
  set_field(port, index * lane_bits, lane_bits, value);
}

}  // namespace tessel::sim
