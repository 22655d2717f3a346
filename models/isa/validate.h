// The validity rules of an instruction, split by what they need: the bits alone
// (check_encoding, used by decode()) or also the hardware configuration (check_config). Together
// they return exactly the error code the hardware reports (docs/isa.md, "Error codes").
#pragma once

#include <optional>

#include "isa/hw_config.h"
#include "isa/isa.h"

namespace tessel::isa {

// Configuration-independent faults of an encoding, first in priority order: IllegalOpcode,
// BadField, SemaphoreMisuse, ShapeMismatch. `inst` is unpack(words).
Diagnostic check_encoding(const InstructionWords& words, const Instruction& inst,
                          std::optional<Engine> stream_engine);

// Faults that depend on the configuration, for an instruction that passed check_encoding:
// ShapeMismatch (K > rows, M > cols, N > PSUM bank entries), then AddressOutOfRange.
Diagnostic check_config(const Instruction& inst, const HwConfig& hw);

// What the hardware reports when a sequencer of stream_engine fetches these bits.
Diagnostic hardware_error(const InstructionWords& words, const HwConfig& hw,
                          std::optional<Engine> stream_engine = {});

}  // namespace tessel::isa
