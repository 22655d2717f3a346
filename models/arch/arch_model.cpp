#include "arch/arch_model.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#endif
#include <stdexcept>

#include <fmt/format.h>

#include "isa/access_pattern.h"
#include "isa/validate.h"
#include "tensor/tensor_model.h"

namespace tessel::arch {
namespace {

using isa::AccessPattern;
using isa::Space;

// Little-endian element encodings of 1, 2 or 4 bytes.
uint32_t load_le(const uint8_t* p, int bytes) {
  uint32_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}
void store_le(uint8_t* p, uint32_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) p[i] = static_cast<uint8_t>(v >> (8 * i));
}

// The byte offsets of an on-chip operand's free elements (the same in every partition), in
// element order: computed once per instruction, so the inner loops only index.
std::vector<int64_t> free_offsets(const AccessPattern& ap) {
  AccessPattern one = ap;
  one.partition_count = 1;
  std::vector<int64_t> out;
  out.reserve(ap.free_elements());
  isa::for_each_element(one, [&](uint32_t, int64_t addr) { out.push_back(addr); });
  return out;
}

struct Element {
  uint32_t partition;
  int64_t address;
};
std::vector<Element> elements(const AccessPattern& ap) {
  std::vector<Element> out;
  out.reserve(ap.free_elements() * ap.partition_count);
  isa::for_each_element(ap, [&](uint32_t p, int64_t a) { out.push_back({p, a}); });
  return out;
}

}  // namespace

bool operator==(const ErrorState& a, const ErrorState& b) {
  return a.code == b.code && a.engine == b.engine && a.address == b.address;
}

std::string_view status_name(RunStatus s) {
  switch (s) {
    case RunStatus::Done:
      return "done";
    case RunStatus::Error:
      return "error";
    case RunStatus::Deadlock:
      return "deadlock";
  }
  return "?";
}

ArchModel::ArchModel(isa::HwConfig hw) : hw_(std::move(hw)) {
  isa::check_hw_config(hw_);
  sbuf_.assign(size_t{hw_.rows} * hw_.sbuf_bytes_per_partition, 0);
  psum_.assign(size_t{hw_.cols} * hw_.psum_bytes_per_partition(), 0);
}

void ArchModel::load(const isa::Program& program) {
  isa::check_program(program);
  if (!(program.hw == hw_)) {
    throw isa::ProgramError(fmt::format("program built for configuration '{}', model is '{}'",
                                        program.hw.name, hw_.name));
  }
  for (const isa::Segment& seg : program.segments) memory_.poke(seg.address, seg.bytes);
  for (const isa::StreamImage& s : program.streams) {
    for (size_t i = 0; i < s.code.size(); ++i) {
      const auto bytes = isa::to_bytes(s.code[i]);
      memory_.poke(s.address + i * isa::kInstructionBytes, bytes.data(), bytes.size());
    }
    set_stream(s.engine, s.address, static_cast<uint32_t>(s.code.size() * isa::kInstructionBytes));
  }
}

void ArchModel::set_stream(Engine e, uint64_t base, uint32_t length_bytes) {
  if (base % isa::kInstructionBytes != 0) {
    throw std::invalid_argument(fmt::format("stream base {:#x} not 64-byte aligned", base));
  }
  Sequencer& s = seq_[index(e)];
  s.base = base;
  s.length = length_bytes;
}

void ArchModel::set_semaphore(uint8_t id, uint32_t value) { sem_.at(id) = value; }

uint32_t ArchModel::psum_fp32(uint32_t partition, uint32_t byte_offset) const {
  const size_t at = size_t{partition} * hw_.psum_bytes_per_partition() + byte_offset;
  return load_le(&psum_.at(at + 3) - 3, 4);
}

uint8_t* ArchModel::onchip(Space space, uint32_t partition, int64_t byte_offset) {
  if (space == Space::Sbuf) {
    return sbuf_.data() + size_t{partition} * hw_.sbuf_bytes_per_partition + byte_offset;
  }
  return psum_.data() + size_t{partition} * hw_.psum_bytes_per_partition() + byte_offset;
}

