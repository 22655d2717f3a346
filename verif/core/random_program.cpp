// The random program generator (random_program.h). Memory is cut into regions once per program:
//   - SBUF slots: the same byte range of every partition, spread over the whole partition;
//   - PSUM banks;
//   - DRAM slots: input slots (random contents, only ever read) and output slots (random initial
//     contents, written and read back), each at least two 4 KiB pages so copies can cross one.
// An operation reads and writes whole regions as far as the race rules are concerned; its access
// pattern lies inside the region. Batches are built one operation at a time from the regions
// still free in that batch.
#include "core/random_program.h"

#include <algorithm>
#include <array>
#include <iterator>
#include <numeric>
#include <optional>
#include <random>
#include <set>
#include <stdexcept>
#include <tuple>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "isa/access_pattern.h"
#include "isa/disasm.h"
#include "isa/encoding.h"
#include "isa/validate.h"

namespace tessel::core {
namespace {

using isa::AccessPattern;
using isa::Dim;
using isa::Engine;
using isa::Instruction;
using isa::Space;

constexpr uint64_t kPage = 4096;
constexpr uint64_t kCodeBase = 0x4000;
// Data above 16 MiB exercises the DRAM address high bits (word 10/12) when memory allows.
constexpr uint64_t kHighDataBase = 0x0300'0000;
constexpr uint32_t kInputSlots = 4;
constexpr uint32_t kOutputSlots = 8;
constexpr uint32_t kMaxSbufSlots = 16;

uint64_t round_up(uint64_t v, uint64_t a) { return (v + a - 1) / a * a; }

// Integer draws defined here, so a seed means the same program with every standard library.
class Rng {
 public:
  explicit Rng(uint64_t seed) : gen_(seed) {}
  uint64_t below(uint64_t n) { return n <= 1 ? 0 : gen_() % n; }  // bias is irrelevant here
  int64_t range(int64_t lo, int64_t hi) { return lo + static_cast<int64_t>(below(hi - lo + 1)); }
  bool chance(uint32_t num, uint32_t den) { return below(den) < num; }
  template <typename T>
  const T& pick(const std::vector<T>& v) {
    return v[below(v.size())];
  }
  template <typename T>
  void shuffle(std::vector<T>& v) {
    for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[below(i)]);
  }
  uint8_t byte() { return static_cast<uint8_t>(gen_()); }

 private:
  std::mt19937_64 gen_;
};

// A size from 1 to max, biased to the edges the hardware cares about (1, max, small odd values).
uint32_t pick_size(Rng& r, uint32_t max) {
  if (max <= 1) return 1;
  switch (r.below(8)) {
    case 0:
      return 1;
    case 1:
      return max;
    case 2:
    case 3:
      return static_cast<uint32_t>(r.range(1, std::min<uint32_t>(max, 16)));
    default:
      return static_cast<uint32_t>(r.range(1, max));
  }
}

// Input data: mostly bytes whose value, read as the high byte of any format, gives a moderate
// exponent (so matmul results are mostly finite and a wrong product shows), sometimes any byte
// (NaN, infinity, subnormals).
uint8_t data_byte(Rng& r) {
  if (r.chance(1, 8)) return r.byte();
  const auto b = static_cast<uint8_t>(0x30 + r.below(0x18));
  return r.chance(1, 2) ? static_cast<uint8_t>(b | 0x80) : b;
}

using Counts = std::array<uint32_t, isa::kFreeDims>;

// Splits e elements over the three free dims (outermost first), as random divisors.
Counts factor(Rng& r, uint32_t e) {
  std::vector<uint32_t> divisors;
  auto divisor_of = [&](uint32_t n) {
    divisors.clear();
    for (uint32_t d = 1; d <= n; ++d) {
      if (n % d == 0) divisors.push_back(d);
    }
    return r.pick(divisors);
  };
  const uint32_t a = divisor_of(e);
  const uint32_t b = divisor_of(e / a);
  std::vector<uint32_t> c{a, b, e / a / b};
  r.shuffle(c);
  return {c[0], c[1], c[2]};
}

// The free axes of one operand and the element offsets they reach.
struct Layout {
  std::array<Dim, isa::kFreeDims> dims{};
  int64_t min_off = 0;  // elements, relative to the operand's address
  int64_t max_off = 0;

