package dev.skein.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.routing.discovery.Instance;
import dev.skein.routing.discovery.Instances;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class InstancesTest {
    private final AtomicLong now = new AtomicLong();
    private final List<Instance> removed = new ArrayList<>();
    private final Instances instances = new Instances("orders", Duration.ofSeconds(10), now::get, removed::add);

    @Test
    void theInstanceWithTheFewestInFlightIsChosen() {
        instances.replace(List.of(uri("a"), uri("b"), uri("c")));
        Instance a = instances.all().get(0);
        Instance b = instances.all().get(1);
        a.begin();
        b.begin();
        b.begin();

        for (int i = 0; i < 5; i++) {
            assertThat(instances.choose().label()).isEqualTo("c:80");
        }
    }

    @Test
    void equalsTakeTurns() {
        instances.replace(List.of(uri("a"), uri("b")));

        List<String> chosen = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            chosen.add(instances.choose().label());
        }

        assertThat(chosen).containsExactly("a:80", "b:80", "a:80", "b:80");
    }

    @Test
    void aFailedInstanceIsSetAsideForAWhile() {
        instances.replace(List.of(uri("a"), uri("b")));
        Instance a = instances.all().get(0);

        instances.failed(a);
        List<String> meanwhile = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            meanwhile.add(instances.choose().label());
        }
        now.addAndGet(Duration.ofSeconds(10).toNanos());

        assertThat(meanwhile).containsOnly("b:80");
        assertThat(List.of(instances.choose().label(), instances.choose().label()))
                .contains("a:80");
    }

    @Test
    void whenAllAreSetAsideTheOneBackSoonestIsTried() {
        instances.replace(List.of(uri("a"), uri("b")));
        instances.failed(instances.all().get(1));
        now.addAndGet(1_000);
        instances.failed(instances.all().get(0));

        assertThat(instances.choose().label()).isEqualTo("b:80");
    }

    @Test
    void aNewListKeepsKnownInstancesAndDropsTheOthers() {
        instances.replace(List.of(uri("a"), uri("b")));
        Instance a = instances.all().get(0);
        a.begin();

        boolean changed = instances.replace(List.of(uri("a"), uri("c")));

        assertThat(changed).isTrue();
        assertThat(instances.all().get(0)).isSameAs(a);
        assertThat(a.inFlight()).isEqualTo(1);
        assertThat(removed).extracting(Instance::label).containsExactly("b:80");
        assertThat(instances.replace(List.of(uri("a"), uri("c")))).isFalse();
        assertThat(new Instances("x", Duration.ZERO, now::get, removed::add).choose())
                .isNull();
    }

    private static URI uri(String host) {
        return URI.create("http://" + host + "/events");
    }
}
