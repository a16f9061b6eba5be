# Sourced by ./stampede, .ci/run and bench/*: sets JAVA_HOME to a JDK of release 21 or newer.
# Order: $JAVA_HOME, the java on PATH, then the usual install folders (Debian/Ubuntu, macOS, SDKMAN).
# Fails with a message that names the fix when none is found.

stampede_java_major() {
  # prints the feature release of the java binary $1 (17, 21, 25...), or nothing
  "$1" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

stampede_find_jdk() {
  local candidates=() c major
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v javac >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
  fi
  for c in /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home "$HOME"/.sdkman/candidates/java/* /opt/java/* /opt/jdk*; do
    [ -d "$c" ] && candidates+=("$c")
  done
  local best="" best_major=0
  for c in "${candidates[@]}"; do
    [ -x "$c/bin/java" ] && [ -x "$c/bin/javac" ] || continue
    major=$(stampede_java_major "$c/bin/java")
    [ -n "$major" ] || continue
    if [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then best="$c"; best_major=$major; fi
    # the first 21+ in the order above wins when it is JAVA_HOME or on PATH
    if [ "$major" -ge 21 ] && { [ "$c" = "${JAVA_HOME:-}" ]; }; then best="$c"; break; fi
  done
  if [ -z "$best" ]; then
    echo "stampede: no JDK 21 or newer found (looked at JAVA_HOME, PATH, /usr/lib/jvm, /Library/Java, ~/.sdkman)." >&2
    echo "stampede: install one (for example 'apt-get install openjdk-21-jdk' or 'sdk install java 21-tem') or set JAVA_HOME to it." >&2
    return 1
  fi
  export JAVA_HOME="$best"
}