  int64_t span() const { return max_off - min_off + 1; }
};

Layout finish(std::array<Dim, isa::kFreeDims> dims) {
  Layout l{dims, 0, 0};
  for (const Dim& d : dims) {
    const int64_t reach = int64_t{d.stride} * (d.count - 1);
    (reach < 0 ? l.min_off : l.max_off) += reach;
  }
  return l;
}

// Row-major over the dims in `order` (innermost first); dims of count 1 get a random stride,
// which the hardware must ignore. With gaps, strides may leave holes and point backwards.
Layout nest(Rng& r, const Counts& c, const std::vector<int>& order, bool gaps) {
  std::array<Dim, isa::kFreeDims> dims{};
  int64_t block = 1;  // span of the axes nested so far, in elements
  bool first = true;
  for (int a : order) {
    dims[a].count = c[a];
    if (c[a] == 1) {
      dims[a].stride = static_cast<int32_t>(r.range(-5, 5));
      continue;
    }
    const int64_t gap = gaps && r.chance(1, 3) ? r.range(1, 2) : 0;
    const int64_t mag = (first ? 1 : block) + gap;
    const bool negative = gaps && r.chance(1, 3);
    dims[a].stride = static_cast<int32_t>(negative ? -mag : mag);
    block += (c[a] - 1) * mag;
    first = false;
  }
  return finish(dims);
}

Layout packed(Rng& r, const Counts& c) { return nest(r, c, {2, 1, 0}, false); }

// A random legal layout of `c` whose span fits max_span elements: packed, permuted/strided/
// negative (always injective, so it may be written), or for a read a broadcast (stride 0).
Layout make_layout(Rng& r, const Counts& c, bool read_only, int64_t max_span, bool strided) {
  const Layout plain = packed(r, c);
  if (!strided || r.chance(2, 5)) return plain;
  std::vector<int> order{0, 1, 2};
  r.shuffle(order);
  if (read_only && r.chance(1, 6)) {
    for (int a : order) {
      if (c[a] == 1) continue;
      Counts rest = c;
      rest[a] = 1;
      Layout l = nest(r, rest, order, true);
      l.dims[a] = {0, c[a]};
      l = finish(l.dims);
      return l.span() <= max_span ? l : plain;
    }
  }
  const Layout l = nest(r, c, order, true);
  return l.span() <= max_span ? l : plain;
}

struct Region {
  Space space = Space::Sbuf;
  uint64_t lo = 0;  // SBUF/PSUM: byte offset within a partition; DRAM: device address
  uint64_t hi = 0;
  bool input = false;  // DRAM input data: never written
};

enum class Kind { DramToSbuf, SbufToDram, SbufToSbuf, PsumToDram, PsumToSbuf, Matmul, Nop };

struct Op {
  explicit Op(Instruction i, uint32_t b = 0) : inst(std::move(i)), batch(b) {}
  void read(int region, const AccessPattern& ap) {
    reads.push_back(region);
    read_aps.push_back(ap);
  }
  void write(int region, const AccessPattern& ap) {
    writes.push_back(region);
    write_aps.push_back(ap);
  }

