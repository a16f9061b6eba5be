package dev.stampede.core.report;

import dev.stampede.core.api.Monitor;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stampede watching itself: its CPU use, heap and GC, so a report can tell a slow target from a busy
 * generator. Heap "after GC" is the sum of the heap pools' usage right after their last collection,
 * the number that shows a leak (it climbs) where plain heap use only saws up and down. {@code rss_mb} is the
 * process's resident memory as the operating system sees it (heap, metaspace, thread stacks, direct buffers), the
 * series {@link dev.stampede.core.host.MemoryTrend} fits.
 */
public final class GeneratorMonitor implements Monitor {
    private final List<GarbageCollectorMXBean> gcs = ManagementFactory.getGarbageCollectorMXBeans();
    private final List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans();
    private final java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    private long gcCount0 = -1;
    private long gcTime0;
    private oshi.software.os.OperatingSystem host;

    @Override
    public String name() { return "generator"; }

    @Override
    public Map<String, Double> sample() {
        Map<String, Double> m = new LinkedHashMap<>();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            double cpu = sun.getProcessCpuLoad();
            if (cpu >= 0) m.put("process_cpu_percent", cpu * 100);
            double sys = sun.getCpuLoad();
            if (sys >= 0) m.put("machine_cpu_percent", sys * 100);
        }
        Runtime rt = Runtime.getRuntime();
        m.put("heap_used_mb", (rt.totalMemory() - rt.freeMemory()) / 1048576.0);
        double afterGc = 0;
        for (MemoryPoolMXBean p : pools) {
            if (p.getType() == MemoryType.HEAP && p.getCollectionUsage() != null) afterGc += p.getCollectionUsage().getUsed();
        }
        m.put("heap_after_gc_mb", afterGc / 1048576.0);
        double rss = residentMb();
        if (rss > 0) m.put("rss_mb", rss);
        long count = 0, time = 0;
        for (GarbageCollectorMXBean gc : gcs) {
            count += Math.max(0, gc.getCollectionCount());
            time += Math.max(0, gc.getCollectionTime());
        }
        if (gcCount0 < 0) { gcCount0 = count; gcTime0 = time; }
        m.put("gc_count", (double) (count - gcCount0));
        m.put("gc_time_ms", (double) (time - gcTime0));
        return m;
    }

    /** Resident memory of this process in MB, or 0 when the operating system does not say. */
    private double residentMb() {
        try {
            if (host == null) host = new oshi.SystemInfo().getOperatingSystem();
            var p = host.getCurrentProcess();
            return p == null ? 0 : p.getResidentSetSize() / 1048576.0;
        } catch (RuntimeException | LinkageError e) {
            return 0;   // an unsupported platform: the series is left out
        }
    }
}
