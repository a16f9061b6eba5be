package dev.stampede.core.api;

/**
 * The target could not be reached or refused us before any load ran. The message names the problem
 * and the fix and is free of secrets.
 */
public class TargetUnreachableException extends Exception {
    public TargetUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
