// The Tessel instruction set: engines, opcodes, access patterns, semaphores and error codes
// (docs/isa.md). These types are the decoded form of the 64-byte instruction word; encoding.h
// turns them into bits and back, and every user of the ISA (kernel builder, architectural model,
// tests) goes through that one encoder.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "numerics/fp.h"

namespace tessel::isa {

inline constexpr int kInstructionWords = 16;  // little-endian 32-bit words
inline constexpr int kInstructionBytes = 64;
using InstructionWords = std::array<uint32_t, kInstructionWords>;

// Each engine has its own sequencer and instruction stream. The encoding is shared with the RTL
// and with the register map (error engine, stream base registers).
enum class Engine : uint8_t { Tensor = 0, Vector = 1, Scalar = 2, Dma = 3 };
inline constexpr int kNumEngines = 4;
inline constexpr Engine kAllEngines[] = {Engine::Tensor, Engine::Vector, Engine::Scalar,
                                         Engine::Dma};

// The high nibble of an opcode names its group, so an RTL decoder checks "engine may run this
// opcode" with four bits. 0x20-0x2F (vector) and 0x30-0x3F (scalar) are reserved for issue 4;
// until then they are illegal, like every value not listed here.
enum class Opcode : uint8_t {
  Nop = 0x00,      // any engine: waits and signals, nothing else
  End = 0x01,      // any engine: the stream is finished
  Matmul = 0x10,   // tensor engine
  DmaCopy = 0x40,  // DMA engine
};

enum class Space : uint8_t { Sbuf = 0, Psum = 1, Dram = 2 };

// The code the hardware reports in its error register (values shared with the RTL). When one
// instruction has several faults, the hardware reports the first in this priority order:
// IllegalOpcode, BadField, SemaphoreMisuse, ShapeMismatch, AddressOutOfRange (docs/isa.md).
enum class ErrorCode : uint8_t {
  None = 0,
  IllegalOpcode = 1,      // opcode not defined (or reserved for a later engine)
  BadField = 2,           // reserved bit set, undefined enum value, zero count, field not
                          // allowed for its operand (space, dtype, alignment), wrong engine
  AddressOutOfRange = 3,  // an element outside its memory, or a PSUM tile crossing a bank
  SemaphoreMisuse = 4,    // bad semaphore id, value without id, zero increment, overflow
  AxiError = 5,           // a device-memory read or write answered SLVERR/DECERR (runtime)
  ShapeMismatch = 6,      // operands disagree, or a shape exceeds the engine's limits
};

inline constexpr uint8_t kNumSemaphores = 32;
inline constexpr uint8_t kSemNone = 0x3F;  // "no wait" / "no signal"
inline constexpr uint32_t kMaxWaitValue = (1u << 24) - 1;
inline constexpr uint32_t kMaxSignalIncrement = 255;
inline constexpr uint32_t kNumDmaQueues = 16;
inline constexpr int kFreeDims = 3;

// One free axis of an access pattern: `count` elements `stride` elements apart.
struct Dim {
  int32_t stride = 0;
  uint32_t count = 1;
};

// Which elements an operand touches (NKI-style). Partition p = 0..partition_count-1 and free
// indices i0, i1, i2 (dims[0] outermost, dims[2] innermost) address the byte
//   SBUF/PSUM: partition partition_start + p, byte address + (i0*s0 + i1*s1 + i2*s2) * esize
//   DRAM:      byte address + p * partition_stride + (i0*s0 + i1*s1 + i2*s2) * esize
// Element order (the order DMA pairs source and destination elements) is partition-major, then
// dims[0], dims[1], dims[2]. Unused dims have count 1.
struct AccessPattern {
  Space space = Space::Sbuf;
  Format dtype = Format::Fp32;
  uint32_t partition_start = 0;  // SBUF/PSUM only (0 for DRAM)
  uint32_t partition_count = 1;
  uint64_t address = 0;           // SBUF/PSUM: byte offset within the partition; DRAM: address
  uint32_t partition_stride = 0;  // DRAM only: bytes between partitions
  std::array<Dim, kFreeDims> dims{};

  uint64_t free_elements() const;  // product of the dim counts
};

// Issue when sem[sem] >= value (kSemNone: no wait); on completion, sem[sem] += increment.
struct SemWait {
  uint8_t sem = kSemNone;
  uint32_t value = 0;
};
struct SemSignal {
  uint8_t sem = kSemNone;
  uint32_t increment = 0;
};
struct Sync {
  SemWait wait;
  SemSignal signal;
};

// psum[M, N] (+)= stationary[K, M]^T @ moving[K, N]; K, M, N are partition and free sizes.
struct MatmulArgs {
  AccessPattern psum;
  AccessPattern stationary;
  AccessPattern moving;
  bool accumulate = false;
};

// dst = src, element by element in the order above (no dtype conversion).
struct DmaCopyArgs {
  AccessPattern dst;
  AccessPattern src;
  uint8_t queue = 0;
};

struct Instruction {
  Opcode opcode = Opcode::Nop;
  Engine engine = Engine::Tensor;
  Sync sync;
  std::variant<std::monostate, MatmulArgs, DmaCopyArgs> args;

  static Instruction nop(Engine engine, const Sync& sync = {});
  static Instruction end(Engine engine, const Sync& sync = {});
  static Instruction matmul(const MatmulArgs& args, const Sync& sync = {});
  static Instruction dma_copy(const DmaCopyArgs& args, const Sync& sync = {});

  // The operands of a MATMUL / DMA_COPY; throw std::logic_error for another opcode.
  const MatmulArgs& matmul_args() const;
  const DmaCopyArgs& dma_args() const;
};

bool operator==(const Dim& a, const Dim& b);
bool operator==(const AccessPattern& a, const AccessPattern& b);
bool operator==(const SemWait& a, const SemWait& b);
bool operator==(const SemSignal& a, const SemSignal& b);
bool operator==(const Sync& a, const Sync& b);
bool operator==(const MatmulArgs& a, const MatmulArgs& b);
bool operator==(const DmaCopyArgs& a, const DmaCopyArgs& b);
bool operator==(const Instruction& a, const Instruction& b);
inline bool operator!=(const Instruction& a, const Instruction& b) { return !(a == b); }
inline bool operator!=(const AccessPattern& a, const AccessPattern& b) { return !(a == b); }

// A fault found in an instruction: the hardware's code and a message naming the field.
struct Diagnostic {
  ErrorCode code = ErrorCode::None;
  std::string message;

  bool ok() const { return code == ErrorCode::None; }
};

std::string_view engine_name(Engine e);       // "tensor", "vector", "scalar", "dma"
std::string_view opcode_name(Opcode op);      // "nop", "end", "matmul", "dma_copy", or "?"
std::string_view space_name(Space s);         // "sbuf", "psum", "dram", or "?"
std::string_view error_name(ErrorCode code);  // "None", "IllegalOpcode", ...
bool is_defined(Opcode op);
bool is_defined(Engine e);
bool is_defined(Space s);
bool is_defined(Format f);
int element_bytes(Format f);  // 4, 2, 2, 1, 1

}  // namespace tessel::isa
