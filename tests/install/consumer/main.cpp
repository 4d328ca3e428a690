// A client written for esent.dll: only the public header, only ESE names.
// Exits 0 when every call succeeds and Dup hands out a new, valid handle.
#include <jetsim/esent.h>

int main() {
  JET_INSTANCE instance = JET_instanceNil;
  JET_SESID session = JET_sesidNil;
  JET_SESID duplicate = JET_sesidNil;

  if (JetCreateInstance(&instance, "install-test") != JET_errSuccess) return 1;
  if (JetInit(&instance) != JET_errSuccess) return 1;
  if (JetBeginSession(instance, &session, "", "") != JET_errSuccess) return 1;
  if (JetDupSession(session, &duplicate) != JET_errSuccess) return 1;
  if (duplicate == JET_sesidNil || duplicate == 0 || duplicate == session) return 1;
  if (JetEndSession(duplicate, JET_bitNil) != JET_errSuccess) return 1;
  if (JetEndSession(session, JET_bitNil) != JET_errSuccess) return 1;
  if (JetTerm(instance) != JET_errSuccess) return 1;
  return 0;
}
