// Command-line helpers shared by the demos.
#pragma once

#include <stdexcept>
#include <string_view>

#include <fmt/format.h>

namespace tessel::demo {

// A decimal number in [1, max] given to option `opt`; a clear error otherwise.
inline unsigned parse_positive(std::string_view opt, std::string_view text, unsigned max) {
  unsigned long v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') throw std::invalid_argument(fmt::format("{}: not a number", opt));
    v = v * 10 + static_cast<unsigned long>(c - '0');
    if (v > max) throw std::invalid_argument(fmt::format("{}: at most {}", opt, max));
  }
  if (text.empty() || v == 0) throw std::invalid_argument(fmt::format("{}: must be >= 1", opt));
  return static_cast<unsigned>(v);
}

// The value of "--name=value" when `arg` is that option, else nullptr-like empty view and false.
inline bool option_value(std::string_view arg, std::string_view name, std::string_view* value) {
  if (arg.size() <= name.size() + 1 || arg.substr(0, name.size()) != name ||
      arg[name.size()] != '=') {
    return false;
  }
  *value = arg.substr(name.size() + 1);
  return true;
}

}  // namespace tessel::demo
