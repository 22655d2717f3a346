// The core testbench: a verilated tessel_core with the AXI4 memory model as device memory and
// the AXI4-Lite master on its registers, driven the way host software drives the core
// (docs/core.md, docs/programming.md):
//
//   core::CoreSim core("gemm", seed);        // reset, SBUF and PSUM cleared through the backdoor
//   core.load(program);                      // segments + streams into memory, STREAM_BASE/LEN
//   core::RunReport r = core.run();          // CONTROL.start, wait for the interrupt
//   core::compare(core, model)               // every difference from the architectural model
//
// Compiled once per configuration (the model's port widths depend on it).
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "Vtessel_core.h"
#include "arch/arch_model.h"
#include "bfm/axi4_memory.h"
#include "bfm/axil_master.h"
#include "harness/sim_harness.h"
#include "isa/program.h"

namespace tessel::core {

// What the registers say after a run.
struct RunReport {
  bool done = false;   // STATUS.done
  bool error = false;  // STATUS.error
  bool busy_at_end = false;  // STATUS.busy when the report was read
  arch::ErrorState error_state;
  uint64_t cycles = 0;       // run(): from the start write to the interrupt
  uint64_t perf_cycles = 0;  // PERF_CYCLES (counting on while the report is read)
  uint64_t macs = 0;    // PERF_MACS
  uint64_t dma_bytes = 0;
  std::array<uint64_t, isa::kNumEngines> busy{};   // PERF_BUSY
  std::array<uint64_t, isa::kNumEngines> stall{};  // PERF_STALL
  std::array<uint32_t, isa::kNumSemaphores> semaphores{};
  bool irq = false;  // the interrupt line was high at the end
};

class CoreSim {
 public:
  CoreSim(const std::string& name, uint64_t seed);
  ~CoreSim();

  sim::Harness<Vtessel_core>& sim() { return *sim_; }
  bfm::Axi4Memory& memory() { return *mem_; }
  bfm::AxilMaster& regs() { return *axil_; }
  const isa::HwConfig& hw() const { return hw_; }

  // Writes segments and streams into device memory and STREAM_BASE/STREAM_LEN (0 for engines
  // without a stream), as the host does. Semaphores are written with set_semaphore().
  void load(const isa::Program& program);
  void set_stream(isa::Engine e, uint64_t base, uint32_t bytes);
  void set_semaphore(unsigned id, uint32_t value);

  // Enables both interrupts, clears the counters, starts, and clocks until the interrupt line
  // rises (done or error) or max_cycles pass (then throws).
  RunReport run(uint64_t max_cycles = 2'000'000);
  RunReport read_report();

  // Whole memories through the backdoor, in the architectural model's layout (partition-major).
  std::vector<uint8_t> sbuf();
  std::vector<uint8_t> psum();
  // n FP32 encodings (little-endian) from device memory, through the backdoor.
  std::vector<uint32_t> read_fp32(uint64_t address, size_t n) const;
  // Fills SBUF and PSUM with `byte` (the architectural model starts from zeros).
  void fill_onchip(uint8_t byte);

  void cycle();  // one clock with the memory model stepped
  void cycles(uint64_t n);

 private:
  isa::HwConfig hw_;
  std::unique_ptr<sim::Harness<Vtessel_core>> sim_;
  std::unique_ptr<bfm::Axi4Memory> mem_;
  std::unique_ptr<bfm::AxilMaster> axil_;
};

// Every difference between the core after a run and the architectural model after the same
// program: SBUF, PSUM and device-memory bytes (the first few of each, and counts), semaphores,
// error state. Empty when they agree bit for bit.
std::vector<std::string> compare(CoreSim& core, const RunReport& report,
                                 const arch::ArchModel& model);

// The configuration this library was built for, as the ISA library describes hardware.
isa::HwConfig core_hw_config();

}  // namespace tessel::core
