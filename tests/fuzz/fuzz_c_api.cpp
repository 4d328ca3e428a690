// libFuzzer target: the C API. The input is decoded into a sequence of
// esent.h calls on one engine: real, stale, forged, nil and 0 handles,
// NULL pointers, out-of-range parameters and grbits, restores whose status
// callback calls back into the engine. Every call must return a code of
// the error table; a successful Begin/Dup must return a new non-nil
// handle; after tearing down, the engine must hold no instance, session,
// object allocation or lost slot. Any breach traps (a finding).
#include <cstddef>
#include <cstdint>
#include <vector>

#include "jetsim/engine.h"
#include "jetsim/errors.h"
#include "jetsim/esent.h"
#include "jetsim/thread_platform.h"

namespace {

// Reads the input a byte or a word at a time; zeros once it runs out.
class Input {
 public:
  Input(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
  [[nodiscard]] bool empty() const { return at_ >= size_; }
  std::uint8_t Byte() { return at_ < size_ ? data_[at_++] : 0; }
  std::uint64_t Word() {
    std::uint64_t value = 0;
    for (int i = 0; i < 8; ++i) value = (value << 8) | Byte();
    return value;
  }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t at_ = 0;
};

void Require(bool condition) {
  if (!condition) __builtin_trap();
}

JET_ERR Checked(JET_ERR err) {
  Require(jetsim::FindError(err) != nullptr);
  return err;
}

struct State {
  std::vector<JET_INSTANCE> instances;  // every handle an instance call gave (live or not)
  std::vector<JET_SESID> sessions;      // every handle a session call gave (live or not)
};

State* g_state = nullptr;  // for the restore callback: the engine calls it on this thread

JET_ERR JET_API OnRestoreStatus(JET_SESID /*sesid*/, JET_SNP /*snp*/, JET_SNT snt, void* /*data*/) {
  // Calls back into the engine from inside a restore: must be refused or
  // work, never deadlock or crash.
  if (g_state != nullptr && snt == JET_sntProgress && !g_state->instances.empty()) {
    Checked(JetTerm(g_state->instances.back()));
    JET_SESID sesid = 0;
    Checked(JetBeginSession(g_state->instances.back(), &sesid, nullptr, nullptr));
  }
  return JET_errSuccess;
}

JET_INSTANCE PickInstance(Input& in, const State& state) {
  const std::uint8_t how = in.Byte();
  switch (how % 5) {
    case 0:
      return 0;
    case 1:
      return JET_instanceNil;
    case 2:
      return static_cast<JET_INSTANCE>(in.Word());  // forged
    default:
      return state.instances.empty() ? 0 : state.instances[in.Byte() % state.instances.size()];
  }
}

JET_SESID PickSession(Input& in, const State& state) {
  const std::uint8_t how = in.Byte();
  switch (how % 6) {
    case 0:
      return 0;
    case 1:
      return JET_sesidNil;
    case 2:
      return static_cast<JET_SESID>(in.Word());  // forged
    default:
      return state.sessions.empty() ? JET_sesidNil : state.sessions[in.Byte() % state.sessions.size()];
  }
}

void OneCall(Input& in, State& state) {
  const std::uint8_t op = in.Byte();
  switch (op % 17) {
    case 0: {
      JET_INSTANCE instance = 0;
      const bool null_out = in.Byte() % 8 == 0;
      const char* names[] = {nullptr, "", "a", "fuzz-instance",
                             "0123456789012345678901234567890123456789012345678901234567890123456789"};
      if (Checked(JetCreateInstance(null_out ? nullptr : &instance, names[in.Byte() % 5])) ==
              JET_errSuccess &&
          !null_out)
        state.instances.push_back(instance);
      break;
    }
    case 1: {
      JET_INSTANCE instance = PickInstance(in, state);
      const unsigned long params[] = {JET_paramMaxSessions, JET_paramJetsimProfile,
                                      JET_paramJetsimRestoreSteps, 0, 0xFFFFFFFFUL};
      const unsigned long param = params[in.Byte() % 5];
      const JET_API_PTR value = in.Byte() % 4 == 0 ? static_cast<JET_API_PTR>(in.Word()) : in.Byte() % 8;
      const bool global = in.Byte() % 4 == 0;
      Checked(JetSetSystemParameter(global ? nullptr : &instance, 0, param, value, nullptr));
      break;
    }
    case 2: {
      JET_INSTANCE instance = PickInstance(in, state);
      JET_API_PTR value = 0;
      Checked(JetGetSystemParameter(instance, 0, in.Byte() % 2 == 0 ? JET_paramMaxSessions : in.Byte(),
                                    in.Byte() % 8 == 0 ? nullptr : &value, nullptr, 0));
      break;
    }
    case 3: {
      JET_INSTANCE instance = PickInstance(in, state);
      const bool null_in = in.Byte() % 8 == 0;
      Checked(JetInit(null_in ? nullptr : &instance));
      break;
    }
    case 4:
      Checked(JetTerm2(PickInstance(in, state),
                       static_cast<JET_GRBIT>(in.Byte() % 2 == 0 ? in.Byte() % 16 : in.Word())));
      break;
    case 5:
      Checked(in.Byte() % 2 == 0 ? JetStopServiceInstance(PickInstance(in, state)) : JetStopService());
      break;
    case 6: {
      const bool callback = in.Byte() % 2 == 0;
      Checked(JetRestoreInstance(PickInstance(in, state), in.Byte() % 4 == 0 ? nullptr : "backup",
                                 in.Byte() % 2 == 0 ? nullptr : "dest",
                                 callback ? OnRestoreStatus : nullptr));
      break;
    }
    case 7:
    case 8: {
      JET_SESID out = 0x5E5E;
      const bool null_out = in.Byte() % 8 == 0;
      const JET_ERR err =
          op % 17 == 7
              ? Checked(JetBeginSession(PickInstance(in, state), null_out ? nullptr : &out, nullptr, nullptr))
              : Checked(JetDupSession(PickSession(in, state), null_out ? nullptr : &out));
      if (null_out) {
        Require(err != JET_errSuccess);
      } else if (err == JET_errSuccess) {
        Require(out != 0 && out != JET_sesidNil && out != 0x5E5E);
        state.sessions.push_back(out);
      } else {
        Require(out == 0x5E5E);  // *psesid untouched on failure
      }
      break;
    }
    case 9:
      Checked(JetEndSession(PickSession(in, state), in.Byte() % 4 == 0 ? in.Byte() : 0));
      break;
    case 10:
      Checked(JetBeginTransaction(PickSession(in, state)));
      break;
    case 11:
      Checked(JetCommitTransaction(PickSession(in, state), in.Byte() % 4 == 0 ? in.Byte() : 0));
      break;
    case 12:
      Checked(JetRollback(PickSession(in, state), in.Byte() % 4 == 0 ? in.Byte() : JET_bitRollbackAll));
      break;
    case 13:
      Checked(JetSetSessionContext(PickSession(in, state),
                                   in.Byte() % 4 == 0 ? 0 : static_cast<JET_API_PTR>(in.Word())));
      break;
    case 14:
      Checked(JetResetSessionContext(PickSession(in, state)));
      break;
    case 15:
      Require(jet_err_name(static_cast<JET_ERR>(in.Word())) != nullptr);
      break;
    default:
      Checked(JetTerm(PickInstance(in, state)));
      break;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  jetsim::ThreadPlatform platform;
  {
    jetsim::Engine engine(platform);
    jetsim::ScopedCurrentEngine current(engine);
    Input in(data, size);
    if (in.Byte() % 2 == 1) (void)engine.SetProfile(jetsim::Profile::kEsent);
    State state;
    g_state = &state;
    for (int calls = 0; calls < 256 && !in.empty(); ++calls) OneCall(in, state);
    // Teardown: roll back and end every session, terminate every instance.
    for (const JET_SESID sesid : state.sessions) {
      Checked(JetResetSessionContext(sesid));
      Checked(JetRollback(sesid, JET_bitRollbackAll));
      Checked(JetEndSession(sesid, 0));
    }
    for (const JET_INSTANCE instance : state.instances) Checked(JetTerm2(instance, JET_bitTermDirty));
    g_state = nullptr;
    const jetsim::EngineCounts counts = engine.Counts();
    Require(counts.instances == 0 && counts.sessions == 0 && counts.object_blocks == 0 &&
            counts.lost_slots == 0);
  }
  return 0;
}
