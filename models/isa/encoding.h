// The 64-byte instruction word: encode (Instruction -> bits) and decode (bits -> Instruction plus
// the error code the hardware reports for them). The field positions are in layout.h and
// docs/isa.md.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <stdexcept>

#include "isa/isa.h"

namespace tessel::isa {

// A value that does not fit its field (e.g. a count above 65535). The message names the
// instruction and the field.
class EncodeError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// Packs every field. Only representability is checked here, so that tests can build encodings
// the hardware must reject; the semantic checks are decode()'s and check_config()'s.
InstructionWords encode(const Instruction& inst);

struct Decoded {
  Instruction instruction;  // every field as read from the bits, even when error is set
  Diagnostic error;         // None, or the first fault in hardware priority order
};

// Never throws. Reports every fault that does not depend on the hardware configuration:
// IllegalOpcode, BadField, SemaphoreMisuse and ShapeMismatch between operands. With
// stream_engine, an instruction whose engine field names another engine is a BadField (what a
// sequencer reports when it fetches it).
Decoded decode(const InstructionWords& words, std::optional<Engine> stream_engine = {});

// Reads the fields without any check (for decode() and for tools that show raw fields).
Instruction unpack(const InstructionWords& words);

std::array<uint8_t, kInstructionBytes> to_bytes(const InstructionWords& words);
InstructionWords from_bytes(const uint8_t* bytes);  // reads kInstructionBytes bytes

}  // namespace tessel::isa
