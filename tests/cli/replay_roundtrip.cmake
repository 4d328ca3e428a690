# cmake -DJETSIM=... -DDIR=... -P replay_roundtrip.cmake
# For many seeds of every kind of scenario and both strategies: run a case
# with --save-replay, replay the file, and require the same exit status,
# outcome and fingerprint.
file(MAKE_DIRECTORY ${DIR})
set(count 0)
foreach(scenario dup-basic mixed dup-vs-term programs)
  foreach(strategy random pct)
    foreach(seed RANGE 1 12)
      set(file ${DIR}/${scenario}-${strategy}-${seed}.json)
      execute_process(COMMAND ${JETSIM} run --scenario ${scenario} --seed ${seed} --strategy ${strategy}
                              --save-replay ${file}
                      RESULT_VARIABLE run_status OUTPUT_VARIABLE run_out ERROR_VARIABLE run_err)
      execute_process(COMMAND ${JETSIM} replay ${file}
                      RESULT_VARIABLE replay_status OUTPUT_VARIABLE replay_out ERROR_VARIABLE replay_err)
      if(NOT run_status EQUAL replay_status OR NOT replay_out MATCHES "reproduced: outcome yes, fingerprint yes")
        message(FATAL_ERROR "${scenario} ${strategy} seed ${seed}: run exited ${run_status}, replay ${replay_status}\n"
                            "${replay_out}${replay_err}")
      endif()
      math(EXPR count "${count} + 1")
    endforeach()
  endforeach()
endforeach()
message(STATUS "${count} cases replayed exactly from their files")
