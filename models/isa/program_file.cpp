// The binary program file (docs/isa.md, "Program file"): writer and checking reader.
#include "isa/program.h"

#include <algorithm>
#include <cstring>
#include <fstream>
#include <iterator>

#include <fmt/format.h>

#include "isa/encoding.h"

namespace tessel::isa {
namespace {

constexpr size_t kStreamEntryBytes = 24;
constexpr size_t kSegmentEntryBytes = 16;
constexpr size_t kSymbolEntryBytes = 64;
constexpr size_t kConfigNameBytes = 16;
constexpr size_t kSymbolNameBytes = 32;

[[noreturn]] void fail(const std::string& message) { throw ProgramError(message); }

// Little-endian writer.
class Writer {
 public:
  void u32(uint32_t v) { le(v, 4); }
  void u64(uint64_t v) { le(v, 8); }
  void bytes(const void* p, size_t n) {
    const auto* b = static_cast<const uint8_t*>(p);
    out_.insert(out_.end(), b, b + n);
  }
  void text(const std::string& s, size_t field) {  // NUL-padded
    bytes(s.data(), s.size());
    out_.insert(out_.end(), field - s.size(), 0);
  }
  std::vector<uint8_t> take() { return std::move(out_); }

 private:
  void le(uint64_t v, int n) {
    for (int i = 0; i < n; ++i) out_.push_back(static_cast<uint8_t>(v >> (8 * i)));
  }
  std::vector<uint8_t> out_;
};

// Little-endian reader that names what it was reading when the file ends too early.
class Reader {
 public:
  explicit Reader(const std::vector<uint8_t>& data) : data_(data) {}

  void need(size_t n, const std::string& what) const {
    if (n > data_.size() - pos_) {
      fail(fmt::format("truncated: {} needs {} bytes at offset {}, the file has {} bytes", what, n,
                       pos_, data_.size()));
    }
  }
  uint32_t u32(const std::string& what) { return static_cast<uint32_t>(le(4, what)); }
  uint64_t u64(const std::string& what) { return le(8, what); }
  const uint8_t* take(size_t n, const std::string& what) {
    need(n, what);
    const uint8_t* p = data_.data() + pos_;
    pos_ += n;
    return p;
  }
  // A NUL-padded string of 1..field-1 characters.
  std::string text(size_t field, const std::string& what) {
    const auto* p = reinterpret_cast<const char*>(take(field, what));
    const size_t len = strnlen(p, field);
    if (len == 0 || len == field) {
      fail(fmt::format("{} must have 1 to {} characters and a terminating NUL", what, field - 1));
    }
    if (std::any_of(p + len, p + field, [](char c) { return c != 0; })) {
      fail(fmt::format("{} has bytes after its terminating NUL", what));
    }
    return std::string(p, len);
  }
  void reserved32(const std::string& what) {
    if (const uint32_t v = u32(what)) fail(fmt::format("{} is {:#x}, must be 0", what, v));
  }
  size_t pos() const { return pos_; }
  size_t remaining() const { return data_.size() - pos_; }

