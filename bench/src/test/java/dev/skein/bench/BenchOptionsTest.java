package dev.skein.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {
    @Test
    void defaultsRunEveryScenarioOnBothSystemsTwice() {
        BenchOptions options = BenchOptions.parse();

        assertThat(options.scenarios()).isEmpty();
        assertThat(options.systems()).containsExactly("skein", "node");
        assertThat(options.rounds()).isEqualTo(2);
        assertThat(options.scale()).isEqualTo(1.0);
        assertThat(options.report()).isNull();
    }

    @Test
    void flagsAndScenariosAreRead() {
        BenchOptions options = BenchOptions.parse(
                "fanout", "--systems", "skein", "--rounds", "3", "--measure-ms", "2500", "--only", "2 nodes", "idle");

        assertThat(options.scenarios()).containsExactly("fanout", "idle");
        assertThat(options.systems()).containsExactly("skein");
        assertThat(options.rounds()).isEqualTo(3);
        assertThat(options.measure()).isEqualTo(Duration.ofMillis(2500));
        assertThat(options.variantFilter()).isEqualTo("2 nodes");
    }

    @Test
    void aBadValueNamesTheOptionTheValueAndWhatIsExpected() {
        assertThatThrownBy(() -> BenchOptions.parse("--scale", "2"))
                .hasMessageStartingWith("scale : 2.0 (expected: (0, 1])");
        assertThatThrownBy(() -> BenchOptions.parse("--rounds", "many"))
                .hasMessageStartingWith("--rounds : many (expected: a number)");
        assertThatThrownBy(() -> BenchOptions.parse("--systems", "skein,go"))
                .hasMessageStartingWith("systems : " + List.of("skein", "go"));
        assertThatThrownBy(() -> BenchOptions.parse("--rounds")).hasMessageStartingWith("--rounds needs a value");
    }
}
