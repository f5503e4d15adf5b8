# shellcheck shell=bash
# Shared helpers of bin/vigil: messages, templates, processes started and stopped by PID file, readiness waits.

VIGIL_WORK=${VIGIL_WORK:-$VIGIL_HOME/work}
RUN_DIR=$VIGIL_WORK/run

if [ -t 1 ]; then BOLD=$'\e[1m'; RED=$'\e[31m'; GREEN=$'\e[32m'; YELLOW=$'\e[33m'; RESET=$'\e[0m'
else BOLD=; RED=; GREEN=; YELLOW=; RESET=; fi

say()  { printf '%s\n' "$*"; }
step() { printf '%s==>%s %s\n' "$BOLD" "$RESET" "$*"; }
ok()   { printf '    %s✔%s %s\n' "$GREEN" "$RESET" "$*"; }
warn() { printf '    %s!%s %s\n' "$YELLOW" "$RESET" "$*" >&2; }
die()  { printf '%serror:%s %s\n' "$RED" "$RESET" "$*" >&2; exit 1; }

now_ms() { date +%s%3N; }
elapsed() { local ms=$(( $(now_ms) - $1 )); printf '%d.%01ds' $((ms / 1000)) $(((ms % 1000) / 100)); }

# render TEMPLATE OUT: copies TEMPLATE with every ${NAME} replaced by the environment variable NAME. An unset name
# is an error, so that a typo in a template cannot start a server on an empty setting.
render() {
  local template=$1 out=$2
  mkdir -p "$(dirname "$out")"
  TEMPLATE=$template perl -pe \
    's/\$\{([A-Z][A-Z0-9_]*)\}/exists $ENV{$1} ? $ENV{$1} : die("unset variable $1 in $ENV{TEMPLATE}\n")/ge' \
    "$template" > "$out.tmp" || die "cannot render $template"
  mv "$out.tmp" "$out"
}

pid_file() { printf '%s/%s.pid' "$RUN_DIR" "$1"; }

# The PID a server was started with, if that process still runs and is still ours: its command line must contain
# the marker the launcher gave it, so that a recycled PID is never mistaken for (or killed as) a server.
live_pid() {
  local name=$1 marker=$2 file pid
  file=$(pid_file "$name")
  [ -f "$file" ] || return 1
  pid=$(cat "$file")
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
  { tr '\0' ' ' < "/proc/$pid/cmdline"; } 2>/dev/null | grep -qF -- "$marker" || return 1
  printf '%s' "$pid"
}

# spawn NAME LOG COMMAND...: starts COMMAND in the background, detached from this shell, with its output in LOG.
spawn() {
  local name=$1 log=$2; shift 2
  mkdir -p "$RUN_DIR" "$(dirname "$log")"
  setsid nohup "$@" >> "$log" 2>&1 < /dev/null &
  printf '%s' $! > "$(pid_file "$name")"
}

# stop_pid NAME PID: SIGTERM, then SIGKILL after a grace period; removes the PID file.
stop_pid() {
  local name=$1 pid=$2 waited=0 grace=${3:-30}
  kill -TERM "$pid" 2>/dev/null
  while kill -0 "$pid" 2>/dev/null; do
    if [ "$waited" -ge $((grace * 10)) ]; then
      warn "$name (pid $pid) ignored SIGTERM for ${grace}s: killing it"
      kill -KILL "$pid" 2>/dev/null
      sleep 0.2
      break
    fi
    sleep 0.1; waited=$((waited + 1))
  done
  rm -f "$(pid_file "$name")"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# The process listening on a port, for error messages.
port_owner() { ss -ltnpH "sport = :$1" 2>/dev/null | sed -n 's/.*users:((\("[^"]*",pid=[0-9]*\).*/\1/p' | head -1; }

require_free_port() {
  local name=$1 port=$2 var=$3
  if port_open "$port"; then
    die "$name cannot start: port $port is already taken by $(port_owner "$port" || echo 'another process'). Stop that process, or choose another port with $var=..."
  fi
}

http_ok() { curl -fsS -o /dev/null --max-time 2 "$1" 2>/dev/null; }

# wait_until NAME TIMEOUT LOG PID PROBE...: polls PROBE until it succeeds. Fails fast, naming the log, when the
# process dies or the timeout passes.
wait_until() {
  local name=$1 timeout=$2 log=$3 pid=$4; shift 4
  local deadline=$(( $(date +%s) + timeout ))
  while ! "$@" >/dev/null 2>&1; do
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
      tail -n 20 "$log" 2>/dev/null | sed 's/^/      | /' >&2
      die "$name exited while starting. Its log is $log"
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
      tail -n 20 "$log" 2>/dev/null | sed 's/^/      | /' >&2
      die "$name was not ready after ${timeout}s. Its log is $log"
    fi
    sleep 0.2
  done
}
