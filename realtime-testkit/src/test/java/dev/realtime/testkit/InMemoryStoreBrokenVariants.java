package dev.realtime.testkit;

import dev.realtime.core.memory.InMemoryStore;
import dev.realtime.core.model.ConnectionInfo;
import dev.realtime.core.model.EventLogEntry;
import dev.realtime.core.spi.store.EventQuery;
import dev.realtime.core.spi.store.ForwardingStore;
import dev.realtime.core.spi.store.Store;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Stores with the bugs the store contract was written against, each wired to the contract. They are fixtures:
 * {@link InMemoryStoreContractSelfTest} runs them with the configuration parameter {@value #RUN_FLAG} and
 * expects failures; anywhere else (a {@code -Dtest} pattern that happens to match) they are switched off.
 */
final class InMemoryStoreBrokenVariants {
    static final String RUN_FLAG = "realtime.testkit.brokenVariants";

    private InMemoryStoreBrokenVariants() {
    }

    /** Enables the fixtures only inside the self-test's own launcher. */
    static final class OnlyInSelfTest implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(RUN_FLAG).isPresent()
                    ? ConditionEvaluationResult.enabled("run by InMemoryStoreContractSelfTest")
                    : ConditionEvaluationResult.disabled("fixture of InMemoryStoreContractSelfTest");
        }
    }

    /** The contract against a store whose open rows overwrite closed ones (the bug the in-memory store had). */
    @ExtendWith(OnlyInSelfTest.class)
    static class ReopeningStoreContract extends StoreContract {
        @Override
        protected Store createStore() {
            return new Forwarding(new InMemoryStore()) {
                private final Map<String, ConnectionInfo> rows = new ConcurrentHashMap<>();

                @Override
                public void saveConnections(List<ConnectionInfo> connections) {
                    connections.forEach(c -> rows.put(c.id(), c));
                }

                @Override
                public List<ConnectionInfo> openConnections(int limit) {
                    return rows.values().stream().filter(ConnectionInfo::isOpen)
                            .sorted(Comparator.comparing(ConnectionInfo::connectedAt).reversed()).limit(limit).toList();
                }
            };
        }
    }

    /** The contract against a store that returns events in reverse arrival order, ignoring their time. */
    @ExtendWith(OnlyInSelfTest.class)
    static class ArrivalOrderStoreContract extends StoreContract {
        @Override
        protected Store createStore() {
            return new Forwarding(new InMemoryStore()) {
                private final List<EventLogEntry> log = new ArrayList<>();

                @Override
                public synchronized void appendEvents(List<EventLogEntry> entries) {
                    for (EventLogEntry e : entries) {
                        if (log.stream().noneMatch(x -> x.id().equals(e.id()))) {
                            log.add(e);
                        }
                    }
                }

                @Override
                public synchronized List<EventLogEntry> recentEvents(EventQuery q) {
                    List<EventLogEntry> result = new ArrayList<>();
                    for (int i = log.size() - 1; i >= 0 && result.size() < q.limit(); i--) {
                        EventLogEntry e = log.get(i);
                        if ((q.type() == null || q.type() == e.type())
                                && (q.roomName() == null || q.roomName().equals(e.roomName()))) {
                            result.add(e);
                        }
                    }
                    return result;
                }
            };
        }
    }

    /** Forwards every call, so a broken variant overrides only what it breaks. */
    private static class Forwarding extends ForwardingStore {
        Forwarding(Store delegate) {
            super(delegate);
        }

        @Override
        public String name() {
            return "broken-" + delegate().name();
        }
    }
}
