# shellcheck shell=bash
# Shared setup for the root launchers (./check, ./jetsim): install missing
# Debian packages, configure a CMake preset when needed and build it.
# Sourced, not run. Messages and apt output go to stderr; build output goes
# to stdout, or to a log file (jetsim_prepare PRESET LOGFILE) so that
# ./jetsim's stdout carries only what the jetsim command prints.
#
# Environment:
#   JETSIM_JOBS      parallel build/test jobs (default: nproc)
#   JETSIM_NO_APT=1  never run apt-get; only report what is missing

JETSIM_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JETSIM_TOOL="${JETSIM_TOOL:-$(basename "$0")}"
JETSIM_JOBS="${JETSIM_JOBS:-$(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)}"

# Everything the build needs (see shared toolchain notes). Optional tools
# (chromium, ...) are not installed: the tests that need them skip.
JETSIM_PACKAGES=(
  ninja-build cmake g++ clang
  libgtest-dev googletest libbenchmark-dev librapidcheck-dev
  libboost-context-dev libcli11-dev nlohmann-json3-dev libfmt-dev
  libclang-rt-14-dev libtinyxml2-dev python3-jsonschema
)

jetsim_say() { printf '%s: %s\n' "$JETSIM_TOOL" "$*" >&2; }

# Runs "$@" holding build/.setup.lock, so that launchers started in
# parallel (e.g. campaign shards) neither run apt nor build at the same time.
jetsim_with_lock() {
  mkdir -p "$JETSIM_ROOT/build" || return 1
  {
    if command -v flock >/dev/null 2>&1 && ! flock -n 9; then
      jetsim_say "waiting for another launcher using $JETSIM_ROOT/build to finish..."
      flock 9
    fi
    "$@"
  } 9>"$JETSIM_ROOT/build/.setup.lock"
}

# Prints the packages of JETSIM_PACKAGES that dpkg does not report as installed.
jetsim_missing_packages() {
  local pkg
  for pkg in "${JETSIM_PACKAGES[@]}"; do
    dpkg -s "$pkg" 2>/dev/null | grep -q '^Status: install ok installed' || printf '%s\n' "$pkg"
  done
}

# Installs the missing packages: one `apt-get update`, then one
# `apt-get install -y`. Needs root for that; otherwise prints the command to
# run and returns 1.
jetsim_install_packages() {
  if ! command -v dpkg >/dev/null 2>&1; then
    jetsim_say "warning: no dpkg (not Debian?): not checking packages; install the equivalents of: ${JETSIM_PACKAGES[*]}"
    return 0
  fi
  [[ -z "$(jetsim_missing_packages)" ]] && return 0
  jetsim_with_lock jetsim_install_missing_locked
}

jetsim_install_missing_locked() {
  local missing=()
  mapfile -t missing < <(jetsim_missing_packages)  # again: another launcher may have installed them
  ((${#missing[@]} == 0)) && return 0

  if [[ "$(id -u)" != 0 || "${JETSIM_NO_APT:-0}" == 1 ]]; then
    jetsim_say "error: missing Debian packages: ${missing[*]}"
    jetsim_say "install them as root, then rerun:  sudo apt-get update && sudo apt-get install -y ${missing[*]}"
    return 1
  fi
  jetsim_say "installing missing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get update >&2; then
    jetsim_say "error: apt-get update failed"
    return 1
  fi
  if ! apt-get install -y --no-install-recommends "${missing[@]}" >&2; then
    jetsim_say "error: apt-get install failed for: ${missing[*]}"
    return 1
  fi
}

# Configures build/<preset> unless it is already configured from the current
# CMakePresets.json. Ninja re-runs CMake by itself when a CMakeLists.txt
# changes; a changed presets file needs a fresh configure (its cache
# variables, compilers included, may have changed).
jetsim_is_configured() {
  local bdir="$JETSIM_ROOT/build/$1"
  [[ -f "$bdir/build.ninja" && "$bdir/CMakeCache.txt" -nt "$JETSIM_ROOT/CMakePresets.json" ]]
}

jetsim_configure() {
  local preset="$1" bdir="$JETSIM_ROOT/build/$1"
  jetsim_is_configured "$preset" && return 0
  local fresh=()
  [[ -f "$bdir/CMakeCache.txt" ]] && fresh=(--fresh)
  (cd "$JETSIM_ROOT" && cmake --preset "$preset" "${fresh[@]}")
}

jetsim_build() {
  (cd "$JETSIM_ROOT" && cmake --build --preset "$1" -j "$JETSIM_JOBS")
}

# True when building <preset> would do nothing (ninja dry run).
jetsim_build_is_current() {
  local out
  out="$(cd "$JETSIM_ROOT" && cmake --build --preset "$1" -- -n 2>&1)" || return 1
  [[ "$out" == *"no work to do"* ]]
}

# Configures (if needed) and builds <preset> under the setup lock. The lock
# is released on return: tests that run ./jetsim under ./check do not wait.
#   jetsim_prepare PRESET           build output goes to stdout
#   jetsim_prepare PRESET LOGFILE   build output goes to LOGFILE, shown only on failure
jetsim_prepare() {
  jetsim_with_lock jetsim_prepare_locked "$@"
}

jetsim_prepare_locked() {
  local preset="$1" log="${2:-}" rc=0
  if [[ -z "$log" ]]; then
    jetsim_configure "$preset" && jetsim_build "$preset" || rc=$?
    return "$rc"
  fi
  if [[ ! -f "$JETSIM_ROOT/build/$preset/build.ninja" ]]; then
    jetsim_say "first run: configuring and building the '$preset' preset (a few minutes; log: ${log#"$JETSIM_ROOT"/})"
  elif ! jetsim_is_configured "$preset" || ! jetsim_build_is_current "$preset"; then
    jetsim_say "rebuilding the '$preset' preset (log: ${log#"$JETSIM_ROOT"/})"
  fi
  { jetsim_configure "$preset" && jetsim_build "$preset"; } >"$log" 2>&1 || rc=$?
  if ((rc != 0)); then
    cat "$log" >&2
    jetsim_say "error: building the '$preset' preset failed (exit $rc); full log: $log"
  fi
  return "$rc"
}
