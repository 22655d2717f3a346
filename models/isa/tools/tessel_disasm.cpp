// tessel_disasm: prints a Tessel program file readably (docs/isa.md, "Assembly notation").
//
//   tessel_disasm [--raw] [--check] PROGRAM.tsl
//
// Exit status: 0 on success; 1 if the file is malformed, or with --check if any instruction
// would be rejected by the hardware; 2 for a bad command line.
#include <cstdio>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "isa/disasm.h"
#include "isa/program.h"

namespace {

constexpr const char* kUsage =
    "usage: tessel_disasm [--raw] [--check] PROGRAM.tsl\n"
    "  --raw     also print each instruction's sixteen 32-bit words in hex\n"
    "  --check   exit with status 1 if any instruction would raise a hardware error\n"
    "  -h, --help  this text\n";

struct Args {
  tessel::isa::ListingOptions listing;
  bool check = false;
  std::string path;
};

// Returns false (after printing why) for a bad command line.
bool parse_args(int argc, char** argv, Args& args, bool& help) {
  std::vector<std::string> positional;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "-h" || a == "--help") {
      help = true;
    } else if (a == "--raw") {
      args.listing.raw = true;
    } else if (a == "--check") {
      args.check = true;
    } else if (a.size() > 1 && a[0] == '-') {
      fmt::print(stderr, "tessel_disasm: error: unknown option '{}'\n{}", a, kUsage);
      return false;
    } else {
      positional.push_back(a);
    }
  }
  if (help) return true;
  if (positional.size() != 1) {
    fmt::print(stderr, "tessel_disasm: error: expected one program file, got {}\n{}",
               positional.size(), kUsage);
    return false;
  }
  args.path = positional[0];
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  bool help = false;
  if (!parse_args(argc, argv, args, help)) return 2;
  if (help) {
    fmt::print("{}", kUsage);
    return 0;
  }
  try {
    const tessel::isa::Program program = tessel::isa::read_program_file(args.path);
    int faults = 0;
    fmt::print("{}", tessel::isa::program_listing(program, args.listing, &faults));
    if (faults > 0) {
      fmt::print(stderr, "tessel_disasm: {} instruction(s) would raise a hardware error\n", faults);
      if (args.check) return 1;
    }
  } catch (const tessel::isa::ProgramError& e) {
    fmt::print(stderr, "tessel_disasm: error: {}\n", e.what());
    return 1;
  }
  return 0;
}
