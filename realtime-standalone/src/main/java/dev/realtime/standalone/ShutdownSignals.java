package dev.realtime.standalone;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns SIGTERM and SIGINT into a normal return from {@code serve}, so that a signalled server shuts down
 * cleanly and exits with status 0 (a JVM ended by a signal through shutdown hooks exits with 143).
 * The JDK's signal API is reached reflectively because it is not part of the compile-time platform; where it
 * is missing, a shutdown hook closes the server instead.
 */
final class ShutdownSignals {
    private static final Logger LOG = LoggerFactory.getLogger(ShutdownSignals.class);

    private ShutdownSignals() {
    }

    /** Runs {@code onSignal} once on SIGTERM or SIGINT; returns false when signals cannot be caught. */
    static boolean install(Runnable onSignal) {
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            InvocationHandler invocation = (proxy, method, args) -> dispatch(proxy, method, args, onSignal);
            Object handler = Proxy.newProxyInstance(ShutdownSignals.class.getClassLoader(),
                    new Class<?>[] {handlerClass}, invocation);
            Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
            for (String name : new String[] {"TERM", "INT"}) {
                Object signal = signalClass.getConstructor(String.class).newInstance(name);
                handle.invoke(null, signal, handler);
            }
            return true;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.debug("signal handlers unavailable ({}); relying on a shutdown hook", e.toString());
            return false;
        }
    }

    private static Object dispatch(Object proxy, Method method, Object[] args, Runnable onSignal) {
        switch (method.getName()) {
            case "handle":
                onSignal.run();
                return null;
            case "hashCode":
                return System.identityHashCode(proxy);
            case "equals":
                return proxy == args[0];
            case "toString":
                return "realtime shutdown handler";
            default:
                return null;
        }
    }
}