bool ArchModel::runnable(const Sequencer& s) const {
  if (!s.running) return false;
  if (!s.pending) return true;  // fetching is progress
  const isa::SemWait& w = s.pending->sync.wait;
  return w.sem == isa::kSemNone || sem_[w.sem] >= w.value;
}

RunResult ArchModel::run(const RunOptions& options) {
  for (Sequencer& s : seq_) {
    s.pc = 0;
    s.pending.reset();
    s.running = s.length > 0;
  }
  std::mt19937_64 rng(options.seed);
  RunResult result;
  size_t next = 0;  // round-robin position
  std::vector<size_t> candidates;
  while (error_.ok()) {
    candidates.clear();
    for (size_t i = 0; i < seq_.size(); ++i) {
      if (runnable(seq_[i])) candidates.push_back(i);
    }
    if (candidates.empty()) break;
    size_t pick = candidates.front();
    if (options.schedule == Schedule::Random) {
      pick = candidates[std::uniform_int_distribution<size_t>(0, candidates.size() - 1)(rng)];
    } else {
      for (size_t c : candidates) {
        if (c >= next) {
          pick = c;
          break;
        }
      }
      next = (pick + 1) % seq_.size();
    }
    if (step(static_cast<Engine>(pick)) == Step::Issued) ++result.steps;
  }
  if (!error_.ok()) {
    result.status = RunStatus::Error;
    result.detail = error_.message;
  } else {
    bool stuck = false;
    for (const Sequencer& s : seq_) stuck = stuck || s.running;
    result.status = stuck ? RunStatus::Deadlock : RunStatus::Done;
    if (stuck) result.detail = deadlock_detail();
  }
  return result;
}

std::string ArchModel::deadlock_detail() const {
  std::string out;
  for (Engine e : isa::kAllEngines) {
    const Sequencer& s = seq_[index(e)];
    if (!s.running || !s.pending) continue;
    const isa::SemWait& w = s.pending->sync.wait;
    out += fmt::format("{}{} at {:#x} waits s{} >= {} (is {})", out.empty() ? "" : "; ",
                       isa::engine_name(e), s.base + s.pc - isa::kInstructionBytes, w.sem, w.value,
                       sem_[w.sem]);
  }
  return out;
}

ArchModel::Step ArchModel::step(Engine e) {
  Sequencer& s = seq_[index(e)];
  if (!s.pending && !fetch(e, s)) return Step::Stopped;
  const isa::SemWait& w = s.pending->sync.wait;
  if (w.sem != isa::kSemNone && sem_[w.sem] < w.value) return Step::Blocked;
  const isa::Instruction inst = *s.pending;
  s.pending.reset();
  const uint64_t address = s.base + s.pc - isa::kInstructionBytes;
  if (!execute(e, inst) || !signal(e, inst.sync.signal, address)) return Step::Stopped;
  ++s.counters.instructions;
  if (inst.opcode == isa::Opcode::End) s.running = false;
  return Step::Issued;
}

bool ArchModel::fetch(Engine e, Sequencer& s) {
  const uint64_t address = s.base + s.pc;
  if (uint64_t{s.pc} + isa::kInstructionBytes > s.length) {
    fail(e, ErrorCode::AddressOutOfRange, address, "stream ends without END");
    return false;
  }
  std::array<uint8_t, isa::kInstructionBytes> bytes{};
  if (memory_.read(address, bytes.data(), bytes.size())) {
    fail(e, ErrorCode::AxiError, address, "instruction fetch answered with an AXI error");
    return false;
  }
  s.pc += isa::kInstructionBytes;
  const isa::InstructionWords words = isa::from_bytes(bytes.data());
  if (isa::Diagnostic d = isa::hardware_error(words, hw_, e); !d.ok()) {
    fail(e, d.code, address, d.message);
    return false;
  }
  s.pending = isa::decode(words, e).instruction;
  return true;
}