 private:
  uint64_t le(int n, const std::string& what) {
    const uint8_t* p = take(n, what);
    uint64_t v = 0;
    for (int i = 0; i < n; ++i) v |= uint64_t{p[i]} << (8 * i);
    return v;
  }
  const std::vector<uint8_t>& data_;
  size_t pos_ = 0;
};

std::string stream_name(const StreamImage& s) {
  return fmt::format("stream '{}'", engine_name(s.engine));
}

}  // namespace

std::vector<uint8_t> serialize_program(const Program& p) {
  check_program(p);
  Writer w;
  w.bytes(kProgramMagic, sizeof kProgramMagic);
  w.u32(kProgramVersion);
  w.u32(0);
  w.text(p.hw.name, kConfigNameBytes);
  for (uint32_t v : {p.hw.rows, p.hw.cols, p.hw.sbuf_bytes_per_partition, p.hw.psum_banks,
                     p.hw.psum_bank_bytes, 0u}) {
    w.u32(v);
  }
  w.u64(p.hw.dram_bytes);
  for (size_t n : {p.streams.size(), p.segments.size(), p.symbols.size(), size_t{0}}) {
    w.u32(static_cast<uint32_t>(n));
  }
  for (const StreamImage& s : p.streams) {
    w.u32(static_cast<uint32_t>(s.engine));
    w.u32(0);
    w.u64(s.address);
    w.u64(s.code.size() * kInstructionBytes);
  }
  for (const Segment& s : p.segments) {
    w.u64(s.address);
    w.u64(s.bytes.size());
  }
  for (const Symbol& s : p.symbols) {
    w.text(s.name, kSymbolNameBytes);
    w.u64(s.address);
    w.u32(static_cast<uint32_t>(s.dtype));
    w.u32(static_cast<uint32_t>(s.shape.size()));
    for (size_t i = 0; i < kMaxSymbolRank; ++i) w.u32(i < s.shape.size() ? s.shape[i] : 0);
  }
  for (const StreamImage& s : p.streams) {
    for (const InstructionWords& inst : s.code) {
      const auto bytes = to_bytes(inst);
      w.bytes(bytes.data(), bytes.size());
    }
  }
  for (const Segment& s : p.segments) w.bytes(s.bytes.data(), s.bytes.size());
  return w.take();
}

namespace {

HwConfig read_hw(Reader& r) {
  HwConfig hw;
  hw.name = r.text(kConfigNameBytes, "configuration name");
  hw.rows = r.u32("rows");
  hw.cols = r.u32("cols");
  hw.sbuf_bytes_per_partition = r.u32("sbuf bytes per partition");
  hw.psum_banks = r.u32("psum banks");
  hw.psum_bank_bytes = r.u32("psum bank bytes");
  r.reserved32("header reserved word at offset 52");
  hw.dram_bytes = r.u64("dram bytes");
  return hw;
}

// Table entries give payload lengths; payloads follow the tables in table order.
struct PendingStream {
  StreamImage image;
  uint64_t bytes;
};

PendingStream read_stream_entry(Reader& r, uint32_t i) {
  const std::string what = fmt::format("stream table entry {}", i);
  PendingStream s;
  const uint32_t engine = r.u32(what);
  if (engine >= kNumEngines) fail(fmt::format("{}: engine {} does not exist", what, engine));
  s.image.engine = static_cast<Engine>(engine);
  r.reserved32(what + " reserved word");
  s.image.address = r.u64(what);
  s.bytes = r.u64(what);
  if (s.bytes % kInstructionBytes != 0) {
    fail(fmt::format("stream '{}': {} bytes is not a multiple of {}-byte instructions",
                     engine_name(s.image.engine), s.bytes, kInstructionBytes));
  }
  return s;
}

Symbol read_symbol_entry(Reader& r, uint32_t i) {
  const std::string what = fmt::format("symbol table entry {}", i);
  Symbol s;
  s.name = r.text(kSymbolNameBytes, what + " name");
  s.address = r.u64(what);
  const uint32_t dtype = r.u32(what);
  if (dtype > static_cast<uint32_t>(Format::Fp8E5M2)) {
    fail(fmt::format("{}: dtype {} is not a format", what, dtype));
  }
  s.dtype = static_cast<Format>(dtype);
  const uint32_t rank = r.u32(what);
  if (rank == 0 || rank > kMaxSymbolRank) {
    fail(fmt::format("{}: rank {} not in 1..{}", what, rank, kMaxSymbolRank));
  }
  for (size_t d = 0; d < kMaxSymbolRank; ++d) {
    const uint32_t e = r.u32(what);
    if (d < rank) {
      s.shape.push_back(e);
    } else if (e != 0) {
      fail(fmt::format("{}: extent {} beyond rank {} is not 0", what, d, rank));
    }
  }
  return s;
}

const uint8_t* take_payload(Reader& r, uint64_t bytes, const std::string& what) {
  if (bytes > r.remaining()) {
    fail(fmt::format("truncated: {} needs {} bytes at offset {}, only {} remain", what, bytes,
                     r.pos(), r.remaining()));
  }
  return r.take(static_cast<size_t>(bytes), what);
}

}  // namespace

Program parse_program(const std::vector<uint8_t>& data) {
  Reader r(data);
  const uint8_t* magic = r.take(sizeof kProgramMagic, "magic");
  if (std::memcmp(magic, kProgramMagic, sizeof kProgramMagic) != 0) {
    fail("bad magic: not a Tessel program file (expected \"TESSELPG\")");
  }
  const uint32_t version = r.u32("version");
  if (version != kProgramVersion) {
    fail(fmt::format("unsupported version {} (this reader reads version {})", version,
                     kProgramVersion));
  }
  r.reserved32("header reserved word at offset 12");
  Program p;
  p.hw = read_hw(r);
  const uint32_t n_streams = r.u32("stream count");
  const uint32_t n_segments = r.u32("segment count");
  const uint32_t n_symbols = r.u32("symbol count");
  r.reserved32("header reserved word at offset 76");
  if (n_streams > kNumEngines) {
    fail(fmt::format("{} streams for {} engines", n_streams, kNumEngines));
  }
  // Table sizes are checked against the file before anything is allocated for them.
  r.need(n_streams * kStreamEntryBytes + uint64_t{n_segments} * kSegmentEntryBytes +
             uint64_t{n_symbols} * kSymbolEntryBytes,
         "the stream, segment and symbol tables");
  std::vector<PendingStream> streams;
  for (uint32_t i = 0; i < n_streams; ++i) streams.push_back(read_stream_entry(r, i));
  std::vector<uint64_t> segment_bytes;
  for (uint32_t i = 0; i < n_segments; ++i) {
    const std::string what = fmt::format("segment table entry {}", i);
    p.segments.push_back({r.u64(what), {}});
    segment_bytes.push_back(r.u64(what));
  }
  for (uint32_t i = 0; i < n_symbols; ++i) p.symbols.push_back(read_symbol_entry(r, i));
  for (PendingStream& s : streams) {
    const uint8_t* code = take_payload(r, s.bytes, stream_name(s.image) + " code");
    for (uint64_t off = 0; off < s.bytes; off += kInstructionBytes) {
      s.image.code.push_back(from_bytes(code + off));
    }
    p.streams.push_back(std::move(s.image));
  }
  for (size_t i = 0; i < p.segments.size(); ++i) {
    const uint8_t* b = take_payload(r, segment_bytes[i], fmt::format("segment {} data", i));
    p.segments[i].bytes.assign(b, b + segment_bytes[i]);
  }
  if (r.remaining() != 0) {
    fail(fmt::format("{} trailing bytes after the last segment (offset {})", r.remaining(),
                     r.pos()));
  }
  check_program(p);
  return p;
}

void write_program_file(const std::string& path, const Program& program) {
  const std::vector<uint8_t> bytes = serialize_program(program);
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  if (!f) throw ProgramError(fmt::format("{}: cannot write", path));
}

Program read_program_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw ProgramError(fmt::format("{}: cannot open", path));
  const std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(f)),
                                   std::istreambuf_iterator<char>());
  try {
    return parse_program(bytes);
  } catch (const ProgramError& e) {
    throw ProgramError(fmt::format("{}: {}", path, e.what()));
  }
}

}  // namespace tessel::isa
