// The kernel builder: an NKI-like C++ API that writes Tessel programs.
//
//   KernelBuilder kb(hw);
//   auto a = kb.dram_tensor("a", {256, 256}, Format::Bf16);
//   auto s = kb.sbuf_tile({16, 64}, Format::Bf16, /*partition*/ 0, /*offset*/ 0);
//   auto loaded = kb.semaphore("loaded");
//   Event e = kb.dma_copy(s, a.slice({{0, 16}, {0, 64}}), kb::signal(loaded));
//   kb.matmul(psum_tile, stationary, moving, /*accumulate*/ true, kb::wait(e));
//   kb.end_all();
//   Program p = kb.build();
//
// Every instruction is encoded when it is added and the encoding is checked by the same
// validator the hardware model uses (isa::hardware_error), so the builder accepts exactly the
// programs the hardware runs. A malformed instruction throws kb::Error naming the instruction,
// the error code the hardware would report, and the field.
#pragma once

#include <array>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "isa/hw_config.h"
#include "isa/isa.h"
#include "isa/program.h"
#include "isa/tile.h"

namespace tessel::kb {

using isa::Engine;

class Semaphore {
 public:
  uint8_t id() const { return id_; }

 private:
  friend class KernelBuilder;
  explicit Semaphore(uint8_t id) : id_(id) {}
  uint8_t id_;
};

// "Semaphore sem has reached value": what an instruction that signals returns, and what a later
// instruction waits for. Only meaningful when the semaphore has one signalling engine or DMA
// queue, whose completions are in order; build() rejects a wait on an intermediate count of a
// semaphore with several sources.
struct Event {
  uint8_t sem = isa::kSemNone;
  uint32_t value = 0;
  bool valid() const { return sem != isa::kSemNone; }
};

// The semaphore condition of one instruction, built fluently: kb::wait(e).signal(s).
class Sync {
 public:
  Sync& wait(const Event& e);  // throws kb::Error for an invalid event
  Sync& wait(const Semaphore& s, uint32_t value);
  Sync& signal(const Semaphore& s, uint32_t increment = 1);
  const isa::Sync& isa() const { return sync_; }

 private:
  isa::Sync sync_;
};
Sync wait(const Event& e);
Sync wait(const Semaphore& s, uint32_t value);
Sync signal(const Semaphore& s, uint32_t increment = 1);

class KernelBuilder {
 public:
  // Device memory layout: tensors from address 0 (64-byte aligned), then the streams.
  static constexpr uint64_t kTensorAlign = 64;
  static constexpr uint64_t kStreamAlign = 4096;

  explicit KernelBuilder(isa::HwConfig hw);

  const isa::HwConfig& hw() const { return hw_; }

  // A row-major tensor of rank 1..4 in device memory (a program symbol), uninitialised unless
  // init() gives its contents.
  DramTensor dram_tensor(const std::string& name, const std::vector<uint32_t>& shape, Format dtype);
  void init(const DramTensor& tensor, std::vector<uint8_t> bytes);

  // A packed tile {partitions, free extents...} (1 to 3 free axes) at a partition and a byte
  // offset within the partition; throws kb::Error if it does not fit.
  Tile sbuf_tile(const std::vector<uint32_t>& shape, Format dtype, uint32_t partition,
                 uint32_t offset, const std::string& name = "");
  // An FP32 PSUM tile {M, N} in one bank, starting at PSUM partition 0.
  Tile psum_tile(const std::vector<uint32_t>& shape, uint32_t bank, uint32_t offset_in_bank = 0,
                 const std::string& name = "");

  Semaphore semaphore(const std::string& name);  // one of the 32 hardware semaphores

  // Instructions. Each returns the Event its signal produces (invalid if it signals nothing).
  Event dma_copy(const Tile& dst, const Tile& src, const Sync& sync = {}, uint32_t queue = 0);
  Event matmul(const Tile& psum, const Tile& stationary, const Tile& moving, bool accumulate,
               const Sync& sync = {});
  Event nop(Engine engine, const Sync& sync);
  Event end(Engine engine, const Sync& sync = {});
  void end_all();  // END on every engine that has instructions and no END yet

  size_t instruction_count(Engine engine) const;

  // The program: streams of the engines that have instructions, each ending with END;
  // initialised tensors as segments; every tensor as a symbol. Throws kb::Error for a stream
  // without END, a wait no signal in the program can satisfy, or a wait on an intermediate
  // count of a semaphore signalled from several engines or DMA queues.
  isa::Program build() const;

 private:
  struct StreamState {
    std::vector<isa::InstructionWords> code;
    std::vector<isa::Instruction> decoded;
    bool ended = false;
  };
  struct Operand {
    const char* role;
    const Tile* tile;
  };
  Event add(const isa::Instruction& inst, const std::vector<Operand>& operands);
  // Throws kb::Error: the instruction (stream and index), the problem, then the operand tiles.
  [[noreturn]] void fail(const isa::Instruction& inst, const std::vector<Operand>& operands,
                         const std::string& problem) const;
  void check_no_sbuf_overlap(const isa::Instruction& inst, const Tile& dst, const Tile& src) const;

  isa::HwConfig hw_;
  uint64_t next_tensor_address_ = 0;
  std::vector<isa::Symbol> symbols_;
  std::vector<isa::Segment> segments_;
  std::vector<std::string> semaphore_names_;
  std::array<uint32_t, isa::kNumSemaphores> signalled_{};  // total increments so far
  // Who signals each semaphore: an engine, or one DMA queue (signal_source()). Completions of
  // different sources are not ordered, so an intermediate count of a semaphore with several
  // sources says nothing about which instructions finished.
  std::array<std::set<int>, isa::kNumSemaphores> sources_;
  void check_waits(isa::Engine engine, const StreamState& stream) const;
  std::array<StreamState, isa::kNumEngines> streams_;
};

// Element encodings (e.g. from tessel::narrow_from_fp32) as little-endian bytes for init().
std::vector<uint8_t> pack_elements(const std::vector<uint32_t>& bits, Format dtype);

}  // namespace tessel::kb