bool ArchModel::execute(Engine e, const isa::Instruction& inst) {
  Sequencer& s = seq_[index(e)];
  switch (inst.opcode) {
    case isa::Opcode::Matmul:
      execute_matmul(inst.matmul_args(), s.counters);
      return true;
    case isa::Opcode::DmaCopy:
      return execute_dma(inst.dma_args(), s.counters);
    default:
      return true;  // NOP and END: only their semaphores
  }
}

bool ArchModel::signal(Engine e, const isa::SemSignal& sig, uint64_t inst_address) {
  if (sig.sem == isa::kSemNone) return true;
  uint32_t& sem = sem_[sig.sem];
  if (sem > UINT32_MAX - sig.increment) {
    fail(e, ErrorCode::SemaphoreMisuse, inst_address,
         fmt::format("s{} = {:#x} + {} overflows", sig.sem, sem, sig.increment));
    return false;
  }
  sem += sig.increment;
  return true;
}

void ArchModel::fail(Engine e, ErrorCode code, uint64_t address, std::string message) {
  if (!error_.ok()) return;  // the first error wins (ERROR_CAUSE is not overwritten)
  error_ = {code, e, address, std::move(message)};
}

// The PE arithmetic on the host FPU: pe_mac is fma(widen(a), widen(b), acc) with one IEEE
// binary32 rounding (RNE, subnormals kept), which is exactly std::fmaf on the widened values
// (docs/numerics.md). Widening goes through tessel::widen_to_fp32, once per encoding, into a
// table; a NaN anywhere in a chain stays NaN, so canonicalising the chain's result (0x7FC00000)
// gives pe_mac's bits. This is an implementation independent of tessel::matmul (the integer
// model), and the tests compare the two bit for bit, special values included.
namespace {

float as_float(uint32_t bits) {
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}
uint32_t as_bits(float f) {
  uint32_t b;
  std::memcpy(&b, &f, 4);
  return b;
}

const std::vector<float>& widen_table(Format f) {
  static const auto tables = [] {
    std::array<std::vector<float>, 5> t;
    for (Format fmt : kPeInputFormats) {
      auto& v = t[static_cast<size_t>(fmt)];
      v.resize(size_t{1} << format_bits(fmt));
      for (size_t i = 0; i < v.size(); ++i) {
        v[i] = as_float(widen_to_fp32(static_cast<uint32_t>(i), fmt));
      }
    }
    return t;
  }();
  return tables.at(static_cast<size_t>(f));
}

// acc[n] = fma(s, x[n], acc[n]) for one PE row across the moving columns. On x86 hosts with
// FMA instructions eight columns go at once (vfmadd: one IEEE rounding, like std::fma; the
// default MXCSR rounds to nearest even and keeps subnormals); elsewhere std::fma, the C
// library's exact fma. Both give the single-rounding result, so the choice only changes speed.
void pe_row_portable(float* acc, const float* x, float s, uint32_t n_size) {
  for (uint32_t n = 0; n < n_size; ++n) acc[n] = std::fma(s, x[n], acc[n]);
}

#if defined(__x86_64__) && defined(__GNUC__)
__attribute__((target("avx2,fma"))) void pe_row_avx2(float* acc, const float* x, float s,
                                                     uint32_t n_size) {
  const __m256 vs = _mm256_set1_ps(s);
  uint32_t n = 0;
  for (; n + 8 <= n_size; n += 8) {
    _mm256_storeu_ps(acc + n,
                     _mm256_fmadd_ps(vs, _mm256_loadu_ps(x + n), _mm256_loadu_ps(acc + n)));
  }
  pe_row_portable(acc + n, x + n, s, n_size - n);
}
#endif

void pe_row(float* acc, const float* x, float s, uint32_t n_size) {
#if defined(__x86_64__) && defined(__GNUC__)
  static const bool kHasFma = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  if (kHasFma) {
    pe_row_avx2(acc, x, s, n_size);
    return;
  }
#endif
  pe_row_portable(acc, x, s, n_size);
}

}  // namespace