  Instruction inst;
  uint32_t batch = 0;
  std::vector<int> reads;  // region ids
  std::vector<int> writes;
  std::vector<AccessPattern> read_aps;  // the operands behind them (for drop_one_wait)
  std::vector<AccessPattern> write_aps;
  bool fill = false;  // writes every byte of its SBUF slot
};

class Generator {
 public:
  Generator(const isa::HwConfig& hw, uint64_t seed, const RandomProgramOptions& opts)
      : hw_(hw), opts_(opts), seed_(seed), rng_(seed) {
    isa::check_hw_config(hw);
    if (opts.batches == 0 || opts.max_ops_per_batch == 0) {
      throw std::invalid_argument("random_program: batches and max_ops_per_batch must be >= 1");
    }
    copy_bytes_ = opts.max_copy_bytes ? opts.max_copy_bytes
                                      : (hw.sbuf_bytes_per_partition <= 4096 ? 256 : 1024);
    copy_bytes_ = std::min(copy_bytes_, hw.sbuf_bytes_per_partition);
    for (auto [on, kind] : {std::pair{opts.dram_to_sbuf, Kind::DramToSbuf},
                            {opts.sbuf_to_dram, Kind::SbufToDram},
                            {opts.sbuf_to_sbuf, Kind::SbufToSbuf},
                            {opts.psum_to_dram, Kind::PsumToDram},
                            {opts.psum_to_sbuf, Kind::PsumToSbuf},
                            {opts.matmul, Kind::Matmul},
                            {opts.nop, Kind::Nop}}) {
      if (on) kinds_.push_back(kind);
    }
    if (kinds_.empty()) throw std::invalid_argument("random_program: every kind is disabled");
    plan_memory();
  }

  RandomProgram run() {
    sem_ = static_cast<uint8_t>(rng_.below(isa::kNumSemaphores));
    uint32_t counted = 0;  // increments signalled by all earlier batches
    for (uint32_t b = 0; b < opts_.batches; ++b) counted += make_batch(b, counted);
    if (opts_.drop_one_wait) drop_one_wait();
    return assemble(counted);
  }

 private:
  // ---- memory plan --------------------------------------------------------------------------
  void plan_memory() {
    const uint32_t sbuf = hw_.sbuf_bytes_per_partition;
    const uint32_t slots = std::max<uint32_t>(1, std::min(kMaxSbufSlots, sbuf / copy_bytes_));
    const uint32_t spacing = sbuf / slots;
    for (uint32_t i = 0; i < slots; ++i) {
      // Odd slots sit at the top of their spacing, so the last bytes of a partition are used.
      const uint64_t lo = uint64_t{i} * spacing + (i % 2 ? spacing - copy_bytes_ : 0);
      sbuf_.push_back(add_region({Space::Sbuf, lo, lo + copy_bytes_}));
    }
    for (uint32_t b = 0; b < hw_.psum_banks; ++b) {
      const uint64_t lo = uint64_t{b} * hw_.psum_bank_bytes;
      psum_.push_back(add_region({Space::Psum, lo, lo + hw_.psum_bank_bytes}));
    }
    // A DRAM operand spans at most rows x (copy_bytes + gap); two of those per slot leave room
    // to place it anywhere, and at least two pages let it straddle a 4 KiB boundary.
    dram_slot_ =
        std::max(2 * kPage,
                 round_up(2 * uint64_t{std::max(hw_.rows, hw_.cols)} * (copy_bytes_ + 64), kPage));
    code_stride_ = round_up(
        (uint64_t{opts_.batches} * opts_.max_ops_per_batch + 1) * isa::kInstructionBytes, kPage);
    const uint64_t data_bytes = (kInputSlots + kOutputSlots) * dram_slot_;
    const uint64_t low_base = round_up(kCodeBase + isa::kNumEngines * code_stride_, 0x10000);
    data_base_ = hw_.dram_bytes >= kHighDataBase + data_bytes ? kHighDataBase : low_base;
    if (data_base_ + data_bytes > hw_.dram_bytes) {
      throw std::invalid_argument(fmt::format(
          "random_program: device memory of {:#x} bytes has no room for {:#x} bytes of data at "
          "{:#x}",
          hw_.dram_bytes, data_bytes, data_base_));
    }
    for (uint32_t i = 0; i < kInputSlots + kOutputSlots; ++i) {
      const uint64_t lo = data_base_ + i * dram_slot_;
      const bool input = i < kInputSlots;
      (input ? dram_in_ : dram_out_)
          .push_back(add_region({Space::Dram, lo, lo + dram_slot_, input}));
    }
  }

