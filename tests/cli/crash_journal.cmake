# cmake -DJETSIM=... -DDIR=... -P crash_journal.cmake
# A campaign whose engine aborts mid-case (the crash.abort-when-full bug)
# dies, but leaves DIR/crashed.txt naming the case and the command that
# reruns it, and results.jsonl keeps every case finished before it.
file(REMOVE_RECURSE ${DIR})
execute_process(COMMAND ${JETSIM} campaign --cases 50 --seed 3 --jobs 1 --scenario programs --profile documented
                        --bug crash.abort-when-full --quiet --out ${DIR}
                RESULT_VARIABLE status OUTPUT_QUIET ERROR_QUIET)
if(status EQUAL 0 OR status EQUAL 1 OR status EQUAL 2)
  message(FATAL_ERROR "the campaign should have crashed, it exited ${status}")
endif()
if(NOT EXISTS ${DIR}/crashed.txt)
  message(FATAL_ERROR "no ${DIR}/crashed.txt after the crash (${status})")
endif()
file(READ ${DIR}/crashed.txt note)
if(NOT note MATCHES "^case ([0-9]+) crashed the campaign: jetsim run --scenario programs --seed [0-9]+ ")
  message(FATAL_ERROR "crashed.txt does not name the case and its command:\n${note}")
endif()
set(crashed_case ${CMAKE_MATCH_1})
file(STRINGS ${DIR}/results.jsonl lines)
list(LENGTH lines kept)
if(NOT kept EQUAL crashed_case)
  message(FATAL_ERROR "results.jsonl holds ${kept} lines, expected the ${crashed_case} cases before the crash")
endif()
message(STATUS "crash at case ${crashed_case} journalled; ${kept} earlier results kept")
