// Validity checks, grouped by error code and run in the hardware's priority order.
#include "isa/validate.h"

#include <array>
#include <string>

#include <fmt/format.h>

#include "isa/access_pattern.h"
#include "isa/encoding.h"
#include "isa/layout.h"

namespace tessel::isa {
namespace {

using layout::Field;

Diagnostic fault(ErrorCode code, std::string message) { return {code, std::move(message)}; }

// The bits each opcode defines; every other bit is reserved and must be zero.
std::array<uint32_t, kInstructionWords> defined_bits(Opcode op) {
  std::array<uint32_t, kInstructionWords> m{};
  auto add = [&](Field f) { m[f.word] |= f.mask(); };
  for (Field f : {layout::kOpcode, layout::kEngine, layout::kWaitSem, layout::kSignalSem,
                  layout::kWaitValue, layout::kSignalIncrement}) {
    add(f);
  }
  auto add_slot = [&](int slot) {
    add(layout::ap_offset(slot));
    add(layout::ap_dtype(slot));
    add(layout::ap_space(slot));
    add(layout::ap_partition_start(slot));
    add(layout::ap_partition_count(slot));
    for (int d = 0; d < kFreeDims; ++d) {
      add(layout::ap_count(slot, d));
      add(layout::ap_stride(slot, d));
    }
  };
  if (op == Opcode::Matmul) {
    add(layout::kAccumulate);
    for (int s = 0; s < layout::kSlots; ++s) add_slot(s);
  } else if (op == Opcode::DmaCopy) {
    for (int s : {layout::kDmaDstSlot, layout::kDmaSrcSlot}) {
      add_slot(s);
      add(layout::dram_address_high(s));
      add(layout::dram_partition_stride(s));
    }
    add(layout::kDmaQueue);
  }
  return m;
}

std::optional<Engine> required_engine(Opcode op) {
  switch (op) {
    case Opcode::Matmul:
      return Engine::Tensor;
    case Opcode::DmaCopy:
      return Engine::Dma;
    default:
      return std::nullopt;  // NOP and END run on any engine
  }
}

Diagnostic check_opcode(const Instruction& inst) {
  if (is_defined(inst.opcode)) return {};
  const unsigned op = static_cast<unsigned>(inst.opcode);
  const char* note = (op >= 0x20 && op < 0x40) ? " (reserved for the vector/scalar engines)" : "";
  return fault(ErrorCode::IllegalOpcode, fmt::format("opcode {:#04x} is not defined{}", op, note));
}

Diagnostic check_reserved_bits(const InstructionWords& w, Opcode op) {
  const auto defined = defined_bits(op);
  for (int i = 0; i < kInstructionWords; ++i) {
    if (const uint32_t extra = w[i] & ~defined[i]) {
      return fault(ErrorCode::BadField,
                   fmt::format("reserved bits {:#010x} set in word {}", extra, i));
    }
  }
  return {};
}

Diagnostic check_engine(const Instruction& inst, std::optional<Engine> stream_engine) {
  const unsigned raw = static_cast<unsigned>(inst.engine);
  if (!is_defined(inst.engine)) {
    return fault(ErrorCode::BadField, fmt::format("engine field {} is not an engine", raw));
  }
  const auto need = required_engine(inst.opcode);
  if (need && *need != inst.engine) {
    return fault(ErrorCode::BadField, fmt::format("{} runs on the {} engine, not the {} engine",
                                                  opcode_name(inst.opcode), engine_name(*need),
                                                  engine_name(inst.engine)));
  }
  if (stream_engine && *stream_engine != inst.engine) {
    return fault(
        ErrorCode::BadField,
        fmt::format("{} instruction for the {} engine in the {} stream", opcode_name(inst.opcode),
                    engine_name(inst.engine), engine_name(*stream_engine)));
  }
  return {};
}

enum class DtypeRule { Any, Fp32, PeInput };

bool dtype_allowed(Format f, DtypeRule rule) {
  switch (rule) {
    case DtypeRule::Any:
      return true;
    case DtypeRule::Fp32:
      return f == Format::Fp32;
    case DtypeRule::PeInput:
      return f != Format::Fp32;
  }
  return false;
}

std::string_view rule_text(DtypeRule rule) {
  switch (rule) {
    case DtypeRule::Fp32:
      return "fp32";
    case DtypeRule::PeInput:
      return "a PE input format (bf16, fp16, fp8e4m3, fp8e5m2)";
    default:
      return "any format";
  }
}

constexpr uint8_t space_bit(Space s) {
  return static_cast<uint8_t>(1u << static_cast<unsigned>(s));
}

struct Role {
  std::string_view name;
  uint8_t spaces;  // space_bit() of each allowed memory
  DtypeRule dtype;
  bool has_extension;  // DMA slots: DRAM address high bits and partition stride
};

// BadField faults of one operand on its own.
Diagnostic check_ap_fields(const AccessPattern& ap, const Role& role) {
  auto bad = [&](const std::string& what) {
    return fault(ErrorCode::BadField, fmt::format("{}: {}", role.name, what));
  };
  if (!is_defined(ap.space)) {
    return bad(fmt::format("space field {} is not a memory", static_cast<unsigned>(ap.space)));
  }
  if (!(role.spaces & space_bit(ap.space))) {
    return bad(fmt::format("{} is not allowed here", space_name(ap.space)));
  }
  if (!is_defined(ap.dtype)) {
    return bad(fmt::format("dtype field {} is not a format", static_cast<unsigned>(ap.dtype)));
  }
  if (!dtype_allowed(ap.dtype, role.dtype)) {
    return bad(fmt::format("dtype {} not allowed (needs {})", format_name(ap.dtype),
                           rule_text(role.dtype)));
  }
  if (ap.partition_count == 0) return bad("partition count 0");
  for (int d = 0; d < kFreeDims; ++d) {
    if (ap.dims[d].count == 0) return bad(fmt::format("dims[{}] count 0", d));
  }
  const uint64_t esize = element_bytes(ap.dtype);
  if (ap.space == Space::Dram) {
    if (ap.partition_start != 0) return bad("dram has no partition start (must be 0)");
    if (ap.partition_stride % esize != 0) {
      return bad(fmt::format("partition stride {} not a multiple of the {}-byte element",
                             ap.partition_stride, esize));
    }
  } else if (role.has_extension && (ap.address >> 24 != 0 || ap.partition_stride != 0)) {
    return bad(fmt::format("{} operand with DRAM extension bits set", space_name(ap.space)));
  }
  if (ap.address % esize != 0) {
    return bad(fmt::format("address {:#x} not aligned to the {}-byte element", ap.address, esize));
  }
  return {};
}

const Role kPsum{"psum", space_bit(Space::Psum), DtypeRule::Fp32, false};
const Role kStationary{"stationary", space_bit(Space::Sbuf), DtypeRule::PeInput, false};
const Role kMoving{"moving", space_bit(Space::Sbuf), DtypeRule::PeInput, false};
const Role kDmaDst{"dst", space_bit(Space::Sbuf) | space_bit(Space::Dram), DtypeRule::Any, true};
// PSUM is a DMA source so that matmul results reach device memory without the vector engine
// (issue 3's end-to-end GEMM); it is never a DMA destination: only the tensor engine writes it.
const Role kDmaSrc{"src", space_bit(Space::Sbuf) | space_bit(Space::Dram) | space_bit(Space::Psum),
                   DtypeRule::Any, true};

Diagnostic check_operand_fields(const Instruction& inst) {
  if (const auto* mm = std::get_if<MatmulArgs>(&inst.args)) {
    for (auto [ap, role] : {std::pair{&mm->psum, &kPsum}, std::pair{&mm->stationary, &kStationary},
                            std::pair{&mm->moving, &kMoving}}) {
      if (Diagnostic d = check_ap_fields(*ap, *role); !d.ok()) return d;
    }
  } else if (const auto* dma = std::get_if<DmaCopyArgs>(&inst.args)) {
    if (Diagnostic d = check_ap_fields(dma->dst, kDmaDst); !d.ok()) return d;
    if (Diagnostic d = check_ap_fields(dma->src, kDmaSrc); !d.ok()) return d;
    if (dma->dst.space == Space::Dram && dma->src.space == Space::Dram) {
      return fault(ErrorCode::BadField, "src: dram -> dram copies are not supported");
    }
  }
  return {};
}

Diagnostic check_semaphores(const Sync& sync) {
  auto misuse = [](std::string m) { return fault(ErrorCode::SemaphoreMisuse, std::move(m)); };
  auto exists = [](uint8_t id) { return id < kNumSemaphores; };
  const SemWait& w = sync.wait;
  const SemSignal& s = sync.signal;
  if (!exists(w.sem) && w.sem != kSemNone) {
    return misuse(fmt::format("wait semaphore {} does not exist (0..31, 63 = none)", w.sem));
  }
  if (w.sem == kSemNone && w.value != 0) {
    return misuse(fmt::format("wait value {} without a semaphore", w.value));
  }
  if (!exists(s.sem) && s.sem != kSemNone) {
    return misuse(fmt::format("signal semaphore {} does not exist (0..31, 63 = none)", s.sem));
  }
  if (s.sem == kSemNone && s.increment != 0) {
    return misuse(fmt::format("signal increment {} without a semaphore", s.increment));
  }
  if (exists(s.sem) && s.increment == 0) {
    return misuse(fmt::format("signal of s{} with increment 0", s.sem));
  }
  return {};
}

Diagnostic shape_mismatch(std::string message) {
  return fault(ErrorCode::ShapeMismatch, std::move(message));
}

Diagnostic check_shapes(const Instruction& inst) {
  if (const auto* mm = std::get_if<MatmulArgs>(&inst.args)) {
    if (mm->stationary.partition_count != mm->moving.partition_count) {
      return shape_mismatch(fmt::format("K: stationary has {} partitions, moving {}",
                                        mm->stationary.partition_count,
                                        mm->moving.partition_count));
    }
    if (mm->psum.partition_count != mm->stationary.free_elements()) {
      return shape_mismatch(fmt::format("M: psum has {} partitions, stationary {} free elements",
                                        mm->psum.partition_count, mm->stationary.free_elements()));
    }
    if (mm->psum.free_elements() != mm->moving.free_elements()) {
      return shape_mismatch(fmt::format("N: psum has {} free elements, moving {}",
                                        mm->psum.free_elements(), mm->moving.free_elements()));
    }
  } else if (const auto* dma = std::get_if<DmaCopyArgs>(&inst.args)) {
    if (dma->dst.dtype != dma->src.dtype) {
      return shape_mismatch(fmt::format("dtype: dst {}, src {} (DMA does not convert)",
                                        format_name(dma->dst.dtype), format_name(dma->src.dtype)));
    }
    if (dma->dst.partition_count != dma->src.partition_count) {
      return shape_mismatch(fmt::format("partitions: dst {}, src {}", dma->dst.partition_count,
                                        dma->src.partition_count));
    }
    if (dma->dst.free_elements() != dma->src.free_elements()) {
      return shape_mismatch(fmt::format("elements per partition: dst {}, src {}",
                                        dma->dst.free_elements(), dma->src.free_elements()));
    }
  }
  return {};
}

Diagnostic check_limits(const Instruction& inst, const HwConfig& hw) {
  const auto* mm = std::get_if<MatmulArgs>(&inst.args);
  if (!mm) return {};
  const uint64_t k = mm->stationary.partition_count;
  const uint64_t m = mm->psum.partition_count;
  const uint64_t n = mm->moving.free_elements();
  if (k > hw.rows) return shape_mismatch(fmt::format("K = {} > {} PE rows", k, hw.rows));
  if (m > hw.cols) return shape_mismatch(fmt::format("M = {} > {} PE columns", m, hw.cols));
  if (n > hw.psum_bank_entries()) {
    return shape_mismatch(
        fmt::format("N = {} > {} entries of a PSUM bank", n, hw.psum_bank_entries()));
  }
  return {};
}

Diagnostic check_range(const AccessPattern& ap, std::string_view role, const HwConfig& hw) {
  auto out = [&](const std::string& what) {
    return fault(ErrorCode::AddressOutOfRange, fmt::format("{}: {}", role, what));
  };
  const ByteRange r = byte_range(ap);
  if (ap.space == Space::Dram) {
    if (r.lo < 0 || static_cast<uint64_t>(r.hi) > hw.dram_bytes) {
      return out(
          fmt::format("bytes [{:#x}, {:#x}) outside DRAM [0, {:#x})", r.lo, r.hi, hw.dram_bytes));
    }
    return {};
  }
  const uint32_t parts = hw.partitions(ap.space);
  if (uint64_t{ap.partition_start} + ap.partition_count > parts) {
    return out(fmt::format("partitions [{}, {}) outside {} [0, {})", ap.partition_start,
                           ap.partition_start + ap.partition_count, space_name(ap.space), parts));
  }
  const uint64_t bytes = hw.partition_bytes(ap.space);
  if (r.lo < 0 || static_cast<uint64_t>(r.hi) > bytes) {
    return out(fmt::format("bytes [{:#x}, {:#x}) outside the {}-byte {} partition", r.lo, r.hi,
                           bytes, space_name(ap.space)));
  }
  if (ap.space == Space::Psum && r.lo / hw.psum_bank_bytes != (r.hi - 1) / hw.psum_bank_bytes) {
    return out(fmt::format("bytes [{:#x}, {:#x}) cross a {}-byte PSUM bank boundary", r.lo, r.hi,
                           hw.psum_bank_bytes));
  }
  return {};
}

Diagnostic check_ranges(const Instruction& inst, const HwConfig& hw) {
  if (const auto* mm = std::get_if<MatmulArgs>(&inst.args)) {
    if (Diagnostic d = check_range(mm->psum, "psum", hw); !d.ok()) return d;
    if (Diagnostic d = check_range(mm->stationary, "stationary", hw); !d.ok()) return d;
    return check_range(mm->moving, "moving", hw);
  }
  if (const auto* dma = std::get_if<DmaCopyArgs>(&inst.args)) {
    if (Diagnostic d = check_range(dma->dst, "dst", hw); !d.ok()) return d;
    return check_range(dma->src, "src", hw);
  }
  return {};
}

}  // namespace

Diagnostic check_encoding(const InstructionWords& words, const Instruction& inst,
                          std::optional<Engine> stream_engine) {
  if (Diagnostic d = check_opcode(inst); !d.ok()) return d;
  if (Diagnostic d = check_reserved_bits(words, inst.opcode); !d.ok()) return d;
  if (Diagnostic d = check_engine(inst, stream_engine); !d.ok()) return d;
  if (Diagnostic d = check_operand_fields(inst); !d.ok()) return d;
  if (Diagnostic d = check_semaphores(inst.sync); !d.ok()) return d;
  return check_shapes(inst);
}

Diagnostic check_config(const Instruction& inst, const HwConfig& hw) {
  if (Diagnostic d = check_limits(inst, hw); !d.ok()) return d;
  return check_ranges(inst, hw);
}

Diagnostic hardware_error(const InstructionWords& words, const HwConfig& hw,
                          std::optional<Engine> stream_engine) {
  const Decoded d = decode(words, stream_engine);
  if (!d.error.ok()) return d.error;
  return check_config(d.instruction, hw);
}

}  // namespace tessel::isa
