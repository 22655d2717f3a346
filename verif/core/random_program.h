// Constrained-random programs from a seed, for the core regression: the same program runs on the
// RTL core and on the architectural model, and the two must end in the same state bit for bit.
//
// A program is a sequence of *batches*. Every instruction of batch b waits on one semaphore until
// it has counted every completion of the batches before b, and signals it on completion, so
// batch b starts only when all earlier batches are complete. Within a batch, operations touch
// disjoint regions (SBUF slots, PSUM banks, DRAM slots): nothing reads what another operation of
// the batch writes, and no two write the same region - except two matmuls, which the in-order
// tensor engine orders by itself (tensor_chains). So every legal interleaving - the RTL
// overlaps engines and DMA queues, the model runs one instruction at a time - ends in the same
// state (docs/core.md, "Random programs").
//
//   core::RandomProgram rp = core::random_program(hw, seed);
//   model.load(rp.program);  ...  on failure, print rp.description
#pragma once

#include <cstdint>
#include <string>

#include "isa/hw_config.h"
#include "isa/program.h"

namespace tessel::core {

struct RandomProgramOptions {
  uint32_t batches = 8;  // synchronisation steps
  uint32_t max_ops_per_batch = 4;

  // Which instruction kinds may appear.
  bool dram_to_sbuf = true;
  bool sbuf_to_dram = true;
  bool sbuf_to_sbuf = true;
  bool psum_to_dram = true;
  bool psum_to_sbuf = true;
  bool matmul = true;  // overwrite and accumulate, mixed PE formats
  bool nop = true;     // on any of the four engines (vector/scalar streams are NOP/END only)
  // Let matmuls of one batch write the same PSUM bank (back-to-back overwrite/accumulate
  // chains): legal without a semaphore because the tensor engine runs its stream in order.
  bool tensor_chains = true;

  // Bytes per partition of one copy operand (0: 256 when SBUF partitions are <= 4 KiB, else
  // 1 KiB). Also the size of an SBUF slot, so it bounds matmul operands too.
  uint32_t max_copy_bytes = 0;
  // A copy with a non-packed side is walked element by element (one row, one AXI burst each), so
  // its elements over all partitions are capped to keep RTL runs short.
  uint32_t max_strided_elements = 96;

  // Test only: remove the wait of one instruction that depends on another engine's write (or
  // read) of an earlier batch, so that the program has a real race. Used to prove that the
  // schedule-independence check can fail.
  bool drop_one_wait = false;
};

struct RandomProgram {
  isa::Program program;
  // A header line (configuration, seed, semaphore) and one line per instruction: batch, engine,
  // device address and isa::disassemble - what a failing test prints.
  std::string description;
};

// Same (hw, seed, opts) -> the same program, bit for bit, on any host (the generator uses its
// own integer draws from std::mt19937_64, never the implementation-defined std distributions).
// Every instruction passes isa::hardware_error; throws std::invalid_argument when the options
// or the configuration leave no room (e.g. device memory too small for the data area).
RandomProgram random_program(const isa::HwConfig& hw, uint64_t seed,
                             const RandomProgramOptions& opts = {});

}  // namespace tessel::core