  int add_region(const Region& r) {
    regions_.push_back(r);
    touched_.push_back(r.input);
    filled_.push_back(false);
    return static_cast<int>(regions_.size() - 1);
  }

  // ---- batches ------------------------------------------------------------------------------
  // Builds batch b; returns the increments its instructions signal.
  uint32_t make_batch(uint32_t b, uint32_t wait_value) {
    read_by_.assign(regions_.size(), 0);
    written_by_.assign(regions_.size(), 0);
    batch_psum_.clear();
    queues_.resize(isa::kNumDmaQueues);
    std::iota(queues_.begin(), queues_.end(), uint8_t{0});
    rng_.shuffle(queues_);
    next_queue_ = 0;
    const auto n = static_cast<uint32_t>(rng_.range(1, opts_.max_ops_per_batch));
    uint32_t signalled = 0;
    for (uint32_t i = 0; i < n; ++i) {
      std::optional<Op> op;
      // The program opens by filling two SBUF slots, so the first matmuls have data.
      if (b == 0 && i < 2 && opts_.dram_to_sbuf) op = make_copy(Space::Dram, Space::Sbuf, true);
      for (int attempt = 0; attempt < 8 && !op; ++attempt) op = make_op(rng_.pick(kinds_));
      if (!op) continue;  // this batch is full (every region taken)
      op->batch = b;
      isa::Sync& sync = op->inst.sync;
      // Batch 0 waits for nothing: as "no wait" or as a wait for 0, both legal.
      if (b > 0 || rng_.chance(1, 2)) sync.wait = {sem_, wait_value};
      sync.signal = {sem_, rng_.chance(3, 4) ? 1u : static_cast<uint32_t>(rng_.range(2, 4))};
      signalled += sync.signal.increment;
      for (int id : op->reads) read_by_[id] |= engine_bit(op->inst.engine);
      for (int id : op->writes) written_by_[id] |= engine_bit(op->inst.engine);
      if (op->fill) filled_[op->writes.front()] = true;  // read from the next batch on
      if (op->inst.opcode == isa::Opcode::Matmul) {
        batch_psum_.emplace_back(op->writes.front(), op->write_aps.front());
      }
      ops_.push_back(std::move(*op));
    }
    for (size_t id = 0; id < regions_.size(); ++id) touched_[id] = touched_[id] || written_by_[id];
    return signalled;
  }

  static uint8_t engine_bit(Engine e) { return static_cast<uint8_t>(1u << static_cast<int>(e)); }

  // Regions of a space that an operation of `engine` may read or write in the current batch.
  // Accesses by another engine conflict, and so do two DMA copies (queues overlap); two
  // matmuls do not when tensor chains are allowed (the tensor engine runs in order).
  std::vector<int> free_regions(const std::vector<int>& ids, bool write, Engine engine,
                                int exclude) const {
    const uint8_t ordered =
        engine == Engine::Tensor && opts_.tensor_chains ? engine_bit(Engine::Tensor) : 0;
    std::vector<int> out;
    for (int id : ids) {
      const uint8_t others_w = written_by_[id] & ~ordered;
      const uint8_t others_rw = (written_by_[id] | read_by_[id]) & ~ordered;
      const bool ok = write ? !others_rw && !regions_[id].input : !others_w;
      if (ok && id != exclude) out.push_back(id);
    }
    return out;
  }

