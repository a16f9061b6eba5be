package dev.stampede.cli;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The load generator's machine, as the report's {@code target.generator} records it: cores, physical memory, the JVM
 * and the OS. A comparison with a baseline warns when these differ, since a result can move with the machine.
 */
final class GeneratorEnvironment {
    private GeneratorEnvironment() {
    }

    static Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", Runtime.getRuntime().availableProcessors());
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            m.put("memory_mb", os.getTotalMemorySize() / 1_048_576L);
        }
        m.put("max_heap_mb", Runtime.getRuntime().maxMemory() / 1_048_576L);
        m.put("java", System.getProperty("java.vm.name") + " " + Runtime.version());
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        return m;
    }
}
