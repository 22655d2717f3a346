// Small helpers of the decoded instruction form: constructors, comparison and names.
#include "isa/isa.h"

#include <stdexcept>
#include <string>

namespace tessel::isa {

uint64_t AccessPattern::free_elements() const {
  uint64_t n = 1;
  for (const Dim& d : dims) n *= d.count;
  return n;
}

Instruction Instruction::nop(Engine engine, const Sync& sync) {
  return Instruction{Opcode::Nop, engine, sync, std::monostate{}};
}

Instruction Instruction::end(Engine engine, const Sync& sync) {
  return Instruction{Opcode::End, engine, sync, std::monostate{}};
}

Instruction Instruction::matmul(const MatmulArgs& args, const Sync& sync) {
  return Instruction{Opcode::Matmul, Engine::Tensor, sync, args};
}

Instruction Instruction::dma_copy(const DmaCopyArgs& args, const Sync& sync) {
  return Instruction{Opcode::DmaCopy, Engine::Dma, sync, args};
}

const MatmulArgs& Instruction::matmul_args() const {
  if (const auto* a = std::get_if<MatmulArgs>(&args)) return *a;
  throw std::logic_error("isa: matmul_args() of a " + std::string(opcode_name(opcode)));
}

const DmaCopyArgs& Instruction::dma_args() const {
  if (const auto* a = std::get_if<DmaCopyArgs>(&args)) return *a;
  throw std::logic_error("isa: dma_args() of a " + std::string(opcode_name(opcode)));
}

bool operator==(const Dim& a, const Dim& b) { return a.stride == b.stride && a.count == b.count; }

bool operator==(const AccessPattern& a, const AccessPattern& b) {
  return a.space == b.space && a.dtype == b.dtype && a.partition_start == b.partition_start &&
         a.partition_count == b.partition_count && a.address == b.address &&
         a.partition_stride == b.partition_stride && a.dims == b.dims;
}

bool operator==(const SemWait& a, const SemWait& b) { return a.sem == b.sem && a.value == b.value; }

bool operator==(const SemSignal& a, const SemSignal& b) {
  return a.sem == b.sem && a.increment == b.increment;
}

bool operator==(const Sync& a, const Sync& b) { return a.wait == b.wait && a.signal == b.signal; }

bool operator==(const MatmulArgs& a, const MatmulArgs& b) {
  return a.psum == b.psum && a.stationary == b.stationary && a.moving == b.moving &&
         a.accumulate == b.accumulate;
}

bool operator==(const DmaCopyArgs& a, const DmaCopyArgs& b) {
  return a.dst == b.dst && a.src == b.src && a.queue == b.queue;
}

bool operator==(const Instruction& a, const Instruction& b) {
  return a.opcode == b.opcode && a.engine == b.engine && a.sync == b.sync && a.args == b.args;
}

std::string_view engine_name(Engine e) {
  switch (e) {
    case Engine::Tensor:
      return "tensor";
    case Engine::Vector:
      return "vector";
    case Engine::Scalar:
      return "scalar";
    case Engine::Dma:
      return "dma";
  }
  return "?";
}

std::string_view opcode_name(Opcode op) {
  switch (op) {
    case Opcode::Nop:
      return "nop";
    case Opcode::End:
      return "end";
    case Opcode::Matmul:
      return "matmul";
    case Opcode::DmaCopy:
      return "dma_copy";
  }
  return "?";
}

std::string_view space_name(Space s) {
  switch (s) {
    case Space::Sbuf:
      return "sbuf";
    case Space::Psum:
      return "psum";
    case Space::Dram:
      return "dram";
  }
  return "?";
}

std::string_view error_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::None:
      return "None";
    case ErrorCode::IllegalOpcode:
      return "IllegalOpcode";
    case ErrorCode::BadField:
      return "BadField";
    case ErrorCode::AddressOutOfRange:
      return "AddressOutOfRange";
    case ErrorCode::SemaphoreMisuse:
      return "SemaphoreMisuse";
    case ErrorCode::AxiError:
      return "AxiError";
    case ErrorCode::ShapeMismatch:
      return "ShapeMismatch";
  }
  return "?";
}

bool is_defined(Opcode op) { return opcode_name(op) != "?"; }
bool is_defined(Engine e) { return static_cast<unsigned>(e) < kNumEngines; }
bool is_defined(Space s) { return space_name(s) != "?"; }
bool is_defined(Format f) {
  return static_cast<unsigned>(f) <= static_cast<unsigned>(Format::Fp8E5M2);
}

int element_bytes(Format f) { return format_bits(f) / 8; }

}  // namespace tessel::isa