  // A free region of a space. Reads prefer regions that hold data (`prefer`: by default those
  // written by an earlier batch, or the input area), so that data flows between batches.
  std::optional<int> pick_region(Space space, bool write, Engine engine, int exclude = -1,
                                 const std::vector<bool>* prefer = nullptr) {
    if (!write && !prefer) prefer = &touched_;
    std::vector<int> ids;
    if (space == Space::Sbuf) ids = sbuf_;
    if (space == Space::Psum) ids = psum_;
    if (space == Space::Dram) {
      // Reads come from the input area or read back an earlier batch's output, half each.
      ids = write || rng_.chance(1, 2) ? dram_out_ : dram_in_;
    }
    std::vector<int> free = free_regions(ids, write, engine, exclude);
    if (free.empty()) return std::nullopt;
    if (prefer) {
      std::vector<int> good;
      std::copy_if(free.begin(), free.end(), std::back_inserter(good),
                   [&](int id) { return (*prefer)[id]; });
      if (!good.empty() && rng_.chance(7, 8)) return rng_.pick(good);
    }
    return rng_.pick(free);
  }

  std::optional<Op> make_op(Kind kind) {
    switch (kind) {
      case Kind::DramToSbuf:
        return make_copy(Space::Dram, Space::Sbuf, rng_.chance(1, 3));
      case Kind::SbufToDram:
        return make_copy(Space::Sbuf, Space::Dram);
      case Kind::SbufToSbuf:
        return make_copy(Space::Sbuf, Space::Sbuf);
      case Kind::PsumToDram:
        return make_copy(Space::Psum, Space::Dram);
      case Kind::PsumToSbuf:
        return make_copy(Space::Psum, Space::Sbuf);
      case Kind::Matmul:
        return make_matmul();
      case Kind::Nop:
        return Op(Instruction::nop(isa::kAllEngines[rng_.below(isa::kNumEngines)]));
    }
    return std::nullopt;
  }

  // ---- operands -----------------------------------------------------------------------------
  // Places a layout on partitions [start, start + parts) of an on-chip region.
  AccessPattern onchip(const Region& reg, Format dtype, uint32_t start, uint32_t parts,
                       const Layout& l) {
    const int64_t esize = isa::element_bytes(dtype);
    const int64_t room = static_cast<int64_t>(reg.hi - reg.lo) / esize - l.span();
    // Half the operands start at the slot's first byte, so that reads meet earlier writes
    // (data flows from batch to batch) rather than the zeros SBUF and PSUM start with.
    const int64_t first =
        static_cast<int64_t>(reg.lo) + (rng_.chance(1, 2) ? 0 : rng_.range(0, room)) * esize;
    AccessPattern ap{reg.space, dtype, start, parts, 0, 0, l.dims};
    ap.address = static_cast<uint64_t>(first - l.min_off * esize);
    return ap;
  }

  // Places a layout for `parts` partitions in a DRAM slot, partition_stride apart: packed,
  // with a gap, or (reads only) 0 so every partition reads the same bytes. A third of the
  // operands are put across the 4 KiB boundary in the middle of the slot.
  AccessPattern dram(const Region& reg, Format dtype, uint32_t parts, const Layout& l,
                     bool read_only) {
    const int64_t esize = isa::element_bytes(dtype);
    const int64_t row = l.span() * esize;
    int64_t pstride = row + (rng_.chance(1, 2) ? rng_.range(0, 16) * esize : 0);
    if (read_only && parts > 1 && rng_.chance(1, 8)) pstride = 0;
    const int64_t extent = (parts - 1) * pstride + row;
    const auto size = static_cast<int64_t>(reg.hi - reg.lo);
    int64_t shift = rng_.range(0, (size - extent) / esize) * esize;
    if (rng_.chance(1, 3)) {  // straddle lo + 4 KiB: start in (4 KiB - extent, 4 KiB)
      const int64_t lo = std::max<int64_t>(0, static_cast<int64_t>(kPage) - extent + 1);
      shift = round_up(rng_.range(lo, kPage - 1), esize);
    }
    AccessPattern ap{Space::Dram, dtype, 0, parts, 0, static_cast<uint32_t>(pstride), l.dims};
    ap.address = static_cast<uint64_t>(static_cast<int64_t>(reg.lo) + shift - l.min_off * esize);
    return ap;
  }

