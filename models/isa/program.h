// A Tessel program: one instruction stream per engine placed in device memory, the initial
// contents of device memory, named tensors, and the configuration it was built for. Stored as a
// binary file (docs/isa.md, "Program file"); the reader rejects a malformed file with a message
// that says what is wrong and where.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "isa/hw_config.h"
#include "isa/isa.h"

namespace tessel::isa {

inline constexpr char kProgramMagic[8] = {'T', 'E', 'S', 'S', 'E', 'L', 'P', 'G'};
inline constexpr uint32_t kProgramVersion = 1;
inline constexpr size_t kMaxSymbolName = 31;
inline constexpr size_t kMaxSymbolRank = 4;

struct StreamImage {
  Engine engine = Engine::Tensor;
  uint64_t address = 0;  // device address of the first instruction (64-byte aligned)
  std::vector<InstructionWords> code;
};

struct Segment {  // initial device-memory contents
  uint64_t address = 0;
  std::vector<uint8_t> bytes;
};

struct Symbol {  // a named tensor in device memory (row-major)
  std::string name;
  uint64_t address = 0;
  Format dtype = Format::Fp32;
  std::vector<uint32_t> shape;

  uint64_t bytes() const;
};

struct Program {
  HwConfig hw;
  std::vector<StreamImage> streams;  // at most one per engine
  std::vector<Segment> segments;
  std::vector<Symbol> symbols;

  const StreamImage* stream(Engine e) const;            // nullptr if the engine has no stream
  const Symbol& symbol(const std::string& name) const;  // throws std::out_of_range
};

bool operator==(const Program& a, const Program& b);

// A malformed program or program file.
class ProgramError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Throws ProgramError if the program cannot be stored or run as given: invalid configuration,
// two streams for one engine, a stream not 64-byte aligned or empty, streams and segments that
// overlap or leave device memory, bad symbols. Instructions are not checked here (a program may
// carry illegal instructions on purpose, to test the hardware's error reporting).
void check_program(const Program& program);

std::vector<uint8_t> serialize_program(const Program& program);  // check_program() first
Program parse_program(const std::vector<uint8_t>& bytes);        // throws ProgramError

void write_program_file(const std::string& path, const Program& program);
Program read_program_file(const std::string& path);  // throws ProgramError naming the file

}  // namespace tessel::isa
