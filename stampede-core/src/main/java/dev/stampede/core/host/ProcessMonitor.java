package dev.stampede.core.host;

import dev.stampede.core.api.Monitor;
import oshi.SystemInfo;
import oshi.software.os.OSProcess;
import oshi.software.os.OperatingSystem;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One process on the generator's host, by pid ({@code --monitor-pid}): typically the server under test when it runs
 * beside the generator. CPU (percent of one core over the interval, so 200 is two busy cores), resident memory,
 * threads and open files. A process that is gone yields an empty sample. Sampler thread only.
 */
public final class ProcessMonitor implements Monitor {
    private final OperatingSystem os = new SystemInfo().getOperatingSystem();
    private final int pid;
    private OSProcess last;

    public ProcessMonitor(int pid) {
        this.pid = pid;
    }

    /** True when a process with this pid exists now. */
    public static boolean exists(int pid) {
        return new SystemInfo().getOperatingSystem().getProcess(pid) != null;
    }

    @Override
    public String name() { return "process_" + pid; }

    @Override
    public Map<String, Double> sample() {
        OSProcess p = os.getProcess(pid);
        Map<String, Double> m = new LinkedHashMap<>();
        if (p == null) return m;
        if (last != null) {
            long cpuMs = (p.getKernelTime() + p.getUserTime()) - (last.getKernelTime() + last.getUserTime());
            long wallMs = p.getUpTime() - last.getUpTime();
            if (wallMs > 0) m.put("cpu_percent", 100.0 * cpuMs / wallMs);
        }
        m.put("rss_mb", p.getResidentSetSize() / 1_048_576.0);
        m.put("threads", (double) p.getThreadCount());
        long files = p.getOpenFiles();
        if (files >= 0) m.put("open_files", (double) files);
        last = p;
        return m;
    }
}
