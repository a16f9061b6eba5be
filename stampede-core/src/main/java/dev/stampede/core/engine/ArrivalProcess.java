package dev.stampede.core.engine;

/** How open-model arrivals are spaced. */
public enum ArrivalProcess {
    /** Evenly spaced: arrival i at i / rate. */
    CONSTANT,
    /** Poisson process: exponential gaps with mean 1 / rate, like independent users. */
    POISSON
}
