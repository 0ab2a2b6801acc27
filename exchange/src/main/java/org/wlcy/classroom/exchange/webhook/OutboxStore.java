package org.wlcy.classroom.exchange.webhook;

import java.util.List;

/**
 * Where endpoints and deliveries are kept. Every write is durable before it returns (a delivery
 * saved is never lost to a crash); the outbox reads everything back once, at start.
 */
public interface OutboxStore {
    List<Endpoint> endpoints();

    void saveEndpoint(Endpoint e);

    /** Removes the endpoint and its deliveries. */
    void deleteEndpoint(String id);

    /** Every delivery of every endpoint still registered. */
    List<Delivery> deliveries();

    /** Saves these deliveries (new or changed), durably, before returning. */
    void save(List<Delivery> deliveries);
}
