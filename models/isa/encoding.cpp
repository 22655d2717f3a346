// Packing and unpacking of the instruction word, field by field from layout.h.
#include "isa/encoding.h"

#include <string>

#include <fmt/format.h>

#include "isa/layout.h"
#include "isa/validate.h"

namespace tessel::isa {
namespace {

using layout::Field;

uint32_t get(const InstructionWords& w, Field f) { return (w[f.word] & f.mask()) >> f.lsb; }

int32_t get_signed(const InstructionWords& w, Field f) {
  const uint32_t v = get(w, f);
  const uint32_t sign = 1u << (f.width - 1);
  return static_cast<int32_t>(v ^ sign) - static_cast<int32_t>(sign);
}

// Writes fields, naming the instruction and field in the error when a value does not fit.
class Packer {
 public:
  explicit Packer(std::string what) : what_(std::move(what)) {}

  void put(Field f, uint64_t value, const std::string& name) {
    if (value > f.max()) {
      throw EncodeError(
          fmt::format("{}: {} = {} does not fit its {}-bit field", what_, name, value, f.width));
    }
    words_[f.word] |= static_cast<uint32_t>(value) << f.lsb;
  }

  void put_signed(Field f, int64_t value, const std::string& name) {
    const int64_t lo = -(int64_t{1} << (f.width - 1));
    const int64_t hi = (int64_t{1} << (f.width - 1)) - 1;
    if (value < lo || value > hi) {
      throw EncodeError(fmt::format("{}: {} = {} does not fit its {}-bit signed field", what_, name,
                                    value, f.width));
    }
    words_[f.word] |= (static_cast<uint32_t>(value) & static_cast<uint32_t>(f.max())) << f.lsb;
  }

  void fail(const std::string& message) const {
    throw EncodeError(fmt::format("{}: {}", what_, message));
  }

  const InstructionWords& words() const { return words_; }

