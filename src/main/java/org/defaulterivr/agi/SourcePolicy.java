package org.defaulterivr.agi;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.defaulterivr.config.ConfigException;

/**
 * Who may open FastAGI sessions. The protocol has no authentication, so the carrier's Asterisk hosts are named by
 * address, and no one source may hold more than its share of sessions.
 */
public final class SourcePolicy {
    private final List<IPAddress> allowed;
    private final int maxPerSource;
    private final ConcurrentHashMap<String, AtomicInteger> open = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Boolean> decided = new ConcurrentHashMap<>();
    private static final int MAX_REMEMBERED = 4096;

    public SourcePolicy(List<String> allowedCidrs, int maxPerSource) {
        this.allowed = allowedCidrs.stream().map(SourcePolicy::parse).toList();
        this.maxPerSource = maxPerSource;
    }

    private static IPAddress parse(String cidr) {
        IPAddress address = new IPAddressString(cidr).getAddress();
        if (address == null) {
            throw new ConfigException("agi.allowed.sources: '" + cidr + "' is not an address or CIDR block");
        }
        return address.toPrefixBlock();
    }

    /**
     * Whether an address may connect at all. Asterisk hosts are few and connect for every call, so answers are
     * remembered (up to a bound, so that a scan of many addresses cannot grow the memory).
     */
    public boolean allows(String hostAddress) {
        Boolean known = decided.get(hostAddress);
        if (known != null) {
            return known;
        }
        boolean allowed = decide(hostAddress);
        if (decided.size() >= MAX_REMEMBERED) {
            decided.clear();
        }
        decided.put(hostAddress, allowed);
        return allowed;
    }

    private boolean decide(String hostAddress) {
        IPAddress address = new IPAddressString(hostAddress).getAddress();
        if (address == null) {
            return false;
        }
        IPAddress candidate = address.isIPv4Convertible() && address.isIPv6() ? address.toIPv4() : address;
        for (IPAddress block : allowed) {
            if (block.getIPVersion() == candidate.getIPVersion() && block.contains(candidate)) {
                return true;
            }
        }
        return false;
    }

    /** Claims a session slot for a source; false when it already holds its share. Release with {@link #release}. */
    public boolean acquire(String hostAddress) {
        AtomicInteger count = open.computeIfAbsent(hostAddress, a -> new AtomicInteger());
        if (count.incrementAndGet() > maxPerSource) {
            count.decrementAndGet();
            return false;
        }
        return true;
    }

    public void release(String hostAddress) {
        open.computeIfPresent(hostAddress, (a, count) -> count.decrementAndGet() <= 0 ? null : count);
    }
}
