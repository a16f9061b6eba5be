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

# bench_stampede in the background: `bench_stampede_bg ARGS... &` would leave $! naming a subshell whose kill
# does not reach the JVM (a demo and its embedded PostgreSQL outlived the bench that way); this execs the JVM in
# the background subshell, so $! is the JVM itself. Usage: bench_stampede_bg ARGS... >LOG 2>&1; pid=$!
bench_stampede_bg() {
  (exec "$JAVA_HOME/bin/java" $BENCH_JVM_OPTS ${STAMPEDE_JAVA_OPTS:-} -jar "$BENCH_JAR" "$@") &
}
