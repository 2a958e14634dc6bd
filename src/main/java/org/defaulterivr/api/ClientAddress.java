package org.defaulterivr.api;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.defaulterivr.config.ConfigException;

/**
 * The address a request comes from, for the failed-authentication limit. {@code X-Forwarded-For} is believed only
 * from the reverse proxies named in {@code api.trusted.proxies} (none by default): otherwise any client could name
 * any address and walk around its limit. Behind trusted proxies, the client is the right-most address of the header
 * that is not itself a trusted proxy (each proxy appends the address it saw).
 */
final class ClientAddress {
    private final List<IPAddress> trusted;

    ClientAddress(List<String> trustedProxies) {
        this.trusted = trustedProxies.stream().map(cidr -> {
            IPAddress address = new IPAddressString(cidr).getAddress();
            if (address == null) {
                throw new ConfigException("api.trusted.proxies: '" + cidr + "' is not an address or CIDR block");
            }
            return address.toPrefixBlock();
        }).toList();
    }

    String of(RoutingContext ctx) {
        String peer = ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().hostAddress();
        if (trusted.isEmpty() || !isTrusted(peer)) {
            return peer;
        }
        List<String> forwarded = ctx.request().headers().getAll("X-Forwarded-For");
        String client = peer;
        for (int h = forwarded.size() - 1; h >= 0; h--) {
            String[] hops = forwarded.get(h).split(",");
            for (int i = hops.length - 1; i >= 0; i--) {
                String hop = hops[i].strip();
                IPAddress address = new IPAddressString(hop).getAddress();
                if (address == null) {
                    return client; // garbage in the header: stop at the last address we could believe
                }
                client = address.toCanonicalString();
                if (!isTrusted(client)) {
                    return client;
                }
            }
        }
        return client;
    }

    /** Whether a connection's peer is one of {@code api.trusted.proxies}. */
    boolean isTrusted(String hostAddress) {
        IPAddress address = new IPAddressString(hostAddress).getAddress();
        if (address == null) {
            return false;
        }
        IPAddress candidate = address.isIPv6() && address.isIPv4Convertible() ? address.toIPv4() : address;
        for (IPAddress block : trusted) {
            if (block.getIPVersion() == candidate.getIPVersion() && block.contains(candidate)) {
                return true;
            }
        }
        return false;
    }
}
