package dev.realtime.core.internal.engine;

import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Which service applies which kind of {@link ClusterMessage} from another node, registered once while the engine
 * is wired, before the cluster link starts; read-only afterwards. Internal.
 */
final class ClusterHandlers {
    private final Map<Class<? extends ClusterMessage>, BiConsumer<String, ClusterMessage>> byKind = new HashMap<>();

    /** Registers the handler of one kind; {@code handler} gets the sending node and the message. */
    <T extends ClusterMessage> ClusterHandlers on(Class<T> kind, BiConsumer<String, T> handler) {
        if (byKind.putIfAbsent(kind, (from, m) -> handler.accept(from, kind.cast(m))) != null) {
            throw new IllegalStateException("a handler of " + kind.getSimpleName() + " is registered already");
        }
        return this;
    }

    /** Hands {@code message} to its handler; false when no handler takes this kind. */
    boolean dispatch(String from, ClusterMessage message) {
        BiConsumer<String, ClusterMessage> handler = byKind.get(message.getClass());
        if (handler == null) {
            return false;
        }
        handler.accept(from, message);
        return true;
    }
}
