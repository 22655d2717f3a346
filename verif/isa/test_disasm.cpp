// The disassembler against expected lines written by hand from docs/isa.md ("Assembly
// notation"), and the tessel_disasm command-line tool run as a separate process.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include "isa/disasm.h"
#include "isa/encoding.h"
#include "isa/program.h"
#include "isa_test_util.h"

#ifndef TESSEL_DISASM
#error "TESSEL_DISASM must name the tessel_disasm executable"
#endif

namespace {

using namespace tessel::isa;
using namespace tessel::isa::test;
using Catch::Matchers::ContainsSubstring;
using Catch::Matchers::EndsWith;
using Catch::Matchers::StartsWith;
using tessel::Format;

Instruction example_matmul(uint64_t psum_offset) {
  return Instruction::matmul({psum(0, 16, psum_offset, 512), sbuf(Format::Bf16, 0, 16, 0x100, 16),
                              sbuf(Format::Bf16, 0, 16, 0x400, 512), true},
                             sync(3, 2, 4, 1));
}

TEST_CASE("disassembly of a matmul", "[isa][disasm]") {
  const HwConfig hw = small_hw();
  CHECK(disassemble(example_matmul(0x1000), &hw) ==
        "matmul psum[0:16, bank 2 + 0 | 512 fp32] += sbuf[0:16, @0x100 | 16 bf16]^T @ "
        "sbuf[0:16, @0x400 | 512 bf16]  wait s3>=2 signal s4+1");
  // Without a configuration the PSUM bank size is unknown: a plain byte offset.
  CHECK(disassemble(example_matmul(0x1000)) ==
        "matmul psum[0:16, @0x1000 | 512 fp32] += sbuf[0:16, @0x100 | 16 bf16]^T @ "
        "sbuf[0:16, @0x400 | 512 bf16]  wait s3>=2 signal s4+1");
  Instruction overwrite = example_matmul(0x3840);  // bank 7 (0x3800) + 0x40 bytes
  std::get<MatmulArgs>(overwrite.args).accumulate = false;
  overwrite.sync = {};
  CHECK(disassemble(overwrite, &hw) ==
        "matmul psum[0:16, bank 7 + 0x40 | 512 fp32] = sbuf[0:16, @0x100 | 16 bf16]^T @ "
        "sbuf[0:16, @0x400 | 512 bf16]");
}

TEST_CASE("disassembly of DMA copies and access patterns", "[isa][disasm]") {
  AccessPattern src = dram(Format::Fp16, 0xABCDEF012340ull, 4, 0x100, 8);
  src.dims[2].stride = -2;
  const Instruction load = Instruction::dma_copy({sbuf(Format::Fp16, 2, 4, 0x40, 8), src, 5},
                                                 sync(kSemNone, 0, 31, 255));
  CHECK(disassemble(load) ==
        "dma_copy q5 sbuf[2:6, @0x40 | 8 fp16] <- dram[4 x 256B, @0xabcdef012340 | [-2,8] fp16]"
        "  signal s31+255");

  // A packed 2-D tile prints its extents; a strided one NKI-style [stride,count] pairs.
  AccessPattern packed = sbuf(Format::Fp8E4M3, 0, 4, 0, 16);
  packed.dims[1] = {16, 4};
  AccessPattern strided = sbuf(Format::Fp8E4M3, 4, 4, 0x100, 16);
  strided.dims[1] = {32, 4};
  strided.dims[2] = {2, 16};
  CHECK(disassemble(Instruction::dma_copy({packed, strided, 0})) ==
        "dma_copy q0 sbuf[0:4, @0 | 4x16 fp8e4m3] <- sbuf[4:8, @0x100 | [32,4][2,16] fp8e4m3]");

  // One element per partition; three packed dims.
  AccessPattern one = dram(Format::Fp32, 0x40, 2, 4, 1);
  AccessPattern cube = sbuf(Format::Fp32, 0, 2, 0x10, 2);
  cube.dims = {Dim{6, 5}, Dim{2, 3}, Dim{1, 2}};
  CHECK(format_access_pattern(one) == "dram[2 x 4B, @0x40 | 1 fp32]");
  CHECK(format_access_pattern(cube) == "sbuf[0:2, @0x10 | 5x3x2 fp32]");
}

TEST_CASE("disassembly of nop and end", "[isa][disasm]") {
  CHECK(disassemble(Instruction::end(Engine::Tensor)) == "end");
  CHECK(disassemble(Instruction::nop(Engine::Vector, sync(7, 100, kSemNone, 0))) ==
        "nop  wait s7>=100");
  CHECK(disassemble(Instruction::end(Engine::Scalar, sync(0, 1, 1, 2))) ==
        "end  wait s0>=1 signal s1+2");
}

TEST_CASE("disassembly of illegal and out-of-range encodings", "[isa][disasm]") {
  InstructionWords w = encode(example_matmul(0x1000));
  w[0] = (w[0] & ~0xFFu) | 0x20;
  CHECK(disassemble(w) ==
        "<illegal: IllegalOpcode: opcode 0x20 is not defined (reserved for the vector/scalar "
        "engines)>");
  // Valid bits, but partitions beyond tiny's 4 rows: the fault follows the instruction.
  const HwConfig tiny = tiny_hw();
  const Instruction far = Instruction::matmul({psum(0, 4, 0, 8), sbuf(Format::Bf16, 2, 4, 0, 4),
                                               sbuf(Format::Bf16, 2, 4, 0x100, 8), false});
  CHECK(disassemble(encode(far), &tiny) ==
        "matmul psum[0:4, bank 0 + 0 | 8 fp32] = sbuf[2:6, @0 | 4 bf16]^T @ "
        "sbuf[2:6, @0x100 | 8 bf16]  ; AddressOutOfRange: stationary: partitions [2, 6) "
        "outside sbuf [0, 4)");
  // In a stream of another engine.
  CHECK_THAT(disassemble(encode(far), &tiny, Engine::Dma),
             StartsWith("<illegal: BadField: matmul instruction for the tensor engine"));
}

Program small_program() {
  Program p;
  p.hw = tiny_hw();
  p.symbols.push_back({"x", 0, Format::Bf16, {4, 8}});
  p.segments.push_back({0, std::vector<uint8_t>(64, 0x11)});
  const Instruction mm = Instruction::matmul({psum(0, 4, 0x100, 8), sbuf(Format::Bf16, 0, 4, 0, 4),
                                              sbuf(Format::Bf16, 0, 4, 0x100, 8), false},
                                             sync(0, 1, kSemNone, 0));
  p.streams.push_back(
      {Engine::Tensor, 0x1000, {encode(mm), encode(Instruction::end(Engine::Tensor))}});
  return p;
}

TEST_CASE("program listing", "[isa][disasm]") {
  int faults = -1;
  CHECK(program_listing(small_program(), {}, &faults) ==
        "program for configuration 'tiny': 4 x 4 PEs, SBUF 4096 B/partition, PSUM 8 x 256 B, "
        "DRAM 0x100000 B\n"
        "symbol x @0x0 bf16[4, 8]\n"
        "data @0x0, 64 bytes\n"
        "\n"
        "stream tensor @0x1000, 2 instructions:\n"
        "  0x00001000  matmul psum[0:4, bank 1 + 0 | 8 fp32] = sbuf[0:4, @0 | 4 bf16]^T @ "
        "sbuf[0:4, @0x100 | 8 bf16]  wait s0>=1\n"
        "  0x00001040  end\n");
  CHECK(faults == 0);
  const std::string raw = program_listing(small_program(), {true}, &faults);
  // end on the tensor engine: wait and signal "none" (0x3F) | engine 0 | opcode 0x01.
  CHECK_THAT(raw, ContainsSubstring("3f3f0001 00000000 00000000"));
}

// ---------------------------------------------------------------------------------------------
// The command-line tool.

struct Run {
  int status;
  std::string out;
  std::string err;
};

std::string slurp(const std::filesystem::path& p) {
  std::ifstream f(p);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

class TempDir {
 public:
  TempDir()
      : path_(std::filesystem::temp_directory_path() /
              fmt::format("tessel_isa_test_{}", ::getpid())) {
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

Run run_disasm(const TempDir& dir, const std::string& args) {
  const auto out = dir / "out.txt";
  const auto err = dir / "err.txt";
  const std::string cmd =
      fmt::format("'{}' {} >'{}' 2>'{}'", TESSEL_DISASM, args, out.string(), err.string());
  const int rc = std::system(cmd.c_str());
  REQUIRE(WIFEXITED(rc));
  return {WEXITSTATUS(rc), slurp(out), slurp(err)};
}

TEST_CASE("tessel_disasm prints a program and fails cleanly on bad input", "[isa][disasm][tool]") {
  TempDir dir;
  const std::string good = (dir / "good.tsl").string();
  write_program_file(good, small_program());

  const Run ok = run_disasm(dir, "'" + good + "'");
  CHECK(ok.status == 0);
  CHECK_THAT(ok.out, ContainsSubstring("  0x00001040  end\n"));
  CHECK(ok.err.empty());

  const Run help = run_disasm(dir, "--help");
  CHECK(help.status == 0);
  CHECK_THAT(help.out, StartsWith("usage: tessel_disasm"));

  const Run bad_option = run_disasm(dir, "--frobnicate '" + good + "'");
  CHECK(bad_option.status == 2);
  CHECK_THAT(bad_option.err, ContainsSubstring("unknown option '--frobnicate'"));

  const Run no_file = run_disasm(dir, "");
  CHECK(no_file.status == 2);

  const Run missing = run_disasm(dir, "'" + (dir / "nope.tsl").string() + "'");
  CHECK(missing.status == 1);
  CHECK_THAT(missing.err, ContainsSubstring("cannot open"));

  const std::string junk = (dir / "junk.tsl").string();
  std::ofstream(junk) << "this is not a program file";
  const Run bad_magic = run_disasm(dir, "'" + junk + "'");
  CHECK(bad_magic.status == 1);
  CHECK_THAT(bad_magic.err, ContainsSubstring("bad magic"));
  CHECK(bad_magic.out.empty());
}

TEST_CASE("tessel_disasm --check fails on an instruction the hardware rejects",
          "[isa][disasm][tool]") {
  TempDir dir;
  Program p = small_program();
  InstructionWords bad = p.streams[0].code[0];
  bad[0] |= 1u << 31;  // a reserved bit
  p.streams[0].code[0] = bad;
  const std::string path = (dir / "bad.tsl").string();
  write_program_file(path, p);

  const Run plain = run_disasm(dir, "'" + path + "'");
  CHECK(plain.status == 0);
  CHECK_THAT(plain.out, ContainsSubstring("<illegal: BadField: reserved bits 0x80000000 set in "
                                          "word 0>"));
  const Run check = run_disasm(dir, "--check '" + path + "'");
  CHECK(check.status == 1);
  CHECK_THAT(check.err, ContainsSubstring("1 instruction(s) would raise a hardware error"));
}

}  // namespace
