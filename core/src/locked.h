// RAII over a PlatformLock that can be dropped and taken again inside one
// scope (around a yield point). Exception-safe: a simulator may unwind a
// fiber through the engine.
#pragma once

#include "jetsim/platform.h"

namespace jetsim {

class Locked {
 public:
  explicit Locked(PlatformLock& lock) : lock_(lock) { lock_.Acquire(); }
  ~Locked() {
    if (held_) lock_.Release();
  }
  Locked(const Locked&) = delete;
  Locked& operator=(const Locked&) = delete;

  void Unlock() {
    held_ = false;
    lock_.Release();
  }
  void Relock() {
    lock_.Acquire();
    held_ = true;
  }

 private:
  PlatformLock& lock_;
  bool held_ = true;
};

// Runs `fn` when the scope ends, however it ends.
template <class Fn>
class ScopeExit {
 public:
  explicit ScopeExit(Fn fn) : fn_(std::move(fn)) {}
  ~ScopeExit() {
    if (armed_) fn_();
  }
  ScopeExit(const ScopeExit&) = delete;
  ScopeExit& operator=(const ScopeExit&) = delete;
  void Dismiss() { armed_ = false; }

 private:
  Fn fn_;
  bool armed_ = true;
};

}  // namespace jetsim
