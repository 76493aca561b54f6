// Every byte awssim prints passes reports::safeOutput: a stream buffer in
// front of stdout and stderr collects what the commands write and filters it
// when flushed, so no command can print a secret or a raw control character
// by forgetting to. Text coloured for a terminal is filtered first and then
// written raw, since colour is made of escape sequences.
#pragma once

#include <iostream>
#include <streambuf>
#include <string>
#include <string_view>

#include "reports/redact.h"

namespace awssim::cli {

class SafeOutputBuf : public std::streambuf {
 public:
  explicit SafeOutputBuf(std::streambuf* sink) : sink_(sink) {}
  SafeOutputBuf(const SafeOutputBuf&) = delete;
  SafeOutputBuf& operator=(const SafeOutputBuf&) = delete;

  std::streambuf* sink() const { return sink_; }
  /// Writes text that is already filtered, as it is.
  void writeRaw(std::string_view text) {
    drain();
    sink_->sputn(text.data(), static_cast<std::streamsize>(text.size()));
  }

 protected:
  int_type overflow(int_type c) override {
    if (!traits_type::eq_int_type(c, traits_type::eof())) pending_.push_back(traits_type::to_char_type(c));
    if (pending_.size() >= kDrainAt) drainLines();
    return traits_type::not_eof(c);
  }
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    pending_.append(s, static_cast<size_t>(n));
    if (pending_.size() >= kDrainAt) drainLines();
    return n;
  }
  int sync() override {
    drain();
    return sink_->pubsync();
  }

 private:
  // The filter judges a line at a time, so whole lines can leave early: a
  // large report streams instead of waiting in memory for the last byte.
  static constexpr size_t kDrainAt = 1 << 20;
  void drainLines() {
    size_t cut = pending_.rfind('\n');
    if (cut == std::string::npos) return;
    std::string out = reports::safeOutput(pending_.substr(0, cut + 1));
    pending_.erase(0, cut + 1);
    sink_->sputn(out.data(), static_cast<std::streamsize>(out.size()));
  }

  // Filtered as a whole: a secret's name and value may come in separate writes.
  void drain() {
    if (pending_.empty()) return;
    std::string out = reports::safeOutput(pending_);
    pending_.clear();
    sink_->sputn(out.data(), static_cast<std::streamsize>(out.size()));
  }

  std::streambuf* sink_;
  std::string pending_;
};

/// Installs the filter on std::cout and std::cerr for its lifetime; flushes
/// and restores them when it ends.
class SafeOutput {
 public:
  SafeOutput() : out_(std::cout.rdbuf()), err_(std::cerr.rdbuf()) {
    std::cout.rdbuf(&out_);
    std::cerr.rdbuf(&err_);
    // stderr flushes after every insertion otherwise, cutting a message into
    // pieces filtered apart.
    std::cerr.unsetf(std::ios::unitbuf);
    active_ = this;
  }
  ~SafeOutput() {
    std::cout.flush();
    std::cerr.flush();
    std::cout.rdbuf(out_.sink());
    std::cerr.rdbuf(err_.sink());
    active_ = nullptr;
  }
  SafeOutput(const SafeOutput&) = delete;
  SafeOutput& operator=(const SafeOutput&) = delete;

  /// Writes filtered-and-coloured text to stdout as it is (plain std::cout
  /// when no filter is installed, as in tests that call commands directly).
  static void printRaw(std::string_view text) {
    if (active_) active_->out_.writeRaw(text);
    else std::cout << text;
  }

 private:
  SafeOutputBuf out_;
  SafeOutputBuf err_;
  static inline SafeOutput* active_ = nullptr;
};

}  // namespace awssim::cli
