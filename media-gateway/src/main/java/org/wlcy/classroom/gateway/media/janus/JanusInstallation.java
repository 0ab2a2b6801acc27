package org.wlcy.classroom.gateway.media.janus;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where the installed Janus lives: its binary and the folders holding the two modules the
 * classroom uses ({@code libjanus_videoroom.so}, {@code libjanus_websockets.so}).
 * {@link #detect()} finds Debian's packaged Janus ({@value #INSTALL_COMMAND}) as well as
 * {@code /usr/local} and {@code /opt/janus} builds.
 *
 * @param binary         the {@code janus} executable
 * @param videoroomPlugin path of {@code libjanus_videoroom.so}
 * @param websocketsTransport path of {@code libjanus_websockets.so}
 */
public record JanusInstallation(Path binary, Path videoroomPlugin, Path websocketsTransport) {

    /** The command that installs Janus on Debian and Ubuntu. */
    public static final String INSTALL_COMMAND = "apt-get install -y janus";

    static final String VIDEOROOM_SO = "libjanus_videoroom.so";
    static final String WEBSOCKETS_SO = "libjanus_websockets.so";

    /** The installed Janus, found on {@code PATH} and in the usual module folders. */
    public static Optional<JanusInstallation> detect() {
        return detect(null);
    }

    /** Like {@link #detect()}, but with the given binary when it is not {@code null}. */
    public static Optional<JanusInstallation> detect(Path binary) {
        Path bin = binary != null ? (Files.isExecutable(binary) ? binary : null) : findBinary();
        if (bin == null) {
            return Optional.empty();
        }
        List<Path> roots = moduleRoots(bin);
        Path videoroom = findModule(roots, "plugins", VIDEOROOM_SO);
        Path websockets = findModule(roots, "transports", WEBSOCKETS_SO);
        if (videoroom == null || websockets == null) {
            return Optional.empty();
        }
        return Optional.of(new JanusInstallation(bin, videoroom, websockets));
    }

    /**
     * The installed Janus, or an {@link IllegalStateException} saying how to install it.
     */
    public static JanusInstallation require(Path binary) {
        return detect(binary).orElseThrow(() -> new IllegalStateException(
                "Janus (with its videoroom plugin and websockets transport) is not installed"
                        + (binary != null ? " at " + binary : "")
                        + "; install it with: " + INSTALL_COMMAND
                        + " (or point the gateway at an external Janus)"));
    }

    private static Path findBinary() {
        String path = System.getenv("PATH");
        List<Path> dirs = new ArrayList<>();
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                if (!dir.isBlank()) {
                    dirs.add(Path.of(dir));
                }
            }
        }
        dirs.add(Path.of("/usr/bin"));
        dirs.add(Path.of("/usr/local/bin"));
        dirs.add(Path.of("/opt/janus/bin"));
        for (Path dir : dirs) {
            Path candidate = dir.resolve("janus");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** Folders that may hold {@code plugins/} and {@code transports/} of Janus. */
    private static List<Path> moduleRoots(Path binary) {
        List<Path> roots = new ArrayList<>();
        Path prefix = binary.toAbsolutePath().getParent() == null ? null
                : binary.toAbsolutePath().getParent().getParent();
        if (prefix != null) {
            roots.add(prefix.resolve("lib/janus"));
            roots.add(prefix.resolve("lib64/janus"));
            addMultiarch(roots, prefix.resolve("lib"));
        }
        addMultiarch(roots, Path.of("/usr/lib"));
        roots.add(Path.of("/usr/lib/janus"));
        roots.add(Path.of("/usr/local/lib/janus"));
        roots.add(Path.of("/opt/janus/lib/janus"));
        return roots;
    }

    /** Adds {@code lib/<triplet>/janus} for every multiarch triplet folder under {@code lib}. */
    private static void addMultiarch(List<Path> roots, Path lib) {
        if (!Files.isDirectory(lib)) {
            return;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(lib, "*-linux-gnu*")) {
            for (Path dir : dirs) {
                roots.add(dir.resolve("janus"));
            }
        } catch (IOException e) {
            // unreadable: skip
        }
    }

    private static Path findModule(List<Path> roots, String kind, String file) {
        for (Path root : roots) {
            Path candidate = root.resolve(kind).resolve(file);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
