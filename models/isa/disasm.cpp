// Disassembly of instructions and program listings.
#include "isa/disasm.h"

#include <string>
#include <vector>

#include <fmt/format.h>

#include "isa/access_pattern.h"
#include "isa/encoding.h"
#include "isa/program.h"
#include "isa/validate.h"

namespace tessel::isa {
namespace {

// Addresses in hex, with zero as a plain "0" so that "bank 2 + 0" reads naturally.
std::string hex(uint64_t v) { return v == 0 ? "0" : fmt::format("{:#x}", v); }

// Packed free dims as counts ("4x16"); anything else as NKI-style [stride,count] pairs. Dims of
// count 1 are left out in both forms.
std::string format_free(const AccessPattern& ap) {
  std::vector<std::string> parts;
  const bool packed = is_packed(ap);
  for (const Dim& d : ap.dims) {
    if (d.count == 1) continue;
    parts.push_back(packed ? fmt::format("{}", d.count)
                           : fmt::format("[{},{}]", d.stride, d.count));
  }
  if (parts.empty()) return "1";
  return fmt::format("{}", fmt::join(parts, packed ? "x" : ""));
}

std::string format_location(const AccessPattern& ap, const HwConfig* hw) {
  if (ap.space == Space::Dram) {
    return fmt::format("{} x {}B, @{}", ap.partition_count, ap.partition_stride, hex(ap.address));
  }
  const std::string parts =
      fmt::format("{}:{}", ap.partition_start, ap.partition_start + ap.partition_count);
  if (ap.space == Space::Psum && hw && hw->psum_bank_bytes > 0) {
    return fmt::format("{}, bank {} + {}", parts, ap.address / hw->psum_bank_bytes,
                       hex(ap.address % hw->psum_bank_bytes));
  }
  return fmt::format("{}, @{}", parts, hex(ap.address));
}

std::string format_sync(const Sync& sync) {
  std::string s;
  if (sync.wait.sem != kSemNone) s += fmt::format(" wait s{}>={}", sync.wait.sem, sync.wait.value);
  if (sync.signal.sem != kSemNone) {
    s += fmt::format(" signal s{}+{}", sync.signal.sem, sync.signal.increment);
  }
  return s.empty() ? s : " " + s;
}

std::string format_raw(const InstructionWords& words) {
  std::vector<std::string> hexwords;
  for (uint32_t w : words) hexwords.push_back(fmt::format("{:08x}", w));
  return fmt::format("{}", fmt::join(hexwords, " "));
}

void list_stream(std::string& out, const Program& p, const StreamImage& s,
                 const ListingOptions& options, int& faults) {
  out += fmt::format("\nstream {} @{:#x}, {} instructions:\n", engine_name(s.engine), s.address,
                     s.code.size());
  for (size_t i = 0; i < s.code.size(); ++i) {
    const uint64_t addr = s.address + i * kInstructionBytes;
    out += fmt::format("  {:#010x}  {}\n", addr, disassemble(s.code[i], &p.hw, s.engine));
    if (options.raw) out += fmt::format("              {}\n", format_raw(s.code[i]));
    if (!hardware_error(s.code[i], p.hw, s.engine).ok()) ++faults;
  }
}

}  // namespace

std::string format_access_pattern(const AccessPattern& ap, const HwConfig* hw) {
  return fmt::format("{}[{} | {} {}]", space_name(ap.space), format_location(ap, hw),
                     format_free(ap), format_name(ap.dtype));
}

std::string disassemble(const Instruction& inst, const HwConfig* hw) {
  auto ap = [&](const AccessPattern& a) { return format_access_pattern(a, hw); };
  std::string body;
  if (const auto* mm = std::get_if<MatmulArgs>(&inst.args)) {
    body = fmt::format("matmul {} {} {}^T @ {}", ap(mm->psum), mm->accumulate ? "+=" : "=",
                       ap(mm->stationary), ap(mm->moving));
  } else if (const auto* dma = std::get_if<DmaCopyArgs>(&inst.args)) {
    body = fmt::format("dma_copy q{} {} <- {}", dma->queue, ap(dma->dst), ap(dma->src));
  } else {
    body = std::string(opcode_name(inst.opcode));
  }
  return body + format_sync(inst.sync);
}

std::string disassemble(const InstructionWords& words, const HwConfig* hw,
                        std::optional<Engine> stream_engine) {
  const Decoded d = decode(words, stream_engine);
  if (!d.error.ok()) {
    return fmt::format("<illegal: {}: {}>", error_name(d.error.code), d.error.message);
  }
  std::string line = disassemble(d.instruction, hw);
  if (hw) {
    const Diagnostic c = check_config(d.instruction, *hw);
    if (!c.ok()) line += fmt::format("  ; {}: {}", error_name(c.code), c.message);
  }
  return line;
}

std::string program_listing(const Program& p, const ListingOptions& options, int* faults) {
  const HwConfig& hw = p.hw;
  std::string out = fmt::format(
      "program for configuration '{}': {} x {} PEs, SBUF {} B/partition, PSUM {} x {} B, "
      "DRAM {:#x} B\n",
      hw.name, hw.rows, hw.cols, hw.sbuf_bytes_per_partition, hw.psum_banks, hw.psum_bank_bytes,
      hw.dram_bytes);
  for (const Symbol& s : p.symbols) {
    out += fmt::format("symbol {} @{:#x} {}[{}]\n", s.name, s.address, format_name(s.dtype),
                       fmt::join(s.shape, ", "));
  }
  for (const Segment& s : p.segments) {
    out += fmt::format("data @{:#x}, {} bytes\n", s.address, s.bytes.size());
  }
  int count = 0;
  for (const StreamImage& s : p.streams) list_stream(out, p, s, options, count);
  if (faults) *faults = count;
  return out;
}

}  // namespace tessel::isa
