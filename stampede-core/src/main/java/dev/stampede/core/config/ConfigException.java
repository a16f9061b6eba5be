package dev.stampede.core.config;

/**
 * Bad input: a value, a file or a combination that Stampede cannot run with. The message names the
 * parameter, the value, where it came from and the fix; it never contains a secret.
 */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