  uint32_t partitions(Space s) const { return s == Space::Dram ? 255 : hw_.partitions(s); }

  // A partition start for `parts` partitions: 0 half the time (see onchip()), else any.
  uint32_t pick_start(Space s, uint32_t parts) {
    return rng_.chance(1, 2) ? 0 : static_cast<uint32_t>(rng_.range(0, partitions(s) - parts));
  }

  // A copy; a fill copies input data packed into a whole SBUF slot, every partition.
  std::optional<Op> make_copy(Space src_space, Space dst_space, bool fill = false) {
    const auto src_id = pick_region(src_space, false, Engine::Dma);
    if (!src_id) return std::nullopt;
    const auto dst_id = pick_region(dst_space, true, Engine::Dma, *src_id);
    if (!dst_id) return std::nullopt;
    const Region& src = regions_[*src_id];
    const Region& dst = regions_[*dst_id];

    const Format dtype = src_space == Space::Psum && rng_.chance(1, 2)
                             ? Format::Fp32
                             : kAllFormats[rng_.below(std::size(kAllFormats))];
    const int64_t esize = isa::element_bytes(dtype);
    // Per-partition budget: a copy row, and never more than the on-chip region.
    uint64_t budget = copy_bytes_;
    for (const Region* r : {&src, &dst}) {
      if (r->space != Space::Dram) budget = std::min(budget, r->hi - r->lo);
    }
    const uint32_t max_parts = std::min(partitions(src_space), partitions(dst_space));
    const auto max_elems = static_cast<uint32_t>(budget / esize);
    const uint32_t parts = fill ? max_parts : pick_size(rng_, max_parts);
    const uint32_t elems = fill ? max_elems : pick_size(rng_, max_elems);
    const bool strided = !fill && uint64_t{parts} * elems <= opts_.max_strided_elements;
    const Counts src_counts = factor(rng_, elems);
    const Counts dst_counts = rng_.chance(1, 2) ? src_counts : factor(rng_, elems);
    const int64_t span = static_cast<int64_t>(budget) / esize;
    const Layout src_l = make_layout(rng_, src_counts, true, span, strided);
    const Layout dst_l = make_layout(rng_, dst_counts, false, span, strided);

    auto place = [&](const Region& r, const Layout& l, bool read_only) {
      if (r.space == Space::Dram) return dram(r, dtype, parts, l, read_only);
      return onchip(r, dtype, pick_start(r.space, parts), parts, l);
    };
    isa::DmaCopyArgs args;
    args.src = place(src, src_l, !fill);  // a fill gives every partition its own data
    args.dst = place(dst, dst_l, false);
    // Each copy of a batch on its own queue (so channels overlap), sometimes sharing one.
    args.queue = next_queue_ > 0 && rng_.chance(1, 4) ? queues_[rng_.below(next_queue_)]
                                                      : queues_[next_queue_++ % queues_.size()];
    Op op(Instruction::dma_copy(args));
    op.read(*src_id, args.src);
    op.write(*dst_id, args.dst);
    op.fill = fill;
    return op;
  }

