# Sourced by bench/*: builds Stampede once and runs it from a private copy of the jar and its lib/,
# so that a rebuild of the working tree during a long benchmark cannot swap classes under it.
# Defines: stampede_bench_setup WORKDIR, then bench_stampede ARGS... (and $JAVA_HOME set to a JDK 21+, $BENCH_JVM_OPTS:
# the JVM options ./stampede uses).
here_lib="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$here_lib/scripts/find-jdk.sh"
stampede_find_jdk

stampede_bench_setup() {
  "$here_lib/stampede" --version >/dev/null   # builds when needed
  mkdir -p "$1/app"
  cp -r "$here_lib/stampede-cli/target/stampede.jar" "$here_lib/stampede-cli/target/lib" "$1/app/"
  BENCH_JAR="$1/app/stampede.jar"
}

# the launcher's JVM options (./stampede), then STAMPEDE_JAVA_OPTS: benches run Stampede as users do
BENCH_JVM_OPTS="$(case " ${STAMPEDE_JAVA_OPTS:-} " in *" -XX:+Use"*GC" "*) ;; *) printf '%s ' -XX:+UseParallelGC ;; esac
  [ "$(stampede_java_major "$JAVA_HOME/bin/java")" -ge 25 ] 2>/dev/null && printf '%s' -XX:+UseCompactObjectHeaders)"

bench_stampede() {
  "$JAVA_HOME/bin/java" $BENCH_JVM_OPTS ${STAMPEDE_JAVA_OPTS:-} -jar "$BENCH_JAR" "$@"
}

# bench_stampede in the background: `bench_stampede ARGS... &` would leave $! naming a subshell whose kill
# does not reach the JVM (a demo and its embedded PostgreSQL outlived the bench that way); this execs the JVM in
# the background subshell, so $! is the JVM itself. Usage: bench_stampede_bg ARGS... >LOG 2>&1; pid=$!
bench_stampede_bg() {
  (exec "$JAVA_HOME/bin/java" $BENCH_JVM_OPTS ${STAMPEDE_JAVA_OPTS:-} -jar "$BENCH_JAR" "$@") &
}

# The reference stack (`stampede demo`) on a free port of 127.0.0.1, for the HTTP benches: sets $port and $demo (its
# JVM's pid), logs to WORK/demo.log, waits until it is ready (60 s at most) and, with the EXIT trap the caller sets
# (`trap 'bench_demo_stop; ...' EXIT`), stops it. Usage: bench_demo_start WORK
bench_demo_start() {
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
  bench_stampede_bg demo --port "$port" >"$1/demo.log" 2>&1
  demo=$!
  for _ in $(seq 1 600); do grep -q "Reference stack ready" "$1/demo.log" 2>/dev/null && return 0; sleep 0.1; done
  echo "the reference stack did not start:"; tail -20 "$1/demo.log"; return 1
}

bench_demo_stop() { kill "$demo" 2>/dev/null || true; wait "$demo" 2>/dev/null || true; }

# Live heap of JVM PID in KB: the total of `jcmd PID GC.class_histogram`, which forces a full collection and counts
# the objects that survived it in the same safepoint. (GC.run then GC.heap_info, as before, read "used" a second or
# so later, with everything the load allocated meanwhile in the young generation: at 2,000 ops/s that was 10-20 MB
# of garbage either end, about the whole 20 MB budget.) Any collector; Metaspace not included.
bench_heap_used_kb() {
  "$JAVA_HOME/bin/jcmd" "$1" GC.class_histogram | awk '$1 == "Total" { print int($3 / 1024) }'
}
