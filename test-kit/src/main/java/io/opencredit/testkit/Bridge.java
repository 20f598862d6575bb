package io.opencredit.testkit;

import io.opencredit.testkit.internal.Engine;
import io.opencredit.testkit.internal.EngineApi;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/**
 * Reaches the one {@link Engine} of the JVM through the typed {@link EngineApi}.
 * <p>
 * Quarkus may load the kit once per test application (class loader); the engine is taken from the
 * system class loader whenever that loader can see the kit (Surefire, Failsafe, IDEs), so every copy
 * of the kit drives the same servers. The engine then implements the system loader's
 * {@code EngineApi}, a different class from the caller's: {@link #engine()} hands the caller a proxy
 * of its own {@code EngineApi} that calls the engine's method of the same name and parameter types
 * (JDK types only, the same classes on both sides), with the engine's class loader as the thread
 * context class loader, so that the servers (Kafka loads plugins through it) and the threads they
 * start never see a Quarkus loader.
 */
final class Bridge {

    private static final String ENGINE = "io.opencredit.testkit.internal.Engine";
    private static volatile EngineApi engine;

    private Bridge() {
    }

    /** The JVM's engine, typed. */
    static EngineApi engine() {
        EngineApi current = engine;
        if (current == null) {
            synchronized (Bridge.class) {
                if (engine == null) {
                    engine = connect(engineClass());
                }
                current = engine;
            }
        }
        return current;
    }

    /** The engine class of the system class loader when it can see the kit, else the caller's own. */
    private static Class<?> engineClass() {
        try {
            return Class.forName(ENGINE, true, ClassLoader.getSystemClassLoader());
        } catch (ClassNotFoundException | LinkageError notVisible) {
            return Engine.class;
        }
    }

    /**
     * A proxy of this loader's {@link EngineApi} that forwards to {@code Engine.instance()} of
     * {@code engineClass}, whichever loader defined it. Package-private for the kit's own test.
     */
    static EngineApi connect(Class<?> engineClass) {
        Object target;
        Class<?> api;
        try {
            target = engineClass.getMethod("instance").invoke(null);
            api = Class.forName(EngineApi.class.getName(), false, engineClass.getClassLoader());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot reach " + engineClass + " of " + engineClass.getClassLoader(), e);
        }
        Map<Method, Method> methods = new HashMap<>();
        for (Method method : EngineApi.class.getMethods()) {
            try {
                methods.put(method, api.getMethod(method.getName(), method.getParameterTypes()));
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException("the engine of " + engineClass.getClassLoader()
                        + " is another version of the kit: it has no " + method, e);
            }
        }
        ClassLoader engineLoader = engineClass.getClassLoader();
        return (EngineApi) Proxy.newProxyInstance(EngineApi.class.getClassLoader(), new Class<?>[] {EngineApi.class},
                (proxy, method, args) -> {
                    Method remote = methods.get(method);
                    if (remote == null) { // equals, hashCode, toString
                        return switch (method.getName()) {
                            case "equals" -> proxy == args[0];
                            case "hashCode" -> System.identityHashCode(proxy);
                            default -> "Bridge to the test infrastructure engine of " + engineLoader;
                        };
                    }
                    return invoke(engineLoader, remote, target, args);
                });
    }

    private static Object invoke(ClassLoader engineLoader, Method remote, Object target, Object[] args) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(engineLoader);
        try {
            return remote.invoke(target, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new IllegalStateException(cause);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
