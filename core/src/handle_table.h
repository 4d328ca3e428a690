// A growable table of slots addressed by handles (handles.h). Freed slots
// are reused first-in first-out. Each slot remembers, for each of its last
// 64 generations, whether a term ended it (a tombstone per slot and
// generation), so a stale handle gets the right code even after its slot was
// reused; an older handle reads as merely dead. The array grows through the
// Platform: growing can fail like any allocation.
//
// REQUIRES for every method: the engine lock is held.
#pragma once

#include <cstdint>
#include <cstring>
#include <new>
#include <optional>

#include "handles.h"
#include "jetsim/platform.h"

namespace jetsim {

// Why a handle died: decides the code a later call with it gets.
enum class DeathReason : std::uint8_t { kNone, kEndedByClient, kEndedByTerm, kInitFailed };

// The table's callbacks into the engine's accounting allocator.
class BlockAllocator {
 public:
  virtual ~BlockAllocator() = default;
  [[nodiscard]] virtual void* AllocateBlock(std::size_t bytes, Site site) = 0;
  virtual void FreeBlock(void* block, std::size_t bytes, Site site) = 0;
};

template <class Rec>
class HandleTable {
  static constexpr std::uint32_t kNone = UINT32_MAX;
  static constexpr std::uint32_t kTombstones = 64;

 public:
  struct Slot {
    Rec* rec = nullptr;            // nullptr while free
    std::uint32_t generation = 1;  // the live (or next) generation
    std::uint32_t next_free = kNone;
    // Bit d: generation (generation - 1 - d) was ended by a term.
    std::uint64_t ended_by_term = 0;
  };

  // What a handle names now.
  struct Lookup {
    Rec* rec = nullptr;  // the live object, or nullptr
    std::uint32_t index = 0;
    DeathReason why_dead = DeathReason::kNone;  // for a dead handle of the last 64 generations
  };

  HandleTable(BlockAllocator& allocator, HandleKind kind, Site grow_site)
      : allocator_(allocator), kind_(kind), grow_site_(grow_site) {}
  ~HandleTable() {
    if (slots_ != nullptr) allocator_.FreeBlock(slots_, capacity_ * sizeof(Slot), grow_site_);
  }
  HandleTable(const HandleTable&) = delete;
  HandleTable& operator=(const HandleTable&) = delete;

  // Makes sure Put will not need to allocate. False if growing failed.
  [[nodiscard]] bool EnsureFree() {
    if (free_head_ != kNone || size_ < capacity_) return true;
    if (capacity_ > kMaxHandleIndex / 2) return false;
    const std::uint32_t grown = capacity_ == 0 ? 8 : capacity_ * 2;
    void* block = allocator_.AllocateBlock(grown * sizeof(Slot), grow_site_);
    if (block == nullptr) return false;
    auto* slots = static_cast<Slot*>(block);
    for (std::uint32_t i = 0; i < grown; ++i) new (&slots[i]) Slot();
    if (slots_ != nullptr) {
      std::memcpy(static_cast<void*>(slots), static_cast<const void*>(slots_), size_ * sizeof(Slot));
      allocator_.FreeBlock(slots_, capacity_ * sizeof(Slot), grow_site_);
    }
    slots_ = slots;
    capacity_ = grown;
    return true;
  }

  // REQUIRES: EnsureFree() returned true since the last Put.
  [[nodiscard]] JET_API_PTR Put(Rec* rec) {
    std::uint32_t index;
    if (free_head_ != kNone) {
      index = free_head_;
      free_head_ = slots_[index].next_free;
      if (free_head_ == kNone) free_tail_ = kNone;
    } else {
      index = size_++;
    }
    Slot& slot = slots_[index];
    slot.rec = rec;
    slot.next_free = kNone;
    ++live_;
    return EncodeHandle(kind_, HandleParts{index, slot.generation});
  }

  [[nodiscard]] Lookup Find(JET_API_PTR handle) const {
    const std::optional<HandleParts> parts = DecodeHandle(kind_, handle);
    if (!parts || parts->index >= size_) return {};
    const Slot& slot = slots_[parts->index];
    if (slot.rec != nullptr && slot.generation == parts->generation) return {slot.rec, parts->index, {}};
    // Generations count up (skipping 0 on wrap-around), so the distance
    // tells how many deaths ago this handle died.
    const std::uint32_t distance = slot.generation - 1 - parts->generation;
    if (parts->generation >= slot.generation || distance >= kTombstones) return {};
    const bool by_term = ((slot.ended_by_term >> distance) & 1U) != 0;
    return {nullptr, parts->index, by_term ? DeathReason::kEndedByTerm : DeathReason::kEndedByClient};
  }

  // Frees the slot; the handle that named it goes stale with `why`.
  void Retire(std::uint32_t index, DeathReason why) {
    Slot& slot = slots_[index];
    slot.rec = nullptr;
    slot.ended_by_term = (slot.ended_by_term << 1) | (why == DeathReason::kEndedByTerm ? 1U : 0U);
    slot.generation = slot.generation == UINT32_MAX ? 1 : slot.generation + 1;
    slot.next_free = kNone;
    if (free_tail_ == kNone) {
      free_head_ = index;
    } else {
      slots_[free_tail_].next_free = index;
    }
    free_tail_ = index;
    --live_;
  }

  [[nodiscard]] JET_API_PTR HandleOf(std::uint32_t index) const {
    return EncodeHandle(kind_, HandleParts{index, slots_[index].generation});
  }
  // Slots ever used: iterate 0..size() and skip free ones (at() == nullptr).
  [[nodiscard]] std::uint32_t size() const { return size_; }
  [[nodiscard]] Rec* at(std::uint32_t index) const { return slots_[index].rec; }
  [[nodiscard]] std::uint32_t live() const { return live_; }

 private:
  BlockAllocator& allocator_;
  HandleKind kind_;
  Site grow_site_;
  Slot* slots_ = nullptr;
  std::uint32_t size_ = 0;
  std::uint32_t capacity_ = 0;
  std::uint32_t live_ = 0;
  std::uint32_t free_head_ = kNone;
  std::uint32_t free_tail_ = kNone;
};

}  // namespace jetsim
