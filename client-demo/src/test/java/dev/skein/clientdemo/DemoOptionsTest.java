package dev.skein.clientdemo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoOptionsTest {
    @Test
    void defaultsToTheLocalNodeTheLobbyAndBothTransports() {
        DemoOptions options = DemoOptions.parse(new String[0]);

        assertThat(options.url()).isEqualTo(URI.create("http://localhost:3000"));
        assertThat(options.room()).isEqualTo("lobby");
        assertThat(options.transports()).containsExactly("polling", "websocket");
        assertThat(options.auth()).isEmpty();
    }

    @Test
    void readsEveryFlag() {
        DemoOptions options = DemoOptions.parse(new String[] {
            "--url",
            "https://chat.example:8443/",
            "--room",
            "ops",
            "--transport",
            "websocket",
            "--auth",
            "{\"token\":\"abc\",\"tries\":3}"
        });

        assertThat(options.url()).isEqualTo(URI.create("https://chat.example:8443/"));
        assertThat(options.room()).isEqualTo("ops");
        assertThat(options.transports()).containsExactly("websocket");
        assertThat(options.auth()).isEqualTo(Map.of("token", "abc", "tries", "3"));
    }

    @Test
    void refusesBadValuesNamingTheFlag() {
        assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--transport", "pigeon"}))
                .hasMessage("--transport must be polling, websocket or both: pigeon");
        assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--url", "ftp://x"}))
                .hasMessageStartingWith("--url must be http://host[:port]");
        assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--auth", "[1,2]"}))
                .hasMessageStartingWith("--auth must be a JSON object");
        assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--room", " "}))
                .hasMessage("--room must be 1-64 characters");
        assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--room"})).hasMessage("--room needs a value");
        assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--colour", "red"}))
                .hasMessage("unknown flag --colour");
    }

    @Test
    void knowsWhenHelpIsAskedFor() {
        assertThat(DemoOptions.wantsHelp(new String[] {"--room", "x", "--help"}))
                .isTrue();
        assertThat(DemoOptions.wantsHelp(new String[] {"--room", "x"})).isFalse();
    }
}
