/* jetsim's esent.h: the subset of the Extensible Storage Engine API that
 * jetsim implements, with ESE's own names, types and values, so a client
 * written for esent.dll compiles against it unchanged.
 *
 * Calls reach the calling thread's current jetsim engine (see
 * jetsim/engine.h); a program that never sets one uses a default engine.
 * Nothing here ever crashes on bad input: nil, stale and forged handles and
 * NULL pointers get an error code. */
#ifndef JETSIM_ESENT_H
#define JETSIM_ESENT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifndef JET_API
#define JET_API
#endif

/* Types (DESIGN.md "Decisions": JET_ERR is 32-bit as on Windows). */
typedef int32_t JET_ERR;
typedef uint32_t JET_GRBIT;
typedef uintptr_t JET_API_PTR;
typedef JET_API_PTR JET_INSTANCE;
typedef JET_API_PTR JET_SESID;
typedef uint32_t JET_SNP;
typedef uint32_t JET_SNT;
typedef JET_ERR(JET_API *JET_PFNSTATUS)(JET_SESID sesid, JET_SNP snp, JET_SNT snt, void *pv);

#define JET_sesidNil ((JET_SESID) ~(JET_API_PTR)0)
#define JET_instanceNil ((JET_INSTANCE) ~(JET_API_PTR)0)

/* Error codes: one constant per row of the error table. */
enum {
#define JET_ERROR(name, value, meaning) name = (value),
#include "jetsim/jet_errors.def"
#undef JET_ERROR
};

/* Grbits. */
#define JET_bitNil ((JET_GRBIT)0)
#define JET_bitTermComplete ((JET_GRBIT)0x00000001)
#define JET_bitTermAbrupt ((JET_GRBIT)0x00000002)
#define JET_bitTermStopBackup ((JET_GRBIT)0x00000004)
#define JET_bitTermDirty ((JET_GRBIT)0x00000008)
#define JET_bitRollbackAll ((JET_GRBIT)0x00000001)
#define JET_bitCommitLazyFlush ((JET_GRBIT)0x00000001)
#define JET_bitWaitLastLevel0Commit ((JET_GRBIT)0x00000002)
#define JET_bitWaitAllLevel0Commit ((JET_GRBIT)0x00000008)

/* Status notification for JetRestoreInstance's callback. */
#define JET_snpRestore 8
#define JET_sntBegin 5
#define JET_sntProgress 0
#define JET_sntComplete 6
typedef struct {
  unsigned long cbStruct;
  unsigned long cunitDone;
  unsigned long cunitTotal;
} JET_SNPROG;

/* System parameters. */
#define JET_paramMaxSessions 5
/* jetsim's own global parameters, in a range ESE does not use. Global
 * parameters are set with a NULL instance pointer before the first JetInit
 * of the engine (as ESE's are). */
#define JET_paramJetsimProfile 0x4A530001UL      /* JET_jetsimProfile* */
#define JET_paramJetsimRestoreSteps 0x4A530002UL /* yield points in one restore, 1..10000 */
#define JET_jetsimProfileDocumented 0            /* the reference page's contract (default) */
#define JET_jetsimProfileEsent 1                 /* the real engine's check order and quirks */

/* Limits. */
#define JET_cMaxSessionsLimit 30000
#define JET_cTransactionLevelsMax 7
#define JET_cbInstanceNameMost 64

/* Instances. */
JET_ERR JET_API JetCreateInstance(JET_INSTANCE *pinstance, const char *szInstanceName);
JET_ERR JET_API JetSetSystemParameter(JET_INSTANCE *pinstance, JET_SESID sesid, unsigned long paramid,
                                      JET_API_PTR lParam, const char *szParam);
JET_ERR JET_API JetGetSystemParameter(JET_INSTANCE instance, JET_SESID sesid, unsigned long paramid,
                                      JET_API_PTR *plParam, char *szParam, unsigned long cbMax);
JET_ERR JET_API JetInit(JET_INSTANCE *pinstance);
JET_ERR JET_API JetTerm(JET_INSTANCE instance);
JET_ERR JET_API JetTerm2(JET_INSTANCE instance, JET_GRBIT grbit);
JET_ERR JET_API JetStopService(void);
JET_ERR JET_API JetStopServiceInstance(JET_INSTANCE instance);
JET_ERR JET_API JetRestoreInstance(JET_INSTANCE instance, const char *sz, const char *szDestination,
                                   JET_PFNSTATUS pfn);

/* Sessions. */
JET_ERR JET_API JetBeginSession(JET_INSTANCE instance, JET_SESID *psesid, const char *szUserName,
                                const char *szPassword);
JET_ERR JET_API JetDupSession(JET_SESID sesid, JET_SESID *psesid);
JET_ERR JET_API JetEndSession(JET_SESID sesid, JET_GRBIT grbit);
JET_ERR JET_API JetSetSessionContext(JET_SESID sesid, JET_API_PTR ulContext);
JET_ERR JET_API JetResetSessionContext(JET_SESID sesid);

/* Transactions. */
JET_ERR JET_API JetBeginTransaction(JET_SESID sesid);
JET_ERR JET_API JetCommitTransaction(JET_SESID sesid, JET_GRBIT grbit);
JET_ERR JET_API JetRollback(JET_SESID sesid, JET_GRBIT grbit);

/* jetsim extension: the error table's name for a code ("JET_errOutOfSessions"),
 * or "JET_err?" for a value the table does not hold. Never NULL. */
const char *jet_err_name(JET_ERR err);

#ifdef __cplusplus
}
#endif

#endif /* JETSIM_ESENT_H */
