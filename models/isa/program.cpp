// The program container and its consistency rules (docs/isa.md, "Program file").
#include "isa/program.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

namespace tessel::isa {
namespace {

[[noreturn]] void fail(const std::string& message) { throw ProgramError(message); }

struct DeviceRange {
  uint64_t lo;
  uint64_t hi;
  std::string what;
};

std::string stream_name(const StreamImage& s) {
  return fmt::format("stream '{}'", engine_name(s.engine));
}

void check_streams(const Program& p, std::vector<DeviceRange>& ranges) {
  std::set<Engine> seen;
  for (const StreamImage& s : p.streams) {
    if (!is_defined(s.engine)) {
      fail(fmt::format("stream for engine {}, which does not exist",
                       static_cast<unsigned>(s.engine)));
    }
    if (!seen.insert(s.engine).second) {
      fail(fmt::format("two streams for engine '{}'", engine_name(s.engine)));
    }
    if (s.code.empty()) fail(stream_name(s) + " is empty");
    if (s.address % kInstructionBytes != 0) {
      fail(fmt::format("{} at {:#x} is not 64-byte aligned", stream_name(s), s.address));
    }
    ranges.push_back({s.address, s.address + s.code.size() * kInstructionBytes, stream_name(s)});
  }
}

void check_symbols(const Program& p) {
  std::set<std::string> names;
  for (const Symbol& s : p.symbols) {
    const std::string what = fmt::format("symbol '{}'", s.name);
    if (s.name.empty() || s.name.size() > kMaxSymbolName) {
      fail(fmt::format("{}: name must have 1 to {} characters", what, kMaxSymbolName));
    }
    if (s.name.find('\0') != std::string::npos) fail(what + ": name contains NUL");
    if (!names.insert(s.name).second) fail(what + " defined twice");
    if (!is_defined(s.dtype)) fail(what + ": undefined dtype");
    if (s.shape.empty() || s.shape.size() > kMaxSymbolRank) {
      fail(fmt::format("{}: rank {} not in 1..{}", what, s.shape.size(), kMaxSymbolRank));
    }
    if (std::count(s.shape.begin(), s.shape.end(), 0u) != 0) fail(what + ": zero extent");
    if (s.address > p.hw.dram_bytes || s.bytes() > p.hw.dram_bytes - s.address) {
      fail(fmt::format("{} [{:#x}, +{:#x}) outside DRAM", what, s.address, s.bytes()));
    }
  }
}

}  // namespace

uint64_t Symbol::bytes() const {
  uint64_t n = is_defined(dtype) ? element_bytes(dtype) : 0;
  for (uint32_t e : shape) n *= e;
  return n;
}

const StreamImage* Program::stream(Engine e) const {
  for (const StreamImage& s : streams) {
    if (s.engine == e) return &s;
  }
  return nullptr;
}

const Symbol& Program::symbol(const std::string& name) const {
  for (const Symbol& s : symbols) {
    if (s.name == name) return s;
  }
  throw std::out_of_range("program has no symbol '" + name + "'");
}

bool operator==(const Program& a, const Program& b) {
  auto same_stream = [](const StreamImage& x, const StreamImage& y) {
    return x.engine == y.engine && x.address == y.address && x.code == y.code;
  };
  auto same_segment = [](const Segment& x, const Segment& y) {
    return x.address == y.address && x.bytes == y.bytes;
  };
  auto same_symbol = [](const Symbol& x, const Symbol& y) {
    return x.name == y.name && x.address == y.address && x.dtype == y.dtype && x.shape == y.shape;
  };
  return a.hw == b.hw &&
         std::equal(a.streams.begin(), a.streams.end(), b.streams.begin(), b.streams.end(),
                    same_stream) &&
         std::equal(a.segments.begin(), a.segments.end(), b.segments.begin(), b.segments.end(),
                    same_segment) &&
         std::equal(a.symbols.begin(), a.symbols.end(), b.symbols.begin(), b.symbols.end(),
                    same_symbol);
}

void check_program(const Program& p) {
  try {
    check_hw_config(p.hw);
  } catch (const std::invalid_argument& e) {
    fail(e.what());
  }
  std::vector<DeviceRange> ranges;
  check_streams(p, ranges);
  for (size_t i = 0; i < p.segments.size(); ++i) {
    const Segment& s = p.segments[i];
    const std::string what = fmt::format("segment {}", i);
    if (s.bytes.empty()) fail(what + " is empty");
    ranges.push_back({s.address, s.address + s.bytes.size(), what});
  }
  for (const DeviceRange& r : ranges) {
    if (r.hi < r.lo || r.hi > p.hw.dram_bytes) {
      fail(fmt::format("{} [{:#x}, {:#x}) outside DRAM [0, {:#x})", r.what, r.lo, r.hi,
                       p.hw.dram_bytes));
    }
  }
  std::sort(ranges.begin(), ranges.end(),
            [](const DeviceRange& a, const DeviceRange& b) { return a.lo < b.lo; });
  for (size_t i = 1; i < ranges.size(); ++i) {
    if (ranges[i].lo < ranges[i - 1].hi) {
      fail(fmt::format("{} [{:#x}, {:#x}) overlaps {} [{:#x}, {:#x})", ranges[i].what, ranges[i].lo,
                       ranges[i].hi, ranges[i - 1].what, ranges[i - 1].lo, ranges[i - 1].hi));
    }
  }
  check_symbols(p);
}

}  // namespace tessel::isa
