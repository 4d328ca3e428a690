# cmake -DJETSIM=... -DDIR=... -P replay_all.cmake
# Every replay a failing campaign wrote (original and shrunk) must fail
# again when replayed (exit 1) and reproduce its outcome and fingerprint;
# at least one must be a shrunk (.min.json) replay.
file(GLOB replays "${DIR}/replays/*.json")
file(GLOB shrunk "${DIR}/replays/*.min.json")
list(LENGTH replays count)
list(LENGTH shrunk shrunk_count)
if(count EQUAL 0 OR shrunk_count EQUAL 0)
  message(FATAL_ERROR "no replays (${count}) or no shrunk replays (${shrunk_count}) in ${DIR}/replays")
endif()
foreach(replay IN LISTS replays)
  execute_process(COMMAND ${JETSIM} replay ${replay} RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT status EQUAL 1 OR NOT out MATCHES "reproduced: outcome yes, fingerprint yes")
    message(FATAL_ERROR "replay ${replay}: exit ${status}\n${out}${err}")
  endif()
endforeach()
message(STATUS "${count} replays (${shrunk_count} shrunk) fail again, exactly as recorded")
