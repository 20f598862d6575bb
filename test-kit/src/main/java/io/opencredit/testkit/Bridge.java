package io.opencredit.testkit;

import io.opencredit.testkit.internal.Engine;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Reaches the one {@link Engine} of the JVM. Quarkus may load the kit once per test application
 * (class loader); the engine is taken from the system class loader whenever that loader can see
 * the kit (Surefire, Failsafe, IDEs), so every copy of the kit drives the same servers. Only JDK
 * types pass through here.
 */
final class Bridge {

    private static final String ENGINE = "io.opencredit.testkit.internal.Engine";
    private static volatile Method call;

    private Bridge() {
    }

    static Object call(String op, Object... args) {
        try {
            return method().invoke(null, op, args);
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
        }
    }

    /** The class loader the servers run in (for diagnostics). */
    static ClassLoader engineLoader() {
        return method().getDeclaringClass().getClassLoader();
    }

    private static Method method() {
        Method m = call;
        if (m == null) {
            Class<?> engine;
            try {
                engine = Class.forName(ENGINE, true, ClassLoader.getSystemClassLoader());
            } catch (ClassNotFoundException | LinkageError notVisible) {
                engine = Engine.class;
            }
            try {
                m = engine.getMethod("call", String.class, Object[].class);
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException(e);
            }
            call = m;
        }
        return m;
    }
}
