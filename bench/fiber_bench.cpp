// The floor under every scheduling decision: a raw Boost.Context fiber
// switch, with nothing of the simulator around it.
#include <benchmark/benchmark.h>

#include <boost/context/fiber.hpp>
#include <cstdlib>
#include <memory>
#include <new>

namespace {

namespace ctx = boost::context;

// The main stack and one fiber hand control to each other. One benchmark
// iteration is one round trip, i.e. two one-way switches; the counter
// `one_way_switch` is the time of ONE switch (half a round trip).
void BM_RawFiberSwitch(benchmark::State& state) {
  bool stop = false;
  ctx::fiber peer([&stop](ctx::fiber&& back) {
    while (!stop) back = std::move(back).resume();
    return std::move(back);
  });
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores): the library's idiom
    peer = std::move(peer).resume();
  }
  stop = true;
  peer = std::move(peer).resume();  // lets the body return: the fiber ends cleanly
  const auto switches = static_cast<double>(state.iterations()) * 2;
  state.SetItemsProcessed(static_cast<std::int64_t>(switches));
  state.counters["one_way_switch"] =
      benchmark::Counter(switches, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_RawFiberSwitch)->UseRealTime();

// Allocates a 128 KiB stack with malloc, as sim/'s Scheduler does per thread.
class MallocStack {
 public:
  static constexpr std::size_t kBytes = std::size_t{128} * 1024;
  ctx::stack_context allocate() {
    void* base = std::malloc(kBytes);
    if (base == nullptr) throw std::bad_alloc();
    ctx::stack_context stack;
    stack.size = kBytes;
    stack.sp = static_cast<char*>(base) + kBytes;
    return stack;
  }
  void deallocate(ctx::stack_context& stack) { std::free(static_cast<char*>(stack.sp) - stack.size); }
};

// What each simulated thread costs before its first decision: create a
// fiber on a malloc'ed stack, run it to its end, destroy it.
void BM_FiberCreateRunDestroy(benchmark::State& state) {
  int runs = 0;
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores): the library's idiom
    ctx::fiber fiber(std::allocator_arg, MallocStack(), [&runs](ctx::fiber&& back) {
      ++runs;
      return std::move(back);
    });
    fiber = std::move(fiber).resume();
    benchmark::DoNotOptimize(runs);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_FiberCreateRunDestroy)->UseRealTime();

}  // namespace
