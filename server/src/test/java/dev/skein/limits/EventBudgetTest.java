package dev.skein.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.config.LimitsConfig;
import dev.skein.limits.EventBudget.Verdict;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class EventBudgetTest {
    private static final long MS = 1_000_000L;
    private final AtomicLong clock = new AtomicLong(42 * MS);

    @Test
    void theBurstPassesThenEventsAreRefusedUntilTokensComeBack() {
        EventBudget budget = new EventRateLimit(5, 3, 10, clock::get).newBudget();

        assertThat(takes(budget, 3)).containsOnly(Verdict.ACCEPTED);
        assertThat(budget.take()).isEqualTo(Verdict.REFUSED);
        clock.addAndGet(200 * MS);
        assertThat(budget.take()).isEqualTo(Verdict.ACCEPTED);
        assertThat(budget.take()).isEqualTo(Verdict.REFUSED);
    }

    @Test
    void aClientOverItsRateForTheWholeFloodWindowIsFlooding() {
        EventBudget budget = new EventRateLimit(10, 10, 3, clock::get).newBudget();

        Verdict last = Verdict.ACCEPTED;
        int stepsOf100Ms = 0;
        // 50 events a second against 10 allowed
        while (last != Verdict.FLOODING && stepsOf100Ms < 100) {
            for (int i = 0; i < 5 && last != Verdict.FLOODING; i++) {
                last = budget.take();
            }
            clock.addAndGet(100 * MS);
            stepsOf100Ms++;
        }

        assertThat(last).isEqualTo(Verdict.FLOODING);
        // the first refusal came once the burst was spent (~0.3 s), the flood verdict 3 s after it
        assertThat(stepsOf100Ms).isBetween(31, 35);
    }

    @Test
    void aPauseOfTwoSecondsEndsARunOfRefusals() {
        EventBudget budget = new EventRateLimit(1, 1, 3, clock::get).newBudget();
        assertThat(budget.take()).isEqualTo(Verdict.ACCEPTED);

        for (int second = 0; second < 10; second++) {
            // refused at once (the token is spent), then quiet for 2.5 s: over the rate, but not flooding
            assertThat(budget.take()).isIn(Verdict.ACCEPTED, Verdict.REFUSED);
            assertThat(budget.take()).isEqualTo(Verdict.REFUSED);
            clock.addAndGet(2_500 * MS);
        }
    }

    @Test
    void floodCloseZeroNeverFloods() {
        EventBudget budget = new EventRateLimit(1, 1, 0, clock::get).newBudget();
        java.util.Set<Verdict> seen = java.util.EnumSet.noneOf(Verdict.class);
        // 20 events a second against 1 allowed, for 50 s
        for (int i = 0; i < 1_000; i++) {
            seen.add(budget.take());
            clock.addAndGet(50 * MS);
        }
        assertThat(seen).containsExactlyInAnyOrder(Verdict.ACCEPTED, Verdict.REFUSED);
    }

    @Test
    void noRuleWhenEventsAreNotLimited() {
        assertThat(EventRateLimit.of(LimitsConfig.unlimited(), clock::get)).isNull();
        assertThat(EventRateLimit.of(LimitsConfig.defaults(), clock::get)).isNotNull();
    }

    private static java.util.List<Verdict> takes(EventBudget budget, int count) {
        java.util.List<Verdict> verdicts = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            verdicts.add(budget.take());
        }
        return verdicts;
    }
}
