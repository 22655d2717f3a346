// The disassembler: one readable line per instruction, e.g.
//   matmul psum[0:16, bank 2 + 0 | 512 fp32] += sbuf[0:16, @0x100 | 16 bf16]^T @ sbuf[0:16, @0x200
//   | 512 bf16]  wait s3>=2 signal s4+1
// The notation is described in docs/isa.md ("Assembly notation").
#pragma once

#include <optional>
#include <string>

#include "isa/hw_config.h"
#include "isa/isa.h"

namespace tessel::isa {

struct Program;

// An access pattern: space[partitions, start | free dims dtype]. With hw, PSUM offsets are
// shown as "bank B + offset".
std::string format_access_pattern(const AccessPattern& ap, const HwConfig* hw = nullptr);

// One instruction that passed decode(); hw only refines how PSUM addresses are shown.
std::string disassemble(const Instruction& inst, const HwConfig* hw = nullptr);

// One encoded instruction: its disassembly, or "<illegal: Code: message>" when decode() rejects
// it. With hw, a configuration fault is appended as "  ; Code: message".
std::string disassemble(const InstructionWords& words, const HwConfig* hw = nullptr,
                        std::optional<Engine> stream_engine = {});

struct ListingOptions {
  bool raw = false;  // also print the 16 words of each instruction in hex
};

// A whole program: configuration, symbols, data segments and each stream, one line per
// instruction prefixed by its device address. faults (if given) receives the number of
// instructions the hardware would reject.
std::string program_listing(const Program& program, const ListingOptions& options = {},
                            int* faults = nullptr);

}  // namespace tessel::isa
