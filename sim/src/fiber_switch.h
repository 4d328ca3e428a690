// AddressSanitizer's fiber annotations, or nothing when ASan is off. Every
// stack switch is bracketed: start_switch names the stack we go to,
// finish_switch runs on arrival and tells where we came from.
#pragma once

#include <cstddef>

#if defined(__SANITIZE_ADDRESS__)
#define JETSIM_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define JETSIM_ASAN 1
#endif
#endif

#ifdef JETSIM_ASAN
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#endif

namespace jetsim::sim {

#ifdef JETSIM_ASAN
inline constexpr std::size_t kFiberStackBytes = std::size_t{512} * 1024;  // ASan's redzones need room
inline void StartSwitch(void** fake_stack_save, const void* bottom, std::size_t size) {
  __sanitizer_start_switch_fiber(fake_stack_save, bottom, size);
}
inline void FinishSwitch(void* fake_stack_save, const void** bottom_old, std::size_t* size_old) {
  __sanitizer_finish_switch_fiber(fake_stack_save, bottom_old, size_old);
}
// A reused fiber stack may still carry the redzones of the frames its last
// fiber left behind.
inline void UnpoisonStack(void* base, std::size_t size) { ASAN_UNPOISON_MEMORY_REGION(base, size); }
#else
inline constexpr std::size_t kFiberStackBytes = std::size_t{128} * 1024;
inline void StartSwitch(void** /*fake_stack_save*/, const void* /*bottom*/, std::size_t /*size*/) {}
inline void FinishSwitch(void* /*fake_stack_save*/, const void** /*bottom_old*/, std::size_t* /*size_old*/) {}
inline void UnpoisonStack(void* /*base*/, std::size_t /*size*/) {}
#endif

}  // namespace jetsim::sim
