// The kernel builder: tiles and instructions in, a checked program out.
#include "isa/kernel_builder.h"

#include <fmt/format.h>

#include "isa/access_pattern.h"
#include "isa/encoding.h"
#include "isa/validate.h"

namespace tessel::kb {
namespace {

uint64_t align_up(uint64_t v, uint64_t a) { return (v + a - 1) / a * a; }

size_t index(Engine e) { return static_cast<size_t>(e); }

// An engine, or one queue of the DMA engine: completions from one source are in order.
int signal_source(const isa::Instruction& inst) {
  const int engine = static_cast<int>(inst.engine) * 32;
  if (const auto* dma = std::get_if<isa::DmaCopyArgs>(&inst.args)) return engine + 1 + dma->queue;
  return engine;
}

std::string source_name(int source) {
  const auto engine = std::string(isa::engine_name(static_cast<Engine>(source / 32)));
  return source % 32 == 0 ? engine + " engine"
                          : fmt::format("{} queue {}", engine, source % 32 - 1);
}

// A packed access pattern for free extents {f0, f1, ...} (innermost last).
isa::AccessPattern packed_ap(isa::Space space, Format dtype, const std::vector<uint32_t>& shape,
                             uint32_t partition, uint64_t offset) {
  isa::AccessPattern ap;
  ap.space = space;
  ap.dtype = dtype;
  ap.partition_start = partition;
  ap.partition_count = shape[0];
  ap.address = offset;
  int64_t stride = 1;
  for (size_t i = shape.size(); i-- > 1;) {
    isa::Dim& d = ap.dims[isa::kFreeDims - (shape.size() - i)];
    d.count = shape[i];
    d.stride = static_cast<int32_t>(stride);
    stride *= shape[i];
  }
  return ap;
}

void check_tile_shape(const std::vector<uint32_t>& shape, const std::string& what) {
  if (shape.size() < 2 || shape.size() > 1 + isa::kFreeDims) {
    throw Error(fmt::format("{}: shape needs a partition extent and 1 to {} free extents", what,
                            isa::kFreeDims));
  }
  for (uint32_t e : shape) {
    if (e == 0) throw Error(fmt::format("{}: zero extent", what));
  }
}

// Bytes one partition of a packed tile occupies.
uint64_t partition_bytes(const std::vector<uint32_t>& shape, uint64_t esize) {
  uint64_t bytes = esize;
  for (size_t i = 1; i < shape.size(); ++i) bytes *= shape[i];
  return bytes;
}

}  // namespace

Sync& Sync::wait(const Event& e) {
  if (!e.valid()) throw Error("wait on an event of an instruction that signals nothing");
  sync_.wait = {e.sem, e.value};
  return *this;
}

Sync& Sync::wait(const Semaphore& s, uint32_t value) { return wait(Event{s.id(), value}); }

Sync& Sync::signal(const Semaphore& s, uint32_t increment) {
  sync_.signal = {s.id(), increment};
  return *this;
}

Sync wait(const Event& e) { return Sync().wait(e); }
Sync wait(const Semaphore& s, uint32_t value) { return Sync().wait(s, value); }
Sync signal(const Semaphore& s, uint32_t increment) { return Sync().signal(s, increment); }

KernelBuilder::KernelBuilder(isa::HwConfig hw) : hw_(std::move(hw)) {
  try {
    isa::check_hw_config(hw_);
  } catch (const std::invalid_argument& e) {
    throw Error(e.what());
  }
}

DramTensor KernelBuilder::dram_tensor(const std::string& name, const std::vector<uint32_t>& shape,
                                      Format dtype) {
  if (!isa::is_defined(dtype)) throw Error(fmt::format("dram tensor '{}': undefined dtype", name));
  for (const isa::Symbol& s : symbols_) {
    if (s.name == name) throw Error(fmt::format("dram tensor '{}' defined twice", name));
  }
  if (name.empty() || name.size() > isa::kMaxSymbolName) {
    throw Error(fmt::format("dram tensor '{}': name must have 1 to {} characters", name,
                            isa::kMaxSymbolName));
  }
  DramTensor t(name, next_tensor_address_, shape, dtype);
  if (t.bytes() > hw_.dram_bytes - t.address()) {
    throw Error(
        fmt::format("dram tensor '{}' ({} bytes) does not fit device memory", name, t.bytes()));
  }
  next_tensor_address_ = align_up(t.address() + t.bytes(), kTensorAlign);
  symbols_.push_back({name, t.address(), dtype, shape});
  return t;
}

void KernelBuilder::init(const DramTensor& tensor, std::vector<uint8_t> bytes) {
  if (bytes.size() != tensor.bytes()) {
    throw Error(fmt::format("init of '{}': {} bytes given, the tensor has {}", tensor.name(),
                            bytes.size(), tensor.bytes()));
  }
  for (const isa::Segment& s : segments_) {
    if (s.address == tensor.address()) {
      throw Error(fmt::format("init of '{}': already initialised", tensor.name()));
    }
  }
  segments_.push_back({tensor.address(), std::move(bytes)});
}

Tile KernelBuilder::sbuf_tile(const std::vector<uint32_t>& shape, Format dtype, uint32_t partition,
                              uint32_t offset, const std::string& name) {
  const std::string label = name.empty() ? fmt::format("sbuf@p{}+{:#x}", partition, offset) : name;
  const std::string what = fmt::format("sbuf tile '{}'", label);
  check_tile_shape(shape, what);
  if (!isa::is_defined(dtype)) throw Error(what + ": undefined dtype");
  if (uint64_t{partition} + shape[0] > hw_.rows) {
    throw Error(fmt::format("{}: partitions [{}, {}) outside SBUF [0, {})", what, partition,
                            uint64_t{partition} + shape[0], hw_.rows));
  }
  const uint64_t esize = isa::element_bytes(dtype);
  const uint64_t bytes = partition_bytes(shape, esize);
  if (offset % esize != 0 || offset + bytes > hw_.sbuf_bytes_per_partition) {
    throw Error(
        fmt::format("{}: bytes [{:#x}, {:#x}) not aligned or outside the {}-byte SBUF "
                    "partition",
                    what, offset, offset + bytes, hw_.sbuf_bytes_per_partition));
  }
  return Tile(packed_ap(isa::Space::Sbuf, dtype, shape, partition, offset),
              static_cast<int>(shape.size() - 1), label);
}

Tile KernelBuilder::psum_tile(const std::vector<uint32_t>& shape, uint32_t bank,
                              uint32_t offset_in_bank, const std::string& name) {
  const std::string label =
      name.empty() ? fmt::format("psum@bank{}+{:#x}", bank, offset_in_bank) : name;
  const std::string what = fmt::format("psum tile '{}'", label);
  check_tile_shape(shape, what);
  if (shape[0] > hw_.cols) {
    throw Error(fmt::format("{}: {} partitions > {} PSUM partitions", what, shape[0], hw_.cols));
  }
  if (bank >= hw_.psum_banks) {
    throw Error(fmt::format("{}: bank {} of {}", what, bank, hw_.psum_banks));
  }
  const uint64_t bytes = partition_bytes(shape, 4);
  if (offset_in_bank % 4 != 0 || offset_in_bank + bytes > hw_.psum_bank_bytes) {
    throw Error(fmt::format("{}: bytes [{:#x}, {:#x}) not aligned or outside the {}-byte bank",
                            what, offset_in_bank, offset_in_bank + bytes, hw_.psum_bank_bytes));
  }
  const uint64_t offset = uint64_t{bank} * hw_.psum_bank_bytes + offset_in_bank;
  return Tile(packed_ap(isa::Space::Psum, Format::Fp32, shape, 0, offset),
              static_cast<int>(shape.size() - 1), label);
}

Semaphore KernelBuilder::semaphore(const std::string& name) {
  if (semaphore_names_.size() >= isa::kNumSemaphores) {
    throw Error(
        fmt::format("semaphore '{}': all {} semaphores are in use", name, isa::kNumSemaphores));
  }
  semaphore_names_.push_back(name);
  return Semaphore(static_cast<uint8_t>(semaphore_names_.size() - 1));
}

void KernelBuilder::fail(const isa::Instruction& inst, const std::vector<Operand>& operands,
                         const std::string& problem) const {
  std::string s =
      fmt::format("kernel builder: {} instruction {} ({}): {}", engine_name(inst.engine),
                  streams_[index(inst.engine)].code.size(), opcode_name(inst.opcode), problem);
  for (const Operand& op : operands) s += fmt::format("\n  {} = {}", op.role, op.tile->describe());
  throw Error(s);
}

void KernelBuilder::check_no_sbuf_overlap(const isa::Instruction& inst, const Tile& dst,
                                          const Tile& src) const {
  const isa::AccessPattern& d = dst.ap();
  const isa::AccessPattern& s = src.ap();
  if (d.space != isa::Space::Sbuf || s.space != isa::Space::Sbuf) return;
  const bool partitions_overlap = d.partition_start < s.partition_start + s.partition_count &&
                                  s.partition_start < d.partition_start + d.partition_count;
  const isa::ByteRange rd = isa::byte_range(d);
  const isa::ByteRange rs = isa::byte_range(s);
  if (partitions_overlap && rd.lo < rs.hi && rs.lo < rd.hi) {
    // The DMA engine reads and writes concurrently, so the result would depend on its timing.
    fail(inst, {{"dst", &dst}, {"src", &src}}, "source and destination overlap in SBUF");
  }
}

Event KernelBuilder::add(const isa::Instruction& inst, const std::vector<Operand>& operands) {
  StreamState& stream = streams_[index(inst.engine)];
  if (stream.ended) fail(inst, operands, "the stream has already ended");
  isa::InstructionWords words;
  try {
    words = isa::encode(inst);
  } catch (const isa::EncodeError& e) {
    fail(inst, operands, e.what());
  }
  const isa::Diagnostic d = isa::hardware_error(words, hw_, inst.engine);
  if (!d.ok()) {
    fail(inst, operands, fmt::format("{}: {}", isa::error_name(d.code), d.message));
  }
  stream.code.push_back(words);
  stream.decoded.push_back(inst);
  if (inst.opcode == isa::Opcode::End) stream.ended = true;
  const isa::SemSignal& sig = inst.sync.signal;
  if (sig.sem == isa::kSemNone) return {};
  signalled_[sig.sem] += sig.increment;
  sources_[sig.sem].insert(signal_source(inst));
  return {sig.sem, signalled_[sig.sem]};
}

Event KernelBuilder::dma_copy(const Tile& dst, const Tile& src, const Sync& sync, uint32_t queue) {
  isa::DmaCopyArgs args{dst.ap(), src.ap(), static_cast<uint8_t>(queue)};
  const isa::Instruction inst = isa::Instruction::dma_copy(args, sync.isa());
  if (queue >= isa::kNumDmaQueues) {
    fail(inst, {}, fmt::format("queue {} (0..{})", queue, isa::kNumDmaQueues - 1));
  }
  check_no_sbuf_overlap(inst, dst, src);
  return add(inst, {{"dst", &dst}, {"src", &src}});
}

Event KernelBuilder::matmul(const Tile& psum, const Tile& stationary, const Tile& moving,
                            bool accumulate, const Sync& sync) {
  isa::MatmulArgs args{psum.ap(), stationary.ap(), moving.ap(), accumulate};
  return add(isa::Instruction::matmul(args, sync.isa()),
             {{"psum", &psum}, {"stationary", &stationary}, {"moving", &moving}});
}

Event KernelBuilder::nop(Engine engine, const Sync& sync) {
  return add(isa::Instruction::nop(engine, sync.isa()), {});
}

Event KernelBuilder::end(Engine engine, const Sync& sync) {
  return add(isa::Instruction::end(engine, sync.isa()), {});
}

void KernelBuilder::end_all() {
  for (Engine e : isa::kAllEngines) {
    const StreamState& s = streams_[index(e)];
    if (!s.code.empty() && !s.ended) end(e);
  }
}

size_t KernelBuilder::instruction_count(Engine engine) const {
  return streams_[index(engine)].code.size();
}

void KernelBuilder::check_waits(Engine engine, const StreamState& stream) const {
  for (size_t i = 0; i < stream.decoded.size(); ++i) {
    const isa::SemWait& w = stream.decoded[i].sync.wait;
    if (w.sem == isa::kSemNone) continue;
    const std::string what =
        fmt::format("kernel builder: {} instruction {} ({}) waits for s{} ('{}') >= {}",
                    engine_name(engine), i, opcode_name(stream.decoded[i].opcode), w.sem,
                    w.sem < semaphore_names_.size() ? semaphore_names_[w.sem] : "?", w.value);
    const uint32_t total = signalled_[w.sem];
    if (w.value > total) {
      throw Error(
          fmt::format("{}, but the program signals it only {} times: deadlock", what, total));
    }
    const std::set<int>& sources = sources_[w.sem];
    if (sources.size() > 1 && w.value < total) {
      std::vector<std::string> names;
      for (int src : sources) names.push_back(source_name(src));
      throw Error(
          fmt::format("{}, but s{} is signalled by {} whose completions are not ordered: "
                      "wait for the total ({}) or use one semaphore per source",
                      what, w.sem, fmt::join(names, " and "), total));
    }
  }
}

isa::Program KernelBuilder::build() const {
  isa::Program p;
  p.hw = hw_;
  p.symbols = symbols_;
  p.segments = segments_;
  uint64_t address = align_up(next_tensor_address_, kStreamAlign);
  for (Engine e : isa::kAllEngines) {
    const StreamState& s = streams_[index(e)];
    if (s.code.empty()) continue;
    if (!s.ended) {
      throw Error(
          fmt::format("kernel builder: the {} stream does not end with END (call end() "
                      "or end_all())",
                      engine_name(e)));
    }
    check_waits(e, s);
    p.streams.push_back({e, address, s.code});
    address = align_up(address + s.code.size() * isa::kInstructionBytes, kStreamAlign);
  }
  try {
    isa::check_program(p);
  } catch (const isa::ProgramError& err) {
    throw Error(fmt::format("kernel builder: {}", err.what()));
  }
  return p;
}

std::vector<uint8_t> pack_elements(const std::vector<uint32_t>& bits, Format dtype) {
  const int esize = isa::element_bytes(dtype);
  std::vector<uint8_t> out;
  out.reserve(bits.size() * esize);
  for (uint32_t v : bits) {
    if (esize < 4 && (v >> (8 * esize)) != 0) {
      throw Error(
          fmt::format("pack_elements: {:#x} does not fit a {} element", v, format_name(dtype)));
    }
    for (int b = 0; b < esize; ++b) out.push_back(static_cast<uint8_t>(v >> (8 * b)));
  }
  return out;
}

}  // namespace tessel::kb
