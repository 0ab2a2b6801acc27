/**
 * Partner systems (a training-management platform, the local real-name system) and their API
 * keys and scopes (docs/adr/0022): {@link org.wlcy.classroom.exchange.partner.PartnerRegistry}
 * registers, rotates, revokes and authenticates; {@link org.wlcy.classroom.exchange.partner.Reach}
 * says which classes a partner may read. Pure: a store port, a clock and a random source in.
 */
package org.wlcy.classroom.exchange.partner;
