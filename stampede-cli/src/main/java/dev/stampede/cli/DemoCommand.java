package dev.stampede.cli;

import dev.stampede.core.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.concurrent.Callable;

/**
 * {@code stampede demo}: the reference stack of the HTTP module (an API over the embedded PostgreSQL and Redis) on
 * 127.0.0.1 until Ctrl-C. The CLI has stampede-http on its runtime class path only, so the stack is reached by its
 * documented entry point ({@code dev.stampede.http.demo.Demo.serve}), not by a compile-time reference.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Serve the reference stack on 127.0.0.1 until Ctrl-C: health/ready/live, game and session CRUD, a "
                + "Redis-cached financial summary, a rate-limited upload (429 + Retry-After), a slow and a leaky endpoint.",
                "HTTP scenarios start it on their own when no http.base_url (API_BASE_URL) is set."})
public final class DemoCommand implements Callable<Integer> {
    static final String ENTRY = "dev.stampede.http.demo.Demo";

    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8000", description = "Port on 127.0.0.1 (0: any free port; default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--leak-share", paramLabel = "SHARE", defaultValue = "0.02",
            description = "Share of /api/leaky calls that leak a pooled connection (default ${DEFAULT-VALUE}).")
    double leakShare;

    @Option(names = "--tls", description = "Serve https and wss with a self-signed certificate made at start (keytool); its PEM file is "
            + "printed, for http.ca.")
    boolean tls;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) throw new ConfigException("--port " + port + " is not a port; give 0..65535");
        PrintWriter out = spec.commandLine().getOut();
        Method serve;
        try {
            serve = Class.forName(ENTRY).getMethod("serve", int.class, double.class, boolean.class, PrintWriter.class);
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            throw new ConfigException("this build has no reference stack (stampede-http is not on the class path); rebuild with the "
                    + "stampede-http module");
        }
        try {
            return (Integer) serve.invoke(null, port, leakShare, tls, out);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception ex) throw ex;
            throw e;
        }
    }
}
