package dev.stampede.core.host;

import dev.stampede.core.api.Monitor;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;
import oshi.hardware.HWDiskStore;
import oshi.hardware.HardwareAbstractionLayer;
import oshi.hardware.NetworkIF;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The load generator's host, read with OSHI once per interval: CPU split into user, system, iowait and steal (percent
 * of all cores over the interval, from the kernel's tick counters), memory in use, and disk and network throughput
 * (MB/s over the interval, summed over every disk and interface). The first sample has no interval, so its rates are
 * left out. Seed 000, 001 and 004's psutil checks, on the generator's side. Sampler thread only.
 */
public final class HostMonitor implements Monitor {
    private final CentralProcessor cpu;
    private final GlobalMemory memory;
    private final List<HWDiskStore> disks;
    private final List<NetworkIF> nets;
    private long[] ticks;
    private long diskRead, diskWrite, netIn, netOut;
    private long lastNanos;

    public HostMonitor() {
        HardwareAbstractionLayer hal = new SystemInfo().getHardware();
        this.cpu = hal.getProcessor();
        this.memory = hal.getMemory();
        this.disks = hal.getDiskStores();
        this.nets = hal.getNetworkIFs();
    }

    @Override
    public String name() { return "host"; }

    @Override
    public Map<String, Double> sample() {
        Map<String, Double> m = new LinkedHashMap<>();
        long[] now = cpu.getSystemCpuLoadTicks();
        if (ticks != null) {
            long total = 0;
            for (int i = 0; i < now.length; i++) total += now[i] - ticks[i];
            if (total > 0) {
                m.put("cpu_user_percent", pct(now, CentralProcessor.TickType.USER, total) + pct(now, CentralProcessor.TickType.NICE, total));
                m.put("cpu_system_percent", pct(now, CentralProcessor.TickType.SYSTEM, total) + pct(now, CentralProcessor.TickType.IRQ, total)
                        + pct(now, CentralProcessor.TickType.SOFTIRQ, total));
                m.put("cpu_iowait_percent", pct(now, CentralProcessor.TickType.IOWAIT, total));
                m.put("cpu_steal_percent", pct(now, CentralProcessor.TickType.STEAL, total));
                m.put("cpu_busy_percent", 100.0 - pct(now, CentralProcessor.TickType.IDLE, total) - pct(now, CentralProcessor.TickType.IOWAIT, total));
            }
        }
        long total = memory.getTotal();
        long used = total - memory.getAvailable();
        m.put("memory_used_mb", used / 1_048_576.0);
        if (total > 0) m.put("memory_used_percent", 100.0 * used / total);
        long read = 0, write = 0, in = 0, out = 0;
        for (HWDiskStore d : disks) {
            d.updateAttributes();
            read += d.getReadBytes();
            write += d.getWriteBytes();
        }
        for (NetworkIF n : nets) {
            n.updateAttributes();
            in += n.getBytesRecv();
            out += n.getBytesSent();
        }
        long t = System.nanoTime();
        if (ticks != null && t > lastNanos) {
            double s = (t - lastNanos) / 1e9;
            m.put("disk_read_mb_per_s", Math.max(0, read - diskRead) / 1_048_576.0 / s);
            m.put("disk_write_mb_per_s", Math.max(0, write - diskWrite) / 1_048_576.0 / s);
            m.put("net_in_mb_per_s", Math.max(0, in - netIn) / 1_048_576.0 / s);
            m.put("net_out_mb_per_s", Math.max(0, out - netOut) / 1_048_576.0 / s);
        }
        ticks = now;
        diskRead = read;
        diskWrite = write;
        netIn = in;
        netOut = out;
        lastNanos = t;
        return m;
    }

    private double pct(long[] now, CentralProcessor.TickType type, long total) {
        return 100.0 * (now[type.getIndex()] - ticks[type.getIndex()]) / total;
    }
}
