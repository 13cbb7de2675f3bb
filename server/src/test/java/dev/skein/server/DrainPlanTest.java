package dev.skein.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DrainPlanTest {
    @Test
    void fewConnectionsCloseInSmallBatches() {
        DrainPlan plan = DrainPlan.spread(40, Duration.ofSeconds(3));

        assertThat(plan.batchSize()).isEqualTo(DrainPlan.MIN_BATCH);
        assertThat(plan.pause()).isEqualTo(DrainPlan.PAUSE);
    }

    @Test
    void manyConnectionsAreSpreadOverTheWindow() {
        DrainPlan plan = DrainPlan.spread(20_000, Duration.ofSeconds(4));

        // 40 rounds of 100 ms: 500 per round closes all 20,000 within the window
        assertThat(plan.batchSize()).isEqualTo(500);
        assertThat((long) plan.batchSize() * (4_000 / plan.pause().toMillis())).isGreaterThanOrEqualTo(20_000);
    }

    @Test
    void aWindowShorterThanOnePauseClosesEverythingAtOnce() {
        assertThat(DrainPlan.spread(5_000, Duration.ZERO).batchSize()).isEqualTo(5_000);
        assertThat(DrainPlan.spread(0, Duration.ZERO).batchSize()).isEqualTo(DrainPlan.MIN_BATCH);
    }

    @Test
    void refusesAnEmptyBatch() {
        assertThatThrownBy(() -> new DrainPlan(0, DrainPlan.PAUSE)).isInstanceOf(IllegalArgumentException.class);
    }
}
