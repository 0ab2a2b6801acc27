package org.wlcy.classroom.gateway.media.janus;

import org.eclipse.jetty.websocket.api.Session;

/**
 * The Jetty WebSocket endpoint of one connection to Janus. Public only because Jetty requires
 * endpoint classes to be public; not meant for use outside this package. Passes text messages,
 * errors and the close on to its {@link Handler}.
 */
public final class JanusSocket implements Session.Listener.AutoDemanding {

    /** Receives what the WebSocket delivers. */
    interface Handler {
        void onText(String text);

        void onClose(int statusCode, String reason);

        void onError(Throwable cause);
    }

    private final Handler handler;

    JanusSocket(Handler handler) {
        this.handler = handler;
    }

    @Override
    public void onWebSocketText(String text) {
        handler.onText(text);
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        handler.onClose(statusCode, reason);
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        handler.onError(cause);
    }
}
