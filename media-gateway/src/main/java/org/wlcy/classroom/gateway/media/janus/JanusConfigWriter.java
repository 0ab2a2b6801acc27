package org.wlcy.classroom.gateway.media.janus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the configuration of a managed Janus into {@code <dataDir>/janus}: {@code conf/} with
 * {@code janus.jcfg}, {@code janus.plugin.videoroom.jcfg} (no static rooms) and
 * {@code janus.transport.websockets.jcfg}, plus {@code plugins/} and {@code transports/} holding
 * only symlinks to the videoroom plugin and the websockets transport, so nothing else loads.
 */
final class JanusConfigWriter {

    /** Debian's default {@code protected_folders}; entries above the data folder are dropped. */
    static final List<String> DEFAULT_PROTECTED = List.of("/bin", "/boot", "/dev", "/etc", "/initrd",
            "/lib", "/lib32", "/lib64", "/proc", "/sbin", "/sys", "/usr", "/var", "/opt/janus/bin",
            "/opt/janus/etc", "/opt/janus/include", "/opt/janus/lib", "/opt/janus/lib32",
            "/opt/janus/lib64", "/opt/janus/sbin");

    private final ManagedJanusSettings settings;
    private final JanusInstallation installation;

    JanusConfigWriter(ManagedJanusSettings settings, JanusInstallation installation) {
        this.settings = settings;
        this.installation = installation;
    }

    Path janusDir() {
        return settings.janusDir().toAbsolutePath();
    }

    Path confDir() {
        return janusDir().resolve("conf");
    }

    Path mainConfig() {
        return confDir().resolve("janus.jcfg");
    }

    /** Writes (or rewrites) everything; returns the conf folder. */
    Path write() throws IOException {
        Path janus = janusDir();
        Files.createDirectories(confDir());
        Path plugins = linkFolder(janus.resolve("plugins"), installation.videoroomPlugin());
        Path transports = linkFolder(janus.resolve("transports"), installation.websocketsTransport());
        Path events = emptyFolder(janus.resolve("events"));
        Path loggers = emptyFolder(janus.resolve("loggers"));
        if (settings.recordings()) {
            Files.createDirectories(settings.recordingsDir());
        }
        writeFile(mainConfig(), mainConfig(plugins, transports, events, loggers));
        writeFile(confDir().resolve("janus.plugin.videoroom.jcfg"), videoroomConfig());
        writeFile(confDir().resolve("janus.transport.websockets.jcfg"), websocketsConfig());
        return confDir();
    }

    String mainConfig(Path plugins, Path transports, Path events, Path loggers) {
        StringBuilder c = new StringBuilder();
        c.append("# Written by the classroom gateway (ManagedJanus); rewritten at every start.\n");
        c.append("general: {\n");
        kv(c, "configs_folder", confDir().toString());
        kv(c, "plugins_folder", plugins.toString());
        kv(c, "transports_folder", transports.toString());
        kv(c, "events_folder", events.toString());
        kv(c, "loggers_folder", loggers.toString());
        raw(c, "debug_level", Integer.toString(settings.debugLevel()));
        raw(c, "session_timeout", "60");
        kv(c, "server_name", "classroom-janus");
        if (settings.apiSecret() != null) {
            kv(c, "api_secret", settings.apiSecret());
        }
        c.append("\tprotected_folders = [\n");
        List<String> protectedFolders = protectedFolders();
        for (int i = 0; i < protectedFolders.size(); i++) {
            c.append("\t\t").append(quote(protectedFolders.get(i)))
                    .append(i + 1 < protectedFolders.size() ? ",\n" : "\n");
        }
        c.append("\t]\n");
        c.append("}\n");
        c.append("certificates: {\n}\n");
        c.append("media: {\n");
        raw(c, "ipv6", "false");
        kv(c, "rtp_port_range", settings.rtpPortMin() + "-" + settings.rtpPortMax());
        c.append("}\n");
        c.append("nat: {\n");
        raw(c, "nice_debug", "false");
        raw(c, "full_trickle", "true");
        raw(c, "ignore_mdns", "true");
        if (settings.stunServer() != null) {
            kv(c, "stun_server", settings.stunServer());
            raw(c, "stun_port", Integer.toString(settings.stunPort()));
        }
        if (settings.nat11Mapping() != null) {
            kv(c, "nat_1_1_mapping", settings.nat11Mapping());
        }
        ManagedJanusSettings.Turn turn = settings.turn();
        if (turn != null) {
            kv(c, "turn_server", turn.server());
            raw(c, "turn_port", Integer.toString(turn.port()));
            kv(c, "turn_type", turn.type());
            if (turn.user() != null) {
                kv(c, "turn_user", turn.user());
            }
            if (turn.pwd() != null) {
                kv(c, "turn_pwd", turn.pwd());
            }
        }
        if (settings.iceEnforceList() != null) {
            kv(c, "ice_enforce_list", settings.iceEnforceList());
        } else {
            kv(c, "ice_ignore_list", "vmnet");
        }
        c.append("}\n");
        c.append("plugins: {\n}\ntransports: {\n}\nloggers: {\n}\nevents: {\n}\n");
        return c.toString();
    }

    String videoroomConfig() {
        StringBuilder c = new StringBuilder();
        c.append("# Written by the classroom gateway (ManagedJanus). No static rooms: the gateway\n");
        c.append("# creates one room per class session through the API.\n");
        c.append("general: {\n");
        if (settings.adminKey() != null) {
            kv(c, "admin_key", settings.adminKey());
        }
        raw(c, "string_ids", "false");
        raw(c, "events", "false");
        c.append("}\n");
        return c.toString();
    }

    String websocketsConfig() {
        StringBuilder c = new StringBuilder();
        c.append("# Written by the classroom gateway (ManagedJanus).\n");
        c.append("general: {\n");
        kv(c, "json", "compact");
        raw(c, "ws", "true");
        raw(c, "ws_port", Integer.toString(settings.wsPort()));
        kv(c, "ws_ip", settings.wsIp());
        raw(c, "wss", "false");
        c.append("}\n");
        c.append("admin: {\n");
        raw(c, "admin_ws", "false");
        raw(c, "admin_wss", "false");
        c.append("}\n");
        return c.toString();
    }

    /** Debian's list minus every folder that contains the data folder (e.g. {@code /var}). */
    List<String> protectedFolders() {
        Path data = settings.dataDir().toAbsolutePath().normalize();
        List<String> kept = new ArrayList<>();
        for (String folder : DEFAULT_PROTECTED) {
            if (!data.startsWith(Path.of(folder))) {
                kept.add(folder);
            }
        }
        return kept;
    }

    private static Path linkFolder(Path folder, Path target) throws IOException {
        emptyFolder(folder);
        Files.createSymbolicLink(folder.resolve(target.getFileName()), target.toAbsolutePath());
        return folder;
    }

    private static Path emptyFolder(Path folder) throws IOException {
        Files.createDirectories(folder);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                Files.delete(entry); // only links and files of ours live here
            }
        }
        return folder;
    }

    private static void writeFile(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static void kv(StringBuilder c, String key, String value) {
        c.append('\t').append(key).append(" = ").append(quote(value)).append('\n');
    }

    private static void raw(StringBuilder c, String key, String value) {
        c.append('\t').append(key).append(" = ").append(value).append('\n');
    }

    static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ") + '"';
    }
}
