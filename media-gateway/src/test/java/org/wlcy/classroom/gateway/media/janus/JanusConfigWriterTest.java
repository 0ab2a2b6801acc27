package org.wlcy.classroom.gateway.media.janus;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration ManagedJanus writes (no Janus needed). */
class JanusConfigWriterTest {

    @TempDir
    Path dir;

    @Test
    void writesConfigAndLinksOnlyTheTwoModules() throws Exception {
        Path fakeLib = Files.createDirectories(dir.resolve("lib"));
        Path videoroom = Files.createFile(fakeLib.resolve(JanusInstallation.VIDEOROOM_SO));
        Path websockets = Files.createFile(fakeLib.resolve(JanusInstallation.WEBSOCKETS_SO));
        JanusInstallation inst = new JanusInstallation(Path.of("/usr/bin/janus"), videoroom, websockets);
        Path data = dir.resolve("data");
        ManagedJanusSettings settings = ManagedJanusSettings.builder(data, 18188)
                .iceEnforceList("veth-j")
                .nat11Mapping("203.0.113.7")
                .stun("stun.example.org", 3478)
                .turn(new ManagedJanusSettings.Turn("turn.example.org", 3478, "udp", "u", "p\"w"))
                .apiSecret("s3cret")
                .adminKey("adm")
                .recordings(true)
                .build();

        JanusConfigWriter writer = new JanusConfigWriter(settings, inst);
        Path conf = writer.write();
        writer.write(); // rewriting (a restart) works too

        String main = Files.readString(conf.resolve("janus.jcfg"));
        assertThat(main).contains("ipv6 = false", "full_trickle = true", "ignore_mdns = true",
                "session_timeout = 60", "ice_enforce_list = \"veth-j\"",
                "nat_1_1_mapping = \"203.0.113.7\"", "stun_server = \"stun.example.org\"",
                "turn_pwd = \"p\\\"w\"", "api_secret = \"s3cret\"", "rtp_port_range = \"20000-40000\"",
                "\"/usr\"");
        String videoroomConf = Files.readString(conf.resolve("janus.plugin.videoroom.jcfg"));
        assertThat(videoroomConf).contains("admin_key = \"adm\"").doesNotContain("room-");
        String ws = Files.readString(conf.resolve("janus.transport.websockets.jcfg"));
        assertThat(ws).contains("ws_port = 18188", "ws_ip = \"127.0.0.1\"", "json = \"compact\"");

        Path janusDir = data.resolve("janus");
        try (var plugins = Files.list(janusDir.resolve("plugins"))) {
            assertThat(plugins.map(p -> p.getFileName().toString())).containsExactly(JanusInstallation.VIDEOROOM_SO);
        }
        try (var transports = Files.list(janusDir.resolve("transports"))) {
            assertThat(transports.map(p -> p.getFileName().toString())).containsExactly(JanusInstallation.WEBSOCKETS_SO);
        }
        assertThat(Files.readSymbolicLink(janusDir.resolve("plugins").resolve(JanusInstallation.VIDEOROOM_SO)))
                .isEqualTo(videoroom.toAbsolutePath());
        assertThat(data.resolve("recordings")).isDirectory();
    }

    @Test
    void protectedFoldersLeaveTheDataFolderWritable() {
        JanusInstallation inst = new JanusInstallation(Path.of("/usr/bin/janus"), Path.of("/x"), Path.of("/y"));
        JanusConfigWriter underVar = new JanusConfigWriter(
                ManagedJanusSettings.builder(Path.of("/var/lib/classroom"), 8188).build(), inst);
        assertThat(underVar.protectedFolders()).doesNotContain("/var").contains("/usr", "/etc");
        JanusConfigWriter underSrv = new JanusConfigWriter(
                ManagedJanusSettings.builder(Path.of("/srv/classroom"), 8188).build(), inst);
        assertThat(underSrv.protectedFolders()).contains("/var");
    }

    @Test
    void detectsTheInstalledJanusOrNamesTheInstallCommand() {
        assertThat(ManagedJanus.installCommand()).isEqualTo("apt-get install -y janus");
        JanusInstallation.detect().ifPresent(i -> {
            assertThat(i.binary()).isExecutable();
            assertThat(i.videoroomPlugin().getFileName().toString()).isEqualTo(JanusInstallation.VIDEOROOM_SO);
            assertThat(i.websocketsTransport().getFileName().toString()).isEqualTo(JanusInstallation.WEBSOCKETS_SO);
        });
        assertThat(JanusInstallation.detect(Path.of("/nonexistent/janus"))).isEmpty();
    }

    @Test
    void roomIdsAreStablePositiveAndJavascriptSafe() {
        long id = RoomIds.of("class-demo/session-1");
        assertThat(id).isEqualTo(RoomIds.of("class-demo/session-1")).isPositive().isLessThan(1L << 53);
        assertThat(RoomIds.of("class-demo/session-2")).isNotEqualTo(id);
    }
}
