package dev.skein.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class AxisTest {
    @Test
    void linearAxisStepsByOneTwoOrFive() {
        Axis axis = Axis.linear(0, 250);

        assertThat(axis.values(Axis.Rank.MAJOR)).containsExactly(0.0, 50.0, 100.0, 150.0, 200.0, 250.0);
        assertThat(axis.min()).isEqualTo(0);
        assertThat(axis.max()).isEqualTo(250);
        assertThat(Axis.linear(0, 1000).values(Axis.Rank.MAJOR))
                .containsExactly(0.0, 200.0, 400.0, 600.0, 800.0, 1000.0);
        assertThat(Axis.linear(0, 7).values(Axis.Rank.MAJOR)).containsExactly(0.0, 2.0, 4.0, 6.0, 8.0);
    }

    @Test
    void linearAxisReachesZeroAndRoundsOutward() {
        Axis axis = Axis.linear(12, 93);

        assertThat(axis.min()).isEqualTo(0);
        assertThat(axis.max()).isEqualTo(100);
        assertThat(axis.values(Axis.Rank.MAJOR)).containsExactly(0.0, 20.0, 40.0, 60.0, 80.0, 100.0);
        assertThat(Axis.linear(-30, -5).values(Axis.Rank.MAJOR)).containsExactly(-30.0, -20.0, -10.0, 0.0);
    }

    @Test
    void linearAxisCopesWithFractionsAndASinglePoint() {
        assertThat(Axis.linear(0, 0.3).values(Axis.Rank.MAJOR))
                .hasSize(4)
                .last()
                .satisfies(v -> assertThat(v).isCloseTo(0.3, within(1e-12)));
        Axis zero = Axis.linear(0, 0);
        assertThat(zero.min()).isEqualTo(0);
        assertThat(zero.max()).isEqualTo(1);
    }

    @Test
    void logAxisSpansDecades() {
        Axis axis = Axis.logarithmic(1e3, 1e6);

        assertThat(axis.values(Axis.Rank.MAJOR)).containsExactly(1e3, 1e4, 1e5, 1e6);
        assertThat(axis.values(Axis.Rank.SECONDARY)).containsExactly(2e3, 5e3, 2e4, 5e4, 2e5, 5e5);
        assertThat(axis.values(Axis.Rank.MINOR)).hasSize(3 * 6);
        assertThat(axis.min()).isEqualTo(1e3);
        assertThat(axis.max()).isEqualTo(1e6);
    }

    @Test
    void logAxisWidensToWholeDecades() {
        Axis axis = Axis.logarithmic(3, 420);

        assertThat(axis.values(Axis.Rank.MAJOR)).containsExactly(1.0, 10.0, 100.0, 1000.0);
        assertThat(Axis.logarithmic(100, 100).values(Axis.Rank.MAJOR)).containsExactly(100.0, 1000.0);
        assertThat(axis.fraction(10)).isCloseTo(1 / 3.0, within(1e-12));
    }

    @Test
    void noValuesGiveADefaultRange() {
        Axis linear = Axis.covering(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, false);
        Axis log = Axis.covering(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, true);

        assertThat(List.of(linear.min(), linear.max())).containsExactly(0.0, 1.0);
        assertThat(List.of(log.min(), log.max())).containsExactly(1.0, 10.0);
    }

    @Test
    void logAxisRefusesNonPositiveValues() {
        assertThatThrownBy(() -> Axis.logarithmic(0, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("log range : 0.0..10.0 (expected: 0 < low <= high)");
        assertThat(Axis.logarithmic(1, 10).accepts(0)).isFalse();
        assertThat(Axis.linear(0, 10).accepts(-1)).isTrue();
    }
}
