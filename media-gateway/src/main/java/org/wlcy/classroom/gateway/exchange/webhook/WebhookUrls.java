package org.wlcy.classroom.gateway.exchange.webhook;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;

/**
 * Which URLs deliveries may go to: absolute http or https URLs with a host, no user info; unless
 * {@code webhooks.allowPrivateUrls}, none whose host is or resolves to a loopback, private
 * (10/8, 172.16/12, 192.168/16, fc00::/7), link-local, wildcard or multicast address. Checked when
 * the endpoint is registered and again before every attempt (DNS may change).
 */
final class WebhookUrls {
    static final int MAX_LENGTH = 2000;
    private final boolean allowPrivate;

    WebhookUrls(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    /** The URL, checked; 275 naming {@code url} and why otherwise. */
    URI check(String url) {
        URI u;
        try {
            u = new URI(url);
        } catch (URISyntaxException e) {
            throw refused("is not a URL: " + e.getReason());
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw refused("must start with http:// or https://");
        }
        if (u.getHost() == null || u.getHost().isEmpty()) {
            throw refused("has no host");
        }
        if (u.getRawUserInfo() != null) {
            throw refused("must not hold a user name or password");
        }
        if (!allowPrivate) {
            InetAddress[] all;
            try {
                all = InetAddress.getAllByName(u.getHost());
            } catch (UnknownHostException e) {
                throw refused("host " + u.getHost() + " is not known");
            }
            for (InetAddress a : all) {
                if (internal(a)) {
                    throw refused("host " + u.getHost() + " is a loopback or private address (" + a.getHostAddress()
                            + "); set webhooks.allowPrivateUrls=true to allow it");
                }
            }
        }
        return u;
    }

    static boolean internal(InetAddress a) {
        byte[] b = a.getAddress();
        boolean uniqueLocal6 = b.length == 16 && (b[0] & 0xfe) == 0xfc;
        boolean cgnat = b.length == 4 && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
        return a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()
                || a.isMulticastAddress() || uniqueLocal6 || cgnat;
    }

    private static ClassroomException refused(String why) {
        return new ClassroomException(ErrorCode.WEBHOOK_URL_REFUSED, "url: " + why);
    }
}
