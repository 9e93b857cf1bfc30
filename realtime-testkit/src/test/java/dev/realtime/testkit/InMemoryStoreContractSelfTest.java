package dev.realtime.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** The store contract is not toothless: stores with the bugs it was written against fail it. */
class InMemoryStoreContractSelfTest {
    @Test
    void aStoreThatReopensClosedConnectionsFails() {
        assertThat(failuresOf(InMemoryStoreBrokenVariants.ReopeningStoreContract.class))
                .contains("aReplayedOpenRowDoesNotReopenAClosedConnection", "aConnectionFirstSeenClosedIsNeverOpen");
    }

    @Test
    void aStoreThatOrdersEventsByArrivalFails() {
        assertThat(failuresOf(InMemoryStoreBrokenVariants.ArrivalOrderStoreContract.class))
                .containsExactly("newestFirstMeansByTimeEvenWhenAppendedOutOfOrder");
    }

    @Test
    void theRealStorePassesEverything() {
        assertThat(failuresOf(InMemoryStoreContractTest.class)).isEmpty();
    }

    private static Set<String> failuresOf(Class<?> contract) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(contract))
                .configurationParameter(InMemoryStoreBrokenVariants.RUN_FLAG, "true").build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(request, listener);
        TestExecutionSummary summary = listener.getSummary();
        assertThat(summary.getTestsSucceededCount()).isPositive();
        return summary.getFailures().stream().map(f -> f.getTestIdentifier().getDisplayName().replace("()", ""))
                .collect(Collectors.toSet());
    }
}