  std::optional<Op> make_matmul() {
    const auto st_id = pick_region(Space::Sbuf, false, Engine::Tensor, -1, &filled_);
    const auto mv_id = pick_region(Space::Sbuf, false, Engine::Tensor, -1, &filled_);
    // A chain: the same PSUM tile as an earlier matmul of this batch, back to back in the tensor
    // stream (a K-tiled GEMM), usually accumulating onto it. Otherwise a fresh tile in a free
    // bank, an accumulate preferably onto an earlier batch's result.
    std::optional<std::pair<int, AccessPattern>> chain;
    if (opts_.tensor_chains && !batch_psum_.empty() && rng_.chance(1, 3)) {
      chain = rng_.pick(batch_psum_);
    }
    const bool accumulate = chain ? rng_.chance(3, 4) : rng_.chance(1, 2);
    const auto ps_id = chain ? chain->first
                             : pick_region(Space::Psum, true, Engine::Tensor, -1,
                                           accumulate ? &touched_ : nullptr);
    if (!st_id || !mv_id || !ps_id) return std::nullopt;
    const Region& st = regions_[*st_id];
    const Region& mv = regions_[*mv_id];
    const Region& ps = regions_[*ps_id];

    const Format st_fmt = kPeInputFormats[rng_.below(4)];
    const Format mv_fmt = kPeInputFormats[rng_.below(4)];
    const auto slot_elems = [&](const Region& r, Format f) {
      return static_cast<uint32_t>((r.hi - r.lo) / isa::element_bytes(f));
    };
    const uint32_t max_n = std::min(hw_.psum_bank_entries(), slot_elems(mv, mv_fmt));
    if (chain && chain->second.free_elements() > max_n) chain.reset();  // moving would not fit
    const uint32_t k = pick_size(rng_, hw_.rows);
    const uint32_t m = chain ? chain->second.partition_count : pick_size(rng_, hw_.cols);
    const auto n =
        static_cast<uint32_t>(chain ? chain->second.free_elements() : pick_size(rng_, max_n));
    auto operand = [&](const Region& r, Format f, uint32_t parts, uint32_t free, bool read_only) {
      const Layout l = make_layout(rng_, factor(rng_, free), read_only, slot_elems(r, f), true);
      return onchip(r, f, pick_start(r.space, parts), parts, l);
    };
    isa::MatmulArgs args;
    args.stationary = operand(st, st_fmt, k, m, true);
    args.moving = operand(mv, mv_fmt, k, n, true);
    args.psum = chain ? chain->second : operand(ps, Format::Fp32, m, n, false);
    args.accumulate = accumulate;
    Op op(Instruction::matmul(args));
    op.read(*st_id, args.stationary);
    op.read(*mv_id, args.moving);
    if (args.accumulate) op.read(*ps_id, args.psum);
    op.write(*ps_id, args.psum);
    return op;
  }

  // ---- race injection (test only) -----------------------------------------------------------
  // Bytes (space, partition, address) of a set of operands.
  static std::set<std::tuple<Space, uint32_t, int64_t>> bytes(
      const std::vector<AccessPattern>& aps) {
    std::set<std::tuple<Space, uint32_t, int64_t>> out;
    for (const AccessPattern& ap : aps) {
      isa::for_each_element(ap, [&](uint32_t part, int64_t addr) {
        for (int b = 0; b < isa::element_bytes(ap.dtype); ++b)
          out.emplace(ap.space, part, addr + b);
      });
    }
    return out;
  }

  // Drops the wait of the first instruction that shares a byte with an earlier batch's operand
  // on another engine, one of them writing it: a race the model's schedules can show (the
  // regions alone would often name a conflict that touches different bytes).
  void drop_one_wait() {
    auto meet = [](const std::vector<AccessPattern>& a, const std::vector<AccessPattern>& b) {
      const auto x = bytes(a);
      const auto y = bytes(b);
      return std::any_of(x.begin(), x.end(), [&](const auto& k) { return y.count(k) > 0; });
    };
    for (Op& later : ops_) {
      for (const Op& earlier : ops_) {
        if (earlier.batch >= later.batch || earlier.inst.engine == later.inst.engine) continue;
        if (meet(later.read_aps, earlier.write_aps) || meet(later.write_aps, earlier.write_aps) ||
            meet(later.write_aps, earlier.read_aps)) {
          later.inst.sync.wait = {};
          return;
        }
      }
    }
  }

