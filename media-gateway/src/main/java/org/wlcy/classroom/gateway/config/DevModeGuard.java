package org.wlcy.classroom.gateway.config;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The development issuer ({@code auth.devMode=true}) mints any token, an admin's included, for
 * whoever reaches {@code POST /api/dev/tokens}. It is safe only on one machine: the gateway must
 * listen on a loopback address and the address people use must be localhost. Anything else is a
 * configuration problem naming the fix, so a server reachable from a network never runs it.
 * Host names other than {@code localhost} are not resolved: a name is taken as not loopback.
 */
final class DevModeGuard {
    private static final String FIX = "; dev mode (auth.devMode=true, the default) mints tokens for anyone who "
            + "reaches the port, so it runs on loopback only: set auth.devMode=false with auth.hmacSecret=<secret "
            + "shared with the training-management platform>, or use http.host=127.0.0.1";

    private DevModeGuard() {
    }

    static void check(GatewayConfig.Http http, Consumer<String> problem) {
        if (!isLoopback(http.host())) {
            problem.accept("http.host=" + http.host() + " is not a loopback address" + FIX);
        }
        String publicHost = http.publicUrl().getHost();
        if (publicHost != null && !isLoopback(publicHost)) {
            problem.accept("http.publicUrl=" + http.publicUrl() + " is not a localhost address" + FIX
                    + " and http.publicUrl=http://localhost:" + http.port());
        }
    }

    /** {@code localhost}, {@code 127.0.0.0/8} or {@code ::1}; empty (every interface) is not. */
    static boolean isLoopback(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.equals("localhost") || h.endsWith(".localhost")) {
            return true;
        }
        if (!NetUtil.isValidIpV4Address(h) && !NetUtil.isValidIpV6Address(h)) {
            return false;
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress(); // a literal: no lookup
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
