package org.wlcy.classroom.gateway.exchange.partner;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.wlcy.classroom.exchange.partner.Partner;
import org.wlcy.classroom.exchange.partner.PartnerStore;
import org.wlcy.classroom.gateway.storage.DurableFiles;

/**
 * The embedded partner store: {@code <data.dir>/partners/partners.json}, readable by the server's
 * user only, replaced whole by write, fsync and atomic rename (then the folder fsync'd). It holds
 * each key's id and SHA-256, never a key. A file that cannot be read stops the start: refusing
 * every partner silently would be worse than an operator reading the log.
 */
final class FilePartnerStore implements PartnerStore {
    private final Path dir;
    private final Path file;
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** The file's shape: a version, then the partners. */
    record Contents(int version, List<Partner> partners) {
    }

    FilePartnerStore(Path dir) {
        this.dir = dir;
        this.file = dir.resolve("partners.json");
    }

    @Override
    public List<Partner> load() {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            Contents c = json.readValue(file.toFile(), Contents.class);
            return c.partners() == null ? List.of() : c.partners();
        } catch (IOException e) {
            throw new UncheckedIOException("the partner registry " + file + " cannot be read", e);
        }
    }

    @Override
    public void save(List<Partner> partners) {
        byte[] bytes;
        try {
            bytes = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(new Contents(1, partners));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the partner registry in " + dir, e);
        }
        DurableFiles.write(file, bytes);
    }
}
