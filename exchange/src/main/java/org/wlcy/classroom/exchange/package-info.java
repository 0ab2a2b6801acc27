/**
 * Issue H, data sharing (Art. 24(3), 互联互通、数据共享): what another system may read from the
 * classroom server and what it is told when something happens. {@code partner}: partner systems,
 * their API keys and scopes. {@code webhook}: signed event deliveries through a durable outbox.
 * Pure domain: a clock and ports in, I/O in the gateway's adapters.
 */
package org.wlcy.classroom.exchange;
