package dev.stampede.cli.k8s;

import dev.stampede.core.api.TargetUnreachableException;
import dev.stampede.core.config.ConfigException;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.io.IOException;
import java.util.function.Supplier;

/**
 * One Kubernetes API call, named by its RBAC verb and resource (e.g. {@code create jobs.batch}), with the API server's
 * refusals turned into one message that says what to grant or check: 401/403 name the missing verb and resource
 * ({@link ConfigException}, exit 2), an API server that cannot be reached is a {@link TargetUnreachableException}
 * (exit 3). Stateless.
 */
public final class KubeCalls {
    private KubeCalls() {
    }

    /** A call that returns nothing. */
    public interface Action {
        void run();
    }

    /** Runs {@code call}, {@code verb resource} in {@code namespace} for the messages. */
    public static <T> T call(String verb, String resource, String namespace, String server, Supplier<T> call)
            throws TargetUnreachableException {
        try {
            return call.get();
        } catch (KubernetesClientException e) {
            throw translate(e, verb, resource, namespace, server);
        }
    }

    /** As {@link #call} for an action. */
    public static void run(String verb, String resource, String namespace, String server, Action call) throws TargetUnreachableException {
        call(verb, resource, namespace, server, () -> {
            call.run();
            return null;
        });
    }

    private static TargetUnreachableException translate(KubernetesClientException e, String verb, String resource, String namespace,
                                                        String server) {
        int code = e.getCode();
        String where = " in namespace " + namespace;
        if (code == 403) {
            throw new ConfigException("no permission to " + verb + " " + resource + where + " (403 Forbidden from the Kubernetes API: "
                    + apiMessage(e) + "); grant the user or service account the RBAC verb '" + verb + "' on '" + resource
                    + "' in that namespace (README \"Run on Kubernetes\" lists every permission stampede k8s run needs)", e);
        }
        if (code == 401) {
            throw new ConfigException("the Kubernetes API at " + server + " did not accept the credentials (401 Unauthorized) for "
                    + verb + " " + resource + where + "; refresh the kubeconfig's token or certificate (kubectl auth whoami)", e);
        }
        if (code == 409 && "create".equals(verb)) {
            throw new ConfigException(resource + ": " + apiMessage(e) + where + " (409 AlreadyExists; an earlier run's?): delete it "
                    + "with kubectl, or pass another --name", e);
        }
        if (code == 404 && "create".equals(verb)) {
            throw new ConfigException("cannot " + verb + " " + resource + where + ": " + apiMessage(e) + " (404); check --namespace", e);
        }
        if (code == 0 || causedByIo(e)) {
            return new TargetUnreachableException("no Kubernetes API server reachable at " + server + " (" + rootMessage(e)
                    + ", on " + verb + " " + resource + "); check the kubeconfig's current context (kubectl cluster-info), "
                    + "--kubeconfig or --context", e);
        }
        throw new IllegalStateException("the Kubernetes API answered " + code + " to " + verb + " " + resource + where + ": "
                + apiMessage(e), e);
    }

    private static String apiMessage(KubernetesClientException e) {
        return e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : rootMessage(e);
    }

    private static boolean causedByIo(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) if (t instanceof IOException) return true;
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}
