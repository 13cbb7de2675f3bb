package dev.skein.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NumberLabelsTest {
    @Test
    void smallNumbersArePlain() {
        assertThat(NumberLabels.format(0)).isEqualTo("0");
        assertThat(NumberLabels.format(5)).isEqualTo("5");
        assertThat(NumberLabels.format(250)).isEqualTo("250");
        assertThat(NumberLabels.format(999)).isEqualTo("999");
        assertThat(NumberLabels.format(0.25)).isEqualTo("0.25");
        assertThat(NumberLabels.format(2.5)).isEqualTo("2.5");
    }

    @Test
    void thousandsAndUpTakeASuffix() {
        assertThat(NumberLabels.format(1000)).isEqualTo("1k");
        assertThat(NumberLabels.format(10_000)).isEqualTo("10k");
        assertThat(NumberLabels.format(1250)).isEqualTo("1.25k");
        assertThat(NumberLabels.format(1_500_000)).isEqualTo("1.5M");
        assertThat(NumberLabels.format(2.5e9)).isEqualTo("2.5G");
        assertThat(NumberLabels.format(-20_000)).isEqualTo("-20k");
    }

    @Test
    void roundingDoesNotLeaveAThousandBeforeTheSuffix() {
        assertThat(NumberLabels.format(999_999)).isEqualTo("1M");
        assertThat(NumberLabels.format(123_456)).isEqualTo("123.5k");
    }

    @Test
    void floatingPointNoiseIsHidden() {
        assertThat(NumberLabels.format(0.1 * 3)).isEqualTo("0.3");
        assertThat(NumberLabels.format(Math.pow(10, 5))).isEqualTo("100k");
    }

    @Test
    void tinyNumbersAreScientific() {
        assertThat(NumberLabels.format(0.001)).isEqualTo("0.001");
        assertThat(NumberLabels.format(5e-7)).isEqualTo("5e-7");
        assertThat(NumberLabels.format(1.5e-5)).isEqualTo("1.5e-5");
    }

    @Test
    void nonFiniteValuesPrintAsJavaDoes() {
        assertThat(NumberLabels.format(Double.NaN)).isEqualTo("NaN");
        assertThat(NumberLabels.format(Double.POSITIVE_INFINITY)).isEqualTo("Infinity");
    }
}
