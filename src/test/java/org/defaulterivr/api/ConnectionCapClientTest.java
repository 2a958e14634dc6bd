package org.defaulterivr.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/** Which peer addresses share one client's connection allowance. */
class ConnectionCapClientTest {

    @Test
    void anIpv6ClientsSlash64IsOneClientSoRotatingAddressesInItDoesNotHelp() {
        assertEquals(ConnectionCap.client("2001:db8:1:2::1"), ConnectionCap.client("2001:db8:1:2:ffff:1:2:3"));
        assertNotEquals(ConnectionCap.client("2001:db8:1:2::1"), ConnectionCap.client("2001:db8:1:3::1"));
    }

    @Test
    void ipv4AddressesAreEachTheirOwnClientAlsoWhenMappedIntoIpv6() {
        assertNotEquals(ConnectionCap.client("127.0.0.1"), ConnectionCap.client("127.0.0.2"));
        assertEquals(ConnectionCap.client("192.0.2.7"), ConnectionCap.client("::ffff:192.0.2.7"));
    }
}