void ArchModel::execute_matmul(const isa::MatmulArgs& mm, EngineCounters& counters) {
  // [K][cols] widened operands, row-major.
  auto gather = [&](const AccessPattern& ap, std::vector<float>& out) {
    const auto offsets = free_offsets(ap);
    const auto& table = widen_table(ap.dtype);
    const int esize = isa::element_bytes(ap.dtype);
    out.resize(size_t{ap.partition_count} * offsets.size());
    float* o = out.data();
    for (uint32_t k = 0; k < ap.partition_count; ++k) {
      for (int64_t off : offsets)
        *o++ = table[load_le(onchip(Space::Sbuf, ap.partition_start + k, off), esize)];
    }
    return static_cast<uint32_t>(offsets.size());
  };
  std::vector<float> st;
  std::vector<float> mv;
  const uint32_t k_size = mm.stationary.partition_count;
  const uint32_t m_size = gather(mm.stationary, st);
  const uint32_t n_size = gather(mm.moving, mv);
  const auto out = free_offsets(mm.psum);
  std::vector<float> acc(n_size);
  for (uint32_t m = 0; m < m_size; ++m) {
    std::fill(acc.begin(), acc.end(), 0.0f);  // +0: the top of every column
    for (uint32_t k = 0; k < k_size; ++k) {   // partition order, as the array's column does
      pe_row(acc.data(), &mv[size_t{k} * n_size], st[size_t{k} * m_size + m], n_size);
    }
    for (uint32_t n = 0; n < n_size; ++n) {
      const uint32_t result = std::isnan(acc[n]) ? kFp32CanonicalNan : as_bits(acc[n]);
      uint8_t* p = onchip(Space::Psum, mm.psum.partition_start + m, out[n]);
      store_le(p, psum_write(load_le(p, 4), result, mm.accumulate), 4);
    }
  }
  counters.macs += uint64_t{k_size} * m_size * n_size;
}

// Element by element in element order; an AXI error stops the copy at the failing element, so
// no later element is written. ERROR_ADDR is the failing element's address (for a fetch, the
// instruction's): the start of the access, which the RTL knows without splitting bursts.
bool ArchModel::execute_dma(const isa::DmaCopyArgs& dma, EngineCounters& counters) {
  const int esize = isa::element_bytes(dma.src.dtype);
  const auto src = elements(dma.src);
  const auto dst = elements(dma.dst);
  uint8_t buf[4];
  for (size_t i = 0; i < src.size(); ++i) {
    if (dma.src.space == Space::Dram) {
      const auto addr = static_cast<uint64_t>(src[i].address);
      if (memory_.read(addr, buf, esize)) {
        fail(Engine::Dma, ErrorCode::AxiError, addr, "DMA read answered with an AXI error");
        return false;
      }
    } else {
      std::memcpy(buf, onchip(dma.src.space, src[i].partition, src[i].address), esize);
    }
    if (dma.dst.space == Space::Dram) {
      const auto addr = static_cast<uint64_t>(dst[i].address);
      if (memory_.write(addr, buf, esize)) {
        fail(Engine::Dma, ErrorCode::AxiError, addr, "DMA write answered with an AXI error");
        return false;
      }
    } else {
      std::memcpy(onchip(dma.dst.space, dst[i].partition, dst[i].address), buf, esize);
    }
    counters.dma_bytes += esize;
  }
  return true;
}

std::string ArchModel::summary() const {
  std::string out =
      error_.ok()
          ? "error: none\n"
          : fmt::format("error: {} engine {} address {:#x} ({})\n", isa::error_name(error_.code),
                        isa::engine_name(error_.engine), error_.address, error_.message);
  for (Engine e : isa::kAllEngines) {
    const EngineCounters& c = counters(e);
    out += fmt::format("{:<6} instructions {:>8}  macs {:>12}  dma bytes {:>12}\n",
                       isa::engine_name(e), c.instructions, c.macs, c.dma_bytes);
  }
  std::string sems;
  for (size_t i = 0; i < sem_.size(); ++i) {
    if (sem_[i] != 0) sems += fmt::format(" s{}={}", i, sem_[i]);
  }
  out += "semaphores:" + (sems.empty() ? std::string(" all 0") : sems) + "\n";
  return out;
}

}  // namespace tessel::arch