 private:
  std::string what_;
  InstructionWords words_{};
};

// has_extension: the slot has DRAM extension words (DMA_COPY), so the address may use 48 bits
// and the partition stride is encodable; elsewhere both must fit the body alone.
void pack_ap(Packer& p, int slot, const AccessPattern& ap, const std::string& role,
             bool has_extension) {
  constexpr uint64_t kLow24 = (uint64_t{1} << 24) - 1;
  p.put(layout::ap_offset(slot), ap.address & kLow24, role + ".address[23:0]");
  if (has_extension) {
    p.put(layout::dram_address_high(slot), ap.address >> 24, role + ".address[47:24]");
    p.put(layout::dram_partition_stride(slot), ap.partition_stride, role + ".partition_stride");
  } else {
    if (ap.address > kLow24) p.put(layout::ap_offset(slot), ap.address, role + ".address");
    if (ap.partition_stride != 0) {
      p.fail(role + ": a partition stride is not encodable in this operand");
    }
  }
  p.put(layout::ap_dtype(slot), static_cast<uint64_t>(ap.dtype), role + ".dtype");
  p.put(layout::ap_space(slot), static_cast<uint64_t>(ap.space), role + ".space");
  p.put(layout::ap_partition_start(slot), ap.partition_start, role + ".partition_start");
  p.put(layout::ap_partition_count(slot), ap.partition_count, role + ".partition_count");
  for (int d = 0; d < kFreeDims; ++d) {
    const std::string dim = fmt::format("{}.dims[{}]", role, d);
    p.put(layout::ap_count(slot, d), ap.dims[d].count, dim + ".count");
    p.put_signed(layout::ap_stride(slot, d), ap.dims[d].stride, dim + ".stride");
  }
}

AccessPattern unpack_ap(const InstructionWords& w, int slot, bool has_extension) {
  AccessPattern ap;
  ap.address = get(w, layout::ap_offset(slot));
  if (has_extension) {
    ap.address |= uint64_t{get(w, layout::dram_address_high(slot))} << 24;
    ap.partition_stride = get(w, layout::dram_partition_stride(slot));
  }
  ap.dtype = static_cast<Format>(get(w, layout::ap_dtype(slot)));
  ap.space = static_cast<Space>(get(w, layout::ap_space(slot)));
  ap.partition_start = get(w, layout::ap_partition_start(slot));
  ap.partition_count = get(w, layout::ap_partition_count(slot));
  for (int d = 0; d < kFreeDims; ++d) {
    ap.dims[d].count = get(w, layout::ap_count(slot, d));
    ap.dims[d].stride = get_signed(w, layout::ap_stride(slot, d));
  }
  return ap;
}

void pack_header(Packer& p, const Instruction& inst) {
  p.put(layout::kOpcode, static_cast<uint64_t>(inst.opcode), "opcode");
  p.put(layout::kEngine, static_cast<uint64_t>(inst.engine), "engine");
  p.put(layout::kWaitSem, inst.sync.wait.sem, "wait.sem");
  p.put(layout::kWaitValue, inst.sync.wait.value, "wait.value");
  p.put(layout::kSignalSem, inst.sync.signal.sem, "signal.sem");
  p.put(layout::kSignalIncrement, inst.sync.signal.increment, "signal.increment");
}

}  // namespace

InstructionWords encode(const Instruction& inst) {
  Packer p(std::string(opcode_name(inst.opcode)));
  pack_header(p, inst);
  if (const auto* mm = std::get_if<MatmulArgs>(&inst.args)) {
    p.put(layout::kAccumulate, mm->accumulate ? 1 : 0, "accumulate");
    pack_ap(p, layout::kMatmulPsumSlot, mm->psum, "psum", false);
    pack_ap(p, layout::kMatmulStationarySlot, mm->stationary, "stationary", false);
    pack_ap(p, layout::kMatmulMovingSlot, mm->moving, "moving", false);
  } else if (const auto* dma = std::get_if<DmaCopyArgs>(&inst.args)) {
    pack_ap(p, layout::kDmaDstSlot, dma->dst, "dst", true);
    pack_ap(p, layout::kDmaSrcSlot, dma->src, "src", true);
    p.put(layout::kDmaQueue, dma->queue, "queue");
  }
  // The operands must be the opcode's: a mismatch would silently drop or invent fields.
  const bool want_matmul = inst.opcode == Opcode::Matmul;
  const bool want_dma = inst.opcode == Opcode::DmaCopy;
  if (want_matmul != std::holds_alternative<MatmulArgs>(inst.args) ||
      want_dma != std::holds_alternative<DmaCopyArgs>(inst.args)) {
    p.fail("operands do not belong to this opcode");
  }
  return p.words();
}

Instruction unpack(const InstructionWords& w) {
  Instruction inst;
  inst.opcode = static_cast<Opcode>(get(w, layout::kOpcode));
  inst.engine = static_cast<Engine>(get(w, layout::kEngine));
  inst.sync.wait.sem = static_cast<uint8_t>(get(w, layout::kWaitSem));
  inst.sync.wait.value = get(w, layout::kWaitValue);
  inst.sync.signal.sem = static_cast<uint8_t>(get(w, layout::kSignalSem));
  inst.sync.signal.increment = get(w, layout::kSignalIncrement);
  if (inst.opcode == Opcode::Matmul) {
    MatmulArgs mm;
    mm.accumulate = get(w, layout::kAccumulate) != 0;
    mm.psum = unpack_ap(w, layout::kMatmulPsumSlot, false);
    mm.stationary = unpack_ap(w, layout::kMatmulStationarySlot, false);
    mm.moving = unpack_ap(w, layout::kMatmulMovingSlot, false);
    inst.args = mm;
  } else if (inst.opcode == Opcode::DmaCopy) {
    DmaCopyArgs dma;
    dma.dst = unpack_ap(w, layout::kDmaDstSlot, true);
    dma.src = unpack_ap(w, layout::kDmaSrcSlot, true);
    dma.queue = static_cast<uint8_t>(get(w, layout::kDmaQueue));
    inst.args = dma;
  }
  return inst;
}

Decoded decode(const InstructionWords& words, std::optional<Engine> stream_engine) {
  Decoded d;
  d.instruction = unpack(words);
  d.error = check_encoding(words, d.instruction, stream_engine);
  return d;
}

std::array<uint8_t, kInstructionBytes> to_bytes(const InstructionWords& words) {
  std::array<uint8_t, kInstructionBytes> bytes{};
  for (int i = 0; i < kInstructionWords; ++i) {
    for (int b = 0; b < 4; ++b) bytes[4 * i + b] = static_cast<uint8_t>(words[i] >> (8 * b));
  }
  return bytes;
}

InstructionWords from_bytes(const uint8_t* bytes) {
  InstructionWords words{};
  for (int i = 0; i < kInstructionWords; ++i) {
    for (int b = 0; b < 4; ++b) words[i] |= uint32_t{bytes[4 * i + b]} << (8 * b);
  }
  return words;
}

}  // namespace tessel::isa
