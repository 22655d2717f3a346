// The Tessel architectural model: a fast functional (not cycle-accurate) model of the core that
// runs the same program binaries as the RTL and ends with the state the RTL must match bit for
// bit: SBUF, PSUM, device memory, semaphores and error state (docs/arch-model.md).
//
// Each engine is an in-order sequencer: fetch the 64-byte instruction at stream base + pc from
// device memory, check it exactly as the hardware does (isa::hardware_error), wait until
// sem[wait] >= value, execute, then sem[signal] += increment. A deterministic scheduler
// interleaves the engines one instruction at a time; a correctly synchronised program gives the
// same final state under every interleaving.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "arch/device_memory.h"
#include "isa/encoding.h"
#include "isa/hw_config.h"
#include "isa/program.h"

namespace tessel::arch {

using isa::Engine;
using isa::ErrorCode;

// The error registers (ERROR_CAUSE, ERROR_ENGINE, ERROR_ADDR): the first error of a run.
struct ErrorState {
  ErrorCode code = ErrorCode::None;
  Engine engine = Engine::Tensor;
  uint64_t address = 0;  // failing AXI access, else the offending instruction (docs/registers.md)
  std::string message;   // model-only detail for humans; not compared with the RTL

  bool ok() const { return code == ErrorCode::None; }
};
bool operator==(const ErrorState& a, const ErrorState& b);  // ignores message

struct EngineCounters {
  uint64_t instructions = 0;  // completed, END included
  uint64_t macs = 0;          // tensor: K x M per moving column (PERF_MACS)
  uint64_t dma_bytes = 0;     // DMA: bytes written to their destination (PERF_DMA_BYTES)
};

enum class RunStatus {
  Done,      // every started stream reached END
  Error,     // the core stopped on an error (error())
  Deadlock,  // no error, but every unfinished engine waits on a semaphore that cannot change
};
std::string_view status_name(RunStatus s);

enum class Schedule {
  RoundRobin,  // engines in code order, one instruction each per turn
  Random,      // a runnable engine chosen uniformly from a seeded generator
};

struct RunOptions {
  Schedule schedule = Schedule::RoundRobin;
  uint64_t seed = 0;  // Schedule::Random only
};

struct RunResult {
  RunStatus status = RunStatus::Done;
  uint64_t steps = 0;  // instructions issued, all engines
  std::string detail;  // deadlock: who waits for what; error: the message
};

class ArchModel {
 public:
  explicit ArchModel(isa::HwConfig hw);  // throws std::invalid_argument for a bad config

  // Writes the program's segments and streams into device memory and sets each engine's stream
  // base and length (like the host does through STREAM_BASE / STREAM_LEN). Throws
  // isa::ProgramError for a malformed program or one built for another configuration.
  void load(const isa::Program& program);
  // Register-level control, for programs placed by hand (e.g. a stream that runs off its end).
  void set_stream(Engine e, uint64_t base, uint32_t length_bytes);
  void set_semaphore(uint8_t id, uint32_t value);

  // Starts every engine with a non-empty stream and runs until done, error or deadlock.
  // Never hangs: programs have no branches, so every step issues an instruction or stops.
  RunResult run(const RunOptions& options = {});

  const isa::HwConfig& hw() const { return hw_; }
  DeviceMemory& memory() { return memory_; }
  const DeviceMemory& memory() const { return memory_; }
  // SBUF: partition p occupies bytes [p * sbuf_bytes_per_partition, ...). PSUM likewise with
  // psum_bytes_per_partition (banks in order).
  const std::vector<uint8_t>& sbuf() const { return sbuf_; }
  const std::vector<uint8_t>& psum() const { return psum_; }
  // Writable views, for a testbench that presets the memories (as its RTL preloads them).
  std::vector<uint8_t>& sbuf() { return sbuf_; }
  std::vector<uint8_t>& psum() { return psum_; }
  uint32_t psum_fp32(uint32_t partition, uint32_t byte_offset) const;
  const std::array<uint32_t, isa::kNumSemaphores>& semaphores() const { return sem_; }
  const ErrorState& error() const { return error_; }
  const EngineCounters& counters(Engine e) const { return seq_[index(e)].counters; }

  std::string summary() const;  // a few lines: status, error, counters, non-zero semaphores

 private:
  struct Sequencer {
    uint64_t base = 0;
    uint32_t length = 0;
    uint32_t pc = 0;  // byte offset of the next instruction to fetch
    bool running = false;
    std::optional<isa::Instruction> pending;  // fetched and checked, waiting to issue
    EngineCounters counters;
  };
  enum class Step { Issued, Blocked, Stopped };

  static size_t index(Engine e) { return static_cast<size_t>(e); }
  bool runnable(const Sequencer& s) const;
  Step step(Engine e);
  bool fetch(Engine e, Sequencer& s);
  bool execute(Engine e, const isa::Instruction& inst);
  void execute_matmul(const isa::MatmulArgs& mm, EngineCounters& counters);
  bool execute_dma(const isa::DmaCopyArgs& dma, EngineCounters& counters);
  bool signal(Engine e, const isa::SemSignal& sig, uint64_t inst_address);
  void fail(Engine e, ErrorCode code, uint64_t address, std::string message);
  std::string deadlock_detail() const;

  // On-chip element access (the validator has already proven every access in range).
  uint8_t* onchip(isa::Space space, uint32_t partition, int64_t byte_offset);

  isa::HwConfig hw_;
  DeviceMemory memory_;
  std::vector<uint8_t> sbuf_;
  std::vector<uint8_t> psum_;
  std::array<uint32_t, isa::kNumSemaphores> sem_{};
  std::array<Sequencer, isa::kNumEngines> seq_{};
  ErrorState error_;
};

}  // namespace tessel::arch