  // ---- program ------------------------------------------------------------------------------
  RandomProgram assemble(uint32_t total) {
    RandomProgram rp;
    rp.program.hw = hw_;
    rp.description = fmt::format(
        "random program: config {}, seed {}, {} batches, semaphore s{}, {} instructions\n",
        hw_.name, seed_, opts_.batches, sem_, ops_.size());
    // END: no sync, a wait for everything, or that wait and a signal of another semaphore (it
    // must not signal sem_, which would let a later batch of another engine start early).
    const auto other = static_cast<uint8_t>((sem_ + 1 + rng_.below(31)) % isa::kNumSemaphores);
    for (Engine e : isa::kAllEngines) {
      std::vector<const Op*> mine;
      for (const Op& op : ops_) {
        if (op.inst.engine == e) mine.push_back(&op);
      }
      // An engine without work gets no stream, or now and then a stream that is only END.
      if (mine.empty() && !rng_.chance(1, 4)) continue;
      isa::Sync end_sync;
      if (rng_.chance(2, 3)) end_sync.wait = {sem_, total};
      if (end_sync.wait.sem != isa::kSemNone && rng_.chance(1, 2)) end_sync.signal = {other, 1};
      const Op end(Instruction::end(e, end_sync), opts_.batches);
      mine.push_back(&end);

      isa::StreamImage s{e, kCodeBase + static_cast<uint64_t>(e) * code_stride_, {}};
      for (const Op* op : mine) {
        const uint64_t addr = s.address + s.code.size() * isa::kInstructionBytes;
        s.code.push_back(checked(*op, addr, rp.description));
      }
      rp.program.streams.push_back(std::move(s));
    }
    isa::Segment data{data_base_, std::vector<uint8_t>((kInputSlots + kOutputSlots) * dram_slot_)};
    for (uint8_t& b : data.bytes) b = data_byte(rng_);
    rp.program.segments.push_back(std::move(data));
    isa::check_program(rp.program);
    return rp;
  }

  // Encodes an instruction, proves it legal as the hardware would, and describes it.
  isa::InstructionWords checked(const Op& op, uint64_t addr, std::string& description) const {
    const isa::InstructionWords w = isa::encode(op.inst);
    const isa::Diagnostic d = isa::hardware_error(w, hw_, op.inst.engine);
    const std::string text = isa::disassemble(op.inst, &hw_);
    if (!d.ok()) {
      throw std::logic_error(
          fmt::format("random_program (seed {}) made an illegal instruction: "
                      "{}: {}\n  {}",
                      seed_, isa::error_name(d.code), d.message, text));
    }
    description += fmt::format("  b{:<2} {:<6} {:#010x}  {}\n", op.batch,
                               isa::engine_name(op.inst.engine), addr, text);
    return w;
  }

  const isa::HwConfig& hw_;
  const RandomProgramOptions& opts_;
  uint64_t seed_;
  Rng rng_;
  std::vector<Kind> kinds_;
  uint32_t copy_bytes_ = 0;
  uint64_t dram_slot_ = 0;
  uint64_t code_stride_ = 0;
  uint64_t data_base_ = 0;
  uint8_t sem_ = 0;

  std::vector<Region> regions_;
  std::vector<int> sbuf_, psum_, dram_in_, dram_out_;  // region ids
  std::vector<uint8_t> read_by_, written_by_;          // engine_bit()s, in the batch being built
  std::vector<std::pair<int, AccessPattern>> batch_psum_;  // bank, tile of its matmuls
  std::vector<bool> touched_;    // written by an earlier batch (input data from the start)
  std::vector<bool> filled_;     // SBUF slots filled by an earlier batch
  std::vector<uint8_t> queues_;  // this batch's queue order
  uint32_t next_queue_ = 0;
  std::vector<Op> ops_;
};

}  // namespace

RandomProgram random_program(const isa::HwConfig& hw, uint64_t seed,
                             const RandomProgramOptions& opts) {
  return Generator(hw, seed, opts).run();
}

}  // namespace tessel::core
