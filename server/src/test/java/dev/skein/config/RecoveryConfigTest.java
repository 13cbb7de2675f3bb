package dev.skein.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecoveryConfigTest {
    @Test
    void offByDefaultWithTheOfficialDefaultsOtherwise() {
        RecoveryConfig recovery = ConfigLoader.load(new String[0], Map.of()).recovery();

        assertThat(recovery.enabled()).isFalse();
        assertThat(recovery.skipMiddlewares()).isTrue();
        assertThat(recovery.maxPackets()).isEqualTo(10_000);
    }

    @Test
    void readsTheVariablesAndTheFlagsWin() {
        RecoveryConfig recovery = ConfigLoader.load(
                        new String[] {"--recovery-max-packets", "500"},
                        Map.of(
                                "SKEIN_RECOVERY_MAX_DISCONNECTION_MS", "120000",
                                "SKEIN_RECOVERY_SKIP_MIDDLEWARES", "false",
                                "SKEIN_RECOVERY_MAX_PACKETS", "42"))
                .recovery();

        assertThat(recovery.enabled()).isTrue();
        assertThat(recovery.maxDisconnection()).isEqualTo(Duration.ofMinutes(2));
        assertThat(recovery.skipMiddlewares()).isFalse();
        assertThat(recovery.maxPackets()).isEqualTo(500);
    }

    @Test
    void theJavaApiIsTheSame() {
        SkeinConfig config = SkeinConfig.builder()
                .recovery(r -> r.maxDisconnection(Duration.ofSeconds(30)).maxPackets(100))
                .build();

        assertThat(config.recovery().enabled()).isTrue();
        assertThat(config.toBuilder().build().recovery()).isEqualTo(config.recovery());
    }

    @Test
    void badValuesNameTheSettingAndWhatIsExpected() {
        assertThatThrownBy(() -> ConfigLoader.load(new String[0], Map.of("SKEIN_RECOVERY_MAX_DISCONNECTION_MS", "-1")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("SKEIN_RECOVERY_MAX_DISCONNECTION_MS")
                .hasMessageContaining("0..86400000 ms (0: recovery off)");
        assertThatThrownBy(() -> ConfigLoader.load(new String[0], Map.of("SKEIN_RECOVERY_MAX_PACKETS", "0")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("SKEIN_RECOVERY_MAX_PACKETS");
        assertThatThrownBy(() -> ConfigLoader.load(new String[0], Map.of("SKEIN_RECOVERY_SKIP_MIDDLEWARES", "maybe")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("true or false");
    }
}
