// The program file: round trips, the byte layout documented in docs/isa.md ("Program file"), and
// a clear ProgramError for every kind of malformed file. Offsets below come from the doc's
// table: an 80-byte header, 24-byte stream entries, 16-byte segment entries, 64-byte symbols.
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <unistd.h>

#include <fmt/format.h>
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include "isa/encoding.h"
#include "isa/program.h"
#include "isa_test_util.h"

namespace {

using namespace tessel::isa;
using namespace tessel::isa::test;
using Catch::Matchers::ContainsSubstring;
using tessel::Format;

// Two streams (tensor at 0x2000, DMA at 0x3000), two segments, two symbols, on small.
Program example_program() {
  Program p;
  p.hw = small_hw();
  const InstructionWords end_t = encode(Instruction::end(Engine::Tensor));
  const InstructionWords end_d = encode(Instruction::end(Engine::Dma));
  const InstructionWords nop = encode(Instruction::nop(Engine::Tensor, sync(1, 2, 3, 4)));
  InstructionWords illegal = end_t;
  illegal[0] = 0xFFFFFFFF;  // a program may carry illegal instructions (error tests do)
  p.streams.push_back({Engine::Tensor, 0x2000, {nop, illegal, end_t}});
  p.streams.push_back({Engine::Dma, 0x3000, {end_d}});
  p.segments.push_back({0x0, std::vector<uint8_t>{1, 2, 3, 4, 5}});
  p.segments.push_back({0x1000, std::vector<uint8_t>(300, 0xAB)});
  p.symbols.push_back({"a", 0x0, Format::Bf16, {2, 2}});
  p.symbols.push_back({"out_tensor", 0x1000, Format::Fp8E5M2, {3, 2, 5, 10}});
  return p;
}

// Offsets of example_program()'s tables (2 streams, 2 segments, 2 symbols).
constexpr size_t kStreams = 80;
constexpr size_t kSegments = kStreams + 2 * 24;
constexpr size_t kSymbols = kSegments + 2 * 16;
constexpr size_t kPayload = kSymbols + 2 * 64;
constexpr size_t kFileBytes = kPayload + 4 * 64 + 5 + 300;

uint64_t get(const std::vector<uint8_t>& b, size_t off, int n) {
  uint64_t v = 0;
  for (int i = 0; i < n; ++i) v |= uint64_t{b[off + i]} << (8 * i);
  return v;
}

// Overwrites n bytes at off with v (little-endian).
std::vector<uint8_t> put(std::vector<uint8_t> b, size_t off, uint64_t v, int n) {
  for (int i = 0; i < n; ++i) b.at(off + i) = static_cast<uint8_t>(v >> (8 * i));
  return b;
}

std::vector<uint8_t> put_name(std::vector<uint8_t> b, size_t off, const std::string& name) {
  for (size_t i = 0; i < 32; ++i) b.at(off + i) = i < name.size() ? name[i] : 0;
  return b;
}

TEST_CASE("a program survives serialize -> parse and write -> read", "[isa][program]") {
  const Program p = example_program();
  const std::vector<uint8_t> bytes = serialize_program(p);
  CHECK(parse_program(bytes) == p);

  const std::string path =
      (std::filesystem::temp_directory_path() / fmt::format("tessel_prog_{}.tsl", ::getpid()))
          .string();
  write_program_file(path, p);
  CHECK(read_program_file(path) == p);
  std::remove(path.c_str());
}

TEST_CASE("the program file layout of docs/isa.md", "[isa][program]") {
  const std::vector<uint8_t> b = serialize_program(example_program());
  REQUIRE(b.size() == kFileBytes);
  CHECK(std::string(b.begin(), b.begin() + 8) == "TESSELPG");
  CHECK(get(b, 8, 4) == 1);   // version
  CHECK(get(b, 12, 4) == 0);  // reserved
  CHECK(std::string(reinterpret_cast<const char*>(&b[16])) == "small");
  CHECK(get(b, 32, 4) == 16);                 // rows
  CHECK(get(b, 36, 4) == 16);                 // cols
  CHECK(get(b, 40, 4) == 65536);              // SBUF bytes per partition
  CHECK(get(b, 44, 4) == 8);                  // PSUM banks
  CHECK(get(b, 48, 4) == 2048);               // PSUM bank bytes
  CHECK(get(b, 56, 8) == uint64_t{1} << 32);  // DRAM bytes
  CHECK(get(b, 64, 4) == 2);                  // streams
  CHECK(get(b, 68, 4) == 2);                  // segments
  CHECK(get(b, 72, 4) == 2);                  // symbols
  // Stream entry 1: engine 3 (DMA), address 0x3000, 64 bytes.
  CHECK(get(b, kStreams + 24, 4) == 3);
  CHECK(get(b, kStreams + 24 + 8, 8) == 0x3000);
  CHECK(get(b, kStreams + 24 + 16, 8) == 64);
  // Segment entry 1: address 0x1000, 300 bytes.
  CHECK(get(b, kSegments + 16, 8) == 0x1000);
  CHECK(get(b, kSegments + 24, 8) == 300);
  // Symbol 1: name, address, dtype 4 (fp8e5m2), rank 4, shape.
  CHECK(std::string(reinterpret_cast<const char*>(&b[kSymbols + 64])) == "out_tensor");
  CHECK(get(b, kSymbols + 64 + 32, 8) == 0x1000);
  CHECK(get(b, kSymbols + 64 + 40, 4) == 4);
  CHECK(get(b, kSymbols + 64 + 44, 4) == 4);
  CHECK(get(b, kSymbols + 64 + 48, 4) == 3);
  CHECK(get(b, kSymbols + 64 + 60, 4) == 10);
  // Payloads: the tensor stream's first instruction (nop: wait s1>=2, signal s3+4, engine 0).
  CHECK(get(b, kPayload, 4) == 0x03010000);
  CHECK(get(b, kPayload + 4, 4) == 0x04000002);
  CHECK(b[kFileBytes - 300 - 5] == 1);  // segment 0 follows the code
  CHECK(b[kFileBytes - 1] == 0xAB);
}

TEST_CASE("every truncation of a program file is reported", "[isa][program]") {
  const std::vector<uint8_t> b = serialize_program(example_program());
  for (size_t n = 0; n < b.size(); ++n) {
    INFO("file cut to " << n << " bytes");
    const std::vector<uint8_t> cut(b.begin(), b.begin() + n);
    CHECK_THROWS_WITH(parse_program(cut), ContainsSubstring("truncated"));
  }
}

struct Malformed {
  const char* name;
  std::vector<uint8_t> bytes;
  const char* message;  // a part of the expected error
};

std::vector<Malformed> malformed_files() {
  const std::vector<uint8_t> b = serialize_program(example_program());
  std::vector<uint8_t> trailing = b;
  trailing.push_back(0);
  std::vector<uint8_t> long_name = b;
  for (size_t i = 16; i < 32; ++i) long_name.at(i) = 'x';
  const size_t s1 = kStreams + 24;   // stream entry 1 (DMA)
  const size_t g1 = kSegments + 16;  // segment entry 1
  const size_t y1 = kSymbols + 64;   // symbol entry 1
  return {
      {"bad magic", put(b, 0, 'X', 1), "bad magic"},
      {"version 2", put(b, 8, 2, 4), "unsupported version 2"},
      {"reserved header word", put(b, 12, 1, 4), "must be 0"},
      {"configuration name without NUL", long_name, "terminating NUL"},
      {"configuration with 0 rows", put(b, 32, 0, 4), "rows = 0"},
      {"PSUM bank of 6 bytes", put(b, 48, 6, 4), "psum_bank_bytes = 6"},
      {"5 streams", put(b, 64, 5, 4), "5 streams"},
      {"stream of 100 bytes", put(b, s1 + 16, 100, 8), "not a multiple of 64"},
      {"engine 4", put(b, s1, 4, 4), "engine 4 does not exist"},
      {"two tensor streams", put(b, s1, 0, 4), "two streams for engine 'tensor'"},
      {"stream not 64-byte aligned", put(b, s1 + 8, 0x3010, 8), "not 64-byte aligned"},
      {"overlapping segments", put(b, g1, 0x4, 8), "overlaps"},
      {"segment over a stream", put(b, g1, 0x2080, 8), "overlaps stream 'tensor'"},
      {"stream beyond DRAM", put(b, s1 + 8, uint64_t{1} << 32, 8), "outside DRAM"},
      {"symbol dtype 9", put(b, y1 + 40, 9, 4), "dtype 9 is not a format"},
      {"symbol rank 5", put(b, y1 + 44, 5, 4), "rank 5"},
      {"symbol extent beyond its rank", put(put(b, y1 + 44, 3, 4), y1 + 60, 7, 4), "beyond rank 3"},
      {"symbol with a zero extent", put(b, y1 + 48, 0, 4), "zero extent"},
      {"duplicate symbol", put_name(b, y1, "a"), "defined twice"},
      {"symbol outside DRAM", put(b, y1 + 32, uint64_t{1} << 32, 8), "outside DRAM"},
      {"trailing bytes", trailing, "1 trailing bytes"},
  };
}

TEST_CASE("each kind of malformed program file gives its error", "[isa][program]") {
  for (const Malformed& m : malformed_files()) {
    INFO(m.name);
    CHECK_THROWS_AS(parse_program(m.bytes), ProgramError);
    CHECK_THROWS_WITH(parse_program(m.bytes), ContainsSubstring(m.message));
  }
}

TEST_CASE("the writer refuses programs the reader would reject", "[isa][program]") {
  Program empty_stream = example_program();
  empty_stream.streams[1].code.clear();
  CHECK_THROWS_WITH(serialize_program(empty_stream), ContainsSubstring("stream 'dma' is empty"));
  Program bad_name = example_program();
  bad_name.symbols[0].name = std::string(32, 'n');
  CHECK_THROWS_AS(serialize_program(bad_name), ProgramError);
  Program no_config = example_program();
  no_config.hw.name = "";
  CHECK_THROWS_AS(serialize_program(no_config), ProgramError);
}

TEST_CASE("reading a missing file names it", "[isa][program]") {
  CHECK_THROWS_WITH(read_program_file("/nonexistent/tessel.tsl"),
                    ContainsSubstring("/nonexistent/tessel.tsl: cannot open"));
}

}  // namespace
