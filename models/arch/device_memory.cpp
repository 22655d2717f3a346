#include "arch/device_memory.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>

#include <fmt/format.h>

namespace tessel::arch {

std::optional<DeviceMemory::Fault> DeviceMemory::check(uint64_t addr, size_t n) const {
  if (n == 0 || (errors_.empty() && addr + n <= kAddressLimit)) return std::nullopt;
  std::optional<Fault> first;
  auto note = [&](uint64_t a, AxiResp r) {
    if (!first || a < first->address) first = Fault{a, r};
  };
  const uint64_t end = addr + n;  // no wrap: addr < 2^64 - n for every caller (48-bit fields)
  if (end > kAddressLimit) note(std::max(addr, kAddressLimit), AxiResp::DecErr);
  for (const ErrorRange& e : errors_) {
    if (addr < e.hi && e.lo < end) note(std::max(addr, e.lo), e.resp);
  }
  return first;
}

std::optional<DeviceMemory::Fault> DeviceMemory::read(uint64_t addr, uint8_t* dst, size_t n) const {
  if (auto f = check(addr, n)) return f;
  copy_out(addr, dst, n);
  return std::nullopt;
}

std::optional<DeviceMemory::Fault> DeviceMemory::write(uint64_t addr, const uint8_t* src,
                                                       size_t n) {
  if (auto f = check(addr, n)) return f;
  copy_in(addr, src, n);
  return std::nullopt;
}

void DeviceMemory::poke(uint64_t addr, const uint8_t* src, size_t n) {
  if (addr + n > kAddressLimit) {
    throw std::out_of_range(
        fmt::format("device memory: poke of {} bytes at {:#x} beyond 2^48", n, addr));
  }
  copy_in(addr, src, n);
}

void DeviceMemory::peek(uint64_t addr, uint8_t* dst, size_t n) const {
  if (addr + n > kAddressLimit) {
    throw std::out_of_range(
        fmt::format("device memory: peek of {} bytes at {:#x} beyond 2^48", n, addr));
  }
  copy_out(addr, dst, n);
}

std::vector<uint8_t> DeviceMemory::peek(uint64_t addr, size_t n) const {
  std::vector<uint8_t> out(n);
  peek(addr, out.data(), n);
  return out;
}

void DeviceMemory::inject_error(uint64_t lo, uint64_t hi, AxiResp resp) {
  if (lo >= hi) throw std::invalid_argument("device memory: empty error range");
  errors_.push_back({lo, hi, resp});
}

// DMA walks elements a few bytes at a time, mostly within one page: remember the last page
// found (std::map nodes never move, so the pointer stays valid until the page is erased, and
// pages are never erased).
const DeviceMemory::Page* DeviceMemory::find_page(uint64_t page_number) const {
  if (cached_page_ && cached_number_ == page_number) return cached_page_;
  auto it = pages_.find(page_number);
  if (it == pages_.end()) return nullptr;
  cached_number_ = page_number;
  cached_page_ = &it->second;
  return cached_page_;
}

DeviceMemory::Page& DeviceMemory::page_for_write(uint64_t page_number) {
  if (cached_page_ && cached_number_ == page_number) return *const_cast<Page*>(cached_page_);
  auto [it, inserted] = pages_.try_emplace(page_number);
  if (inserted) it->second.fill(0);
  cached_number_ = page_number;
  cached_page_ = &it->second;
  return it->second;
}

// Both copies go page by page, so one lookup serves up to 4 KiB.
void DeviceMemory::copy_out(uint64_t addr, uint8_t* dst, size_t n) const {
  while (n > 0) {
    const uint64_t offset = addr % kPageBytes;
    const size_t chunk = std::min<uint64_t>(n, kPageBytes - offset);
    if (const Page* p = find_page(addr / kPageBytes)) {
      std::memcpy(dst, p->data() + offset, chunk);
    } else {
      std::memset(dst, 0, chunk);
    }
    addr += chunk;
    dst += chunk;
    n -= chunk;
  }
}

void DeviceMemory::copy_in(uint64_t addr, const uint8_t* src, size_t n) {
  while (n > 0) {
    const uint64_t offset = addr % kPageBytes;
    const size_t chunk = std::min<uint64_t>(n, kPageBytes - offset);
    std::memcpy(page_for_write(addr / kPageBytes).data() + offset, src, chunk);
    addr += chunk;
    src += chunk;
    n -= chunk;
  }
}

std::vector<uint64_t> DeviceMemory::differences(const DeviceMemory& a, const DeviceMemory& b,
                                                size_t limit) {
  static const Page kZero{};
  std::vector<uint64_t> out;
  auto compare = [&](uint64_t number, const Page& pa, const Page& pb) {
    for (uint64_t i = 0; i < kPageBytes && out.size() < limit; ++i) {
      if (pa[i] != pb[i]) out.push_back(number * kPageBytes + i);
    }
  };
  auto ia = a.pages_.begin();
  auto ib = b.pages_.begin();
  while ((ia != a.pages_.end() || ib != b.pages_.end()) && out.size() < limit) {
    if (ib == b.pages_.end() || (ia != a.pages_.end() && ia->first < ib->first)) {
      compare(ia->first, ia->second, kZero);
      ++ia;
    } else if (ia == a.pages_.end() || ib->first < ia->first) {
      compare(ib->first, kZero, ib->second);
      ++ib;
    } else {
      compare(ia->first, ia->second, ib->second);
      ++ia;
      ++ib;
    }
  }
  return out;
}

std::vector<uint64_t> DeviceMemory::page_addresses() const {
  std::vector<uint64_t> out;
  out.reserve(pages_.size());
  for (const auto& [page, bytes] : pages_) out.push_back(page * kPageBytes);
  return out;
}

}  // namespace tessel::arch
