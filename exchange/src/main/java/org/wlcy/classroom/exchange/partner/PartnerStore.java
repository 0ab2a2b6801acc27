package org.wlcy.classroom.exchange.partner;

import java.util.List;

/** Where the registered partners are kept: all of them, replaced whole and durably by each save. */
public interface PartnerStore {
    List<Partner> load();

    /** Durable when it returns (the embedded store: written, fsync'd, renamed). */
    void save(List<Partner> partners);
}
