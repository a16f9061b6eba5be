package dev.stampede.redis;

import dev.stampede.core.target.SessionContext;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;

/** A session context whose console is captured. */
final class Sessions {
    final StringWriter console = new StringWriter();
    final SessionContext context = new SessionContext(null, new PrintWriter(console, true), new ArrayList<>());
}
