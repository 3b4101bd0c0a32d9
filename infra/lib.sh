# Small process library for local servers. Source it after env.sh (it needs
# SHULIN_VAR). Each process has a NAME:
#   $SHULIN_VAR/log/NAME.log        stdout+stderr (the previous run's is kept as NAME.log.prev)
#   $SHULIN_VAR/run/NAME.pid        the pid (= process group id: it runs in its own session)
#   $SHULIN_VAR/run/NAME.starttime  its kernel start time, so a reused pid is not mistaken for it
# shellcheck shell=bash

: "${SHULIN_VAR:?source env.sh first}"

_proc_pidfile() { echo "$SHULIN_VAR/run/$1.pid"; }
_proc_startfile() { echo "$SHULIN_VAR/run/$1.starttime"; }
proc_log() { echo "$SHULIN_VAR/log/$1.log"; }

# Prints "STATE STARTTIME" of a live pid (fields 3 and 22 of /proc/PID/stat);
# fails if there is no such process. The command name (field 2) may hold
# spaces and parentheses, so cut after its last ')'.
_proc_stat() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  # shellcheck disable=SC2086
  set -- ${stat##*) }
  echo "$1 ${20}"
}

# Prints the pid of NAME if it is running.
proc_pid() {
  local pidfile pid want st
  pidfile=$(_proc_pidfile "$1")
  [[ -f "$pidfile" ]] || return 1
  pid=$(<"$pidfile")
  want=$(cat "$(_proc_startfile "$1")" 2>/dev/null || true)
  # A zombie (state Z) has exited or is exiting: it serves nothing any more.
  if [[ "$pid" =~ ^[0-9]+$ ]] && st=$(_proc_stat "$pid") &&
      [[ "${st%% *}" != Z && "${st#* }" == "$want" ]]; then
    echo "$pid"
    return 0
  fi
  rm -f "$pidfile" "$(_proc_startfile "$1")"
  return 1
}

# _proc_exists PID STARTTIME: the process still exists, even as a zombie, unless
# it is a zombie that only waits for this shell to reap it. An exiting JVM
# shows state Z for seconds while it still writes (e.g. its CDS archive), and
# some init processes reap orphans only every few seconds.
_proc_exists() {
  local st ppid
  st=$(_proc_stat "$1") && [[ "${st#* }" == "$2" ]] || return 1
  [[ "${st%% *}" == Z ]] || return 0
  ppid=$(awk '/^PPid:/ {print $2}' "/proc/$1/status" 2>/dev/null)
  [[ "$ppid" != "$$" && "$ppid" != "$BASHPID" ]]
}

# proc_running NAME: true if NAME's recorded pid is alive and is the process we
# started (same kernel start time). A stale pid file is removed.
proc_running() { proc_pid "$1" >/dev/null; }

# proc_start NAME -- cmd args...: runs cmd in the background in its own session
# (so proc_stop can signal the whole process group), detached from the
# terminal, output to NAME.log. No-op if NAME is already running.
proc_start() {
  local name=$1
  shift
  [[ "${1:-}" == "--" ]] && shift
  [[ $# -gt 0 ]] || { echo "proc_start: no command for $name" >&2; return 2; }
  if proc_running "$name"; then
    return 0
  fi
  local pidfile log i st
  pidfile=$(_proc_pidfile "$name")
  log=$(proc_log "$name")
  mkdir -p "$SHULIN_VAR/run" "$SHULIN_VAR/log"
  [[ -f "$log" ]] && mv -f "$log" "$log.prev"
  rm -f "$pidfile"
  # setsid forks when its caller already leads a process group (e.g. under
  # job control), so $! is not reliable: the process writes its own pid, after
  # setsid and before exec, which keeps the pid.
  # shellcheck disable=SC2016
  setsid nohup bash -c 'echo $$ >"$0.tmp" && mv "$0.tmp" "$0" && exec "$@"' \
    "$pidfile" "$@" >>"$log" 2>&1 </dev/null &
  for ((i = 0; i < 100; i++)); do
    [[ -s "$pidfile" ]] && break
    sleep 0.05
  done
  [[ -s "$pidfile" ]] || { echo "proc_start: $name did not start" >&2; return 1; }
  if ! st=$(_proc_stat "$(<"$pidfile")"); then
    echo "proc_start: $name exited at once" >&2
    return 1
  fi
  echo "${st#* }" >"$(_proc_startfile "$name")"
}

# proc_stop NAME [TIMEOUT_S]: TERM the process group, wait up to TIMEOUT_S
# (default 30) until the process is gone, then KILL the group.
proc_stop() {
  local name=$1 timeout=${2:-30} pid start deadline
  pid=$(proc_pid "$name") || return 0
  start=$(<"$(_proc_startfile "$name")")
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  deadline=$((SECONDS + timeout))
  while _proc_exists "$pid" "$start"; do
    if ((SECONDS >= deadline)); then
      echo "proc_stop: $name (pid $pid) still up after ${timeout}s, killing" >&2
      kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
      deadline=$((SECONDS + 10))
      while _proc_exists "$pid" "$start" && ((SECONDS < deadline)); do sleep 0.2; done
      break
    fi
    sleep 0.2
  done
  # Children that outlived the leader are still in its group.
  kill -KILL -- "-$pid" 2>/dev/null || true
  rm -f "$(_proc_pidfile "$name")" "$(_proc_startfile "$name")"
}

# Resident memory of NAME in MiB (the main process only).
proc_rss_mib() {
  local pid kb
  pid=$(proc_pid "$1") || return 1
  kb=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" 2>/dev/null) || return 1
  echo $(((kb + 512) / 1024))
}

# tcp_open HOST PORT: true if something accepts connections there.
tcp_open() {
  # shellcheck disable=SC2016
  timeout 2 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$1" "$2" 2>/dev/null
}

# wait_until TIMEOUT_S NAME cmd...: polls cmd until it succeeds; fails after
# TIMEOUT_S, or as soon as process NAME (if not empty) is no longer running.
wait_until() {
  local timeout=$1 name=$2 deadline
  shift 2
  deadline=$((SECONDS + timeout))
  until "$@"; do
    if [[ -n "$name" ]] && ! proc_running "$name"; then
      return 1
    fi
    ((SECONDS < deadline)) || return 1
    sleep 0.25
  done
}

# wait_tcp HOST PORT TIMEOUT_S [NAME]: waits until HOST:PORT accepts
# connections; with NAME, fails as soon as that process has died.
wait_tcp() { wait_until "$3" "${4:-}" tcp_open "$1" "$2"; }

# wait_http URL TIMEOUT_S [NAME]: waits until URL answers with a 2xx/3xx.
wait_http() {
  wait_until "$2" "${3:-}" curl -fsS -o /dev/null --max-time 2 "$1" 2>/dev/null
}

# die_with_log NAME MSG: prints MSG and the end of NAME's log, exits 1.
die_with_log() {
  local log
  log=$(proc_log "$1")
  echo "ERROR: $2" >&2
  if [[ -f "$log" ]]; then
    echo "---- last 60 lines of $log ----" >&2
    tail -n 60 "$log" >&2
    echo "----" >&2
  fi
  exit 1
}
