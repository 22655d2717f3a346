// Sparse byte-addressable device memory (the core's AXI4 master side): 48-bit addresses, 4 KiB
// pages allocated on first write, unwritten bytes read as 0, and error-injection ranges that
// answer like an AXI slave returning SLVERR or DECERR. The RTL testbench's AXI4 memory model
// mirrors this interface, so that both see the same bytes and the same faults.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <utility>
#include <vector>

namespace tessel::arch {

// An AXI response other than OKAY (the two the ISA reports as AxiError).
enum class AxiResp : uint8_t { SlvErr = 2, DecErr = 3 };

class DeviceMemory {
 public:
  static constexpr int kAddressBits = 48;
  static constexpr uint64_t kAddressLimit = uint64_t{1} << kAddressBits;
  static constexpr uint64_t kPageBytes = 4096;

  // Copies and moves drop the page cache, which points into the source's map.
  DeviceMemory() = default;
  DeviceMemory(const DeviceMemory& o) : pages_(o.pages_), errors_(o.errors_) {}
  DeviceMemory(DeviceMemory&& o) noexcept
      : pages_(std::move(o.pages_)), errors_(std::move(o.errors_)) {
    o.cached_page_ = nullptr;
  }
  DeviceMemory& operator=(DeviceMemory o) noexcept {
    pages_.swap(o.pages_);
    errors_.swap(o.errors_);
    cached_page_ = nullptr;
    return *this;
  }

  // Accesses through the core's port: all-or-nothing. If any byte of [addr, addr+n) is in an
  // injected range, or at or beyond 2^48 (DECERR), nothing is transferred and the first faulting
  // byte address is returned.
  struct Fault {
    uint64_t address = 0;
    AxiResp resp = AxiResp::SlvErr;
  };
  std::optional<Fault> read(uint64_t addr, uint8_t* dst, size_t n) const;
  std::optional<Fault> write(uint64_t addr, const uint8_t* src, size_t n);
  std::optional<Fault> check(uint64_t addr, size_t n) const;  // the fault read/write would give

  // Host (backdoor) access for loading programs and inspecting results: ignores injected errors.
  // Throws std::out_of_range beyond 2^48.
  void poke(uint64_t addr, const uint8_t* src, size_t n);
  void poke(uint64_t addr, const std::vector<uint8_t>& bytes) {
    poke(addr, bytes.data(), bytes.size());
  }
  void peek(uint64_t addr, uint8_t* dst, size_t n) const;
  std::vector<uint8_t> peek(uint64_t addr, size_t n) const;

  // Accesses touching [lo, hi) fail with resp until clear_errors().
  void inject_error(uint64_t lo, uint64_t hi, AxiResp resp = AxiResp::SlvErr);
  void clear_errors() { errors_.clear(); }

  size_t allocated_pages() const { return pages_.size(); }
  // Base address of every allocated page, in increasing order.
  std::vector<uint64_t> page_addresses() const;
  // Addresses whose bytes differ between a and b (unallocated bytes count as 0), in increasing
  // order, at most `limit` of them: how a test proves nothing was written outside its targets.
  static std::vector<uint64_t> differences(const DeviceMemory& a, const DeviceMemory& b,
                                           size_t limit = 16);

 private:
  using Page = std::array<uint8_t, kPageBytes>;
  struct ErrorRange {
    uint64_t lo;
    uint64_t hi;
    AxiResp resp;
  };
  const Page* find_page(uint64_t page_number) const;
  Page& page_for_write(uint64_t page_number);
  void copy_out(uint64_t addr, uint8_t* dst, size_t n) const;
  void copy_in(uint64_t addr, const uint8_t* src, size_t n);

  std::map<uint64_t, Page> pages_;  // ordered, so differences() walks both in one pass
  std::vector<ErrorRange> errors_;
  mutable uint64_t cached_number_ = 0;  // find_page()'s last hit
  mutable const Page* cached_page_ = nullptr;
};

}  // namespace tessel::arch
