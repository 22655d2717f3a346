// The core testbench (core_sim.h).
#include "core/core_sim.h"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

#include "harness/port_bits.h"
#include "isa/hw_config_generated.h"
#include "tessel_config.h"
#include "tessel_regs.h"

namespace tessel::core {
namespace {

constexpr unsigned kRows = config::kNumRows;
constexpr unsigned kCols = config::kNumCols;
constexpr unsigned kSbufBytes = config::kSbufBytesPerPartition;
constexpr unsigned kPsumEntries = config::kPsumBanks * config::kPsumBankEntries;

uint64_t read64(bfm::AxilMaster& axil, uint32_t offset) {
  const uint64_t lo = axil.read(offset);
  return lo | (uint64_t{axil.read(offset + 4)} << 32);
}

void write64(bfm::AxilMaster& axil, uint32_t offset, uint64_t value) {
  axil.write(offset, static_cast<uint32_t>(value));
  axil.write(offset + 4, static_cast<uint32_t>(value >> 32));
}

}  // namespace

isa::HwConfig core_hw_config() { return isa::generated_hw_config(); }

CoreSim::CoreSim(const std::string& name, uint64_t seed)
    : hw_(core_hw_config()), sim_(std::make_unique<sim::Harness<Vtessel_core>>(name)) {
  auto& d = sim_->dut();
  mem_ = std::make_unique<bfm::Axi4Memory>(name + ".dram", bfm::axi4_master_ports(d), seed);
  // The memory model steps inside every cycle the register master clocks, so device memory keeps
  // answering while the test talks to the registers.
  axil_ = std::make_unique<bfm::AxilMaster>(
      name + ".regs", bfm::axil_slave_ports(d, regs::kAddrWidth),
      [this] {
        mem_->drive();
        sim_->eval();
        mem_->sample();
      },
      [this] { sim_->tick(); }, seed + 1);
  d.dbg_sbuf_req_i = 0;
  d.dbg_psum_we_i = 0;
  sim_->reset();
  fill_onchip(0);
}

CoreSim::~CoreSim() = default;

void CoreSim::cycle() { axil_->cycle(); }

void CoreSim::cycles(uint64_t n) {
  for (uint64_t i = 0; i < n; ++i) cycle();
}

void CoreSim::set_stream(isa::Engine e, uint64_t base, uint32_t bytes) {
  const auto i = static_cast<uint32_t>(e);
  write64(*axil_, regs::stream_base::offset(i), base);
  axil_->write(regs::stream_len::offset(i), bytes);
}

void CoreSim::set_semaphore(unsigned id, uint32_t value) {
  axil_->write(regs::sem::offset(id), value);
}

void CoreSim::load(const isa::Program& program) {
  if (!(program.hw == hw_)) {
    // DRAM size aside, a program built for another configuration cannot run here.
    isa::HwConfig a = program.hw, b = hw_;
    a.dram_bytes = b.dram_bytes = 0;
    if (!(a == b)) {
      throw std::invalid_argument(fmt::format("program built for '{}', core is '{}'",
                                              program.hw.name, hw_.name));
    }
  }
  for (const isa::Segment& s : program.segments) mem_->write_bytes(s.address, s.bytes);
  for (isa::Engine e : isa::kAllEngines) {
    const isa::StreamImage* st = program.stream(e);
    if (!st) {
      set_stream(e, 0, 0);
      continue;
    }
    std::vector<uint8_t> code;
    for (const isa::InstructionWords& w : st->code) {
      for (uint32_t word : w) {
        for (int b = 0; b < 4; ++b) code.push_back(static_cast<uint8_t>(word >> (8 * b)));
      }
    }
    mem_->write_bytes(st->address, code);
    set_stream(e, st->address, static_cast<uint32_t>(code.size()));
  }
}

RunReport CoreSim::run(uint64_t max_cycles) {
  auto& d = sim_->dut();
  axil_->write(regs::intr_status::kOffset, 0x3);  // clear both causes
  axil_->write(regs::intr_enable::kOffset, 0x3);
  axil_->write(regs::control::kOffset, 0x4);  // clear_perf
  axil_->write(regs::control::kOffset, 0x1);  // start
  uint64_t n = 0;
  while (!d.irq_o) {
    if (++n > max_cycles) {
      throw std::runtime_error(fmt::format("core did not finish within {} cycles", max_cycles));
    }
    cycle();
  }
  RunReport r = read_report();
  r.cycles = n;
  return r;
}

RunReport CoreSim::read_report() {
  RunReport r;
  const uint32_t status = axil_->read(regs::status::kOffset);
  r.done = regs::status::kDone.get(status) != 0;
  r.error = regs::status::kError.get(status) != 0;
  r.busy_at_end = regs::status::kBusy.get(status) != 0;
  r.error_state.code = static_cast<isa::ErrorCode>(axil_->read(regs::error_cause::kOffset));
  r.error_state.engine = static_cast<isa::Engine>(axil_->read(regs::error_engine::kOffset));
  r.error_state.address = read64(*axil_, regs::error_addr::kOffset);
  r.perf_cycles = read64(*axil_, regs::perf_cycles::kOffset);
  r.macs = read64(*axil_, regs::perf_macs::kOffset);
  r.dma_bytes = read64(*axil_, regs::perf_dma_bytes::kOffset);
  for (uint32_t e = 0; e < isa::kNumEngines; ++e) {
    r.busy[e] = read64(*axil_, regs::perf_busy::offset(e));
    r.stall[e] = read64(*axil_, regs::perf_stall::offset(e));
  }
  for (uint32_t s = 0; s < isa::kNumSemaphores; ++s) r.semaphores[s] = axil_->read(regs::sem::offset(s));
  r.irq = sim_->dut().irq_o;
  return r;
}

std::vector<uint8_t> CoreSim::sbuf() {
  auto& d = sim_->dut();
  if (!d.idle_o) throw std::logic_error("SBUF backdoor read while the core is busy");
  std::vector<uint8_t> out(size_t{kRows} * kSbufBytes);
  for (uint32_t addr = 0; addr < kSbufBytes; addr += 4) {
    d.dbg_sbuf_req_i = 1;
    d.dbg_sbuf_we_i = 0;
    d.dbg_sbuf_addr_i = addr;
    cycle();  // the engine read port 0 never stalls: granted in this cycle
    d.dbg_sbuf_req_i = 0;
    sim_->eval();
    if (!d.dbg_sbuf_rvalid_o) throw std::runtime_error("SBUF backdoor: no read data");
    for (unsigned p = 0; p < kRows; ++p) {
      const uint64_t word = sim::get_field(d.dbg_sbuf_rdata_o, 32 * p, 32);
      for (int b = 0; b < 4; ++b) {
        out[size_t{p} * kSbufBytes + addr + b] = static_cast<uint8_t>(word >> (8 * b));
      }
    }
  }
  return out;
}

std::vector<uint8_t> CoreSim::psum() {
  auto& d = sim_->dut();
  const size_t part_bytes = size_t{kPsumEntries} * 4;
  std::vector<uint8_t> out(size_t{kCols} * part_bytes);
  for (uint32_t row = 0; row < kPsumEntries; ++row) {
    d.dbg_psum_row_i = row;
    sim_->eval();  // combinational read
    for (unsigned m = 0; m < kCols; ++m) {
      const uint64_t word = sim::get_field(d.dbg_psum_rdata_o, 32 * m, 32);
      for (int b = 0; b < 4; ++b) {
        out[m * part_bytes + size_t{row} * 4 + b] = static_cast<uint8_t>(word >> (8 * b));
      }
    }
  }
  return out;
}

std::vector<uint32_t> CoreSim::read_fp32(uint64_t address, size_t n) const {
  const auto bytes = mem_->read_bytes(address, n * 4);
  std::vector<uint32_t> out(n);
  for (size_t i = 0; i < n; ++i) {
    for (int b = 0; b < 4; ++b) out[i] |= uint32_t{bytes[4 * i + b]} << (8 * b);
  }
  return out;
}

void CoreSim::fill_onchip(uint8_t byte) {
  auto& d = sim_->dut();
  const uint32_t word = 0x01010101u * byte;
  for (unsigned p = 0; p < kRows; ++p) sim::set_field(d.dbg_sbuf_wdata_i, 32 * p, 32, word);
  for (uint32_t addr = 0; addr < kSbufBytes; addr += 4) {
    d.dbg_sbuf_req_i = 1;
    d.dbg_sbuf_we_i = 1;
    d.dbg_sbuf_addr_i = addr;
    cycle();  // the write port is free while the core is idle: granted at once
  }
  d.dbg_sbuf_req_i = 0;
  for (unsigned m = 0; m < kCols; ++m) sim::set_field(d.dbg_psum_wdata_i, 32 * m, 32, word);
  for (uint32_t row = 0; row < kPsumEntries; ++row) {
    d.dbg_psum_we_i = 1;
    d.dbg_psum_row_i = row;
    cycle();
  }
  d.dbg_psum_we_i = 0;
}

namespace {

// Appends up to `limit` byte differences of two images and a count line.
void diff_bytes(const std::string& what, const std::vector<uint8_t>& rtl,
                const std::vector<uint8_t>& model, size_t part_bytes,
                std::vector<std::string>& out) {
  size_t count = 0;
  for (size_t i = 0; i < std::min(rtl.size(), model.size()); ++i) {
    if (rtl[i] == model[i]) continue;
    if (++count <= 8) {
      out.push_back(fmt::format("{} partition {} byte {:#x}: rtl {:#04x}, model {:#04x}", what,
                                i / part_bytes, i % part_bytes, rtl[i], model[i]));
    }
  }
  if (rtl.size() != model.size()) {
    out.push_back(fmt::format("{}: rtl {} bytes, model {}", what, rtl.size(), model.size()));
  }
  if (count > 8) out.push_back(fmt::format("{}: {} bytes differ in all", what, count));
}

}  // namespace

std::vector<std::string> compare(CoreSim& core, const RunReport& report,
                                 const arch::ArchModel& model) {
  std::vector<std::string> out;
  diff_bytes("sbuf", core.sbuf(), model.sbuf(), kSbufBytes, out);
  diff_bytes("psum", core.psum(), model.psum(), size_t{kPsumEntries} * 4, out);
  // Device memory: every page either side holds (bytes never written read as 0 on both).
  std::vector<uint64_t> pages = model.memory().page_addresses();
  for (uint64_t p : core.memory().page_addresses()) pages.push_back(p);
  std::sort(pages.begin(), pages.end());
  pages.erase(std::unique(pages.begin(), pages.end()), pages.end());
  size_t dram_diffs = 0;
  for (uint64_t page : pages) {
    const auto rtl = core.memory().read_bytes(page, arch::DeviceMemory::kPageBytes);
    const auto ref = model.memory().peek(page, arch::DeviceMemory::kPageBytes);
    for (size_t i = 0; i < rtl.size(); ++i) {
      if (rtl[i] != ref[i] && ++dram_diffs <= 8) {
        out.push_back(fmt::format("dram {:#x}: rtl {:#04x}, model {:#04x}", page + i, rtl[i],
                                  ref[i]));
      }
    }
  }
  if (dram_diffs > 8) out.push_back(fmt::format("dram: {} bytes differ in all", dram_diffs));
  for (unsigned s = 0; s < isa::kNumSemaphores; ++s) {
    if (report.semaphores[s] != model.semaphores()[s]) {
      out.push_back(fmt::format("semaphore s{}: rtl {}, model {}", s, report.semaphores[s],
                                model.semaphores()[s]));
    }
  }
  const arch::ErrorState& want = model.error();
  if (!(report.error_state == want)) {
    out.push_back(fmt::format("error: rtl {} engine {} addr {:#x}, model {} engine {} addr {:#x} ({})",
                              isa::error_name(report.error_state.code),
                              isa::engine_name(report.error_state.engine),
                              report.error_state.address, isa::error_name(want.code),
                              isa::engine_name(want.engine), want.address, want.message));
  }
  return out;
}

}  // namespace tessel::core
