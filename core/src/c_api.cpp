// esent.h's functions: each forwards to the calling thread's current engine.
#include "engine_core.h"
#include "jetsim/esent.h"

namespace {
jetsim::EngineCore& Core() { return jetsim::CurrentEngine().core(); }
}  // namespace

extern "C" {

JET_ERR JET_API JetCreateInstance(JET_INSTANCE* pinstance, const char* szInstanceName) {
  return Core().CreateInstance(pinstance, szInstanceName);
}

JET_ERR JET_API JetSetSystemParameter(JET_INSTANCE* pinstance, JET_SESID /*sesid*/, unsigned long paramid,
                                      JET_API_PTR lParam, const char* /*szParam*/) {
  return Core().SetSystemParameter(pinstance, paramid, lParam);
}

JET_ERR JET_API JetGetSystemParameter(JET_INSTANCE instance, JET_SESID /*sesid*/, unsigned long paramid,
                                      JET_API_PTR* plParam, char* /*szParam*/, unsigned long /*cbMax*/) {
  return Core().GetSystemParameter(instance, paramid, plParam);
}

JET_ERR JET_API JetInit(JET_INSTANCE* pinstance) { return Core().Init(pinstance); }
JET_ERR JET_API JetTerm(JET_INSTANCE instance) { return Core().Term(instance, JET_bitTermAbrupt); }
JET_ERR JET_API JetTerm2(JET_INSTANCE instance, JET_GRBIT grbit) { return Core().Term(instance, grbit); }
JET_ERR JET_API JetStopService(void) { return Core().StopService(); }
JET_ERR JET_API JetStopServiceInstance(JET_INSTANCE instance) { return Core().StopServiceInstance(instance); }

JET_ERR JET_API JetRestoreInstance(JET_INSTANCE instance, const char* sz, const char* /*szDestination*/,
                                   JET_PFNSTATUS pfn) {
  return Core().RestoreInstance(instance, sz, pfn);
}

JET_ERR JET_API JetBeginSession(JET_INSTANCE instance, JET_SESID* psesid, const char* /*szUserName*/,
                                const char* /*szPassword*/) {
  return Core().BeginSession(instance, psesid);
}

JET_ERR JET_API JetDupSession(JET_SESID sesid, JET_SESID* psesid) { return Core().DupSession(sesid, psesid); }
JET_ERR JET_API JetEndSession(JET_SESID sesid, JET_GRBIT grbit) { return Core().EndSession(sesid, grbit); }

JET_ERR JET_API JetSetSessionContext(JET_SESID sesid, JET_API_PTR ulContext) {
  return Core().SetSessionContext(sesid, ulContext);
}

JET_ERR JET_API JetResetSessionContext(JET_SESID sesid) { return Core().ResetSessionContext(sesid); }
JET_ERR JET_API JetBeginTransaction(JET_SESID sesid) { return Core().BeginTransaction(sesid); }

JET_ERR JET_API JetCommitTransaction(JET_SESID sesid, JET_GRBIT grbit) {
  return Core().CommitTransaction(sesid, grbit);
}

JET_ERR JET_API JetRollback(JET_SESID sesid, JET_GRBIT grbit) { return Core().Rollback(sesid, grbit); }

}  // extern "C"
