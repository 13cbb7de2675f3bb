package dev.skein.bench.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Short labels for numbers on axes and in tables: {@code 250}, {@code 10k}, {@code 1.5M}, {@code 0.25}.
 * Stateless and thread-safe.
 */
public final class NumberLabels {
    /** Enough for any tick of a 1-2-5 axis (for example {@code 1.25k}) without printing noise. */
    static final int SIGNIFICANT_DIGITS = 4;

    private static final MathContext ROUNDING = new MathContext(SIGNIFICANT_DIGITS, RoundingMode.HALF_EVEN);
    private static final String[] SUFFIXES = {"", "k", "M", "G", "T"};
    private static final double SMALLEST_PLAIN = 1e-4;

    private NumberLabels() {}

    /**
     * Formats {@code value} with at most {@value #SIGNIFICANT_DIGITS} significant digits, no trailing zeros,
     * and a decimal suffix from a thousand up: {@code 1000 -> "1k"}, {@code 1500000 -> "1.5M"}, {@code
     * 2.5e9 -> "2.5G"}. Values below {@code 1e-4} in magnitude use scientific notation ({@code "5e-7"}); zero
     * is {@code "0"}; {@code NaN} and infinities print as {@link Double#toString(double)} does.
     */
    public static String format(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return Double.toString(value);
        }
        if (value == 0) {
            return "0";
        }
        // round first, so that 999_999 becomes "1M" rather than "1000k"
        BigDecimal rounded = new BigDecimal(value).round(ROUNDING);
        if (rounded.abs().compareTo(BigDecimal.valueOf(SMALLEST_PLAIN)) < 0) {
            return scientific(rounded);
        }
        int group = 0;
        BigDecimal thousand = BigDecimal.valueOf(1000);
        while (group < SUFFIXES.length - 1 && rounded.abs().compareTo(thousand) >= 0) {
            rounded = rounded.movePointLeft(3);
            group++;
        }
        return plain(rounded) + SUFFIXES[group];
    }

    private static String plain(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }

    private static String scientific(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        int exponent = stripped.precision() - stripped.scale() - 1;
        return plain(stripped.movePointRight(-exponent)) + "e" + exponent;
    }
}
